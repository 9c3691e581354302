// Builds the app from its dependencies; it never listens (main.ts and tests do). `handler` is
// what a server runs: the hot path for badge URLs already answered, then Express, whose order is
// request id + log, metrics, compression for JSON, routes, 404, error answer.

import type { RequestListener } from 'node:http';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { createBadgeCache, type BadgeCache } from '../cache/badge-cache.js';
import { createCachedStore, type LookupCacheStats } from '../cache/cached-store.js';
import { createRenderQueue, type RenderQueue } from '../cache/render-queue.js';
import type { Config } from '../config.js';
import type { BadgeFont } from '../render/fonts.js';
import { createBadgeRenderer } from '../render/render-badge.js';
import { createBadgeService } from '../services/badge-service.js';
import { createReportService } from '../services/report-service.js';
import type { Store } from '../store/store.js';
import { createBadgeRouter } from './badge-routes.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { createHotPath, type HotPath } from './hot-path.js';
import { createMetrics } from './metrics.js';
import { createReportRouter } from './report-routes.js';
import { requestLog } from './request-log.js';
import { createSystemRouter } from './system-routes.js';

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  fonts: readonly BadgeFont[];
  logger: Logger;
  now?: () => Date;
}

export interface App {
  /** The server's request listener: hot path first, then Express. */
  handler: RequestListener;
  app: Express;
  hotPath: HotPath;
  renderQueue: RenderQueue;
  cache: BadgeCache;
  lookupStats: () => LookupCacheStats;
  /** Stops listening for store changes (the store itself is the caller's to close). */
  close: () => void;
}

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const lookups = createCachedStore(deps.store, {
    maxEntries: config.lookupCacheEntries,
    ttlMs: config.lookupCacheTtlSeconds * 1000,
  });
  const store = lookups.store;
  const renderQueue = createRenderQueue({ concurrency: config.renderConcurrency, maxQueued: config.renderQueueMax });
  const cache = createBadgeCache({ maxBytes: config.cacheMaxBytes, render: createBadgeRenderer(deps.fonts), queue: renderQueue });
  const getBadge = createBadgeService({
    store,
    cache,
    gradeScale: config.gradeScale,
    onStoreError: (error) => logger.error({ err: error }, 'store lookup failed'),
  });
  const reports = createReportService({ store, gradeScale: config.gradeScale, shieldsCacheSeconds: config.shieldsCacheSeconds });
  const policy = { badgeCacheControl: config.badgeCacheControl };
  const metrics = createMetrics(cache, lookups.stats);
  const track = requestLog(logger);
  const hotPath = createHotPath({
    policy,
    maxEntries: config.hotPathEntries,
    ttlMs: config.lookupCacheTtlSeconds * 1000,
    track: (req, res) => {
      track(req, res);
      metrics.middleware(req, res);
    },
  });
  const stopHotPath = deps.store.watchChanges((change) => hotPath.forget(change));

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', 'strong');
  app.use(track);
  app.use(metrics.middleware);
  // Badges carry their own pre-compressed variants; compression skips bodies already encoded.
  app.use(compression({ threshold: 1024 }));
  app.use(createBadgeRouter({ getBadge, reports, policy, onAnswered: (url, answer) => hotPath.remember(url, answer) }));
  app.use(createReportRouter({ reports, policy, publicUrl: config.publicUrl }));
  app.use(createSystemRouter({ store, cache, lookupStats: lookups.stats, metrics: metrics.registry, startedAt: now(), now }));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  const handler: RequestListener = (req, res) => {
    if (!hotPath.handle(req, res)) app(req, res);
  };
  return {
    handler,
    app,
    hotPath,
    renderQueue,
    cache,
    lookupStats: lookups.stats,
    close: () => {
      stopHotPath();
      lookups.close();
    },
  };
}
