// Property tests of everything around the badges: JSON routes with random targets and queries,
// random methods and bodies on every route, and random conditional, encoding and id headers.
// Invariants: never a 5xx, never a stack trace, JSON errors are problem details carrying a registered code, and
// badge bodies still decode (through their Content-Encoding) to a safe image.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { createTestApp } from '../helpers/test-app.js';
import { fuzzOptions, fuzzTimeoutMs, listen } from './fuzz-settings.js';
import { badgeQuery, encodedTarget, encodedText, headerValue } from './generators.js';
import { checkImage } from './image-checks.js';
import { createRawClient, type RawAnswer } from './raw-http.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let client: ReturnType<typeof createRawClient>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '0', TRUST_PROXY: 'loopback', ADMIN_TOKEN: 'fuzz-admin-token-0123456789' });
  server = await listen(t);
  client = createRawClient(server.port);
});
afterAll(async () => {
  server.close();
  await t.close();
});

/** What no answer may contain: a JavaScript stack frame or an internal path. */
const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|\/work\/|file:\/\//;

function checkAnswer(what: string, answer: RawAnswer): void {
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  const type = answer.headers['content-type'] ?? '';
  if (!type.startsWith('image/')) expect(answer.body.toString('utf8'), what).not.toMatch(STACK_TRACE);
  const isJson = /^application\/(problem\+)?json/.test(type);
  if (isJson && answer.status >= 400) expect(type, what).toMatch(/^application\/problem\+json/);
  if (isJson && answer.body.length > 0) {
    const body = JSON.parse(answer.body.toString('utf8')) as { code?: string; status?: number };
    if (answer.status >= 400) {
      expect(Object.keys(ERROR_CODES), what).toContain(body.code);
      expect(body.status, what).toBe(answer.status);
    }
  }
  if (type.startsWith('image/') && answer.body.length > 0) {
    try {
      checkImage(type, answer.body);
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`);
    }
  }
}

const JSON_ROUTES = [
  (target: string, query: string) => `/v1/entities/${target}?${query}`,
  (target: string) => `/v1/preflight?target=${target}`,
  (target: string, query: string) => `/v1/preflight?${query}&target=${target}`,
  (target: string) => `/v1/shields/${target}.json`,
  (target: string, query: string) => `/v1/embed/${target}?${query}`,
  (target: string, query: string) => `/v1/search?q=${target}&${query}`,
  (target: string) => `/v1/search?q=${target}&limit=${target.length % 30}`,
];

describe('JSON routes under random input', () => {
  it('answer any target or query with a JSON answer below 500', { timeout: fuzzTimeoutMs(500) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: JSON_ROUTES.length - 1 }), encodedTarget, badgeQuery, async (route, target, query) => {
        const path = JSON_ROUTES[route]!(target, query);
        const answer = await client.send('GET', path, { 'Accept-Encoding': 'gzip, br' });
        checkAnswer(path, answer);
        expect(answer.headers['content-type'], path).toMatch(answer.status >= 400 ? /^application\/problem\+json/ : /^application\/json/);
      }),
      fuzzOptions(500),
    );
  });
});

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE', 'QUERY', 'REPORT'];
const PATHS = ['/badge/openrouter.svg', '/badge/openrouter.png', '/badge/x', '/v1/entities/web/OpenRouter', '/v1/entities/npm/new-one', '/v1/import',
  '/v1/preflight?target=openrouter', '/v1/shields/openrouter.json', '/v1/search?q=open', '/healthz', '/livez', '/readyz', '/metrics', '/', '/entity/openrouter', '/nope'];
const BODY_TYPES = ['application/json', 'application/x-ndjson', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream'];

const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }).map((text) => Buffer.from(text)),
  fc.array(fc.json({ maxDepth: 2 }), { maxLength: 20 }).map((lines) => Buffer.from(lines.join('\n'))),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 100_000, max: 400_000 }).map((n) => Buffer.alloc(n, 0x7b)),
);

describe('any method, path and body', () => {
  it('is answered below 500, with or without the admin token', { timeout: fuzzTimeoutMs(300) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), fc.constantFrom(...PATHS), body, fc.constantFrom(...BODY_TYPES), fc.boolean(), async (method, path, payload, type, admin) => {
        const headers: Record<string, string> = { 'Content-Type': type };
        if (admin) headers.Authorization = 'Bearer fuzz-admin-token-0123456789';
        const answer = await client.send(method, path, headers, payload);
        checkAnswer(`${method} ${path}`, answer);
      }),
      fuzzOptions(300),
    );
  });
});

describe('random request headers', () => {
  const etagList = fc.array(fc.oneof(headerValue(200), fc.constantFrom('*', 'W/"x"', '"x-br"', '""', '"', ',,,')), { maxLength: 30 }).map((tags) => tags.join(', '));
  const acceptEncoding = fc.oneof(
    headerValue(12_000),
    fc.array(fc.tuple(fc.constantFrom('br', 'gzip', 'deflate', 'identity', '*', 'zstd', 'x-gzip', 'BR', ''), fc.constantFrom('', ';q=0', ';q=1', ';q=0.5', ';q=abc', ';q=-1', ';q=1e9')), { maxLength: 20 })
      .map((parts) => parts.map(([coding, q]) => coding + q).join(', ')),
  );
  const headers = fc.record(
    {
      'If-None-Match': fc.oneof(etagList, headerValue(12_000)),
      'If-Modified-Since': fc.oneof(headerValue(100), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString())),
      'Accept-Encoding': acceptEncoding,
      'X-Request-Id': headerValue(200),
      'X-Forwarded-For': headerValue(300),
      Accept: headerValue(300),
      Range: headerValue(50),
    },
    { requiredKeys: [] },
  );

  it('never break a badge or JSON answer', { timeout: fuzzTimeoutMs(400) }, async () => {
    const paths = fc.oneof(
      fc.constantFrom('/badge/openrouter.svg', '/badge/openrouter.png', '/badge/sharp.svg', '/v1/preflight?target=openrouter', '/healthz'),
      encodedText.map((text) => `/badge/${text}.svg`),
    );
    await fc.assert(
      fc.asyncProperty(paths, headers, async (path, chosen) => {
        const answer = await client.send('GET', path, chosen);
        checkAnswer(path, answer);
        // Past Node's 16 KiB header limit the server itself answers 431, with no headers of ours.
        if (answer.status === 431) return;
        const sentId = chosen['X-Request-Id']?.replace(/^[ \t]+|[ \t]+$/g, '');
        const echoed = answer.headers['x-request-id'];
        if (sentId !== undefined && /^[A-Za-z0-9._-]{1,64}$/.test(sentId)) expect(echoed).toBe(sentId);
        // Otherwise one of ours: the process's random prefix and a counter.
        else expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
        expect([undefined, 'br', 'gzip', 'deflate']).toContain(answer.headers['content-encoding']);
      }),
      fuzzOptions(400),
    );
  });
});
