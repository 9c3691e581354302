// A vendor seal behind a real caching proxy (Varnish, test/proxy/varnish.vcl): every request reaches
// the origin and is judged for its own Referer, while a plain badge beside it is served from the cache.

import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCacheControl } from '../helpers/headers.js';
import { parseSvg } from '../helpers/svg.js';
import { available, startBehindVarnish } from '../helpers/varnish.js';

const ADMIN_TOKEN = 'seal-proxy-admin-token-0123456789';
const VENDOR_PAGE = 'http://vendor.test:8080/shop/checkout.html?step=2';
const OTHER_PAGE = 'http://other.test:8080/copied.html';

/**
 * The test app behind Varnish (test/helpers/varnish.ts), counting at the origin itself the
 * requests each path prefix brought: what the proxy did not answer alone.
 */
async function startCountingBehindVarnish() {
  const asked = new Map<string, number>();
  const counting = (handler: RequestListener): RequestListener => (req, res) => {
    const prefix = /^\/[^/]*\//.exec(req.url ?? '')?.[0] ?? req.url ?? '';
    asked.set(prefix, (asked.get(prefix) ?? 0) + 1);
    handler(req, res);
  };
  const cdn = await startBehindVarnish({ ADMIN_TOKEN }, { wrap: counting });
  return {
    ...cdn,
    /** Requests the origin received under `/seal/`, `/badge/`, …, whatever it answered. */
    originAsked: (prefix: string): number => asked.get(prefix) ?? 0,
  };
}

describe.runIf(available)('a vendor seal behind Varnish', () => {
  let cdn: Awaited<ReturnType<typeof startCountingBehindVarnish>>;
  let sealUrl: string;
  beforeAll(async () => {
    cdn = await startCountingBehindVarnish();
    const issued = await fetch(`${cdn.originUrl}/v1/seals`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'web/OpenRouter', vendor: 'Acme Ltd', origins: [new URL(VENDOR_PAGE).origin] }),
    });
    expect(issued.status).toBe(201);
    const { id } = (await issued.json()) as { id: string };
    sealUrl = `${cdn.proxy}/seal/${id}.svg`;
  }, 30_000);
  afterAll(async () => cdn?.close());

  /** The seal through the proxy, from a page at `referer` (none when undefined), with what the origin saw of it. */
  const viaProxy = async (referer: string | undefined, headers: Record<string, string> = {}) => {
    const before = cdn.originAsked('/seal/');
    const res = await fetch(sealUrl, { headers: { ...headers, ...(referer === undefined ? {} : { Referer: referer }) } });
    const body = await res.text();
    return {
      res,
      status: res.status,
      cache: res.headers.get('x-cache'),
      state: res.headers.get('x-seal-state'),
      title: body === '' ? '' : parseSvg(body).title,
      originAsked: cdn.originAsked('/seal/') - before,
    };
  };

  it('asks the origin for every use, from the allowed page, another, and the allowed page again: each gets its own picture', async () => {
    const pages = [VENDOR_PAGE, VENDOR_PAGE, OTHER_PAGE, VENDOR_PAGE, OTHER_PAGE];
    const seen = [];
    for (const page of pages) seen.push(await viaProxy(page));
    expect(seen.map((s) => [s.status, s.cache, s.originAsked])).toEqual(pages.map(() => [200, 'MISS', 1]));
    expect(seen.map((s) => s.state)).toEqual(['valid', 'valid', 'foreign', 'valid', 'foreign']);
    for (const { title, state } of seen) {
      if (state === 'valid') expect(title).toBe('OpenRouter: trust grade B, 74.0/100, verified by trustbadge for Acme Ltd on vendor.test:8080, 2026-11-24');
      else {
        expect(title).toContain('not valid here (valid only on vendor.test:8080)');
        expect(title).not.toMatch(/grade|74/);
      }
    }
    // What the proxy passed on: the origin's private, always-revalidate rule, varying by page.
    const { res } = seen[0]!;
    const directives = parseCacheControl(res.headers.get('cache-control') ?? undefined);
    expect(directives.get('private')).toBe(true);
    expect(directives.get('no-cache')).toBe(true);
    expect(directives.has('s-maxage')).toBe(false);
    expect(res.headers.get('vary')?.split(/\s*,\s*/)).toContain('Referer');
    expect(res.headers.get('age')).toBe('0');
    expect(seen[2]!.res.headers.get('etag')).not.toBe(res.headers.get('etag'));
  });

  it('greys a seal asked through the proxy with no Referer', async () => {
    for (let i = 0; i < 2; i++) {
      const none = await viaProxy(undefined);
      expect([none.status, none.cache, none.originAsked, none.state]).toEqual([200, 'MISS', 1, 'foreign']);
      expect(none.title).toBe('trust seal of Acme Ltd for OpenRouter: not valid here (valid only on vendor.test:8080)');
    }
  });

  it('revalidates through the proxy: the allowed page\'s validator is current there, and another page gets its grey picture', async () => {
    const valid = await viaProxy(VENDOR_PAGE);
    const etag = valid.res.headers.get('etag')!;
    const again = await viaProxy(VENDOR_PAGE, { 'If-None-Match': etag });
    expect([again.status, again.originAsked, again.state]).toEqual([304, 1, 'valid']);
    const elsewhere = await viaProxy(OTHER_PAGE, { 'If-None-Match': etag });
    expect([elsewhere.status, elsewhere.cache, elsewhere.originAsked, elsewhere.state]).toEqual([200, 'MISS', 1, 'foreign']);
    expect(elsewhere.title).toContain('not valid here');
  });

  it('caches a plain badge in the same setup: the second request never reaches the origin', async () => {
    const badge = `${cdn.proxy}/badge/web/OpenRouter.svg`;
    const first = await fetch(badge, { headers: { Referer: VENDOR_PAGE } });
    expect(first.headers.get('x-cache')).toBe('MISS');
    const asked = cdn.originAsked('/badge/');
    expect(asked).toBeGreaterThan(0);
    const second = await fetch(badge, { headers: { Referer: OTHER_PAGE } });
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(parseSvg(await second.text()).title).toBe(parseSvg(await first.text()).title);
    expect(cdn.originAsked('/badge/')).toBe(asked);
  });
});
