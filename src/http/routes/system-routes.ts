// Operational routes: /healthz (kept as it was), /livez (the process answers), /readyz (store answers,
// not draining) and /metrics. They must never be rate limited or cached, nor echo a store error.

import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { BadgeCache } from '../../cache/badge-cache.js';
import type { RenderQueue } from '../../render/render-queue.js';
import type { LookupCacheStats } from '../../cache/cached-store.js';
import type { Store } from '../../store/store.js';
import { setCommonHeaders } from '../response/headers.js';

/** A store that has not answered by then is as good as down, for readiness. */
const READY_PING_TIMEOUT_MS = 2000;

export interface SystemRouterDeps {
  store: Store;
  cache: BadgeCache;
  lookupStats: () => LookupCacheStats;
  hotPathStats: () => { hits: number; entries: number };
  renderQueue: RenderQueue;
  metrics: Registry;
  startedAt: Date;
  now: () => Date;
  /** True once shutdown began: readiness fails so load balancers stop sending new requests. */
  isDraining: () => boolean;
}

async function storeAnswers(store: Store, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([store.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createSystemRouter(deps: SystemRouterDeps): Router {
  const router = Router();

  router.get('/healthz', async (_req, res) => {
    let storeOk = true;
    try {
      await deps.store.ping();
    } catch {
      storeOk = false;
    }
    setCommonHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    res.status(storeOk ? 200 : 503).json({
      status: storeOk ? 'ok' : 'degraded',
      store: { engine: deps.store.engine, ok: storeOk },
      cache: deps.cache.stats(),
      lookups: deps.lookupStats(),
      hot_path: deps.hotPathStats(),
      render_queue: deps.renderQueue.stats(),
      uptime_seconds: Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000),
      memory_bytes: memoryFigures(),
    });
  });

  router.get('/livez', (_req, res) => {
    setCommonHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({ status: 'alive' });
  });

  router.get('/readyz', async (_req, res) => {
    // A draining process is not asked about its store: it is leaving either way.
    const storeOk = deps.isDraining() ? null : await storeAnswers(deps.store, READY_PING_TIMEOUT_MS);
    const draining = deps.isDraining();
    const ready = storeOk === true && !draining;
    setCommonHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', draining, store: { engine: deps.store.engine, ok: storeOk } });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.end(await deps.metrics.metrics());
  });

  return router;
}

function memoryFigures(): { rss: number; heap_used: number; heap_total: number; external: number } {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heap_used: heapUsed, heap_total: heapTotal, external };
}
