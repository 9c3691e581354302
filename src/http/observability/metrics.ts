// Prometheus metrics for one app instance (own registry): requests, renders, store lookups, limits, caches.
// Labels come from fixed sets only, never from a URL; docs/operations.md lists every name (a test checks).

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BadgeCacheStats } from '../../cache/badge-cache.js';
import type { LookupCacheStats } from '../../cache/cached-store.js';
import type { RenderQueue } from '../../render/render-queue.js';
import { FORMATS, type Format } from '../../domain/badge-options.js';
import { decorateStore } from '../../store/decorate-store.js';
import type { Store } from '../../store/store.js';

/** Routes as metric labels: a fixed set, so hostile URLs cannot grow the series. */
const ROUTES: readonly [string, RegExp][] = [
  ['badge', /^\/badge\//],
  ['shields', /^\/v1\/shields\//],
  ['preflight', /^\/v1\/preflight$/],
  ['entities', /^\/v1\/entities\//],
  ['search', /^\/v1\/search$/],
  ['embed', /^\/v1\/embed\//],
  ['import', /^\/v1\/import$/],
  ['seal', /^\/seal\//],
  ['seals', /^\/v1\/seals(\/|$)/],
  ['verify', /^\/verify\//],
  ['attestations', /^\/v1\/attestations\//],
  ['healthz', /^\/healthz$/],
  ['livez', /^\/livez$/],
  ['readyz', /^\/readyz$/],
  ['metrics', /^\/metrics$/],
];

export function routeLabel(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  return ROUTES.find(([, pattern]) => pattern.test(path))?.[0] ?? 'other';
}

/** The store calls that answer requests, timed under the lookup cache (so: real store latency). */
export const STORE_LOOKUPS = ['listRegistries', 'findByName', 'findByNames', 'findByBareName', 'findAlternatives', 'searchEntities', 'findByNameKeys', 'countEntities'] as const;
export type StoreLookup = (typeof STORE_LOOKUPS)[number];

/** What the gauges read at scrape time. */
export interface MetricSources {
  cache: () => BadgeCacheStats;
  lookups: () => LookupCacheStats;
  renderQueue: RenderQueue['stats'];
  hotPath: () => { hits: number; entries: number; bytes: number; maxBytes: number };
}

export const secondsSince = (startedNs: bigint): number => Number(process.hrtime.bigint() - startedNs) / 1e9;

/** Request duration buckets, in seconds. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * `trustbadge_http_requests_total` and `trustbadge_http_request_duration_seconds`, which every
 * request records (a cached badge included): each labelled child is made once and kept, so no label
 * object is built per request.
 */
function createRequestMetrics(registers: Registry[]) {
  const requests = new Counter({
    name: 'trustbadge_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'trustbadge_http_request_duration_seconds',
    help: 'Time from request to the last byte handed to the socket, by route.',
    labelNames: ['route'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const byRoute = new Map<string, { duration: Histogram.Internal<'route'>; statuses: Map<number, Counter.Internal> }>();
  const record = (route: string, status: number, seconds: number): void => {
    let children = byRoute.get(route);
    if (children === undefined) {
      children = { duration: duration.labels(route), statuses: new Map() };
      byRoute.set(route, children);
    }
    let requestsChild = children.statuses.get(status);
    if (requestsChild === undefined) {
      requestsChild = requests.labels(route, String(status));
      children.statuses.set(status, requestsChild);
    }
    requestsChild.inc();
    children.duration.observe(seconds);
  };
  return { record };
}

export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const { record } = createRequestMetrics(registers);
  const renderTime = new Histogram({
    name: 'trustbadge_render_duration_seconds',
    help: 'Time to draw one badge (Satori, plus Resvg for PNG), by format; queue wait excluded.',
    labelNames: ['format'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const renderFailures = new Counter({
    name: 'trustbadge_render_failures_total',
    help: 'Badge renders that threw, by format.',
    labelNames: ['format'] as const,
    registers,
  });
  const storeTime = new Histogram({
    name: 'trustbadge_store_lookup_duration_seconds',
    help: 'Time the store took to answer a lookup the lookup cache did not hold, by operation.',
    labelNames: ['operation'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const rateLimited = new Counter({
    name: 'trustbadge_rate_limited_total',
    help: 'Requests refused with 429 (client over its miss budget), by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const rateLimitStoreErrors = new Counter({
    name: 'trustbadge_rate_limit_store_errors_total',
    help: 'Limiter calls Redis failed; those requests were counted in process.',
    registers,
  });

  // Zero series up front, so dashboards see every format and operation before the first one happens.
  for (const format of FORMATS) {
    renderTime.zero({ format });
    renderFailures.inc({ format }, 0);
  }
  for (const operation of STORE_LOOKUPS) storeTime.zero({ operation });
  for (const kind of ['badge', 'json', 'page']) rateLimited.inc({ kind }, 0);

  /** Registers the gauges and counters read from the app's parts at scrape time. */
  const watch = (sources: MetricSources): void => {
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers, collect() { this.set(read()); } });
    };
    // Totals kept by the parts themselves, exposed as counters.
    const total = (name: string, help: string, read: () => number): void => {
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read()); } });
    };
    // The first names predate the counters below: gauges, kept for existing dashboards.
    gauge('trustbadge_badge_cache_hits', 'Badge renders answered from the cache since start.', () => sources.cache().hits);
    gauge('trustbadge_badge_cache_misses', 'Badge renders that had to be drawn since start.', () => sources.cache().misses);
    gauge('trustbadge_badge_cache_entries', 'Rendered badges held.', () => sources.cache().entries);
    gauge('trustbadge_badge_cache_bytes', 'Bytes the rendered badges take, as the LRU counts them.', () => sources.cache().bytes);
    gauge('trustbadge_badge_cache_max_bytes', 'The byte bound of the rendered-badge cache (CACHE_MAX_BYTES).', () => sources.cache().maxBytes);
    total('trustbadge_badge_cache_evictions_total', 'Rendered badges pushed out to stay within the byte bound.', () => sources.cache().evictions);
    total('trustbadge_badge_renders_total', 'Badges actually drawn (concurrent misses for one badge share a render).', () => sources.cache().renders);
    gauge('trustbadge_lookup_cache_hits', 'Store lookups of a target answered from memory since start.', () => sources.lookups().hits);
    gauge('trustbadge_lookup_cache_misses', 'Store lookups of a target that went to the store since start.', () => sources.lookups().misses);
    gauge('trustbadge_lookup_cache_entries', 'Store lookups held in memory.', () => sources.lookups().entries);
    gauge('trustbadge_lookup_cache_bytes', 'Bytes the held lookups keep alive, as estimated against LOOKUP_CACHE_MAX_BYTES.', () => sources.lookups().bytes);
    gauge('trustbadge_render_queue_depth', 'Renders waiting for a slot.', () => sources.renderQueue().queued);
    gauge('trustbadge_render_queue_running', 'Renders in flight.', () => sources.renderQueue().running);
    total('trustbadge_render_queue_rejected_total', 'Renders refused because the queue was full (answered 503 busy).', () => sources.renderQueue().rejected);
    total('trustbadge_hot_path_hits_total', 'Badge requests answered by the hot path, before Express.', () => sources.hotPath().hits);
    gauge('trustbadge_hot_path_entries', 'Badge answers the hot path holds (one per URL and content coding).', () => sources.hotPath().entries);
    gauge('trustbadge_hot_path_bytes', 'Bytes the hot path keeps alive beyond the rendered badges (its share of CACHE_MAX_BYTES).', () => sources.hotPath().bytes);
  };

  return {
    registry,
    record,
    watch,
    observeRender: (format: Format, seconds: number) => renderTime.labels(format).observe(seconds),
    countRenderFailure: (format: Format) => renderFailures.labels(format).inc(),
    observeStoreLookup: (operation: StoreLookup, seconds: number) => storeTime.labels(operation).observe(seconds),
    countRateLimited: (kind: 'badge' | 'json' | 'page') => rateLimited.labels(kind).inc(),
    countRateLimitStoreError: () => rateLimitStoreErrors.inc(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Runs `work` and tells `observe` how many seconds it took, failed or not. */
export async function timed<T>(work: () => Promise<T>, observe: (seconds: number) => void): Promise<T> {
  const started = process.hrtime.bigint();
  try {
    return await work();
  } finally {
    observe(secondsSince(started));
  }
}

/** The same store, with every lookup timed. */
export function timeStoreLookups(store: Store, observe: (operation: StoreLookup, seconds: number) => void): Store {
  const time = <T>(operation: StoreLookup, work: () => Promise<T>): Promise<T> => timed(work, (seconds) => observe(operation, seconds));
  return decorateStore(store, {
    listRegistries: () => time('listRegistries', () => store.listRegistries()),
    findByName: (registry, name) => time('findByName', () => store.findByName(registry, name)),
    findByNames: (refs) => time('findByNames', () => store.findByNames(refs)),
    findByBareName: (name, limit) => time('findByBareName', () => store.findByBareName(name, limit)),
    findAlternatives: (entity, limit) => time('findAlternatives', () => store.findAlternatives(entity, limit)),
    searchEntities: (query, limit) => time('searchEntities', () => store.searchEntities(query, limit)),
    findByNameKeys: (query, limit) => time('findByNameKeys', () => store.findByNameKeys(query, limit)),
    countEntities: () => time('countEntities', () => store.countEntities()),
  });
}
