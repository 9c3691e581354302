// POST /v1/import against decompression bombs and slow bodies (security finding 11): refused with a
// clear problem, nothing applied, and the store's write lock free for the next write.

import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeImportBody, GZIP_MAX_RATIO, GZIP_RATIO_ALLOWANCE_BYTES } from '../../src/http/request/import-body.js';
import { listenTestApp, type ListeningApp } from '../helpers/listen.js';
import { createTestApp } from '../helpers/test-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const line = (name: string): string => `${JSON.stringify({ registry: 'npm', name, category: 'library', score: 50 })}\n`;

let running: { t: Awaited<ReturnType<typeof createTestApp>>; listening: ListeningApp } | null = null;

async function start(env: NodeJS.ProcessEnv): Promise<{ t: Awaited<ReturnType<typeof createTestApp>>; origin: string; port: number }> {
  const t = await createTestApp({ ADMIN_TOKEN: TOKEN, ...env });
  const listening = await listenTestApp(t);
  running = { t, listening };
  return { t, origin: listening.origin, port: listening.port };
}

afterEach(async () => {
  await running?.listening.close();
  await running?.t.close();
  running = null;
});

/** `count` copies of one NDJSON record, gzipped: ~1000× smaller than it expands. */
function gzipBomb(expandedBytes: number): Buffer {
  const record = line('bomb');
  return gzipSync(Buffer.from(record.repeat(Math.ceil(expandedBytes / record.length))), { level: 9 });
}

async function putEntity(origin: string, name: string): Promise<number> {
  const res = await fetch(`${origin}/v1/entities/npm/${name}`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ category: 'library', score: 60 }) });
  return res.status;
}

describe('a gzip bomb', () => {
  it('is refused with 413 naming the ratio; nothing is applied and the next write goes through', async () => {
    const { t, origin } = await start({ IMPORT_MAX_BYTES: '4GiB' });
    const before = await t.store.countEntities();
    const bomb = gzipBomb(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);

    const res = await fetch(`${origin}/v1/import`, { method: 'POST', headers: { ...auth, 'Content-Encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { code: string; status: number; detail: string; max_ratio: number };
    expect(problem).toMatchObject({ code: 'payload_too_large', status: 413, max_ratio: GZIP_MAX_RATIO });
    expect(problem.detail).toContain(`more than ${GZIP_MAX_RATIO} times its compressed size`);

    expect(await t.store.findByName('npm', 'bomb')).toBeNull();
    expect(await t.store.countEntities()).toBe(before);
    expect(await putEntity(origin, 'after-bomb')).toBe(201);
  });

  it('is stopped after a little of it is decompressed', async () => {
    const bomb = gzipBomb(50 * 1024 * 1024);
    const req = Object.assign(new PassThrough(), { headers: { 'content-encoding': 'gzip' } }) as unknown as IncomingMessage & PassThrough;
    const body = decodeImportBody(req);
    req.end(bomb);
    let decompressedBytes = 0;
    const failure = await (async () => {
      for await (const chunk of body as AsyncIterable<Buffer>) decompressedBytes += chunk.length;
    })().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'payload_too_large' });
    // What got through is within the ratio of the whole compressed body, plus the allowance.
    expect(decompressedBytes).toBeLessThanOrEqual(GZIP_MAX_RATIO * bomb.length + GZIP_RATIO_ALLOWANCE_BYTES);
  });

  it('leaves an ordinary gzipped catalogue alone (a few times smaller, not a hundred)', async () => {
    const { t, origin } = await start({});
    const lines = Array.from({ length: 2000 }, (_, i) => line(`zipped-${i}-${(i * 7919).toString(36)}`)).join('');
    const res = await fetch(`${origin}/v1/import`, { method: 'POST', headers: { ...auth, 'Content-Encoding': 'gzip' }, body: gzipSync(lines) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 2000 });
    expect(await t.store.findByName('npm', 'zipped-1999-' + (1999 * 7919).toString(36))).not.toBeNull();
  });
});

/** Sends an import's head and first line, then one more byte every 100 ms until the server answers; resolves with the answer. */
function trickleImport(port: number, firstLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let drip: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(`POST /v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100000\r\n\r\n${firstLine}`);
      drip = setInterval(() => socket.write(' '), 100);
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => {
      clearInterval(drip);
      resolve(answer);
    });
    socket.on('error', (error) => {
      clearInterval(drip);
      if (answer === '') reject(error);
    });
  });
}

describe('an import whose client goes away mid-body', () => {
  it.each(['identity', 'gzip'])('(%s) is rolled back at once, and the next write goes through', async (encoding) => {
    const { t, origin, port } = await start({});
    const firstLine = line('abandoned');
    const part = encoding === 'gzip' ? gzipSync(firstLine.repeat(50)).subarray(0, 40) : Buffer.from(firstLine);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Encoding: ${encoding}\r\nContent-Length: 100000\r\n\r\n`);
    socket.write(part);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    expect(await putEntity(origin, 'after-abandon')).toBe(201);
    expect(await t.store.findByName('npm', 'abandoned')).toBeNull();
  });
});

describe('an import that runs past IMPORT_MAX_SECONDS', () => {
  it('is aborted with 408 and rolled back, and the next write goes through', async () => {
    const { t, origin, port } = await start({ IMPORT_MAX_SECONDS: '1' });
    const answer = await trickleImport(port, line('trickled'));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.slice(0, answer.indexOf('\r\n\r\n'))).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string; status: number; detail: string };
    expect([body.code, body.status]).toEqual(['request_timeout', 408]);
    expect(body.detail).toContain('IMPORT_MAX_SECONDS');
    expect(await t.store.findByName('npm', 'trickled')).toBeNull();
    expect(await putEntity(origin, 'after-trickle')).toBe(201);
  });

  it('keeps a second import that waits for the write lock alive past the idle timeout, and lets it through after the first is aborted', async () => {
    const { t, origin, port } = await start({ IMPORT_MAX_SECONDS: '2', IDLE_TIMEOUT_SECONDS: '1' });
    const first = trickleImport(port, line('first'));
    // The first import holds the write lock from its first line on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = fetch(`${origin}/v1/import`, { method: 'POST', headers: auth, body: line('second') });
    expect(await first).toMatch(/^HTTP\/1\.1 408 /);
    const res = await second;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 1 });
    expect(await t.store.findByName('npm', 'first')).toBeNull();
    expect(await t.store.findByName('npm', 'second')).not.toBeNull();
  });
});
