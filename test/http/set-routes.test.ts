// Dependency sets: POST /v1/sets (content-addressed, bounded, rate-limited), the set badge that
// follows score changes, its purge tags, the page listing the weakest first, and dropping sets
// nobody asked for in 90 days.

import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SET_PURLS } from '../../src/domain/dependency-set.js';
import { setIdOf } from '../../src/services/set-service.js';
import { entityTag } from '../../src/services/purge-tag.js';
import type { SetCreated, SetReport } from '../../src/schema/answers.js';
import { parseSvg } from '../helpers/svg.js';
import { createTestApp } from '../helpers/test-app.js';
import { attr, parseHtml, query, textOf } from './pages-dom.js';

const BASE = 'https://badges.example.org';
const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };
type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const create = (t: TestApp, purls: unknown) => request(t.app).post('/v1/sets').type('json').send(JSON.stringify({ purls }));
const badgeTitle = async (t: TestApp, path: string) => {
  const res = await request(t.app).get(path).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
  return { res, title: parseSvg((res.body as Buffer).toString('utf8')).title };
};

describe('dependency sets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: BASE, ADMIN_TOKEN: 'secret-token-for-tests' });
  });
  afterAll(() => t.close());

  const PURLS = ['pkg:npm/sharp@0.33.5', 'pkg:pypi/sharp@1.0', 'pkg:github/haotian-liu/LLaVA', 'pkg:npm/not-in-catalogue@1.0.0', 'pkg:npm/sharp@0.32.0', 'pkg:swift/github.com/apple/swift-nio@2.0.0'];

  it('stores a set by its content: versions dropped, repeats once, the same packages the same id', async () => {
    const first = await create(t, PURLS);
    expect(first.status).toBe(201);
    const made = first.body as SetCreated;
    expect(made).toMatchObject({ packages: 5, created: true, page: `${BASE}/sets/${made.id}`, badge: { svg: `${BASE}/badge/set/${made.id}.svg` } });
    expect(first.headers.location).toBe(`/v1/sets/${made.id}`);
    const again = await create(t, [...PURLS].reverse().map((p) => p.replace('@0.33.5', '@0.34.0')));
    expect([again.status, again.body.id, again.body.created]).toEqual([200, made.id, false]);
    const json = (await request(t.app).get(`/v1/sets/${made.id}`)).body as SetReport;
    expect(json.packages).toEqual(['pkg:github/haotian-liu/llava', 'pkg:npm/not-in-catalogue', 'pkg:npm/sharp', 'pkg:pypi/sharp', 'pkg:swift/github.com/apple/swift-nio']);
    expect(json.summary).toMatchObject({ items: 5, found: 3, unknown: 1, unsupported: 1, lowest_grade: 'D' });
  });

  it('sums the set up on its badge in the lowest grade\'s colours, follows score changes, and carries every package\'s tag', async () => {
    const { id } = (await create(t, ['pkg:npm/set-member-a', 'pkg:npm/set-member-b', 'pkg:npm/sharp'])).body as SetCreated;
    const before = await badgeTitle(t, `/badge/set/${id}.svg`);
    expect([before.res.status, before.title]).toEqual([200, 'dependencies: 1 ok, 0 below C, 2 unknown, lowest grade B']);
    expect(String(before.res.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining([entityTag('npm', 'sharp'), entityTag('npm', 'set-member-a')]));
    // A member appears with an F, another with an A: the badge says so at once, whatever it remembered.
    for (const [name, score] of [['set-member-a', 12], ['set-member-b', 91]] as const) {
      expect((await request(t.app).put(`/v1/entities/npm/${name}`).set(ADMIN).type('json').send({ category: 'library', score })).status).toBe(201);
    }
    expect((await badgeTitle(t, `/badge/set/${id}.svg`)).title).toBe('dependencies: 2 ok, 1 below C, lowest grade F');
    expect((await badgeTitle(t, `/badge/set/${id}.svg?min=A`)).title).toBe('dependencies: 1 ok, 2 below A, lowest grade F');
    expect((await badgeTitle(t, `/badge/set/${id}.svg?label=deps&style=flat-square`)).title).toBe('deps: 2 ok, 1 below C, lowest grade F');
    const png = await request(t.app).get(`/badge/set/${id}.png`);
    expect([png.status, png.headers['content-type']]).toEqual([200, 'image/png']);
    await request(t.app).delete('/v1/entities/npm/set-member-a').set(ADMIN);
    expect((await badgeTitle(t, `/badge/set/${id}.svg`)).title).toBe('dependencies: 2 ok, 0 below C, 1 unknown, lowest grade B');
  });

  it('answers an unknown set with a grey badge (200, as GitHub needs) and a 404 page and JSON, and a bad min with a 400 badge', async () => {
    const unknown = await badgeTitle(t, `/badge/set/${'A'.repeat(22)}.svg`);
    expect([unknown.res.status, unknown.title]).toEqual([200, 'dependencies: unknown set']);
    expect((await badgeTitle(t, '/badge/set/not-an-id.svg')).title).toBe('dependencies: unknown set');
    expect((await request(t.app).get(`/v1/sets/${'A'.repeat(22)}`)).status).toBe(404);
    expect((await request(t.app).get(`/sets/${'A'.repeat(22)}`)).status).toBe(404);
    const { id } = (await create(t, ['pkg:npm/sharp'])).body as SetCreated;
    const bad = await badgeTitle(t, `/badge/set/${id}.svg?min=F`);
    expect([bad.res.status, bad.title]).toEqual([400, 'dependencies: invalid min']);
    expect((await badgeTitle(t, `/badge/set/${id}.svg?style=wavy`)).res.status).toBe(400);
  });

  it('lists the set on its page, weakest first, with the badge sized and each report linked', async () => {
    const { id } = (await create(t, ['pkg:npm/sharp', 'pkg:pypi/sharp', 'pkg:npm/never-heard-of-it'])).body as SetCreated;
    const res = await request(t.app).get(`/sets/${id}`);
    expect(res.status).toBe(200);
    const root = parseHtml(res.text);
    const rows = query(query(root, 'table')[0]!, 'tr').slice(1);
    expect(rows.map((row) => textOf(query(row, 'code')[0]!))).toEqual(['pkg:npm/never-heard-of-it', 'pkg:pypi/sharp', 'pkg:npm/sharp']);
    expect(query(root, 'a').map((a) => attr(a, 'href'))).toEqual(expect.arrayContaining(['/entity/pypi/sharp', '/entity/npm/sharp']));
    const img = query(root, 'img').find((i) => attr(i, 'src') === `/badge/set/${id}.svg`)!;
    expect(Number(attr(img, 'width'))).toBeGreaterThan(0);
    expect(res.headers['surrogate-key']).toContain(entityTag('pypi', 'sharp'));
  });

  it.each([
    ['no purls', {}, 400, 'invalid_set'],
    ['an empty list', { purls: [] }, 400, 'invalid_set'],
    ['something else than a package URL', { purls: ['pkg:npm/sharp', 'npm/sharp'] }, 400, 'invalid_set'],
    ['more than the bound', { purls: Array.from({ length: MAX_SET_PURLS + 1 }, (_, i) => `pkg:npm/p${i}`) }, 413, 'payload_too_large'],
  ])('refuses %s, storing nothing', async (_name, body, status, code) => {
    const res = await request(t.app).post('/v1/sets').type('json').send(JSON.stringify(body));
    expect([res.status, res.body.code]).toEqual([status, code]);
  });
});

describe('dependency sets over time and under the rate limit', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('drops sets nobody asked for in 90 days when a set is created, keeps those asked for since', async () => {
    const t = await createTestApp();
    apps.push(t);
    // The app's today is FIXED_NOW, 2026-11-24: 90 days back is 2026-08-26.
    const forgotten = setIdOf(['pkg:npm/forgotten']);
    const recent = setIdOf(['pkg:npm/recent']);
    await t.store.saveSet(forgotten, ['pkg:npm/forgotten'], '2026-08-25');
    await t.store.saveSet(recent, ['pkg:npm/recent'], '2026-08-26');
    expect((await request(t.app).get(`/v1/sets/${forgotten}`)).status).toBe(200);
    expect((await create(t, ['pkg:npm/sharp'])).status).toBe(201);
    // Asking for it (above) counted: it was asked for today, so it stays; the same for `recent`.
    expect((await request(t.app).get(`/v1/sets/${forgotten}`)).status).toBe(200);
    const stale = setIdOf(['pkg:npm/stale']);
    await t.store.saveSet(stale, ['pkg:npm/stale'], '2026-08-20');
    expect((await create(t, ['pkg:npm/sharp', 'pkg:pypi/sharp'])).status).toBe(201);
    expect((await request(t.app).get(`/v1/sets/${stale}`)).status).toBe(404);
    expect((await request(t.app).get(`/v1/sets/${recent}`)).status).toBe(200);
  });

  it('spends the client\'s budget on every set it creates', async () => {
    const t = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '0' });
    apps.push(t);
    expect((await create(t, ['pkg:npm/a1'])).status).toBe(201);
    expect((await create(t, ['pkg:npm/a2'])).status).toBe(201);
    const refused = await create(t, ['pkg:npm/a3']);
    expect([refused.status, refused.body.code]).toEqual([429, 'rate_limited']);
  });
});
