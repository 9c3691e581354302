// PostgreSQL going away and coming back under a running service: a TCP relay in front of the
// real server is cut (connections die, new ones are refused) and restored, while requests flow.
// What the cache can answer keeps being answered; misses get the grey 503; the service recovers
// on its own, its change listener included.

import { createReadStream } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { connect } from 'node:net';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { parseCacheControl } from '../helpers/headers.js';
import { dropSchema, postgresTitle, testDatabaseUrl, uniqueSchema } from '../helpers/postgres.js';
import { titleOf } from '../helpers/svg.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { FIXED_NOW, makeEntity, testFonts } from '../helpers/test-app.js';

const url = testDatabaseUrl();

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function createRelay(target: URL): Promise<{ port: number; cut: () => Promise<void>; restore: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    restore: listen,
  };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(url === null)(postgresTitle('PostgreSQL outage'), () => {
  const schema = uniqueSchema('outage');
  let relay: Awaited<ReturnType<typeof createRelay>>;
  let store: PostgresStore;
  let writer: PostgresStore;
  let app: ServedApp;

  beforeAll(async () => {
    relay = await createRelay(new URL(url!));
    const relayed = new URL(url!);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(relay.port);
    store = await openPostgresStore(relayed.href, { schema });
    await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    // Another replica, reaching PostgreSQL directly: its writes must reach the service's caches.
    writer = await openPostgresStore(url!, { schema });
    app = withServer(createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), store, fonts: testFonts(), logger: pino({ level: 'silent' }), now: () => FIXED_NOW }), loadConfig({ LOG_LEVEL: 'silent' }));
    // Its LISTEN in place first: connecting announces `all`, which would empty the caches mid-warm-up.
    await store.listening();
  }, 30_000);

  afterAll(async () => {
    app?.close();
    await store?.close();
    await writer?.close();
    if (url !== null) await dropSchema(url, schema);
  });

  it('answers from cache while the store is away, says unavailable for misses, and recovers', async () => {
    const cached = ['/badge/openrouter.svg', '/badge/npm/sharp.svg', '/badge/github/haotian-liu/LLaVA.png?scale=2'];
    for (const path of cached) expect((await request(app.server).get(path)).status).toBe(200);

    await relay.cut();

    // Under load: every request that the caches can answer is answered, none fails.
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => request(app.server).get(cached[i % cached.length]!)),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    }
    // A style never drawn for a cached lookup still works: rendering needs no store.
    const restyled = await request(app.server).get('/badge/npm/sharp.svg?style=for-the-badge');
    expect(restyled.status).toBe(200);
    expect(titleOf(restyled)).toMatch(/^trust: B/);

    const miss = await request(app.server).get('/badge/github/nobody/nothing.svg');
    expect(miss.status).toBe(503);
    expect(titleOf(miss)).toBe('trust: unavailable');
    expect(miss.headers['retry-after']).toBe('30');
    expect(parseCacheControl(miss.headers['cache-control']).get('max-age')).toBe('10');
    expect((await request(app.server).get('/v1/preflight?target=github/nobody/nothing')).status).toBe(503);
    const health = await request(app.server).get('/healthz');
    expect([health.status, health.body.status]).toEqual([503, 'degraded']);

    await relay.restore();
    await until('the store to answer again', async () => (await request(app.server).get('/healthz')).status === 200);
    const after = await request(app.server).get('/badge/github/nobody/nothing.svg');
    expect([after.status, titleOf(after)]).toEqual([200, 'trust: unknown']);

    // The change listener came back too: a write by another replica reaches this one's caches.
    await writer.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 12.5, updatedAt: '2026-11-01T00:00:00Z' })]);
    await until('the other replica\'s write', async () => titleOf(await request(app.server).get('/badge/npm/sharp.svg')) === 'trust: F · 12/100');
  }, 60_000);
});
