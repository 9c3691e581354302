// A vendor seal embedded in real pages in Debian's Chromium: the grade shows on the vendor's own site and
// grey elsewhere — in one browser context, so no cached picture crosses origins — by <img> and by the ticket script.

import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM, chromiumAvailable, E2E_TIMEOUT_MS, launchChromium, watchPage } from '../helpers/browser.js';
import { listenTestApp, type ListeningApp } from '../helpers/listen.js';
import { parseSvg } from '../helpers/svg.js';
import { createTestApp } from '../helpers/test-app.js';

const ADMIN_TOKEN = 'seal-embed-admin-token-0123456789';
type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type SealImg = { src: string; complete: boolean; naturalWidth: number };

/** Two made-up sites that both resolve to this machine. */
const SITES = '--host-resolver-rules=MAP vendor.test 127.0.0.1, MAP *.vendor.test 127.0.0.1, MAP other.test 127.0.0.1';

/** A vendor's static site: each page holds one of the snippets; whatever Host it is asked under. */
function servePages(pages: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const pageWith = (snippet: string, head = ''): string =>
  `<!doctype html><html><head><meta charset="utf-8">${head}<link rel="icon" href="data:,"><title>Acme shop</title></head><body><p>Checkout</p>${snippet}</body></html>`;

/** The seal image as the page sees it once loaded. */
async function loadedSeal(page: Page): Promise<SealImg> {
  const handle = await page.waitForFunction(() => {
    const img = (globalThis as unknown as { document: { querySelector(s: string): SealImg | null } }).document.querySelector('a img');
    return img !== null && img.src !== '' && img.complete ? { src: img.src, complete: img.complete, naturalWidth: img.naturalWidth } : null;
  });
  return (await handle.jsonValue()) as SealImg;
}

describe.skipIf(!chromiumAvailable)(chromiumAvailable ? 'a vendor seal embedded in pages in a real browser' : `a vendor seal in a browser (skipped: ${CHROMIUM} is missing)`, () => {
  let t: TestApp;
  let app: ListeningApp;
  let site: Server;
  let browser: Browser;
  let context: BrowserContext;
  let seal: { id: string; verify_url: string };
  /** `http://vendor.test:PORT`, the one origin the seal is bound to. */
  let vendor: string;
  /** `http://other.test:PORT`: the same pages on another site. */
  let other: string;
  /** `http://www.vendor.test:PORT`: another origin of the same site, so the same partition of Chromium's HTTP cache. */
  let sibling: string;
  /** The seal requests that reached the service: what the browser's cache did not answer alone. */
  const asked: { ifNoneMatch: string | undefined }[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ ADMIN_TOKEN });
    app = await listenTestApp({
      ...t,
      handler: (req, res) => {
        if (req.url?.startsWith('/seal/') === true) asked.push({ ifNoneMatch: req.headers['if-none-match'] });
        t.handler(req, res);
      },
    });
    const pages: Record<string, string> = {};
    site = await servePages(pages);
    const { port } = site.address() as AddressInfo;
    vendor = `http://vendor.test:${port}`;
    other = `http://other.test:${port}`;
    sibling = `http://www.vendor.test:${port}`;
    const issued = await fetch(`${app.origin}/v1/seals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'web/OpenRouter', vendor: 'Acme Ltd', origins: [vendor] }),
    });
    expect(issued.status).toBe(201);
    const made = (await issued.json()) as { id: string; verify_url: string; snippets: { html: string; script: string } };
    seal = made;
    pages['/page.html'] = pageWith(made.snippets.html);
    pages['/script.html'] = pageWith(made.snippets.script, '<meta name="referrer" content="no-referrer">');
    browser = await launchChromium([SITES]);
    // One context for every page: a picture cached on the vendor's page must not show on another site.
    context = await browser.newContext({ viewport: { width: 480, height: 240 } });
  }, E2E_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site === undefined ? resolve(undefined) : site.close(resolve)));
    await app?.close();
    await t?.close();
  });

  const isSeal = (res: Response, ticketed: boolean): boolean =>
    res.url().startsWith(`${app.origin}/seal/${seal.id}.svg`) && res.url().includes('?ticket=') === ticketed;

  /** Opens `url` and gives back the seal image's answer and the picture the page shows. */
  async function open(page: Page, url: string, ticketed: boolean) {
    const answer = page.waitForResponse((res) => isSeal(res, ticketed));
    const from = asked.length;
    await page.goto(url);
    const res = await answer;
    const img = await loadedSeal(page);
    const title = res.status() === 200 ? parseSvg(await res.text()).title : '';
    return { res, img, title, state: res.headers()['x-seal-state'], referer: await res.request().headerValue('referer'), asked: asked.slice(from) };
  }

  it('shows the grade by <img> on the vendor\'s site only, and its click leads to the verify page saying "Valid."', async () => {
    const page = await context.newPage();
    const problems = watchPage(page);
    const domain = vendor.slice('http://'.length);
    const first = await open(page, `${vendor}/page.html`, false);
    const validEtag = first.res.headers().etag;
    const visits = [
      // Again on the vendor's page: the browser keeps its copy but asks first, and is told it is current.
      { site: vendor, shot: 'seal-embed-vendor.png', state: 'valid', status: 304, offered: validEtag },
      // Another origin of the same site shares that cache: the browser offers the valid copy, and gets grey.
      { site: sibling, shot: 'seal-embed-sibling.png', state: 'foreign', status: 200, offered: validEtag },
      { site: other, shot: 'seal-embed-other.png', state: 'foreign', status: 200 },
      { site: vendor, shot: 'seal-embed-vendor-again.png', state: 'valid', status: 200 },
    ];
    expect([first.state, first.res.status(), first.asked.length]).toEqual(['valid', 200, 1]);
    expect(first.title).toBe(`OpenRouter: trust grade B, 74.0/100, verified by trustbadge for Acme Ltd on ${domain}, 2026-11-24`);
    for (const visit of visits) {
      const seen = await open(page, `${visit.site}/page.html`, false);
      // Chromium's default policy sends the page's origin only, to another origin.
      expect(seen.referer).toBe(`${visit.site}/`);
      expect([seen.state, seen.res.status(), seen.asked.length], visit.site).toEqual([visit.state, visit.status, 1]);
      if (visit.offered !== undefined) expect(seen.asked[0]!.ifNoneMatch).toBe(visit.offered);
      if (visit.state === 'valid' && visit.status === 200) expect(seen.title).toBe(first.title);
      if (visit.state === 'foreign') {
        expect(seen.title).toBe(`trust seal of Acme Ltd for OpenRouter: not valid here (valid only on ${domain})`);
        expect(seen.res.headers().etag).not.toBe(validEtag);
      }
      expect(seen.img.naturalWidth).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, visit.shot) });
    }

    await page.locator('a:has(img)').click();
    await page.waitForURL(seal.verify_url);
    expect(seal.verify_url).toBe(`${app.origin}/verify/${seal.id}`);
    expect(await page.getByRole('status').innerText()).toMatch(/^Valid\. OpenRouter scores 74\.0 \(B\)/);
    expect(await page.locator('main').innerText()).toContain(vendor);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'seal-verify.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, E2E_TIMEOUT_MS);

  it('shows the grade by the ticket script on a page that sends no Referer: on the vendor\'s site only', async () => {
    const page = await context.newPage();
    const problems = watchPage(page);
    for (const visit of [{ site: vendor, state: 'valid' }, { site: other, state: 'foreign' }]) {
      const ticket = page.waitForRequest((req) => req.url() === `${app.origin}/v1/seals/${seal.id}/ticket`);
      const seen = await open(page, `${visit.site}/script.html`, true);
      // The browser names the page in Origin itself; the image request carries no Referer at all.
      expect(await (await ticket).headerValue('origin')).toBe(visit.site);
      expect(seen.referer).toBeNull();
      expect(seen.img.src).toContain('?ticket=');
      expect(seen.state, visit.site).toBe(visit.state);
      expect(seen.title).toMatch(visit.state === 'valid' ? /^OpenRouter: trust grade B, 74\.0\/100, verified by trustbadge for Acme Ltd on vendor\.test:\d+, 2026-11-24$/ : /not valid here/);
      expect(seen.img.naturalWidth).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `seal-script-${visit.state}.png`) });
    }
    expect(problems).toEqual([]);
    await page.close();
  }, E2E_TIMEOUT_MS);

  it('without the script\'s ticket, a page that sends no Referer gets the grey picture', async () => {
    const page = await context.newPage();
    await page.route(`${app.origin}/v1/seals/${seal.id}/ticket`, (route) => route.abort());
    const seen = await open(page, `${vendor}/script.html`, false);
    expect(seen.referer).toBeNull();
    expect(seen.state).toBe('foreign');
    expect(seen.img.naturalWidth).toBeGreaterThan(0);
    await page.close();
  }, E2E_TIMEOUT_MS);
});
