// The real PostgreSQL server stopped and started under load (CI runs as root on a machine whose
// only user of it is this suite; this file runs after every other test file). No request that the
// caches could answer is lost; misses get the grey 503; the service recovers on its own.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../helpers/postgres.js';
import { titleOf } from '../helpers/svg.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { FIXED_NOW, makeEntity, testFonts } from '../helpers/test-app.js';

const url = testDatabaseUrl();
const CTL = '/usr/bin/pg_ctlcluster';
const clusterVersion = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql')[0] : undefined;
const canRestart = url !== null && existsSync(CTL) && clusterVersion !== undefined && process.getuid?.() === 0;
if (!canRestart && process.env.CI === 'true') {
  throw new Error('under CI this test must stop and start the local PostgreSQL: it needs root, pg_ctlcluster and TEST_DATABASE_URL');
}

/** Asynchronous, so the load keeps flowing while PostgreSQL stops and starts. */
async function cluster(action: 'stop' | 'start'): Promise<void> {
  await promisify(execFile)(CTL, ['--skip-systemctl-redirect', clusterVersion!, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])]);
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.runIf(canRestart)('a real PostgreSQL restart under load', () => {
  const schema = uniqueSchema('restart');
  let store: PostgresStore;
  let app: ServedApp;
  let stopped = false;

  beforeAll(async () => {
    store = await openPostgresStore(url!, { schema });
    await importNdjson(store, createReadStream(DEFAULTS.sampleDataPath), () => FIXED_NOW);
    app = withServer(createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), store, fonts: testFonts(), logger: pino({ level: 'silent' }), now: () => FIXED_NOW }), loadConfig({ LOG_LEVEL: 'silent' }));
    // Its LISTEN in place first: connecting announces `all`, which would empty the caches mid-warm-up.
    await store.listening();
  }, 30_000);

  afterAll(async () => {
    if (stopped) await cluster('start');
    app?.close();
    await store?.close();
    if (url !== null) await dropSchema(url, schema);
  }, 60_000);

  it('keeps answering from cache, says unavailable for misses, and recovers by itself', async () => {
    const cached = ['/badge/openrouter.svg', '/badge/npm/sharp.svg?style=flat-square', '/badge/github/haotian-liu/LLaVA.png?scale=2'];
    for (const path of cached) expect((await request(app.server).get(path)).status).toBe(200);

    // Load on the cached badges for the whole outage, from four clients at once.
    const statuses: number[] = [];
    let loading = true;
    const load = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; loading; i++) statuses.push((await request(app.server).get(cached[i % cached.length]!)).status);
    });

    await cluster('stop');
    stopped = true;
    const servedBefore = statuses.length;
    const miss = await request(app.server).get('/badge/github/nobody/nothing.svg');
    expect([miss.status, titleOf(miss)]).toEqual([503, 'trust: unavailable']);

    const health = await request(app.server).get('/healthz');
    expect([health.status, health.body.status]).toEqual([503, 'degraded']);

    // Keep the load on while the store is down, long enough to count.
    await until('requests served during the outage', async () => statuses.length >= servedBefore + 50);
    await cluster('start');
    stopped = false;
    await until('the store to answer again', async () => (await request(app.server).get('/healthz')).status === 200);
    loading = false;
    await Promise.all(load);

    expect(statuses.length).toBeGreaterThanOrEqual(servedBefore + 50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const after = await request(app.server).get('/badge/github/nobody/nothing.svg');
    expect([after.status, titleOf(after)]).toEqual([200, 'trust: unknown']);

    // Writes work again, and reach the caches through the re-established change listener.
    const writer = await openPostgresStore(url!, { schema });
    try {
      await writer.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 21.7 })]);
      await until('the write to reach the service', async () => titleOf(await request(app.server).get('/badge/npm/sharp.svg?style=flat-square')) === 'trust: F · 21/100');
    } finally {
      await writer.close();
    }
  }, 90_000);
});
