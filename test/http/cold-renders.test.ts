import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, holdableRenderer } from '../helpers/test-app.js';
import { listen } from '../fuzz/fuzz-settings.js';
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
    // Renders are held until every request has come: 1 drawing, 2 waiting, the rest refused at once.
    const renderer = holdableRenderer();
    t = await createTestApp({ RENDER_CONCURRENCY: '1', RENDER_QUEUE_MAX: '2' }, [], { renderBadge: renderer.render });
    renderer.hold();
    const app = t.app;
    const pending = Array.from({ length: 20 }, (_, i) => request(app).get(`/badge/openrouter.svg?label=cold-${i}`).set('Accept-Encoding', 'identity').then((res) => res));
    while (t.renderQueue.stats().rejected < 17) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(t.renderQueue.stats()).toMatchObject({ running: 1, queuedByLane: { entity: 2 } });
    renderer.release();
    const answers = await Promise.all(pending);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy).toHaveLength(17);
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

  // Regression: state badges once skipped the queue's bound as "urgent" yet carried the caller's
  // label, so unknown targets with unique labels grew the queue past its bound and every new real
  // badge was answered 503 busy. Renders are held, so the flood is all queued at once.
  it('keep a flood of unknown targets from ever making a real badge busy, and within its bound', async () => {
    const renderer = holdableRenderer();
    t = await createTestApp({ RENDER_CONCURRENCY: '2', RENDER_QUEUE_MAX: '16', RATE_LIMIT_MISSES_PER_MINUTE: '600', TRUST_PROXY: 'loopback' }, [], { renderBadge: renderer.render });
    const server = await listen(t);
    const base = `http://127.0.0.1:${server.port}`;
    try {
      renderer.hold();
      const clients = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
      const flood = Array.from({ length: 60 }, (_, i) =>
        fetch(`${base}/badge/nobody-${i}.png?label=flood-${i}`, { headers: { 'X-Forwarded-For': clients[i % 3]! } }).then((res) => res.status),
      );
      // 2 drawing, 16 waiting in the state lane; the rest were refused at once.
      while (renderer.waiting() < 2 || t.renderQueue.stats().queuedByLane.state < 16) await new Promise((resolve) => setTimeout(resolve, 5));
      const real = Array.from({ length: 10 }, (_, i) => fetch(`${base}/badge/github/haotian-liu/LLaVA.svg?label=real-${i}`).then(async (res) => ({ status: res.status, body: await res.text() })));
      while (t.renderQueue.stats().queuedByLane.entity < 10) await new Promise((resolve) => setTimeout(resolve, 5));
      // Each lane within its bound; the fixed pictures (here the one `busy` PNG) are a handful by construction.
      expect(t.renderQueue.stats().queuedByLane).toEqual({ state: 16, entity: 10, fixed: 1 });
      renderer.release();
      const floodStatuses = await Promise.all(flood);
      expect(new Set(floodStatuses)).toEqual(new Set([200, 503]));
      expect(floodStatuses.filter((status) => status === 200).length).toBe(2 + 16);
      for (const [i, answer] of (await Promise.all(real)).entries()) {
        expect(answer.status).toBe(200);
        expect(parseSvg(answer.body).title).toBe(`real-${i}: B · 71/100`);
      }
    } finally {
      renderer.release();
      server.close();
    }
  });
});
