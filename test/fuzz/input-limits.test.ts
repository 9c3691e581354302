// Each bound on input, at and past its edge, through a real socket: Node's own answers (431 past
// 16 KiB of request line and headers, 400 for unknown methods, bad framing or raw NUL bytes) and
// the app's (long URLs, %00, odd methods, absurd validators and Accept-Encoding) — all a clear 4xx.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { listen } from './fuzz-settings.js';
import { checkImage } from './image-checks.js';
import { createRawClient } from './raw-http.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let server: Awaited<ReturnType<typeof listen>>;
let client: ReturnType<typeof createRawClient>;

beforeAll(async () => {
  t = await createTestApp();
  server = await listen(t);
  client = createRawClient(server.port);
});
afterAll(async () => {
  server.close();
  await t.close();
});

/** Writes raw bytes and returns everything the server sends back before closing. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(raw, 'latin1'));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 0);

describe("Node's own limits, before the app", () => {
  it.each([
    ['a request line past 16 KiB', 431, `GET /badge/${'a'.repeat(17_000)}.svg HTTP/1.1\r\nHost: x\r\n\r\n`],
    ['headers past 16 KiB', 431, `GET /badge/openrouter.svg HTTP/1.1\r\nHost: x\r\nIf-None-Match: ${'"a",'.repeat(4500)}\r\n\r\n`],
    ['an unknown method', 400, 'BREW /badge/openrouter.svg HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a raw NUL byte in the path', 400, 'GET /badge/\u0000.svg HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a Content-Length that is no number', 400, 'POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['both Content-Length and chunked', 400, 'POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a header with a bare CR', 400, 'GET /badge/openrouter.svg HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n'],
  ])('answers %s with a bare %i and closes', async (_what, status, raw) => {
    const answer = await exchange(raw);
    expect(statusOf(answer)).toBe(status);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
  });

  it('closes a CONNECT without answering (no proxying, no 5xx)', async () => {
    expect(await exchange('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')).toBe('');
  });
});

describe("the app's limits", () => {
  it.each([
    ['a URL past the 4 KiB key bound', `/badge/${'a'.repeat(6000)}.svg`, 'trust: invalid target'],
    ['a target past 256 characters', `/badge/${'a'.repeat(300)}.svg`, 'trust: invalid target'],
    ['an encoded NUL in the target', '/badge/open%00router.svg', 'trust: invalid target'],
    ['an encoded NUL in the label', '/badge/openrouter.svg?label=a%00b', 'trust: invalid label'],
    ['invalid UTF-8 in the target', '/badge/%C0%AF.svg', 'trust: invalid target'],
    ['an encoded lone surrogate', '/badge/%ED%A0%80.svg', 'trust: invalid target'],
    ['a bidi override', '/badge/open%E2%80%AErouter.svg', 'trust: invalid target'],
    ['an absolute-form request target', 'http://example.org/badge/openrouter.svg', 'trust: invalid target'],
  ])('answers %s with a 400 badge', async (_what, path, title) => {
    const answer = await client.send('GET', path, { 'Accept-Encoding': 'identity' });
    expect(answer.status).toBe(400);
    expect(checkImage(answer.headers['content-type'], answer.body)).toBe(title);
  });

  it.each([
    ['a long target', `/v1/entities/${'a'.repeat(6000)}`],
    ['an encoded NUL', '/v1/entities/web/Open%00Router'],
    ['a broken escape', '/v1/entities/%E0%A4%A'],
    ['two targets', '/v1/preflight?target=a&target=b'],
    ['a long query', `/v1/preflight?target=${'%41'.repeat(4000)}`],
  ])('answers %s on a JSON route with a 400 JSON error', async (_what, path) => {
    const answer = await client.send('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body.toString('utf8')).code).toBe('invalid_target');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND'])('answers %s on a badge URL with a 4xx, never the badge', async (method) => {
    const answer = await client.send(method, '/badge/openrouter.svg', { 'Content-Type': 'application/json' }, Buffer.from('{"x":1}'));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers OPTIONS with the allowed methods', async () => {
    const answer = await client.send('OPTIONS', '/badge/openrouter.svg');
    expect(answer.status).toBe(200);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('ignores an If-None-Match past 8 KiB and an Accept-Encoding past 1 KiB (full answer, no parsing)', async () => {
    const first = await client.send('GET', '/badge/openrouter.svg', { 'Accept-Encoding': 'identity' });
    const hugeValidators = await client.send('GET', '/badge/openrouter.svg', { 'If-None-Match': `${'"x", '.repeat(2000)}${first.headers.etag!}`, 'Accept-Encoding': 'identity' });
    expect(hugeValidators.status).toBe(200);
    const hugeEncoding = await client.send('GET', '/badge/openrouter.svg', { 'Accept-Encoding': `${'x-junk;q=0.1, '.repeat(900)}br` });
    expect(hugeEncoding.status).toBe(200);
    expect(hugeEncoding.headers['content-encoding']).toBeUndefined();
    expect(checkImage(hugeEncoding.headers['content-type'], hugeEncoding.body)).toBe('trust: B · 74/100');
  });
});
