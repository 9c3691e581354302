// The access line as operators read it (docs/operations.md, "Logs"): one JSON line per answered
// request through the real app, its fields, its URL cut and redacted, its ids, its level.

import { get, type IncomingMessage } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestLog, redactUrl } from '../../../src/http/observability/request-log.js';
import { listenTestApp } from '../../helpers/listen.js';
import { captureLogs, createTestApp } from '../../helpers/test-app.js';

interface AccessLine {
  level: number;
  time: number;
  reqId: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  msg: string;
}

const FRESH_ID = /^([0-9a-f]{8})-(\d+)$/;

/** Every line the logger wrote, each parsed on its own (a line that is not JSON fails the test). */
const parsed = (lines: string[]): Record<string, unknown>[] =>
  lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
const accessLines = (lines: string[]): AccessLine[] => parsed(lines).filter((line) => line.msg === 'request') as unknown as AccessLine[];

let t: Awaited<ReturnType<typeof createTestApp>> | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The real app, logging to a logger the test reads; `level` as main.ts sets it from LOG_LEVEL. */
async function loggedApp(level = 'info') {
  const { logger, lines } = captureLogs();
  logger.level = level;
  t = await createTestApp({ LOG_LEVEL: level }, [], { logger });
  const app = t.app;
  /** The access lines, once `count` have been written (the line follows the answer's last byte). */
  const access = (count: number) => vi.waitFor(() => {
    const found = accessLines(lines);
    expect(found).toHaveLength(count);
    return found;
  });
  return { app, lines, access, logger };
}

describe('the access line', () => {
  it('is one JSON line per answer, from the hot path or Express, with its fields', async () => {
    const { app, access } = await loggedApp();
    const answers = [
      await request(app).get('/badge/openrouter.svg'),
      await request(app).get('/badge/openrouter.svg'),
      await request(app).head('/badge/openrouter.svg?style=flat'),
      await request(app).get('/v1/preflight?target=openrouter'),
      await request(app).get('/no/such/page'),
    ];
    const lines = await access(answers.length);
    expect(lines.map(({ method, url, status }) => [method, url, status])).toEqual([
      ['GET', '/badge/openrouter.svg', answers[0]!.status],
      ['GET', '/badge/openrouter.svg', answers[1]!.status],
      ['HEAD', '/badge/openrouter.svg?style=flat', answers[2]!.status],
      ['GET', '/v1/preflight?target=openrouter', answers[3]!.status],
      ['GET', '/no/such/page', 404],
    ]);
    lines.forEach((line, i) => {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['level', 'time', 'reqId', 'method', 'url', 'status', 'ms', 'msg']));
      expect(line).toMatchObject({ level: 30, msg: 'request', reqId: answers[i]!.headers['x-request-id'] });
      expect(Number.isInteger(line.time)).toBe(true);
      expect(line.ms).toBeGreaterThanOrEqual(0);
      // Milliseconds to the microsecond.
      expect(Math.round(line.ms * 1000) / 1000).toBe(line.ms);
    });
  });

  it('cuts a long URL to 512 characters, after redacting it', async () => {
    const { app, lines, access } = await loggedApp();
    const early = `/v1/search?access_token=SECRET123&q=${'a'.repeat(600)}`;
    const late = `/badge/${'a'.repeat(480)}.svg?access_token=SECRET123SECRET123SECRET123`;
    await request(app).get(early);
    await request(app).get(late);
    const [first, second] = await access(2);
    expect(first!.url).toBe(`/v1/search?access_token=[REDACTED]&q=${'a'.repeat(600)}`.slice(0, 512));
    expect(second!.url).toBe(`/badge/${'a'.repeat(480)}.svg?access_token=[REDACTED]`.slice(0, 512));
    expect(lines.join('')).not.toContain('SECRET');
  });

  it('keeps a URL with quotes and backslashes inside one valid line', async () => {
    const { access } = await loggedApp();
    const listening = await listenTestApp(t!);
    // Raw bytes on the wire: supertest would percent-encode them.
    const url = '/badge/x"y\\z{"level":60}.svg';
    try {
      await new Promise<void>((resolve, reject) => {
        get({ host: '127.0.0.1', port: listening.port, path: url }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });
      const [line] = await access(1);
      expect(line).toMatchObject({ url, level: 30, msg: 'request' });
    } finally {
      await listening.close();
    }
  });
});

describe('request ids', () => {
  it("are the client's sane X-Request-Id, else this process's prefix and a counter, on both paths", async () => {
    const { app, access } = await loggedApp();
    const offered = await request(app).get('/badge/openrouter.svg').set('X-Request-Id', 'trace-42');
    const refused = await request(app).get('/v1/preflight?target=openrouter').set('X-Request-Id', 'no spaces!');
    const tooLong = await request(app).get('/badge/openrouter.svg').set('X-Request-Id', 'a'.repeat(65));
    const fresh = await request(app).get('/healthz');
    const ids = [offered, refused, tooLong, fresh].map((answer) => answer.headers['x-request-id'] as string);
    expect((await access(4)).map((line) => line.reqId)).toEqual(ids);

    expect(ids[0]).toBe('trace-42');
    const made = ids.slice(1).map((id) => FRESH_ID.exec(id));
    expect(made.every((match) => match !== null)).toBe(true);
    expect(new Set(made.map((match) => match![1])).size).toBe(1);
    const counters = made.map((match) => Number(match![2]));
    expect(counters).toEqual([...counters].sort((a, b) => a - b));
    expect(new Set(counters).size).toBe(counters.length);
  });
});

describe('log levels', () => {
  it('write no access line under LOG_LEVEL=warn, and still answer', async () => {
    const { app, lines } = await loggedApp('warn');
    expect((await request(app).get('/badge/openrouter.svg')).status).toBe(200);
    expect((await request(app).get('/no/such/page')).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(accessLines(lines)).toEqual([]);
  });

  it('follow the logger when its level changes', async () => {
    const { app, logger, access } = await loggedApp();
    logger.level = 'warn';
    await request(app).get('/v1/preflight?target=hidden');
    logger.level = 'info';
    await request(app).get('/v1/preflight?target=shown');
    expect((await access(1)).map((line) => line.url)).toEqual(['/v1/preflight?target=shown']);
  });
});

describe('lines the HTTP parser would refuse', () => {
  // A lone surrogate (or half a pair the cut left) is escaped by pino in some strings, turned into U+FFFD by UTF-8 in others.
  it('stay one valid JSON line each, cut between the halves of a surrogate pair or not', () => {
    const { logger, lines } = captureLogs();
    const log = createRequestLog(logger);
    const urls = ['/badge/x"y\\z\n{"level":60}\u2028.svg', '/badge/\u007f\u0000\u001f.svg', '/badge/\ud800-lone.svg', `/${'a'.repeat(510)}𝄞tail`];
    for (const url of urls) log.logServed({ method: 'GET', url, headers: {} } as unknown as IncomingMessage, 400, 'id-1', 1);
    expect(accessLines(lines).map((line) => line.url.toWellFormed())).toEqual(urls.map((url) => url.slice(0, 512).toWellFormed()));
  });
});

describe('secrets in logged URLs', () => {
  it.each([
    ['access_token'], ['token'], ['api_key'], ['apikey'], ['key'], ['secret'], ['password'], ['auth'], ['signature'], ['sig'],
    ['session'], ['ACCESS_TOKEN'], ['Api-Key'], ['accessToken'], ['client_secret'], ['X-Amz-Signature'], ['X-Amz-Credential'],
    ['x-api-key'], ['refresh_token'], ['sessionid'], ['passwd'], ['code'], ['access%5Ftoken'], ['%74oken'],
  ])('replaces the value of %s', (name) => {
    expect(redactUrl(`/v1/entities/x?style=flat&${name}=SECRET123&label=a`)).toBe(`/v1/entities/x?style=flat&${name}=[REDACTED]&label=a`);
  });

  it.each([
    '/badge/npm/sharp.svg', '/badge/npm/sharp.svg?style=flat&label=a%20b&labelColor=red&theme=dark&scale=2',
    '/v1/search?q=monkey&limit=5', '/badge/npm/keycloak.svg?show=grade', '/v1/search?q=design', '/x?author=jane&keyword=b',
    '/x?token', '/x?access_token', '/x?%ZZ=1',
  ])('leaves %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('redacts every occurrence, and keeps the path even when it looks like a secret', () => {
    expect(redactUrl('/badge/token/key.svg?token=a&token=b&sig=')).toBe('/badge/token/key.svg?token=[REDACTED]&token=[REDACTED]&sig=[REDACTED]');
  });
});
