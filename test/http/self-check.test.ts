import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfCheck } from '../../src/http/self-check.js';
import { createTestApp } from '../helpers/test-app.js';

describe('self-check', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('asks the real app for a badge over loopback, and keeps it out of the hot path', async () => {
    expect(await selfCheck(t.app)).toEqual([200, 200, 200]);
    expect(t.hotPath.stats()).toMatchObject({ hits: 0, entries: 0 });
    const metrics = (await request(t.app).get('/metrics')).text;
    expect(metrics).toMatch(/^trustbadge_http_requests_total\{route="badge",status="200"\} 3$/m);
  });

  it('reports what a broken service answers', async () => {
    expect(await selfCheck((_req, res) => res.writeHead(500).end(), {}, 2)).toEqual([500, 500]);
  });

  it('fails when the service drops the connection', async () => {
    await expect(selfCheck((req) => req.socket.destroy(), {}, 1)).rejects.toThrow();
  });
});
