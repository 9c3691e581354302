// Liveness and readiness: /livez answers while the process runs, whatever the store does;
// /readyz is 503 while the store fails or hangs and from the moment draining starts;
// /healthz keeps its original answer.

import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/app.js';
import type { Store } from '../../src/store/store.js';
import { parseCacheControl } from '../helpers/headers.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { FIXED_NOW, openSeededStore, tempDir, testFonts } from '../helpers/test-app.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The real seeded store, with `ping` replaced. */
async function appWithPing(ping?: () => Promise<void>) {
  const dir = tempDir();
  const store = await openSeededStore(dir.path);
  const wrapped: Store =
    ping === undefined
      ? store
      : new Proxy(store, {
          get: (target, property) => {
            if (property === 'ping') return ping;
            const value: unknown = Reflect.get(target, property);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
  const app = withServer(createApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), store: wrapped, fonts: testFonts(), logger: pino({ level: 'silent' }), now: () => FIXED_NOW }), loadConfig({ LOG_LEVEL: 'silent' }));
  closers.push(async () => {
    app.close();
    await store.close();
    dir.remove();
  });
  return app;
}

describe('/livez and /readyz', () => {
  it('are both 200, never cached, while all is well', async () => {
    const app = await appWithPing();
    const live = await request(app.server).get('/livez');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'alive' });
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', draining: false, store: { ok: true } });
    for (const res of [live, ready]) expect(parseCacheControl(res.headers['cache-control']).has('no-store')).toBe(true);
  });

  it('split when the store fails: not ready, still alive, /healthz as before', async () => {
    const app = await appWithPing(() => Promise.reject(new Error('connection refused')));
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not_ready', store: { ok: false } });
    expect(JSON.stringify(ready.body)).not.toContain('refused');
    expect((await request(app.server).get('/livez')).status).toBe(200);
    const health = await request(app.server).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
  });

  it('is not ready when the store does not answer at all', async () => {
    const app = await appWithPing(() => new Promise<void>(() => {}));
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.store.ok).toBe(false);
  });

  it('is not ready from the moment draining starts, while liveness and badges go on', async () => {
    const app = await appWithPing();
    expect((await request(app.server).get('/readyz')).status).toBe(200);
    app.startDraining();
    const ready = await request(app.server).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not_ready', draining: true });
    expect((await request(app.server).get('/livez')).status).toBe(200);
    expect((await request(app.server).get('/badge/openrouter.svg')).status).toBe(200);
  });
});
