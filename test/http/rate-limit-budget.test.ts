// What spends the miss budget: a request pays one point at its first store read or render, and an
// answer from memory (hot path or caches, any route) pays nothing, even once the budget is spent.
// Charged answers carry RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-11),
// read here by their grammar; refusals add Retry-After, in the route's own form.

import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSvg, svgText } from '../helpers/svg.js';
import { createTestApp } from '../helpers/test-app.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function appWith(env: Record<string, string>) {
  const t = await createTestApp({ RATE_LIMIT_BURST: '0', ...env });
  closers.push(() => t.close());
  return t;
}

type Items = Map<string, Record<string, number>>;

/**
 * A RateLimit or RateLimit-Policy field as the draft writes it: an RFC 9651 List of String items
 * whose parameters are Integers (`"misses";r=41;t=17, "burst";r=3;t=17`). Throws on anything else.
 */
function parseLimitField(value: string | undefined): Items {
  if (value === undefined) throw new Error('field missing');
  const items: Items = new Map();
  for (const member of value.split(',')) {
    const match = /^\s*"([a-z]+)"((?:;[a-z]+=\d+)+)\s*$/.exec(member);
    if (match === null) throw new Error(`not a list member of string items with integer parameters: ${member}`);
    const params = match[2]!.slice(1).split(';').map((param) => param.split('=') as [string, string]);
    items.set(match[1]!, Object.fromEntries(params.map(([name, integer]) => [name, Number(integer)])));
  }
  return items;
}

const limitsOf = (res: request.Response): Items => parseLimitField(res.headers['ratelimit']);
const hasLimitFields = (res: request.Response): boolean => res.headers['ratelimit'] !== undefined || res.headers['ratelimit-policy'] !== undefined;
const codeOf = (res: request.Response): unknown => res.body.code ?? res.body.error?.code;

/** Reads the store took, by the histogram the store decorator feeds (every operation but counting). */
async function storeReads(app: Parameters<typeof request>[0]): Promise<number> {
  const text = (await request(app).get('/metrics')).text;
  let reads = 0;
  for (const match of text.matchAll(/^trustbadge_store_lookup_duration_seconds_count\{operation="(\w+)"\} (\d+)$/gm)) {
    if (match[1] !== 'countEntities') reads += Number(match[2]);
  }
  return reads;
}

function expectRefusal(res: request.Response, policies: string[]): void {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  // Every policy at 0, until the moment Retry-After names (the draft: never earlier than the window's end).
  expect([...limitsOf(res)]).toEqual(policies.map((policy) => [policy, { r: 0, t: retryAfter }]));
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('what spends the miss budget', () => {
  it('never refuses a found shields body or report once its lookups are in memory', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '2' });
    const shields = () => request(t.app).get('/v1/shields/npm/sharp.json');
    const report = () => request(t.app).get('/v1/preflight?target=npm/sharp');

    const firstShields = await shields();
    expect(firstShields.status).toBe(200);
    expect(limitsOf(firstShields).get('misses')?.r).toBe(1);
    // The same entity's lookup is in memory now; its alternatives are not.
    const firstReport = await report();
    expect(firstReport.status).toBe(200);
    expect(limitsOf(firstReport).get('misses')?.r).toBe(0);

    const readsBefore = await storeReads(t.app);
    for (let i = 0; i < 30; i++) {
      for (const res of [await shields(), await report()]) {
        expect(res.status).toBe(200);
        expect(hasLimitFields(res)).toBe(false);
      }
    }
    expect(await storeReads(t.app)).toBe(readsBefore);

    // The budget is spent: a miss is refused, answers from memory go on.
    expectRefusal(await request(t.app).get('/v1/shields/npm/nobody.json'), ['misses']);
    expect((await shields()).status).toBe(200);
    expect((await report()).status).toBe(200);
    expect(await storeReads(t.app)).toBe(readsBefore);
  });

  it('spends one point per unknown target, counts down in RateLimit, then refuses with Retry-After', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '3' });
    const policy = parseLimitField((await request(t.app).get('/v1/shields/npm/nobody-0.json')).headers['ratelimit-policy']);
    expect([...policy]).toEqual([['misses', { q: 3, w: 60 }]]);

    const left = [];
    for (let i = 1; i <= 2; i++) {
      const res = await request(t.app).get(`/v1/shields/npm/nobody-${i}.json`);
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('unknown');
      const misses = limitsOf(res).get('misses')!;
      expect(misses.t).toBeGreaterThanOrEqual(0);
      expect(misses.t).toBeLessThanOrEqual(60);
      left.push(misses.r);
    }
    expect(left).toEqual([1, 0]);

    const refused = await request(t.app).get('/v1/shields/npm/nobody-3.json');
    expectRefusal(refused, ['misses']);
    expect(codeOf(refused)).toBe('rate_limited');
    expect(parseLimitField(refused.headers['ratelimit-policy'])).toEqual(policy);
    // Still refused, and still reading nothing: the refusal comes before the store.
    const reads = await storeReads(t.app);
    for (const path of ['/v1/entities/npm/nobody-4', '/v1/preflight?target=nobody-5', '/v1/embed/nobody-6', '/v1/search?q=nob']) {
      const res = await request(t.app).get(path);
      expect([path, res.status, codeOf(res)]).toEqual([path, 429, 'rate_limited']);
    }
    expect(await storeReads(t.app)).toBe(reads);
  });

  it('spends the burst once the minute is spent, and says which policy it spent from', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '1', RATE_LIMIT_BURST: '2' });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app).get(`/v1/shields/nobody-${i}.json`);
      expect(res.status).toBe(200);
      expect([...parseLimitField(res.headers['ratelimit-policy'])]).toEqual([['misses', { q: 1, w: 60 }], ['burst', { q: 2, w: 600 }]]);
      const [[name, { r, t: seconds }]] = [...limitsOf(res)] as [[string, Record<string, number>]];
      expect(seconds).toBeLessThanOrEqual(60);
      seen.push([name, r]);
    }
    expect(seen).toEqual([['misses', 0], ['burst', 1], ['burst', 0]]);
    expectRefusal(await request(t.app).get('/v1/shields/nobody-3.json'), ['misses', 'burst']);
  });

  it('counts one point for a request however many reads and renders it needs', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '5' });
    // The registry list, the name and the alternatives: three store reads, one point.
    const readsBefore = await storeReads(t.app);
    const res = await request(t.app).get('/v1/preflight?target=npm/sharp');
    expect(await storeReads(t.app)).toBe(readsBefore + 3);
    expect(limitsOf(res).get('misses')?.r).toBe(4);
    // A lookup and a render: one point.
    expect(limitsOf(await request(t.app).get('/badge/openrouter.svg')).get('misses')?.r).toBe(3);
  });

  it('spends for badges that render, and not for badges drawn from memory', async () => {
    // The hot path off: every badge request reaches Express, which answers repeats from its caches.
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '2', HOT_PATH_ENTRIES: '0' });
    const first = await request(t.app).get('/badge/openrouter.svg');
    expect(first.status).toBe(200);
    expect(limitsOf(first).get('misses')?.r).toBe(1);
    for (let i = 0; i < 10; i++) {
      const again = await request(t.app).get('/badge/openrouter.svg');
      expect(again.status).toBe(200);
      expect(hasLimitFields(again)).toBe(false);
    }
    // The lookup is in memory, the picture is new: a render spends.
    const relabelled = await request(t.app).get('/badge/openrouter.svg?label=rated');
    expect(relabelled.status).toBe(200);
    expect(limitsOf(relabelled).get('misses')?.r).toBe(0);

    const rendersBefore = t.cache.stats().renders;
    const refused = await request(t.app).get('/badge/openrouter.svg?style=social');
    expectRefusal(refused, ['misses']);
    expect(refused.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(parseSvg(svgText(refused)).title).toBe('trust: rate limited');
    // Nothing but the refusal's own fixed picture was drawn, and that only the first time.
    expectRefusal(await request(t.app).get('/badge/openrouter.svg?style=plastic'), ['misses']);
    expect(t.cache.stats().renders).toBe(rendersBefore + 1);
    expect((await request(t.app).get('/badge/openrouter.svg?label=rated')).status).toBe(200);
  });

  it('treats pages alike: free from memory, a 429 page with the fields when refused', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '1' });
    const first = await request(t.app).get('/entity/npm/sharp');
    expect(first.status).toBe(200);
    expect(limitsOf(first).get('misses')?.r).toBe(0);
    for (let i = 0; i < 5; i++) {
      const again = await request(t.app).get('/entity/npm/sharp');
      expect(again.status).toBe(200);
      expect(hasLimitFields(again)).toBe(false);
    }
    const refused = await request(t.app).get('/entity/npm/nobody');
    expectRefusal(refused, ['misses']);
    expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(refused.text).toContain('Too many requests');
  });

  it('sends no fields at all when limits are off', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '0' });
    const res = await request(t.app).get('/v1/shields/npm/nobody.json');
    expect(res.status).toBe(200);
    expect(hasLimitFields(res)).toBe(false);
  });
});
