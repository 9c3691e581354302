// End to end in Debian's Chromium: from / to a pasted Markdown badge that renders, and from the
// badge to its report page; the same pages without JavaScript and on a phone-sized screen.
// Screenshots land in test/artifacts/ (gitignored). Every page must log no error and fail no request.

import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ARTIFACTS, describeInChromium, E2E_TIMEOUT_MS, watchPage } from '../helpers/browser.js';


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

describeInChromium('pages in a real browser', (app) => {
  it('takes a new user from / to a pasted Markdown badge that renders, and from the badge to its report', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const problems = watchPage(page);

    // Type a name; pick the entity from the live results with the keyboard.
    await page.goto(`${app.base}/`);
    const search = page.getByLabel('Name of a repository, package, model or tool');
    await search.pressSequentially('openr');
    await page.locator('#search-results[data-q="openr"]').waitFor();
    const first = page.locator('#search-results a.result').first();
    expect(await first.locator('.result-name').textContent()).toBe('OpenRouter');
    expect(await first.locator('.result-meta').textContent()).toBe('web · ai tool');
    expect(await first.locator('.grade').textContent()).toBe('grade B');
    await search.press('ArrowDown');
    expect(await first.evaluate((a) => a === (a.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/\?target=web\/OpenRouter$/);
    await imageLoaded(page, '#badge-preview');

    // Switch the style: the preview changes and loads, the snippets and the address follow.
    const before = await page.locator('#badge-preview').getAttribute('src');
    await page.getByText('for-the-badge', { exact: true }).click();
    await imageLoaded(page, '#badge-preview', 'style=for-the-badge');
    expect(await page.locator('#badge-preview').getAttribute('src')).not.toBe(before);
    await page.waitForURL(/style=for-the-badge/);
    expect(await page.locator('#snippet-markdown').inputValue()).toContain('.svg?style=for-the-badge');
    await page.screenshot({ path: join(ARTIFACTS, 'builder.png'), fullPage: true });

    // Copy the Markdown snippet.
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await page.locator('#copy-status', { hasText: 'Markdown copied' }).waitFor();
    const markdown = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(markdown).toBe(await page.locator('#snippet-markdown').inputValue());

    // Paste it into a README: the badge renders, and a click leads to the report page.
    const badge = parseMarkdownBadge(markdown);
    expect(new URL(badge.link).pathname).toBe('/entity/web/OpenRouter');
    const readme = await context.newPage();
    problems.push(...watchPage(readme));
    await readme.setContent(`<!doctype html><h1>my-project</h1><p><a href="${escapeAttribute(badge.link)}"><img id="badge" src="${escapeAttribute(badge.img)}" alt="${escapeAttribute(badge.alt)}"></a></p>`);
    await imageLoaded(readme, '#badge', 'style=for-the-badge');
    await readme.getByAltText('trust: B · 74/100').click();
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
    await readme.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('works without JavaScript: search, pick, restyle through plain forms', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = watchPage(page);
    await page.goto(`${app.base}/`);
    await page.getByLabel('Name of a repository, package, model or tool').fill('lla');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=lla$/);
    await page.getByRole('link', { name: /haotian-liu\/LLaVA/ }).click();
    await page.waitForURL(/target=github\/haotian-liu\/LLaVA/);
    await page.getByText('social', { exact: true }).click();
    await page.getByRole('button', { name: 'Update preview' }).click();
    await page.waitForURL(/style=social/);
    await imageLoaded(page, '#badge-preview', 'style=social');
    expect(await page.locator('#snippet-markdown').inputValue()).toContain('.svg?style=social');
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
