// Budgets shared through Redis: two app instances with one key prefix count one client's misses
// together (and report them alike in RateLimit); an outage (Redis cut off mid-run) fails open with
// one log line, and sharing resumes when Redis answers again. Every request here names a target no
// earlier one did: a lookup already in memory would spend nothing. Uses TEST_REDIS_URL (default redis://127.0.0.1:6379); it must run under
// CI=true, and skips locally, saying why, when no Redis answers. Keys live under a per-run prefix.

import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { createTestApp, FIXED_NOW, openSeededStore, tempDir, testFonts } from '../helpers/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `trustbadge-test:${randomUUID()}`;

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAnswers(REDIS_URL);
if (!available && process.env.CI === 'true') throw new Error(`no Redis answers at ${REDIS_URL} (TEST_REDIS_URL): under CI this test must run`);

const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close();
  if (!available) return;
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
});

const env = (prefix: string, redisUrl = REDIS_URL) => ({
  REDIS_URL: redisUrl,
  RATE_LIMIT_KEY_PREFIX: prefix,
  RATE_LIMIT_MISSES_PER_MINUTE: '4',
  RATE_LIMIT_BURST: '0',
  TRUST_PROXY: 'loopback',
});

/** A TCP relay to Redis that the test can cut and restore, to stage an outage. */
async function startRelay(target: URL, port = 0): Promise<{ port: number; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until `app` counts in Redis, not in process: until its client is connected, the limiter
 * counts quietly per process (fail open), and a test asserting shared budgets would race that.
 */
async function sharing(app: { app: Parameters<typeof request>[0] }, prefix: string): Promise<void> {
  const admin = new Redis(REDIS_URL);
  const probe = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  try {
    let attempt = 0;
    await until('the limiter to count in Redis', async () => {
      await request(app.app).get(`/badge/warm-up-${attempt++}.svg`).set('X-Forwarded-For', probe);
      return (await admin.get(`${prefix}:m:${probe}`)) !== null;
    });
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(!available)(`the miss budget shared through Redis at ${REDIS_URL}${available ? '' : ' (skipped: no Redis answers there)'}`, () => {
  it("counts one client's misses on every instance that shares the key prefix", async () => {
    const prefix = `${PREFIX}:shared`;
    const a = await createTestApp(env(prefix));
    const b = await createTestApp(env(prefix));
    closers.push(() => a.close(), () => b.close());
    await Promise.all([sharing(a, prefix), sharing(b, prefix)]);
    const from = (app: typeof a, ip: string, path: string) => request(app.app).get(path).set('X-Forwarded-For', ip);

    const statuses = [];
    const remaining = [];
    for (const [app, i] of [[a, 1], [b, 2], [a, 3], [b, 4], [a, 5], [b, 6]] as const) {
      const res = await from(app, '203.0.113.10', `/badge/nobody-${i}.svg`);
      statuses.push(res.status);
      remaining.push(/^"misses";r=(\d+);t=\d+$/.exec(res.headers['ratelimit'] ?? '')?.[1]);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(remaining).toEqual(['3', '2', '1', '0', '0', '0']);
    expect((await from(b, '203.0.113.11', '/badge/nobody-7.svg')).status).toBe(200);

    const admin = new Redis(REDIS_URL);
    closers.push(() => admin.disconnect());
    expect(Number(await admin.get(`${prefix}:m:203.0.113.10`))).toBeGreaterThanOrEqual(4);
  });

  it('keeps instances with different prefixes apart', async () => {
    const a = await createTestApp(env(`${PREFIX}:one`));
    const b = await createTestApp(env(`${PREFIX}:two`));
    closers.push(() => a.close(), () => b.close());
    await Promise.all([sharing(a, `${PREFIX}:one`), sharing(b, `${PREFIX}:two`)]);
    for (let i = 0; i < 4; i++) expect((await request(a.app).get(`/badge/nobody-${i}.svg`)).status).toBe(200);
    expect((await request(a.app).get('/badge/nobody-9.svg')).status).toBe(429);
    expect((await request(b.app).get('/badge/nobody-9.svg')).status).toBe(200);
  });

  it('serves through an outage, logs it once, and shares budgets again when Redis is back', async () => {
    const relay = await startRelay(new URL(REDIS_URL));
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const dir = tempDir();
    const store = await openSeededStore(dir.path);
    const prefix = `${PREFIX}:outage`;
    const config = loadConfig({ LOG_LEVEL: 'info', ...env(prefix, `redis://127.0.0.1:${relay.port}`), RATE_LIMIT_MISSES_PER_MINUTE: '1000' });
    const app = withServer(createApp({ config, store, fonts: testFonts(), logger, now: () => FIXED_NOW }), config);
    let current = relay;
    closers.push(async () => {
      app.close();
      await current.cut();
      await store.close();
      dir.remove();
    });
    const admin = new Redis(REDIS_URL);
    closers.push(() => admin.disconnect());
    const sharedCount = async () => Number(await admin.get(`${prefix}:m:unknown`)) + Number(await admin.get(`${prefix}:m:127.0.0.1`));
    let next = 0;
    const get = () => request(app.server).get(`/badge/nobody-${next++}.svg`);

    await until('the limiter to reach Redis', async () => (await get()).status === 200 && (await sharedCount()) > 0);
    await relay.cut();
    for (let i = 1; i <= 5; i++) expect((await get()).status).toBe(200);
    expect(lines.filter((line) => /unreachable/.test(line.msg))).toHaveLength(1);

    current = await startRelay(new URL(REDIS_URL), relay.port);
    const before = await sharedCount();
    await until('budgets to be shared again', async () => (await get()).status === 200 && (await sharedCount()) > before);
    expect(lines.filter((line) => /answers again/.test(line.msg))).toHaveLength(1);
    expect(lines.filter((line) => /unreachable/.test(line.msg))).toHaveLength(1);
  });
});
