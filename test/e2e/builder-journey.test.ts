// End to end in Debian's Chromium: from / to a pasted Markdown badge that renders, and from the
// badge to its report page, in the light and the dark colour scheme; the same pages without
// JavaScript and on a phone-sized screen.
// Screenshots land in test/artifacts/ (gitignored); SCREENSHOTS_UPDATE=1 also rewrites the README's
// docs/screenshots/builder.png. Every page must log no error and fail no request.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ARTIFACTS, describeInChromium, E2E_TIMEOUT_MS, watchPage } from '../helpers/browser.js';

const README_BUILDER_SCREENSHOT = join(import.meta.dirname, '../../docs/screenshots/builder.png');

/** The Markdown badge grammar: `[![alt](image)](link)`, alt with CommonMark backslash escapes. */
function parseMarkdownBadge(markdown: string): { alt: string; img: string; link: string } {
  const match = /^\[!\[((?:\\.|[^\\\]])*)\]\(([^()\s]+)\)\]\(([^()\s]+)\)$/.exec(markdown);
  if (match === null) throw new Error(`not a linked Markdown image: ${markdown}`);
  return { alt: match[1]!.replace(/\\(.)/g, '$1'), img: match[2]!, link: match[3]! };
}

const escapeAttribute = (text: string): string => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Resolves once the image has loaded with a real size (naturalWidth > 0). */
async function imageLoaded(page: Page, selector: string, srcIncludes = ''): Promise<void> {
  await page.waitForFunction(
    ([sel, part]) => {
      const img = (globalThis as unknown as { document: { querySelector(s: string): { src: string; complete: boolean; naturalWidth: number } | null } }).document.querySelector(sel!);
      return img !== null && img.src.includes(part!) && img.complete && img.naturalWidth > 0;
    },
    [selector, srcIncludes],
  );
}

/** The element's box lies wholly inside the viewport, as the page is scrolled now. */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}

const VIEWPORT = { width: 1280, height: 800 };

describeInChromium('pages in a real browser', (app) => {
  it.each(['light', 'dark'] as const)('takes a new user from / to a pasted Markdown badge that renders, and from the badge to its report (%s)', async (colorScheme) => {
    const context = await app.browser.newContext({ viewport: VIEWPORT, colorScheme, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const problems = watchPage(page);
    const shot = (name: string) => join(ARTIFACTS, `${name}-${colorScheme}.png`);

    // Before any pick: an example badge, in the page's scheme; the page itself in that scheme.
    await page.goto(`${app.base}/`);
    await page.waitForLoadState('load');
    const example = await page.locator('.example-badge img').evaluate((img) => (img as unknown as { currentSrc: string; naturalWidth: number }).currentSrc);
    expect(new URL(example).searchParams.get('theme')).toBe(colorScheme === 'dark' ? 'dark' : null);
    const background = await page.evaluate(() => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { body: unknown } };
      return g.getComputedStyle(g.document.body).backgroundColor;
    });
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(246, 248, 250)');

    // A misspelt name: the live list offers the names one typo away.
    const search = page.getByLabel('Name of a repository, package, model or tool');
    await search.pressSequentially('openrotuer');
    await page.locator('#search-results[data-q="openrotuer"]').waitFor();
    expect(await page.locator('#results-status').textContent()).toMatch(/^Nothing starts with “openrotuer”\. Did you mean this name\?/);
    expect(await page.locator('#search-results a.result .result-name').allTextContents()).toEqual(['OpenRouter']);
    await search.fill('');

    // Type a name; pick the entity from the live results with the keyboard.
    await search.pressSequentially('openr');
    await page.locator('#search-results[data-q="openr"]').waitFor();
    const first = page.locator('#search-results a.result').first();
    expect(await first.locator('.result-name').textContent()).toBe('OpenRouter');
    expect(await first.locator('.result-meta').textContent()).toBe('web · ai tool');
    expect(await first.locator('.grade').textContent()).toBe('grade B');
    await search.press('ArrowDown');
    expect(await first.evaluate((a) => a === (a.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    // The pick keeps the query in the field and lands on the preview.
    await page.waitForURL(/\/\?q=openr&target=web\/OpenRouter#preview$/);
    await imageLoaded(page, '#badge-preview');
    expect(await search.inputValue()).toBe('openr');
    expect(await inViewport(page, '#badge-preview')).toBe(true);

    // Switch the style: the preview changes and loads, the snippets and the address follow.
    const before = await page.locator('#badge-preview').getAttribute('src');
    await page.getByText('for-the-badge', { exact: true }).click();
    await imageLoaded(page, '#badge-preview', 'style=for-the-badge');
    expect(await page.locator('#badge-preview').getAttribute('src')).not.toBe(before);
    await page.waitForURL(/style=for-the-badge/);
    expect(await page.locator('#snippet-markdown').inputValue()).toContain('.svg?style=for-the-badge');
    // All five styles side by side, each in the page's scheme.
    const styles = await page.locator('.style-choice img').evaluateAll((imgs) => imgs.map((img) => (img as unknown as { currentSrc: string }).currentSrc));
    expect(styles).toHaveLength(5);
    for (const src of styles) expect(new URL(src).searchParams.get('theme')).toBe(colorScheme === 'dark' ? 'dark' : null);

    // The other controls, one after another: each reaches the preview, then the snippets and the address.
    const builder = page.locator('#builder');
    const steps: [string, () => Promise<unknown>][] = [
      ['metric=security', () => page.getByLabel('Metric').selectOption('security')],
      ['show=grade', () => builder.getByText('grade', { exact: true }).click()],
      ['label=safety', () => page.getByLabel('Label', { exact: true }).fill('safety')],
      ['labelColor=0b3d91', () => page.getByLabel('Label colour').fill('0b3d91')],
      ['trend=90d', () => builder.getByText('90d', { exact: true }).click()],
      ['theme=dark', () => builder.getByText('dark', { exact: true }).click()],
      ['.png?', () => builder.getByText('png', { exact: true }).click()],
      ['scale=2', () => page.getByLabel('PNG scale').selectOption('2')],
    ];
    for (const [part, act] of steps) {
      await act();
      await imageLoaded(page, '#badge-preview', part);
    }
    const preview = new URL((await page.locator('#badge-preview').getAttribute('src'))!, app.base);
    const chosen = { style: 'for-the-badge', metric: 'security', show: 'grade', label: 'safety', labelColor: '0b3d91', theme: 'dark', trend: '90d', scale: '2' };
    expect([preview.pathname, Object.fromEntries(preview.searchParams)]).toEqual(['/badge/web/OpenRouter.png', chosen]);
    expect(await page.locator('#preview-stage').getAttribute('class')).toContain('theme-dark');
    expect(await page.locator('#label-contrast').textContent()).toContain('#0b3d91 with white text');
    const snippetImage = new URL(/\]\(([^()\s]+)\)\]/.exec(await page.locator('#snippet-markdown').inputValue())![1]!);
    expect(Object.fromEntries(snippetImage.searchParams)).toEqual(chosen);
    await page.waitForURL((url) => url.searchParams.get('scale') === '2' && url.searchParams.get('format') === 'png');
    await page.screenshot({ path: shot('builder'), fullPage: true });
    // The README's picture of the builder: the light journey, when asked for.
    if (process.env.SCREENSHOTS_UPDATE === '1' && colorScheme === 'light') copyFileSync(shot('builder'), README_BUILDER_SCREENSHOT);

    // Copy the Markdown snippet: the feedback shows next to the button, in view, in a live region.
    const copy = page.getByRole('button', { name: 'Copy Markdown' });
    await copy.scrollIntoViewIfNeeded();
    await copy.click();
    const note = page.locator('#copied-markdown');
    await note.filter({ hasText: 'Markdown copied' }).waitFor();
    expect(await note.getAttribute('role')).toBe('status');
    expect(await inViewport(page, '#copied-markdown')).toBe(true);
    const [noteBox, buttonBox] = [(await note.boundingBox())!, (await copy.boundingBox())!];
    expect(Math.abs(noteBox.y + noteBox.height / 2 - (buttonBox.y + buttonBox.height / 2))).toBeLessThan(buttonBox.height);
    expect(await page.locator('.copy-note').evaluateAll((notes) => notes.filter((n) => n.textContent !== '').length)).toBe(1);
    const markdown = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(markdown).toBe(await page.locator('#snippet-markdown').inputValue());

    // Paste it into a README: the badge renders, and a click leads to the report page.
    const badge = parseMarkdownBadge(markdown);
    expect(new URL(badge.link).pathname).toBe('/entity/web/OpenRouter');
    const readme = await context.newPage();
    problems.push(...watchPage(readme));
    await readme.setContent(`<!doctype html><h1>my-project</h1><p><a href="${escapeAttribute(badge.link)}"><img id="badge" src="${escapeAttribute(badge.img)}" alt="${escapeAttribute(badge.alt)}"></a></p>`);
    await imageLoaded(readme, '#badge', 'style=for-the-badge');
    expect(badge.alt).toBe('safety: B');
    await readme.getByAltText(badge.alt).click();
    await readme.waitForURL(badge.link);

    // The report: the answer, the grade and the chart.
    expect(await readme.locator('h1').textContent()).toBe('Is OpenRouter safe?');
    expect(await readme.locator('#entity-grade').textContent()).toBe('Grade B');
    expect(await readme.locator('.chart tr.chart-row').count()).toBe(6);
    const widths = await readme.locator('.chart rect.bar-fill').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
    expect(widths).toEqual([74, 74, 85, 50, 60, 85]);
    expect(await readme.locator('.chart .chart-value').first().innerText()).toBe('74 (B)');
    await readme.waitForLoadState('load');
    await readme.locator('table.alternatives img').evaluateAll((imgs) =>
      imgs.forEach((img) => {
        if ((img as unknown as { naturalWidth: number }).naturalWidth === 0) throw new Error('an alternative badge did not load');
      }),
    );
    await readme.screenshot({ path: shot('report'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('works without JavaScript: search, pick, restyle through plain forms', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${app.base}/`);
    await page.getByLabel('Name of a repository, package, model or tool').fill('lla');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=lla$/);
    await page.getByRole('link', { name: /haotian-liu\/LLaVA/ }).click();
    await page.waitForURL(/target=github\/haotian-liu\/LLaVA/);
    await page.getByText('social', { exact: true }).click();
    await page.getByLabel('Label', { exact: true }).fill('safety');
    await page.locator('#builder').getByText('png', { exact: true }).click();
    await page.getByLabel('PNG scale').selectOption('2');
    await page.getByRole('button', { name: 'Update preview' }).click();
    // The form lands on the preview.
    await page.waitForURL(/style=social.*#preview$/);
    await imageLoaded(page, '#badge-preview', 'style=social');
    expect(await inViewport(page, '#badge-preview')).toBe(true);
    expect(await page.locator('#snippet-markdown').inputValue()).toContain('.png?style=social&label=safety&scale=2');
    expect(await page.getByRole('button', { name: 'Copy' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'builder-no-js.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const problems = watchPage(page);
    for (const [name, path] of [['report-phone', '/entity/github/haotian-liu/LLaVA'], ['builder-phone', '/?target=web/OpenRouter&style=for-the-badge']]) {
      await page.goto(`${app.base}${path}`);
      await page.waitForLoadState('load');
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    }
    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);
});
