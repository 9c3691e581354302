// Prometheus metrics for one app instance (its own registry: no global state): requests by
// route and status, their latency, and the badge cache read at scrape time.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BadgeCache } from '../cache/badge-cache.js';
import type { LookupCacheStats } from '../cache/cached-store.js';

/** Routes as metric labels: a fixed set, so hostile URLs cannot grow the series. */
const ROUTES: readonly [string, RegExp][] = [
  ['badge', /^\/badge\//],
  ['shields', /^\/v1\/shields\//],
  ['preflight', /^\/v1\/preflight$/],
  ['entities', /^\/v1\/entities\//],
  ['import', /^\/v1\/import$/],
  ['healthz', /^\/healthz$/],
  ['metrics', /^\/metrics$/],
];

export function routeLabel(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  return ROUTES.find(([, pattern]) => pattern.test(path))?.[0] ?? 'other';
}

export function createMetrics(cache: BadgeCache, lookupStats: () => LookupCacheStats) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'trustbadge_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'trustbadge_http_request_duration_seconds',
    help: 'Time from request to the last byte handed to the socket, by route.',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const cacheGauge = (name: string, help: string, read: () => number): void => {
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  };
  cacheGauge('trustbadge_badge_cache_hits', 'Badge renders answered from the cache since start.', () => cache.stats().hits);
  cacheGauge('trustbadge_badge_cache_misses', 'Badge renders that had to be drawn since start.', () => cache.stats().misses);
  cacheGauge('trustbadge_badge_cache_entries', 'Rendered badges held.', () => cache.stats().entries);
  cacheGauge('trustbadge_badge_cache_bytes', 'Bytes the rendered badges take, as the LRU counts them.', () => cache.stats().bytes);
  cacheGauge('trustbadge_lookup_cache_hits', 'Store lookups answered from memory since start.', () => lookupStats().hits);
  cacheGauge('trustbadge_lookup_cache_misses', 'Store lookups that went to the store since start.', () => lookupStats().misses);
  cacheGauge('trustbadge_lookup_cache_entries', 'Store lookups held in memory.', () => lookupStats().entries);

  /** Plain node:http objects: the hot path and Express both call it. */
  const middleware = (req: IncomingMessage, res: ServerResponse, next?: () => void): void => {
    const route = routeLabel(req.url ?? '');
    const stop = duration.startTimer({ route });
    res.on('finish', () => {
      stop();
      requests.inc({ route, status: String(res.statusCode) });
    });
    next?.();
  };
  return { registry, middleware };
}
