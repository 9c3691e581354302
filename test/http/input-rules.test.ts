// Regression tests for security findings 7, 8 and 13, each with the exact request that showed it,
// through the real app: invisible characters, bad UTF-8, impossible dates, rounded scores, repeated
// keys (PUT and import), and tokens in query strings reaching the access log.

import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs, createTestApp } from '../helpers/test-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const latin1Import = Buffer.from(
  '{"registry":"npm","name":"caf\xe9","category":"library","score":50}\n' +
  '{"registry":"npm","name":"caf\xe8","category":"library","score":99}\n',
  'latin1',
);

describe('admin input rules', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => t.close());

  const putJson = (path: string, body: string | Buffer) =>
    request(t.app).put(path).set(auth).set('Content-Type', 'application/json').serialize((data: unknown) => data as string).send(body as string);
  const importBody = (body: string | Buffer) => request(t.app).post('/v1/import').set(auth).set('Content-Type', 'application/x-ndjson').send(body);

  it('finding 7: refuses PUT /v1/entities/spoof/Open%E2%81%A0Router (U+2060) naming name, and stores nothing', async () => {
    const res = await request(t.app).put('/v1/entities/spoof/Open%E2%81%A0Router').set(auth).send({ category: 'ai_tool', score: 99 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'invalid_entity',
      errors: [{ in: 'body', name: 'name', detail: 'must not contain invisible or control characters (U+2060)' }],
    });
    expect(await t.store.findByName('spoof', 'Open\u2060Router')).toBeNull();
    expect(await t.store.findByName('spoof', 'OpenRouter')).toBeNull();
    expect((await request(t.app).get('/v1/entities/spoof/OpenRouter')).status).toBe(404);
  });

  it.each(['%D8%9C', '%C2%AD', '%E1%A0%8E', '%F3%A0%81%81', '%E2%81%A2', '%CD%8F', '%EF%B8%8F'])('finding 7: refuses %s inside a PUT name the same way', async (escape) => {
    const res = await request(t.app).put(`/v1/entities/spoof/Open${escape}Router`).set(auth).send({ category: 'ai_tool', score: 99 });
    expect([res.status, res.body.errors?.[0]?.in, res.body.errors?.[0]?.name]).toEqual([400, 'body', 'name']);
    expect(res.body.detail).toMatch(/^name must not contain invisible or control characters \(U\+[0-9A-F]{4,5}\)$/);
  });

  it('finding 8: refuses a Latin-1 import with the line number, and stores neither entity', async () => {
    const res = await importBody(latin1Import);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_import', line: 1, detail: 'line 1: is not valid UTF-8' });
    expect(await t.store.findByName('npm', 'caf\ufffd')).toBeNull();
    expect(await t.store.findByName('npm', 'café')).toBeNull();
  });

  it('finding 8: refuses a Latin-1 PUT body instead of storing U+FFFD', async () => {
    const res = await putJson('/v1/entities/npm/latin', Buffer.from('{"category":"library","score":50,"author":"Jos\xe9"}', 'latin1'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ in: 'body', name: '(body)', detail: 'is not valid UTF-8' }]);
    expect(await t.store.findByName('npm', 'latin')).toBeNull();
  });

  it('finding 13: refuses updated_at 2026-02-30T00:00:00Z (PUT and import) rather than storing March 2nd', async () => {
    const put = await request(t.app).put('/v1/entities/npm/feb30').set(auth).send({ category: 'library', score: 50, updated_at: '2026-02-30T00:00:00Z' });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual([{ in: 'body', name: 'updated_at', detail: expect.stringMatching(/^must be a real date and time/) }]);
    const imported = await importBody('{"registry":"npm","name":"feb30","category":"library","score":50,"updated_at":"2026-02-30T00:00:00Z"}\n');
    expect([imported.status, imported.body.line]).toEqual([400, 1]);
    expect(await t.store.findByName('npm', 'feb30')).toBeNull();
  });

  it('finding 13: refuses a score of 79.99999999 rather than storing 80.0 (an A for a B)', async () => {
    const res = await request(t.app).put('/v1/entities/npm/almost-a').set(auth).send({ category: 'library', score: 79.99999999 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ in: 'body', name: 'score', detail: 'must have at most one decimal (79.99999999 is not)' }]);
    expect(await t.store.findByName('npm', 'almost-a')).toBeNull();
    const ok = await request(t.app).put('/v1/entities/npm/almost-a').set(auth).send({ category: 'library', score: 79.9 });
    expect([ok.status, ok.body.entity.score]).toEqual([201, 79.9]);
    expect((await request(t.app).get('/v1/entities/npm/almost-a')).body).toMatchObject({ score: 79.9, grade: 'B' });
  });

  it('finding 13: refuses duplicate keys in a PUT body, at the top and inside dimensions', async () => {
    const top = await putJson('/v1/entities/npm/dupe', '{"category":"library","score":40,"score":99}');
    expect([top.status, top.body.errors]).toEqual([400, [{ in: 'body', name: 'score', detail: 'is given more than once' }]]);
    const nested = await putJson('/v1/entities/npm/dupe', '{"category":"library","score":40,"dimensions":{"security":10,"security":99}}');
    expect([nested.status, nested.body.errors]).toEqual([400, [{ in: 'body', name: 'dimensions.security', detail: 'is given more than once' }]]);
    expect(await t.store.findByName('npm', 'dupe')).toBeNull();
  });

  it('finding 13: refuses duplicate keys in an import line, and applies nothing', async () => {
    const res = await importBody(
      '{"registry":"npm","name":"dupe-a","category":"library","score":50}\n' +
      '{"registry":"npm","name":"dupe-b","category":"library","score":40,"score":99}\n',
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_import', line: 2, detail: 'line 2: score is given more than once' });
    expect(await t.store.findByName('npm', 'dupe-a')).toBeNull();
  });

  it('still takes a PUT body with a byte-order mark, as express.json did', async () => {
    const res = await putJson('/v1/entities/npm/bom-body', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"category":"library","score":50}')]));
    expect(res.status).toBe(201);
  });
});

describe('secrets in query strings (finding 13)', () => {
  let app: Awaited<ReturnType<typeof createTestApp>>;
  let logs: string[];

  beforeEach(async () => {
    const captured = captureLogs();
    logs = captured.lines;
    app = await createTestApp({ ADMIN_TOKEN: TOKEN }, [], { logger: captured.logger });
  });
  afterEach(async () => app.close());

  const accessLines = () => logs.flatMap((chunk) => chunk.split('\n')).filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');

  it('GET /v1/entities/x?access_token=SECRET123 is logged without the token', async () => {
    await request(app.app).get('/v1/entities/x?access_token=SECRET123');
    expect(logs.join('')).not.toContain('SECRET123');
    expect(accessLines().map((l) => l.url)).toEqual(['/v1/entities/x?access_token=[REDACTED]']);
  });

  it('an admin request with ?access_token= is logged without the token, refused or not', async () => {
    await request(app.app).delete('/v1/entities/npm/nothing-here?access_token=SECRET123');
    await request(app.app).delete('/v1/entities/npm/nothing-here?Access_Token=SECRET123').set(auth);
    expect(logs.join('')).not.toContain('SECRET123');
    expect(accessLines().map((l) => l.url)).toEqual([
      '/v1/entities/npm/nothing-here?access_token=[REDACTED]',
      '/v1/entities/npm/nothing-here?Access_Token=[REDACTED]',
    ]);
  });

  it('a badge request (the hot path) with secrets among its parameters keeps the others', async () => {
    await request(app.app).get('/badge/web/OpenRouter.svg?style=flat&api_key=SECRET123&label=a%20b&X-Amz-Signature=SECRET123');
    expect(logs.join('')).not.toContain('SECRET123');
    expect(accessLines().map((l) => l.url)).toEqual(['/badge/web/OpenRouter.svg?style=flat&api_key=[REDACTED]&label=a%20b&X-Amz-Signature=[REDACTED]']);
  });
});
