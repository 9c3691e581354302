// Two replicas of the service on one PostgreSQL catalogue: a change made through one (admin PUT,
// DELETE or import) shows in the other's badges and reports within a second, though the other had
// the old answer cached. Needs TEST_DATABASE_URL (required under CI).

import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityTag } from '../../src/services/purge-tag.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { dropSchema, eventually, openTestPostgresStore, postgresTitle, testDatabaseUrl, uniqueSchema } from '../helpers/postgres.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { FIXED_NOW, makeEntity, testFonts } from '../helpers/test-app.js';

const url = testDatabaseUrl();
const TOKEN = 'replica-admin-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
/** The promise to operators: every replica follows a change within a second. */
const FOLLOW_DEADLINE_MS = 1_000;
const svgText = (res: request.Response): string => res.text ?? (res.body as Buffer).toString('utf8');

describe.skipIf(url === null)(postgresTitle('replicas on one PostgreSQL catalogue'), () => {
  const schema = uniqueSchema('replicas');
  const replicas: { store: PostgresStore; app: ServedApp }[] = [];
  const a = () => replicas[0]!.app.handler;
  const b = () => replicas[1]!.app.handler;

  beforeAll(async () => {
    const config = loadConfig({ ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' });
    for (let i = 0; i < 2; i++) {
      const store = await openTestPostgresStore(url!, schema);
      const app = withServer(createApp({ config, store, fonts: testFonts(), logger: pino({ level: 'silent' }), now: () => FIXED_NOW }), config);
      replicas.push({ store, app });
    }
    await replicas[0]!.store.writeEntities([
      makeEntity({ name: 'left-pad', score: 74 }),
      makeEntity({ registry: 'pypi', name: 'requests', score: 65 }),
      makeEntity({ registry: 'crates', name: 'serde', score: 88 }),
    ]);
    // B hears A only once its LISTEN is in place (a real replica is listening long before traffic).
    await Promise.all(replicas.map((r) => r.store.listening()));
  });
  afterAll(async () => {
    for (const { app, store } of replicas) {
      app.close();
      await store.close();
    }
    await dropSchema(url!, schema);
  });

  const gradeOn = async (handler: ReturnType<typeof a>, target: string): Promise<string | null> => {
    const res = await request(handler).get(`/v1/entities/${target}`);
    return res.status === 200 ? (res.body as { grade: string }).grade : null;
  };

  it('drops the other replica\'s cached badge and report after a PUT', async () => {
    expect(await gradeOn(b(), 'npm/left-pad')).toBe('B');
    expect(svgText(await request(b()).get('/badge/npm/left-pad.svg'))).toContain('trust: B');
    // Served from B's caches now: a second read does not reach the store.
    const before = replicas[1]!.app.lookupStats();
    expect(await gradeOn(b(), 'npm/left-pad')).toBe('B');
    expect(replicas[1]!.app.lookupStats().hits).toBeGreaterThan(before.hits);

    const put = await request(a()).put('/v1/entities/npm/left-pad').set(auth).send({ category: 'library', score: 35 });
    expect(put.status).toBe(200);
    expect(await eventually(async () => (await gradeOn(b(), 'npm/left-pad')) === 'F', FOLLOW_DEADLINE_MS)).toBe(true);
    expect(svgText(await request(b()).get('/badge/npm/left-pad.svg'))).toContain('trust: F');
    expect(put.headers['x-purge-tag']!.split(' ')).toContain(entityTag('npm', 'left-pad'));
  });

  it('follows an import through the other replica, and a delete', async () => {
    expect(await gradeOn(b(), 'requests')).toBe('C');
    const imported = await request(a()).post('/v1/import').set(auth)
      .send('{"registry":"pypi","name":"requests","category":"library","score":81.5}\n');
    expect(imported.body).toMatchObject({ updated: 1 });
    expect(await eventually(async () => (await gradeOn(b(), 'requests')) === 'A', FOLLOW_DEADLINE_MS)).toBe(true);

    expect(await gradeOn(b(), 'crates/serde')).toBe('A');
    expect((await request(a()).delete('/v1/entities/crates/serde').set(auth)).status).toBe(204);
    expect(await eventually(async () => (await gradeOn(b(), 'crates/serde')) === null, FOLLOW_DEADLINE_MS)).toBe(true);
  });

  it('follows a seal\'s change and revocation through the other replica, though it had the seal in memory', async () => {
    const issued = await request(a()).post('/v1/seals').set(auth).type('json')
      .send(JSON.stringify({ target: 'crates/serde-seal', vendor: 'Acme', origins: ['https://acme.example'] }));
    expect(issued.status).toBe(404);
    await request(a()).put('/v1/entities/crates/serde-seal').set(auth).send({ category: 'library', score: 90 });
    const made = await request(a()).post('/v1/seals').set(auth).type('json')
      .send(JSON.stringify({ target: 'crates/serde-seal', vendor: 'Acme', origins: ['https://acme.example'] }));
    const id = (made.body as { id: string }).id;
    const stateOn = async (handler: ReturnType<typeof a>, referer: string) =>
      (await request(handler).get(`/seal/${id}.svg`).set({ Referer: referer })).headers['x-seal-state'];
    expect(await eventually(async () => (await stateOn(b(), 'https://acme.example/')) === 'valid', FOLLOW_DEADLINE_MS)).toBe(true);
    expect(await stateOn(b(), 'https://acme.example/')).toBe('valid');
    await request(a()).patch(`/v1/seals/${id}`).set(auth).type('application/merge-patch+json').send('{"origins":["https://acme.example.org"]}');
    expect(await eventually(async () => (await stateOn(b(), 'https://acme.example/')) === 'foreign', FOLLOW_DEADLINE_MS)).toBe(true);
    expect(await stateOn(b(), 'https://acme.example.org/')).toBe('valid');
    expect((await request(a()).delete(`/v1/seals/${id}`).set(auth)).status).toBe(204);
    expect(await eventually(async () => (await stateOn(b(), 'https://acme.example.org/')) === 'revoked', FOLLOW_DEADLINE_MS)).toBe(true);
  });

  it('leaves the other replica\'s cache alone for entities a write did not touch', async () => {
    await gradeOn(b(), 'pypi/requests');
    const hitsBefore = replicas[1]!.app.lookupStats().hits;
    await request(a()).put('/v1/entities/npm/other').set(auth).send({ category: 'library', score: 50 });
    expect(await eventually(async () => (await gradeOn(b(), 'npm/other')) === 'D', FOLLOW_DEADLINE_MS)).toBe(true);
    await gradeOn(b(), 'pypi/requests');
    expect(replicas[1]!.app.lookupStats().hits).toBeGreaterThan(hitsBefore);
  });
});
