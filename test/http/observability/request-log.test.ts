import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRequestLog, redactUrl } from '../../src/http/request-log.js';

function collectingLogger(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

const request = (url: string) => ({ method: 'GET', url, headers: {} }) as unknown as IncomingMessage;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('access log line', () => {
  it('has exactly the shape pino itself writes', async () => {
    const { logger, lines } = collectingLogger();
    createRequestLog(logger).logServed(request('/badge/npm/sharp.svg?style=flat'), 200, 'abc-123', 0.25);
    logger.info({ reqId: 'abc-123', method: 'GET', url: '/badge/npm/sharp.svg?style=flat', status: 200, ms: 0 }, 'request');
    await settle();
    const [ours, pinos] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(ours!)).toEqual(Object.keys(pinos!));
    expect({ ...ours, time: 0, ms: 0 }).toEqual({ ...pinos, time: 0, ms: 0 });
    expect(typeof ours!.ms).toBe('number');
  });

  it('keeps a hostile URL inside one valid JSON line', async () => {
    const { logger, lines } = collectingLogger();
    const url = '/badge/x"y\\z\n{"level":60}\u2028.svg';
    createRequestLog(logger).logServed(request(url), 400, 'id', 0.25);
    await settle();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ url, status: 400, level: 30 });
  });

  it('writes nothing below its level', async () => {
    const { logger, lines } = collectingLogger('warn');
    createRequestLog(logger).logServed(request('/badge/a.svg'), 200, 'id', 0.25);
    await settle();
    expect(lines).toEqual([]);
  });
});

describe('batched access lines', () => {
  it('arrive whole and in order across many blocks, multi-byte URLs included', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger, 60_000);
    const urls = Array.from({ length: 2000 }, (_, i) => `/badge/npm/${'é€𝄞'.repeat(i % 97)}-${i}.svg`);
    for (const url of urls) log.logServed(request(url), 200, 'id', 0.25);
    log.close();
    await settle();
    expect(lines.map((line) => (JSON.parse(line) as { url: string }).url)).toEqual(urls);
  });

  it('keep the longest URL they log inside one line', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger, 60_000);
    // Control characters are escaped to six bytes each: the most a logged URL can take.
    const url = `/badge/${'\u0001'.repeat(600)}.svg`;
    for (let i = 0; i < 40; i++) log.logServed(request(url), 200, 'id', 0.25);
    log.close();
    await settle();
    expect(lines).toHaveLength(40);
    for (const line of lines) expect((JSON.parse(line) as { url: string }).url).toBe(url.slice(0, 512));
  });
  it('write a line longer than a whole block (huge logger bindings) on its own, whole and in order', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger.child({ note: 'ü'.repeat(40_000) }), 60_000);
    for (let i = 0; i < 3; i++) log.logServed(request(`/badge/${i}.svg`), 200, 'id', 0.25);
    log.close();
    await settle();
    expect(lines.map((line) => JSON.parse(line) as { url: string; note: string }).map(({ url, note }) => [url, note.length])).toEqual([
      ['/badge/0.svg', 40_000],
      ['/badge/1.svg', 40_000],
      ['/badge/2.svg', 40_000],
    ]);
  });
});

describe('access line fields', () => {
  it('write milliseconds to the microsecond as a JSON number', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger);
    const cases: [number, string][] = [
      [0, '0.000'], [0.0004, '0.000'], [0.0345678, '0.035'], [1.5, '1.500'],
      [12.00901, '12.009'], [4321.1, '4321.100'], [-0.2, '0.000'], [999.9999, '1000.000'],
    ];
    for (const [ms] of cases) log.logServed(request('/badge/a.svg'), 200, 'id', ms);
    await settle();
    expect(lines.map((line) => /"ms":([^,]*),/.exec(line)?.[1])).toEqual(cases.map(([, text]) => text));
  });

  it('write every string exactly as JSON.stringify does, cut to its limit', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger);
    const urls = [
      '/badge/npm/sharp.svg?style=flat&label=a%20b',
      '/badge/x"y\\z.svg', '/badge/\u007f\u0000\u001f.svg', '/badge/é€𝄞.svg', '/badge/\ud800-lone.svg',
      // Cut at 512 UTF-16 units, between the halves of a surrogate pair.
      `/${'a'.repeat(510)}𝄞tail`,
    ];
    for (const url of urls) log.logServed({ method: 'M"\u00e9', url, headers: {} } as unknown as IncomingMessage, 200, 'id-1', 1);
    await settle();
    expect(lines).toHaveLength(urls.length);
    urls.forEach((url, i) => {
      expect(lines[i]).toContain(`"reqId":"id-1","method":${JSON.stringify('M"\u00e9')},"url":${JSON.stringify(url.slice(0, 512))},"status":200,`);
    });
  });

  it('follow the logger when its level changes', async () => {
    const { logger, lines } = collectingLogger();
    const log = createRequestLog(logger);
    logger.level = 'warn';
    log.logServed(request('/badge/hidden.svg'), 200, 'id', 1);
    logger.level = 'info';
    log.logServed(request('/badge/shown.svg'), 200, 'id', 1);
    await settle();
    expect(lines.map((line) => (JSON.parse(line) as { url: string }).url)).toEqual(['/badge/shown.svg']);
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

  it('writes no secret into the access line, and redacts before cutting a long URL', async () => {
    const { logger, lines } = collectingLogger();
    const url = `/badge/${'a'.repeat(480)}.svg?access_token=SECRET123SECRET123SECRET123`;
    createRequestLog(logger).logServed(request(url), 200, 'id', 1);
    await settle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('SECRET');
    expect((JSON.parse(lines[0]!) as { url: string }).url).toBe(`/badge/${'a'.repeat(480)}.svg?access_token=[REDACTED]`.slice(0, 512));
  });
});
