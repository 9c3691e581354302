// The report page in Debian's Chromium: the answer, findings, the F warning, the FAQ's JSON-LD
// under the page CSP (a data block, never executed, so no violation), the history chart on the
// sample's year of history, and /methodology; with and without JavaScript. Screenshots land in
// test/artifacts/ (gitignored); SCREENSHOTS_UPDATE=1 also rewrites the README's docs/screenshots/report.png.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { PAGE_CSP } from '../../src/http/response/headers.js';
import { ARTIFACTS, describeInChromium, E2E_TIMEOUT_MS, watchPage } from '../helpers/browser.js';
import { listenTestApp } from '../helpers/listen.js';
import { createTestApp } from '../helpers/test-app.js';

type CspWindow = { cspViolations?: string[] };

/** The README's screenshot of a report, rewritten only on request (it is committed). */
const README_REPORT_SCREENSHOT = join(import.meta.dirname, '../../docs/screenshots/report.png');
const updateScreenshots = process.env.SCREENSHOTS_UPDATE === '1';

/**
 * Records every securitypolicyviolation event in the page (installed before any page script, by
 * the browser, so the CSP does not stop it) besides console errors and failed requests.
 */
async function watch(context: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  await context.addInitScript(() => {
    const w = globalThis as unknown as CspWindow & { addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void };
    w.cspViolations = [];
    w.addEventListener('securitypolicyviolation', (e) => w.cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const problems = watchPage(page);
  return async () => [...problems, ...(await page.evaluate(() => (globalThis as unknown as CspWindow).cspViolations ?? ['no CSP watcher'])).map((v) => `csp: ${v}`)];
}

describeInChromium('the report page in a real browser', (app) => {
  it('the watcher sees an inline script the CSP blocks, and not a JSON-LD block beside it', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    const problems = await watch(context, page);
    // A page of this origin, under the pages' CSP, holding both kinds of script block.
    await page.route(`${app.base}/csp-probe`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP },
        body: '<!doctype html><title>probe</title><script type="application/ld+json">{"@type":"FAQPage"}</script><script>document.title = "ran"</script>',
      }),
    );
    await page.goto(`${app.base}/csp-probe`);
    expect(await page.title()).toBe('probe');
    const seen = await problems();
    expect(seen.filter((p) => p.startsWith('csp: '))).toEqual(['csp: script-src-elem inline']);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('answers first, lists findings, and carries FAQ JSON-LD and share meta with no console error or CSP violation', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems = await watch(context, page);

    await page.goto(`${app.base}/entity/openrouter`);
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe('Is OpenRouter safe?');
    expect(await page.locator('#verdict').innerText()).toBe('YES — 74.0/100 (B), meets the 70+ trust threshold.');
    const findings = await page.locator('.finding-list li').allInnerTexts();
    expect(findings).toContain('Strongest: reliability and popularity, 85/100 (A).');
    expect(findings).toContain('Below the trust threshold of 70: transparency (50) and maintenance (60).');
    expect(await page.locator('#score-versus-mean').innerText()).toContain('68.6 leaving out popularity');
    expect(await page.locator('.chart tr.chart-row').count()).toBe(6);
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(`${app.base}/entity/web/OpenRouter`);
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(`${app.base}/card/web/OpenRouter.png`);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '');
    expect(jsonLd['@type']).toBe('FAQPage');
    expect(jsonLd.mainEntity.map((q: { name: string }) => q.name)).toEqual(await page.locator('.faq-item h3').allInnerTexts());
    await page.screenshot({ path: join(ARTIFACTS, 'report-openrouter.png'), fullPage: true });

    await page.getByRole('link', { name: 'Methodology' }).first().click();
    await page.waitForURL(`${app.base}/methodology`);
    expect(await page.locator('h1').innerText()).toBe('How trust scores are made');
    expect(await page.locator('table.grade-scale tbody tr').count()).toBe(5);

    await page.goto(`${app.base}/entity/github/haotian-liu/LLaVA`);
    expect(await page.locator('.finding-list li').first().innerText()).toMatch(/^None of the 6 dimensions is rated/);

    expect(await problems()).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('draws the history chart of a report with history, with its data, trend, findings and card meta', async () => {
    // Seeded as `npm start` seeds: the sample's monthly history, then the sample.
    const withHistory = await createTestApp({}, [], { sampleHistory: true });
    const historyServer = await listenTestApp(withHistory);
    const origin = historyServer.origin;
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const problems = await watch(context, page);

      const history = (await (await page.request.get(`${origin}/v1/history/npm/event-stream`)).json()) as { points: { day: string; score: number }[] };
      expect(history.points.length).toBeGreaterThan(1);
      await page.goto(`${origin}/entity/npm/event-stream`);
      await page.waitForLoadState('load');
      const chart = page.locator('svg#history-chart');
      const box = await chart.boundingBox();
      expect(box!.width).toBeGreaterThan(600);
      expect(box!.height).toBeGreaterThan(150);
      const line = await page.locator('#history-chart path.history-line').boundingBox();
      expect(line!.width * line!.height).toBeGreaterThan(0);
      const first = history.points[0]!;
      expect(await chart.getAttribute('aria-label')).toBe(`Score from ${first.score.toFixed(1)} to 12.3 since ${first.day}; down ${(first.score - 12.3).toFixed(1)} points`);
      expect(await page.getByRole('img', { name: /^Score from / }).count()).toBe(1);
      expect(await page.locator('#history-chart circle.history-point').count()).toBe(history.points.length);
      expect(await page.locator('#trend').innerText()).toMatch(/last changed \d{4}-\d{2}-\d{2}\.$/);

      // The data, folded away but in the page: open it and read each day and score.
      const rows = page.locator('details.history-data tbody tr');
      expect(await rows.first().isVisible()).toBe(false);
      await page.getByText('Show the data').click();
      expect(await rows.allInnerTexts()).toEqual(history.points.map((p) => `${p.day}\t${p.score.toFixed(1)}`));

      expect(await page.locator('.finding-list li').allInnerTexts()).toContain('Weakest: security, 4/100 (F).');
      expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(`${origin}/card/npm/event-stream.png`);
      await page.screenshot({ path: join(ARTIFACTS, 'report-history-event-stream.png'), fullPage: true });

      // The README's report: OpenRouter, now with its history.
      await page.goto(`${origin}/entity/web/OpenRouter`);
      await page.waitForLoadState('load');
      expect((await page.locator('svg#history-chart').boundingBox())!.height).toBeGreaterThan(0);
      expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(`${origin}/card/web/OpenRouter.png`);
      await page.screenshot({ path: join(ARTIFACTS, 'report-history.png'), fullPage: true });
      // The README's copy: from the answer down to the history chart.
      const panel = (await page.locator('section.history').boundingBox())!;
      const top = join(ARTIFACTS, 'report-history-top.png');
      await page.screenshot({ path: top, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(panel.y + panel.height + 24) } });
      if (updateScreenshots) copyFileSync(top, README_REPORT_SCREENSHOT);

      // On a phone the chart shrinks with the page: no sideways scrolling.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/entity/npm/event-stream`);
      await page.waitForLoadState('load');
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await page.locator('section.history').screenshot({ path: join(ARTIFACTS, 'report-history-phone.png') });

      expect(await problems()).toEqual([]);
    } finally {
      await context.close();
      await historyServer.close();
      await withHistory.close();
    }
  }, E2E_TIMEOUT_MS);

  it('warns about an F without JavaScript, and keeps the badge builder as a quiet link', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()}: ${res.url()}`);
    });
    await page.goto(`${app.base}/entity/npm/event-stream`);
    await page.waitForLoadState('load');
    const warning = page.locator('#warning');
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.locator('h2').innerText()).toMatch(/Warning: event-stream is rated F/);
    // On a phone the warning comes right after the answer, within the first screen and a half.
    const box = await warning.boundingBox();
    expect(box!.y).toBeLessThan(844 * 1.5);
    expect(await page.locator('a.button').count()).toBe(0);
    expect(await page.locator('a.quiet-link').getAttribute('href')).toBe('/?target=npm/event-stream#preview');
    const overflow = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'report-event-stream-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);
});
