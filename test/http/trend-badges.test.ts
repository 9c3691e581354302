// `/badge/{target}.svg?trend=30d|90d|365d` over HTTP: the change built by dated writes through the
// admin API, its accessible name, fresh after a write, kept apart per trend by the hot path.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, FIXED_NOW } from '../helpers/test-app.js';
import { titleOf } from '../helpers/svg.js';

const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };
type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const put = (t: TestApp, name: string, score: number, updatedAt: string, dimensions: object = {}) =>
  request(t.app).put(`/v1/entities/npm/${name}`).set(ADMIN).type('json').send({ category: 'library', score, dimensions, updated_at: updatedAt });
const badge = (t: TestApp, path: string) => request(t.app).get(path);

describe('trend badges over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests' });
    expect(FIXED_NOW.toISOString().slice(0, 10)).toBe('2026-11-24');
    const writes = [
      ['trendy', 80, '2025-11-01T00:00:00Z', { security: 90 }],
      ['trendy', 75, '2026-08-01T00:00:00Z', { security: 80 }],
      ['trendy', 70.5, '2026-09-15T00:00:00Z', { security: 80 }],
      ['trendy', 66.8, '2026-11-20T06:00:00Z', { security: 70 }],
      ['steady', 61, '2026-10-20T00:00:00Z', {}],
      ['newcomer', 74, '2026-11-10T00:00:00Z', {}],
    ] as const;
    for (const [name, score, at, dimensions] of writes) expect((await put(t, name, score, at, dimensions)).status).toBeLessThan(300);
  });
  afterAll(() => t.close());

  it('appends the change over the window, said in words in the accessible name', async () => {
    const cases = [
      ['/badge/npm/trendy.svg?trend=30d', 'trust: C · 66/100, down 3 points in 30 days'],
      ['/badge/npm/trendy.svg?trend=90d', 'trust: C · 66/100, down 8 points in 90 days'],
      ['/badge/npm/trendy.svg?trend=365d', 'trust: C · 66/100, down 13 points in 365 days'],
      ['/badge/npm/trendy.svg?trend=30d&metric=security&show=score', 'security: 70/100, down 10 points in 30 days'],
      ['/badge/npm/trendy.svg?trend=30d&metric=privacy', 'privacy: not rated'],
      ['/badge/npm/steady.svg?trend=30d', 'trust: C · 61/100, unchanged in 30 days'],
      // History does not reach back that far: no arrow, nothing said.
      ['/badge/npm/newcomer.svg?trend=30d', 'trust: B · 74/100'],
      ['/badge/npm/trendy.svg', 'trust: C · 66/100'],
    ] as const;
    for (const [path, title] of cases) {
      const res = await badge(t, path);
      expect(res.status, path).toBe(200);
      expect(titleOf(res), path).toBe(title);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    }
    const png = await badge(t, '/badge/npm/trendy.png?trend=30d&scale=2');
    expect([png.status, png.headers['content-type']]).toEqual([200, 'image/png']);
  });

  it('refuses an unknown trend with the 400 badge naming it', async () => {
    for (const query of ['trend=7d', 'trend=30', 'trend=', 'trend=30d&trend=90d']) {
      const res = await badge(t, `/badge/npm/trendy.svg?${query}`);
      expect(res.status, query).toBe(400);
      expect(titleOf(res), query).toBe('trust: invalid trend');
    }
  });

  it('dates the answer from when the calendar last moved the trend, when that is after the update', async () => {
    // steady was written 2026-10-20; on 2026-11-19 that write left the 30-day window's start.
    const res = await badge(t, '/badge/npm/steady.svg?trend=30d');
    expect(res.headers['last-modified']).toBe(new Date('2026-11-19T00:00:00Z').toUTCString());
    expect((await badge(t, '/badge/npm/steady.svg')).headers['last-modified']).toBe(new Date('2026-10-20T00:00:00Z').toUTCString());
    const since = await badge(t, '/badge/npm/steady.svg?trend=30d').set('If-Modified-Since', new Date('2026-11-01T00:00:00Z').toUTCString());
    expect(since.status).toBe(200);
  });

  it('keeps each trend apart on the hot path, and answers repeats from memory', async () => {
    const paths = ['/badge/npm/trendy.svg?trend=90d&style=plastic', '/badge/npm/trendy.svg?trend=365d&style=plastic', '/badge/npm/trendy.svg?style=plastic'];
    const first = await Promise.all(paths.map(async (path) => titleOf(await badge(t, path))));
    expect(new Set(first).size).toBe(3);
    const hits = t.hotPath.stats().hits;
    for (const [i, path] of paths.entries()) expect(titleOf(await badge(t, path))).toBe(first[i]);
    expect(t.hotPath.stats().hits - hits).toBe(paths.length);
  });

  it('reads history only for a trend, and then from memory until a write', async () => {
    // Any write starts a new generation of remembered history.
    expect((await put(t, 'newcomer', 74, '2026-11-12T00:00:00Z')).status).toBe(200);
    const reads = vi.spyOn(t.store, 'getHistory');
    try {
      await badge(t, '/badge/npm/trendy.svg?theme=dark');
      expect(reads).not.toHaveBeenCalled();
      await badge(t, '/badge/npm/trendy.svg?theme=dark&trend=30d');
      await badge(t, '/badge/npm/trendy.svg?theme=dark&trend=90d&show=grade');
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('changes at once after a dated write', async () => {
    const path = '/badge/npm/trendy.svg?trend=30d&style=flat-square';
    expect(titleOf(await badge(t, path))).toBe('trust: C · 66/100, down 3 points in 30 days');
    const hits = t.hotPath.stats().hits;
    expect(titleOf(await badge(t, path))).toBe('trust: C · 66/100, down 3 points in 30 days');
    expect(t.hotPath.stats().hits).toBe(hits + 1);
    expect((await put(t, 'trendy', 72.1, '2026-11-24T08:00:00Z', { security: 70 })).status).toBe(200);
    expect(titleOf(await badge(t, path))).toBe('trust: B · 72/100, up 1 point in 30 days');
    expect(titleOf(await badge(t, '/badge/npm/trendy.svg?trend=365d&style=plastic'))).toBe('trust: B · 72/100, down 7 points in 365 days');
  });

  it('keeps the trend in the embed snippets', async () => {
    const res = await request(t.app).get('/v1/embed/npm/trendy?trend=90d&style=social');
    expect(res.status).toBe(200);
    const url = new URL(res.body.badge.svg as string);
    expect(Object.fromEntries(url.searchParams)).toEqual({ style: 'social', trend: '90d' });
    expect((await request(t.app).get('/v1/embed/npm/trendy?trend=1y')).status).toBe(400);
  });
});
