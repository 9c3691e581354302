// GET /v1/history/{target}?days= and the report's trend, built by dated writes through the admin API
// as an operator's imports would make them.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FIXED_NOW } from '../helpers/test-app.js';

const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };
const put = (t: Awaited<ReturnType<typeof createTestApp>>, name: string, score: number, updatedAt: string, dimensions: object = {}) =>
  request(t.app).put(`/v1/entities/npm/${name}`).set(ADMIN).type('json').send({ category: 'library', score, dimensions, updated_at: updatedAt });

describe('score history over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests', PUBLIC_URL: 'https://badges.example.org' });
    expect(FIXED_NOW.toISOString().slice(0, 10)).toBe('2026-11-24');
    for (const [score, at] of [[80, '2025-11-01T00:00:00Z'], [75, '2026-08-01T00:00:00Z'], [70, '2026-10-30T00:00:00Z'], [66, '2026-11-20T06:00:00Z']] as const) {
      expect((await put(t, 'trendy', score, at, { security: score })).status).toBeLessThan(300);
    }
  });
  afterAll(() => t.close());

  it('answers the points of the last `days`, oldest first, with the trend', async () => {
    const res = await request(t.app).get('/v1/history/npm/trendy?days=30');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      target: 'npm/trendy',
      entity: { registry: 'npm', name: 'trendy' },
      days: 30,
      points: [
        { day: '2026-10-30', updated_at: '2026-10-30T00:00:00Z', score: 70, dimensions: { security: 70 } },
        { day: '2026-11-20', updated_at: '2026-11-20T06:00:00Z', score: 66, dimensions: { security: 66 } },
      ],
      trend: { change_30d: -9, change_90d: -9, change_365d: -14, last_change: '2026-11-20' },
    });
    expect(res.headers['last-modified']).toBe(new Date('2026-11-20T06:00:00Z').toUTCString());
    // A year by default: the point of 2025-11-01 is older, though the trend still reads it.
    const year = await request(t.app).get('/v1/history/npm/trendy');
    expect(year.body.days).toBe(365);
    expect(year.body.points.map((p: { day: string }) => p.day)).toEqual(['2026-08-01', '2026-10-30', '2026-11-20']);
    expect((await request(t.app).get('/v1/history/npm/trendy?days=400')).body.points).toHaveLength(4);
  });

  it('adds the trend and the data version to the report', async () => {
    const res = await request(t.app).get('/v1/entities/npm/trendy');
    expect(res.body.trend).toEqual({ change_30d: -9, change_90d: -9, change_365d: -14, last_change: '2026-11-20' });
    expect(res.body.data_version).toEqual({ version: 1, imported_at: '2026-11-24T12:00:00Z' });
    // npm/sharp has one point, of 2026-09-01: no change in 30 days, and nothing known 90 days back.
    const sharp = await request(t.app).get('/v1/entities/npm/sharp');
    expect(sharp.body.trend).toEqual({ change_30d: 0, change_90d: null, change_365d: null, last_change: null });
  });

  it('refuses days outside 1–3650 naming the parameter, and answers unknown and ambiguous as the report does', async () => {
    for (const days of ['0', '3651', 'x', '1.5']) {
      const res = await request(t.app).get(`/v1/history/npm/trendy?days=${days}`);
      expect(res.status, days).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_parameter', errors: [{ in: 'query', name: 'days' }] });
    }
    expect((await request(t.app).get('/v1/history/npm/trendy?days=3650')).status).toBe(200);
    expect((await request(t.app).get('/v1/history/npm/no-such-thing')).body).toMatchObject({ code: 'not_found', status: 404 });
    expect((await request(t.app).get('/v1/history/sharp')).body).toMatchObject({ code: 'ambiguous', status: 409 });
  });

  it('refuses a PUT dated before the stored score, naming updated_at, and changes nothing', async () => {
    const res = await put(t, 'trendy', 99, '2026-01-01T00:00:00Z');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_entity', errors: [{ in: 'body', name: 'updated_at', detail: 'must not be earlier than the stored 2026-11-20T06:00:00Z' }] });
    expect((await request(t.app).get('/v1/entities/npm/trendy')).body.score).toBe(66);
  });

  it('follows a write at once: the new point, and the report, with no stale answer in between', async () => {
    const before = await request(t.app).get('/v1/history/npm/trendy?days=30');
    expect((await put(t, 'trendy', 71.5, '2026-11-24T08:00:00Z', { security: 71.5 })).status).toBe(200);
    const after = await request(t.app).get('/v1/history/npm/trendy?days=30').set('If-None-Match', String(before.headers.etag));
    expect(after.status).toBe(200);
    expect(after.body.points.at(-1)).toMatchObject({ day: '2026-11-24', score: 71.5 });
    expect(after.body.trend.change_30d).toBe(-3.5);
    expect((await request(t.app).get('/v1/entities/npm/trendy')).body.trend.last_change).toBe('2026-11-24');
  });
});
