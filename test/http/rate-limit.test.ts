// The per-client miss budget, counted in process: requests that read the store or render spend it,
// hot-path hits and answers from the caches do not; an exhausted client gets a 429 image (or JSON,
// or a page) with Retry-After while others are unaffected; client addresses honour TRUST_PROXY; an
// unreachable Redis fails open, logged once. What spends, and the RateLimit fields: rate-limit-budget.test.ts.

import { PNG } from 'pngjs';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { clientKeyFor } from '../../src/http/rate-limit.js';
import { parseCacheControl } from '../helpers/headers.js';
import { parseSvg, svgText } from '../helpers/svg.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { createTestApp, FIXED_NOW, openSeededStore, tempDir, testFonts } from '../helpers/test-app.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function appWith(env: Record<string, string>) {
  const t = await createTestApp(env);
  closers.push(() => t.close());
  return t;
}

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The problem's code, as problem+json or the older `{error:{code}}` body spells it. */
const codeOf = (res: request.Response): unknown => res.body.code ?? res.body.error?.code;

function expectRetryAfter(res: request.Response): void {
  const seconds = Number(res.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(600);
  expect(parseCacheControl(res.headers['cache-control'])).toEqual(new Map([['no-store', true]]));
}

describe('the miss budget, in process', () => {
  it('refuses a client past its budget with a 429 badge, while hot-path hits and other clients go on', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '5', RATE_LIMIT_BURST: '0', TRUST_PROXY: 'loopback' });
    const a = (path: string) => request(t.app).get(path).set('X-Forwarded-For', '203.0.113.1');
    const b = (path: string) => request(t.app).get(path).set('X-Forwarded-For', '203.0.113.2');

    expect((await a('/badge/openrouter.svg')).status).toBe(200);
    // Answered by the hot path from now on: free, however often.
    for (let i = 0; i < 10; i++) expect((await a('/badge/openrouter.svg')).status).toBe(200);
    // Four more misses of every kind (a new render, unknown entities, an invalid parameter's first picture) spend the rest.
    for (const [path, status] of [['/badge/openrouter.svg?label=c1', 200], ['/badge/nobody-1.svg', 200], ['/badge/nobody-2.png', 200], ['/badge/openrouter.svg?style=junk', 400]] as const) {
      expect((await a(path)).status, path).toBe(status);
    }

    const refused = await a('/badge/openrouter.svg?label=c2');
    expect(refused.status).toBe(429);
    expectRetryAfter(refused);
    expect(refused.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(refused.headers['content-security-policy']).toBeDefined();
    expect(parseSvg(svgText(refused)).title).toBe('trust: rate limited');
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-\d+$/);

    const refusedPng = await a('/badge/nobody-3.png').buffer(true).parse(binary);
    expect(refusedPng.status).toBe(429);
    expect(refusedPng.headers['content-type']).toBe('image/png');
    expect(PNG.sync.read(refusedPng.body as Buffer).height).toBeGreaterThan(0);

    // Its lookup is in memory, but a report also reads the entity's alternatives: a miss.
    const refusedJson = await a('/v1/preflight?target=openrouter');
    expect(refusedJson.status).toBe(429);
    expectRetryAfter(refusedJson);
    expect(codeOf(refusedJson)).toBe('rate_limited');
    expect(refusedJson.body.retry_after_seconds ?? refusedJson.body.error?.retry_after_seconds).toBe(Number(refusedJson.headers['retry-after']));

    // At the same time: the cached badge, the health checks and another client are all answered.
    expect((await a('/badge/openrouter.svg')).status).toBe(200);
    expect((await a('/healthz')).status).toBe(200);
    expect((await b('/badge/openrouter.svg?label=c2')).status).toBe(200);
    expect((await b('/v1/preflight?target=openrouter')).status).toBe(200);

    const metrics = (await request(t.app).get('/metrics')).text;
    expect(metrics).toMatch(/^trustbadge_rate_limited_total\{kind="badge"\} 2$/m);
    expect(metrics).toMatch(/^trustbadge_rate_limited_total\{kind="json"\} 1$/m);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says whom to believe', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '0' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(t.app).get(`/badge/nobody-${i}.svg`).set('X-Forwarded-For', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('lets a client spend its burst on top of the per-minute rate', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '3' });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await request(t.app).get(`/badge/nobody-${i}.svg`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  // Regression: the limiter once matched its own case-sensitive, anchored patterns while Express
  // routes any case and a trailing slash, so these spellings answered 200 after a 429.
  it('limits every spelling Express routes to a limited route, exactly as it routes them', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '1', RATE_LIMIT_BURST: '0' });
    expect((await request(t.app).get('/v1/preflight?target=openrouter')).status).toBe(200);
    // The same report again comes from memory: free.
    expect((await request(t.app).get('/v1/preflight?target=openrouter')).status).toBe(200);
    expect((await request(t.app).get('/v1/preflight?target=nobody-0')).status).toBe(429);
    for (const path of ['/V1/PREFLIGHT?target=nobody-1', '/v1/Preflight?target=nobody-2', '/v1/preflight/?target=nobody-3', '/v1/Search?q=open', '/v1/embed/nobody-4']) {
      const res = await request(t.app).get(path);
      expect([path, res.status]).toEqual([path, 429]);
      expect(codeOf(res)).toBe('rate_limited');
    }
    // An invalid target (an empty last segment) reads nothing: answered, spent budget or not.
    expect((await request(t.app).get('/v1/embed/nobody-4/')).status).toBe(400);
    // A spelling no route takes (pattern routes are case-sensitive) reads nothing: a plain 404.
    const unrouted = await request(t.app).get('/V1/ENTITIES/nobody-5');
    expect([unrouted.status, codeOf(unrouted)]).toEqual([404, 'route_not_found']);
  });

  it('limits the pages that query the store, with a 429 page, and never the static ones', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '0' });
    expect((await request(t.app).get('/entity/openrouter')).status).toBe(200);
    expect((await request(t.app).get('/?q=open')).status).toBe(200);
    // Pages drawn from memory are free; search reads the store every time.
    expect((await request(t.app).get('/entity/openrouter')).status).toBe(200);
    expect((await request(t.app).get('/')).status).toBe(200);
    for (const path of ['/entity/nobody-1', '/entity/web/OpenRouter', '/?target=nobody-2', '/?q=open']) {
      const res = await request(t.app).get(path);
      expect([path, res.status]).toEqual([path, 429]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectRetryAfter(res);
      expect(res.text).toContain('Too many requests');
    }
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect((await request(t.app).get('/metrics')).text).toMatch(/^trustbadge_rate_limited_total\{kind="page"\} 4$/m);
  });

  it('is off at RATE_LIMIT_MISSES_PER_MINUTE=0', async () => {
    const t = await appWith({ RATE_LIMIT_MISSES_PER_MINUTE: '0' });
    for (let i = 0; i < 40; i++) expect((await request(t.app).get(`/v1/entities/nobody-${i}`)).status).toBe(404);
  });
});

describe('an unreachable Redis', () => {
  it('fails open to per-process counting, and says so once', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const dir = tempDir();
    const store = await openSeededStore(dir.path);
    // Port 1 on loopback: nothing listens, connections are refused at once.
    const config = loadConfig({ LOG_LEVEL: 'warn', REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_MISSES_PER_MINUTE: '3', RATE_LIMIT_BURST: '0' });
    const app = withServer(createApp({ config, store, fonts: testFonts(), logger, now: () => FIXED_NOW }), config);
    closers.push(async () => {
      app.close();
      await store.close();
      dir.remove();
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(app.server).get(`/badge/nobody-${i}.svg`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(lines.filter((line) => /rate limit store unreachable/.test(line.msg))).toHaveLength(1);
    expect((await request(app.server).get('/metrics')).text).toMatch(/^trustbadge_rate_limit_store_errors_total 5$/m);
  });
});

describe('client keys', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['::1', '::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b::/64'],
    [undefined, 'unknown'],
    ['not-an-address', 'unknown'],
  ])('%s → %s', (ip, key) => {
    expect(clientKeyFor(ip)).toBe(key);
  });
});

describe('configuration', () => {
  it('reads TRUST_PROXY as Express takes it', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
  });

  it('lists every bad limit setting, naming no secret', () => {
    let problems: string[] = [];
    try {
      loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/33, everyone', REDIS_URL: 'rediz://:hunter2@cache', RATE_LIMIT_MISSES_PER_MINUTE: '-1', RATE_LIMIT_KEY_PREFIX: 'a b' });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.join('\n')).toMatch(/TRUST_PROXY.*"10\.0\.0\.0\/33".*"everyone"/);
    expect(problems.some((p) => p.startsWith('REDIS_URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('RATE_LIMIT_MISSES_PER_MINUTE'))).toBe(true);
    expect(problems.some((p) => p.startsWith('RATE_LIMIT_KEY_PREFIX'))).toBe(true);
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
