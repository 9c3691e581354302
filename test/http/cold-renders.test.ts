import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { parseSvg, svgText } from '../helpers/svg.js';

let t: Awaited<ReturnType<typeof createTestApp>> | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});


describe('cold renders', () => {
  it('draw once for many concurrent requests of one uncached badge', async () => {
    t = await createTestApp();
    const app = t.app;
    const before = t.cache.stats().renders;
    const answers = await Promise.all(Array.from({ length: 12 }, () => request(app).get('/badge/openrouter.png?scale=3')));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(t.cache.stats().renders - before).toBe(1);
  });

  it('answer 503 with Retry-After and a busy badge past the queue bound, never an unbounded backlog', async () => {
    t = await createTestApp({ RENDER_CONCURRENCY: '1', RENDER_QUEUE_MAX: '2' });
    const app = t.app;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => request(app).get(`/badge/openrouter.svg?label=cold-${i}`).set('Accept-Encoding', 'identity')),
    );
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    for (const answer of busy) {
      expect(answer.headers['retry-after']).toBe('30');
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(parseSvg(svgText(answer)).title).toBe('trust: busy');
    }
    expect(t.renderQueue.stats().queued).toBe(0);
  });

  it('leave cached badges and health checks answered while renders are saturated', async () => {
    t = await createTestApp({ RENDER_CONCURRENCY: '1', RENDER_QUEUE_MAX: '1000' });
    const app = t.app;
    await request(app).get('/badge/openrouter.svg');
    const done: string[] = [];
    const flood = Array.from({ length: 40 }, (_, i) =>
      request(app).get(`/badge/openrouter.png?scale=4&label=flood-${i}`).then((res) => {
        done.push(`cold ${res.status}`);
      }),
    );
    // Let the flood reach the queue before asking for what is cached.
    while (t.renderQueue.stats().queued < 20) await new Promise((resolve) => setImmediate(resolve));
    const cached = request(app).get('/badge/openrouter.svg').then((res) => done.push(`cached ${res.status}`));
    const health = request(app).get('/healthz').then((res) => done.push(`health ${res.status}`));
    await Promise.all([...flood, cached, health]);
    const lastCold = done.lastIndexOf('cold 200');
    expect(done.indexOf('cached 200')).toBeGreaterThanOrEqual(0);
    expect(done.indexOf('cached 200')).toBeLessThan(lastCold);
    expect(done.indexOf('health 200')).toBeLessThan(lastCold);
    // Answered while most of the flood was still waiting for its turn.
    expect(done.indexOf('cached 200')).toBeLessThan(20);
  });
});
