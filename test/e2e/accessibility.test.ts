// Every page the service serves, checked by axe-core in Chromium against WCAG 2.1 A and AA, in the
// light and in the dark colour scheme; and every <img> with its width and height (no layout shift).

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { setIdOf } from '../../src/services/set-service.js';
import { describeInChromium, E2E_TIMEOUT_MS } from '../helpers/browser.js';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'] as const;

interface PageCase {
  name: string;
  path: string;
  status: number;
  /**
   * Parts drawn by a third party, left out of the scan. Swagger UI (swagger-ui-dist) fails
   * color-contrast (its method badges, version stamps, links) and select-name (its servers list).
   */
  exclude?: string[];
}

/** A set the tests store before looking: a found B, a found D, one the catalogue lacks and one of a type it has no registry for. */
const SET_PURLS = ['pkg:npm/sharp', 'pkg:pypi/sharp', 'pkg:npm/not-in-the-catalogue', 'pkg:swift/github.com/apple/swift-nio'];
const SET_ID = setIdOf([...SET_PURLS].sort());
/** A seal the tests store before looking (issuing one through the API would give a random id). */
const SEAL_ID = 'SealForTheA11yPages_01';

const PAGES: PageCase[] = [
  { name: 'home', path: '/', status: 200 },
  { name: 'home with results', path: '/?q=sha', status: 200 },
  { name: 'builder after a pick', path: '/?q=openr&target=web/OpenRouter&style=social&labelColor=ffd700&format=png&scale=2', status: 200 },
  { name: 'builder, ambiguous pick', path: '/?target=sharp', status: 200 },
  { name: 'builder, unknown pick', path: '/?target=github/nobody/nothing', status: 200 },
  { name: 'entity report', path: '/entity/web/OpenRouter', status: 200 },
  { name: 'ambiguous page', path: '/entity/sharp', status: 300 },
  { name: '404 page', path: '/entity/github/nobody/nothing', status: 404 },
  { name: '400 page', path: '/entity/%E0%A4%A', status: 400 },
  { name: 'methodology', path: '/methodology', status: 200 },
  { name: 'API docs', path: '/docs/api', status: 200, exclude: ['#api-reference .swagger-ui'] },
  { name: 'dependency set', path: `/sets/${SET_ID}`, status: 200 },
  { name: 'unknown dependency set', path: `/sets/${'A'.repeat(22)}`, status: 404 },
  { name: 'seal verify page', path: `/verify/${SEAL_ID}`, status: 200 },
  { name: 'unknown seal', path: `/verify/${'A'.repeat(22)}`, status: 404 },
  { name: 'builder with a seal', path: `/?seal=${SEAL_ID}#seal-builder`, status: 200 },
];

/** One line per violation and node: rule id, impact, the element. */
async function axeViolations(page: Page, exclude: readonly string[] = []): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_21_AA);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact ?? 'n/a'}): ${node.target.join(' ')} — ${node.html.slice(0, 160)}`));
}

/** Every <img> without a width or height attribute, by its src. */
async function unsizedImages(page: Page): Promise<string[]> {
  return page.locator('img').evaluateAll((imgs) =>
    imgs.filter((img) => !img.hasAttribute('width') || !img.hasAttribute('height')).map((img) => img.getAttribute('src') ?? '(no src)'),
  );
}

describeInChromium('accessibility (axe-core, WCAG 2.1 AA)', (app) => {
  beforeAll(async () => {
    const res = await fetch(`${app.base}/v1/sets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purls: SET_PURLS }) });
    expect(((await res.json()) as { id: string }).id).toBe(SET_ID);
    await app.t.store.insertSeal({
      id: SEAL_ID, registry: 'web', name: 'OpenRouter', vendor: 'Acme Ltd', origins: ['https://acme.example', 'https://*.acme.example'],
      createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', expiresAt: '2027-11-01T00:00:00Z', revokedAt: null,
    });
  });

  async function open<T>(path: string, status: number, colorScheme: (typeof SCHEMES)[number], check: (page: Page) => Promise<T>): Promise<T> {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${app.base}${path}`);
      expect(response?.status()).toBe(status);
      await page.waitForLoadState('load');
      const dark = await page.evaluate(() => (globalThis as unknown as { matchMedia(q: string): { matches: boolean } }).matchMedia('(prefers-color-scheme: dark)').matches);
      expect(dark).toBe(colorScheme === 'dark');
      return await check(page);
    } finally {
      await context.close();
    }
  }

  // Attributes do not change with the scheme: the images are looked at once, in the light pass's page.
  for (const colorScheme of SCHEMES) {
    const images = colorScheme === 'light';
    it.each(PAGES)(`$name ($path) has no violation${images ? ' and gives every image its width and height' : ''}, ${colorScheme}`, async ({ path, status, exclude }) => {
      const { violations, unsized } = await open(path, status, colorScheme, async (page) => ({
        unsized: images ? await unsizedImages(page) : [],
        violations: await axeViolations(page, exclude),
      }));
      expect(violations, violations.join('\n')).toEqual([]);
      expect(unsized, unsized.join(' ')).toEqual([]);
    }, E2E_TIMEOUT_MS);
  }
});
