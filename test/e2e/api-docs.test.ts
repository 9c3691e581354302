// End to end in Debian's Chromium: /docs/api draws the OpenAPI document with the renderer this
// service serves itself, under the page's CSP, with no request to any other origin; a call tried
// from the page reaches the service; problem anchors land in view; without JavaScript the badge
// parameters and errors still show. Screenshots land in test/artifacts/ (gitignored).

import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { ARTIFACTS, describeInChromium, E2E_TIMEOUT_MS, watchPage } from '../helpers/browser.js';


/** watchPage's problems, and CSP violations and any request off `origin`. */
async function watch(page: Page, origin: string): Promise<string[]> {
  const problems = watchPage(page);
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.origin !== origin) problems.push(`other origin: ${req.url()}`);
  });
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    const scope = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string; sourceFile: string }) => void): void };
      reportCspViolation(text: string): void;
    };
    scope.document.addEventListener('securitypolicyviolation', (event) => scope.reportCspViolation(`${event.violatedDirective} ${event.blockedURI} (${event.sourceFile})`));
  });
  return problems;
}

/** Every badge example has loaded and shows at the size its width and height attributes give. */
async function expectBadgesDrawn(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const images = await page.locator('.badge-examples img').evaluateAll((imgs) =>
    imgs.map((node) => {
      const img = node as unknown as { naturalWidth: number; width: number; height: number; getAttribute(name: string): string | null };
      return { src: img.getAttribute('src'), loaded: img.naturalWidth > 0, width: img.width, height: img.height, attrs: [img.getAttribute('width'), img.getAttribute('height')] };
    }),
  );
  expect(images.length).toBeGreaterThanOrEqual(8);
  for (const image of images) {
    expect(image.loaded, image.src!).toBe(true);
    expect([String(image.width), String(image.height)], image.src!).toEqual(image.attrs);
  }
}

describeInChromium('the API docs page in a real browser', (app) => {
  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    const page = await context.newPage();
    return { context, page, problems: await watch(page, app.base) };
  }

  it('draws every operation from /openapi.json under the CSP, and a tried call reaches this service only', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${app.base}/docs/api`);
    // GET /v1/preflight (POST shares the path).
    const operation = page.locator('.opblock.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/v1/preflight"]') });
    const preflight = operation.locator('.opblock-summary-path');
    await preflight.waitFor({ state: 'visible' });
    expect(await page.locator('.opblock-summary-path[data-path="/badge/{target}.svg"]').count()).toBe(1);
    expect(await page.locator('.api-reference-fallback').count()).toBe(0);
    await expectBadgesDrawn(page);

    // Open the operation, try it: the request goes to this origin and its answer shows.
    await preflight.click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('input[placeholder="target"]').fill('npm/sharp');
    const answered = page.waitForResponse((res) => res.url().startsWith(`${app.base}/v1/preflight?`));
    await operation.getByRole('button', { name: 'Execute' }).click();
    expect((await answered).status()).toBe(200);
    await operation.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'api-docs.png'), fullPage: true });

    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('lands a problem type link on its entry once the reference is drawn', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${app.base}/docs/api#problem-not_found`);
    await page.locator('#api-reference[data-ready="true"]').waitFor({ state: 'attached' });
    await page.locator('.opblock-get .opblock-summary-path[data-path="/v1/preflight"]').waitFor({ state: 'visible' });
    const entry = page.locator('#problem-not_found');
    await expect.poll(async () => entry.evaluate((row) => {
      const { top, bottom } = (row as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
      // Within a pixel: layout is in fractions of one, and scrollIntoView may stop a fraction short.
      return top >= -1 && bottom <= 801;
    })).toBe(true);
    expect(await entry.locator('th').textContent()).toBe('not_found');
    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);

  it('shows the badge parameters and errors without JavaScript', async () => {
    const { context, page, problems } = await open({ javaScriptEnabled: false });
    await page.goto(`${app.base}/docs/api`);
    await expectBadgesDrawn(page);
    await page.locator('.api-reference-fallback a[href="/openapi.json"]').waitFor();
    expect(await page.locator('tr[id^="problem-"]').count()).toBeGreaterThan(10);
    await page.screenshot({ path: join(ARTIFACTS, 'api-docs-no-js.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, E2E_TIMEOUT_MS);
});
