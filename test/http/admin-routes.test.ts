// The admin API end to end on a real SQLite store: off without ADMIN_TOKEN, bearer auth, PUT / DELETE
// with field-level errors and body limits, streamed NDJSON imports all or nothing; lookups follow writes.

import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import { entityTag, nameTag, registryTag } from '../../src/services/purge-tag.js';
import type { Store } from '../../src/store/store.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { createTestApp, FIXED_NOW, openSeededStore, tempDir, testFonts } from '../helpers/test-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };
const record = (fields: Record<string, unknown> = {}) => ({ category: 'library', score: 55.5, ...fields });
const svgText = (res: request.Response): string => res.text ?? (res.body as Buffer).toString('utf8');
const line = (fields: Record<string, unknown>) => JSON.stringify({ registry: 'npm', category: 'library', score: 50, ...fields });

describe('admin routes without ADMIN_TOKEN', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it.each([
    ['PUT', '/v1/entities/npm/left-pad'],
    ['DELETE', '/v1/entities/web/OpenRouter'],
    ['POST', '/v1/import'],
  ])('%s %s does not exist (404), token or not', async (method, path) => {
    const res = await request(t.app)[method.toLowerCase() as 'put' | 'delete' | 'post'](path).set(auth).send({});
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('route_not_found');
    expect(await t.store.findByName('web', 'OpenRouter')).not.toBeNull();
  });
});

describe('admin routes', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ServedApp;
  let logs: string[];

  beforeEach(async () => {
    dir = tempDir();
    store = await openSeededStore(dir.path);
    logs = [];
    const sink = new Writable({ write: (chunk, _enc, done) => done(void logs.push(String(chunk))) });
    const config = loadConfig({ ADMIN_TOKEN: TOKEN, IMPORT_MAX_BYTES: '4KiB' });
    app = withServer(createApp({ config, store, fonts: testFonts(), logger: pino({ level: 'info' }, sink), now: () => FIXED_NOW }), config);
  });
  afterEach(async () => {
    app.close();
    await store.close();
    dir.remove();
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}, 'Bearer realm="trustbadge admin"'],
      ['a wrong token of the same length', { Authorization: `Bearer ${TOKEN.replace(/.$/, 'X')}` }, 'error="invalid_token"'],
      ['a wrong token of another length', { Authorization: 'Bearer short' }, 'error="invalid_token"'],
      ['another scheme', { Authorization: `Basic ${TOKEN}` }, 'Bearer realm="trustbadge admin"'],
    ])('refuses %s with 401 and WWW-Authenticate, changing nothing', async (_what, headers, challenge) => {
      const res = await request(app.server).delete('/v1/entities/web/OpenRouter').set(headers as Record<string, string>);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['www-authenticate']).toContain(challenge);
      expect(await store.findByName('web', 'OpenRouter')).not.toBeNull();
    });

    it('logs a refused attempt with the client address, never the token', async () => {
      await request(app.server).post('/v1/import').set({ Authorization: 'Bearer guessed-token-value-123' }).send('');
      const refused = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).startsWith('admin request refused'));
      expect(refused).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1|::1/), path: '/v1/import' });
      expect(logs.join('\n')).not.toContain('guessed-token-value-123');
    });
  });

  describe('PUT /v1/entities/{registry}/{name}', () => {
    it('creates an entity (201, Location) with registry and name from the URL, and serves it at once', async () => {
      const res = await request(app.server).put('/v1/entities/npm/%40scope/new-pkg').set(auth).send(record({ aliases: ['np'] }));
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe('/v1/entities/npm/%40scope/new-pkg');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({ created: true, changed: true, purge_tag: entityTag('npm', '@scope/new-pkg') });
      expect(res.body.entity).toMatchObject({ registry: 'npm', name: '@scope/new-pkg', score: 55.5, aliases: ['np'], updated_at: '2026-11-24T12:00:00Z' });
      const report = await request(app.server).get('/v1/entities/npm/@scope/new-pkg');
      expect(report.body).toMatchObject({ score: 55.5, grade: 'D' });
    });

    it('updates an entity (200) and the next report and badge show the new grade, not a cached one', async () => {
      const before = await request(app.server).get('/badge/web/OpenRouter.svg');
      expect(svgText(before)).toContain('trust: B');
      const res = await request(app.server).put('/v1/entities/web/openrouter').set(auth).send(record({ name: 'OpenRouter', category: 'ai_tool', score: 91.2 }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: false, changed: true });
      // Every tag the write can have made wrong: the entity, and each name and alias before and after.
      expect(new Set(res.headers['x-purge-tag']!.split(' '))).toEqual(new Set([
        registryTag('web'), entityTag('web', 'OpenRouter'), nameTag('openrouter'), entityTag('web', 'openrouter.ai'), nameTag('openrouter.ai'),
      ]));
      expect(res.body.purge_tags).toEqual(res.headers['x-purge-tag']!.split(' '));
      expect(svgText(await request(app.server).get('/badge/web/OpenRouter.svg'))).toContain('trust: A');
      expect((await request(app.server).get('/v1/entities/openrouter')).body).toMatchObject({ score: 91.2, grade: 'A' });
      // PUT replaces the whole entity: the alias it no longer lists is gone.
      expect((await request(app.server).get('/v1/entities/openrouter.ai')).status).toBe(404);
    });

    it('says when a PUT changed nothing', async () => {
      await request(app.server).put('/v1/entities/npm/same').set(auth).send(record({ updated_at: '2026-01-01T00:00:00Z' }));
      const again = await request(app.server).put('/v1/entities/npm/same').set(auth).send(record({ updated_at: '2026-01-01T00:00:00Z' }));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, changed: false });
    });

    it('answers field-level errors (400) and changes nothing', async () => {
      const res = await request(app.server).put('/v1/entities/npm/brand-new').set(auth).send({ score: 'high', scroe: 1, category: 'library' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toMatchObject({
        type: expect.stringMatching(/\/docs\/api#problem-invalid_entity$/),
        title: 'The entity is not valid.',
        status: 400,
        code: 'invalid_entity',
        instance: `urn:trustbadge:request:${res.headers['x-request-id']}`,
      });
      // About this write, not about a resource: no cache may keep it.
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.errors).toEqual(expect.arrayContaining([
        { in: 'body', name: 'score', detail: 'must be a number from 0 to 100' },
        { in: 'body', name: 'scroe', detail: 'is not a known field' },
      ]));
      expect(await store.findByName('npm', 'brand-new')).toBeNull();
    });

    it.each([
      ['registry', { registry: 'pypi' }],
      ['name', { name: 'other-name' }],
    ])('refuses a body whose %s disagrees with the URL', async (field, fields) => {
      const res = await request(app.server).put('/v1/entities/npm/left-pad').set(auth).send(record(fields));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_entity');
      expect(res.body.errors).toEqual([{ in: 'body', name: field, detail: expect.stringMatching(/must match the URL/) }]);
    });

    it('refuses invalid JSON, a non-JSON type, and a body over 64 KiB', async () => {
      const broken = await request(app.server).put('/v1/entities/npm/x').set(auth).set('Content-Type', 'application/json').send('{"score":');
      expect([broken.status, broken.body.code]).toEqual([400, 'invalid_entity']);
      const text = await request(app.server).put('/v1/entities/npm/x').set(auth).set('Content-Type', 'text/plain').send('{}');
      expect([text.status, text.body.code]).toEqual([415, 'unsupported_media_type']);
      const huge = await request(app.server).put('/v1/entities/npm/x').set(auth).send(record({ description: 'x'.repeat(70 * 1024) }));
      expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
      expect(await store.findByName('npm', 'x')).toBeNull();
    });
  });

  describe('DELETE /v1/entities/{registry}/{name}', () => {
    it('deletes (204), then answers 404; lookups follow at once', async () => {
      expect((await request(app.server).get('/v1/entities/openrouter')).status).toBe(200);
      const res = await request(app.server).delete('/v1/entities/web/OPENROUTER').set(auth);
      expect(res.status).toBe(204);
      // A deletion may empty a registry, whose registry/name targets then read as bare names: `unknown` goes too.
      expect(new Set(res.headers['x-purge-tag']!.split(' '))).toEqual(new Set([
        'unknown', registryTag('web'), entityTag('web', 'OpenRouter'), nameTag('openrouter'), entityTag('web', 'openrouter.ai'), nameTag('openrouter.ai'),
      ]));
      expect((await request(app.server).get('/v1/entities/openrouter')).status).toBe(404);
      const again = await request(app.server).delete('/v1/entities/web/OpenRouter').set(auth);
      expect([again.status, again.body.code]).toEqual([404, 'not_found']);
    });
  });

  describe('POST /v1/import', () => {
    const ndjson = (lines: string[]) => `${lines.join('\n')}\n`;

    it('imports an NDJSON body and answers the summary', async () => {
      const res = await request(app.server).post('/v1/import').set(auth).set('Content-Type', 'application/x-ndjson')
        .send(ndjson([line({ name: 'fresh' }), line({ name: 'OpenRouter', registry: 'web', category: 'ai_tool', score: 10 })]));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ inserted: 1, updated: 1, unchanged: 0, lines: 2, purge_tags: res.headers['x-purge-tag']!.split(' ') });
      expect(res.body.purge_tags).toEqual(expect.arrayContaining([entityTag('npm', 'fresh'), nameTag('fresh'), entityTag('web', 'OpenRouter'), nameTag('openrouter.ai')]));
      expect((await request(app.server).get('/v1/entities/openrouter')).body).toMatchObject({ grade: 'F' });
    });

    it('takes a gzip body', async () => {
      const res = await request(app.server).post('/v1/import').set(auth).set('Content-Encoding', 'gzip')
        .send(gzipSync(ndjson([line({ name: 'zipped' })])));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ inserted: 1 });
    });

    it('refuses a bad line with its number (400) and changes nothing', async () => {
      const res = await request(app.server).post('/v1/import').set(auth)
        .send(ndjson([line({ name: 'a' }), line({ name: 'b' }), line({ name: 'c', score: 101 })]));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'invalid_import', status: 400, line: 3, detail: expect.stringContaining('line 3: score must be a number from 0 to 100') });
      expect(await store.findByName('npm', 'a')).toBeNull();
    });

    it('refuses a body over IMPORT_MAX_BYTES while it streams (413) and changes nothing', async () => {
      const lines = Array.from({ length: 100 }, (_, i) => line({ name: `big-${i}` }));
      const declared = await request(app.server).post('/v1/import').set(auth).send(ndjson(lines));
      expect([declared.status, declared.body.code]).toEqual([413, 'payload_too_large']);
      // Without a Content-Length (chunked, or compressed), the limit holds on the bytes as they arrive.
      const streamed = await request(app.server).post('/v1/import').set(auth).set('Content-Encoding', 'gzip').send(gzipSync(ndjson(lines)));
      expect([streamed.status, streamed.body.code]).toEqual([413, 'payload_too_large']);
      expect(await store.findByName('npm', 'big-0')).toBeNull();
    });

    it('refuses a body that is not gzip although it says so', async () => {
      const res = await request(app.server).post('/v1/import').set(auth).set('Content-Encoding', 'gzip').send('not gzip');
      expect([res.status, res.body.code]).toEqual([400, 'bad_request']);
    });
  });
});
