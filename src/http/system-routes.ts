// Operational routes: /healthz (liveness and store readiness) and /metrics (Prometheus text).

import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { BadgeCache } from '../cache/badge-cache.js';
import type { LookupCacheStats } from '../cache/cached-store.js';
import type { Store } from '../store/store.js';
import { setCommonHeaders } from './headers.js';

export function createSystemRouter(deps: { store: Store; cache: BadgeCache; lookupStats: () => LookupCacheStats; metrics: Registry; startedAt: Date; now: () => Date }): Router {
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
      uptime_seconds: Math.round((deps.now().getTime() - deps.startedAt.getTime()) / 1000),
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', deps.metrics.contentType);
    res.end(await deps.metrics.metrics());
  });

  return router;
}
