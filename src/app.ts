// The one composition root: builds every part from config, store, fonts and logger — caches,
// render queue, services, the hot path and the Express apps — and never listens (main.ts and the
// tests do). `handler` is what a server runs: the hot path for badge answers it holds, the seal path
// for seal images it can answer from memory, else the request's id, log and metrics bookkeeping, then Express: the freshness mark, the routes (each
// behind its miss limit), compression for the system and admin routes (badges, JSON and pages compress themselves), 404, the miss limit's refusals, the error answer.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { specKey } from './domain/badge-spec.js';
import type { Store } from './store/store.js';
import { readGlyphCoverage } from './render/font-coverage.js';
import type { BadgeFont } from './render/fonts.js';
import { createBadgeRenderer, type RenderBadge } from './render/render-badge.js';
import { createCardRenderer, type RenderCard } from './render/render-card.js';
import { createRenderQueue, type RenderQueue } from './render/render-queue.js';
import { createBadgeCache, type BadgeCache } from './cache/badge-cache.js';
import { createCachedStore, type LookupCacheStats } from './cache/cached-store.js';
import { createRequestBudgets } from './cache/request-budget.js';
import { watchFreshness } from './cache/freshness.js';
import { createBadgeService } from './services/badge-service.js';
import { createCardService } from './services/card-service.js';
import { createReportService } from './services/report-service.js';
import { createAttestationService } from './services/attestation-service.js';
import { createSigner, type Signer } from './services/signing-keys.js';
import { createHotPath, type HotPath } from './http/hot-path.js';
import { createSealPath } from './http/seal-path.js';
import { createMissLimiter, createMissLimits } from './http/rate-limit.js';
import { createMetrics, routeLabel, secondsSince, timed, timeStoreLookups } from './http/observability/metrics.js';
import { createRequestLog } from './http/observability/request-log.js';
import { sendHtml } from './http/response/encoded-answer.js';
import { errorHandler, notFoundHandler } from './http/response/errors.js';
import { markFreshness } from './http/response/fresh-answers.js';
import { setPageHeaders, type HeaderPolicy } from './http/response/headers.js';
import { createAdminRouter } from './http/routes/admin-routes.js';
import { createBadgeRouter } from './http/routes/badge-routes.js';
import { createCardRouter } from './http/routes/card-routes.js';
import { createEmbedRouter } from './http/routes/embed-routes.js';
import { createReportRouter } from './http/routes/report-routes.js';
import { createAttestationRouter } from './http/routes/attestation-routes.js';
import { createOpenApiRouter } from './http/routes/openapi-routes.js';
import { createSearchRouter } from './http/routes/search-routes.js';
import { createBatchService } from './services/batch-service.js';
import { createSetService } from './services/set-service.js';
import { createSetRouter } from './http/routes/set-routes.js';
import { createSetPageRouter } from './http/pages/set-page.js';
import { createSealService } from './services/seal-service.js';
import { createSealRenderer, type RenderSeal } from './render/render-seal.js';
import { createSealRouter } from './http/routes/seal-routes.js';
import { createVerifyPageRouter } from './http/pages/verify-page.js';
import { createBatchRouter } from './http/routes/batch-routes.js';
import { createOpenApiDocument } from './schema/openapi-document.js';
import { createSystemRouter } from './http/routes/system-routes.js';
import { createApiDocsRouter } from './http/pages/api-docs-routes.js';
import { createBadgeSizer } from './http/pages/badge-size.js';
import { createAssetRouter, loadSiteAssets } from './http/pages/assets.js';
import { renderEntityNotice } from './http/pages/notice-pages.js';
import { createPageRouter } from './http/pages/page-routes.js';

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  fonts: readonly BadgeFont[];
  logger: Logger;
  now?: () => Date;
  /** Tests only: stands in for the Satori/Resvg renderer (e.g. one that fails). */
  renderBadge?: RenderBadge;
  /** Draws share cards: main.ts passes its card thread's (render/card-thread.ts); by default, on this thread. */
  renderCard?: RenderCard;
  /** Tests only: stands in for the seal renderer. */
  renderSeal?: RenderSeal;
}

export interface App {
  /** The server's request listener: hot path first, then Express. */
  handler: RequestListener;
  /** The admin listener's request handler when ADMIN_PORT is set; null when admin routes ride the public port. */
  adminHandler: RequestListener | null;
  app: Express;
  hotPath: HotPath;
  renderQueue: RenderQueue;
  cache: BadgeCache;
  lookupStats: () => LookupCacheStats;
  /** From now on /readyz answers 503, so load balancers stop sending new requests (SIGTERM). */
  startDraining: () => void;
  /** Stops listening for store changes and disconnects Redis (the store itself is the caller's to close). */
  close: () => void;
  /** Signs attestations and seal tickets; its public keys are /.well-known/jwks.json. */
  signer: Signer;
}

/**
 * The hot path's share of CACHE_MAX_BYTES; the rendered badges it points at are counted in the
 * rest. Half: an answer takes ~2 KB, a rendered badge ~7 KB, and a catalogue's hot URLs outnumber
 * its distinct renders many times over (every entity showing `B · 74` shares one).
 */
export const HOT_PATH_SHARE = 0.5;

export const EPHEMERAL_KEY_WARNING =
  'no SIGNING_KEY: signing with an ephemeral key made at start; attestations and seal tickets signed with it last only as long as this process ' +
  'and differ between replicas; set SIGNING_KEY or SIGNING_KEY_FILE (docs/attestations.md)';

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let draining = false;
  const metrics = createMetrics();
  // Every cache below forgets through this one mechanism, and no answer a write overtook is kept.
  const freshness = watchFreshness(deps.store);
  // The miss limit's budgets: the caches charge a request at its first store read or render.
  const budgets = createRequestBudgets();
  const lookups = createCachedStore(timeStoreLookups(deps.store, metrics.observeStoreLookup), {
    maxEntries: config.lookupCacheEntries,
    maxBytes: config.lookupCacheMaxBytes,
    ttlMs: config.lookupCacheTtlSeconds * 1000,
    freshness,
    budget: budgets,
  });
  const store = lookups.store;
  const renderQueue = createRenderQueue({ concurrency: config.renderConcurrency, maxQueued: config.renderQueueMax });
  const renderBadge = deps.renderBadge ?? createBadgeRenderer(deps.fonts);
  const render: RenderBadge = (spec) => timed(() => renderBadge(spec), (seconds) => metrics.observeRender(spec.format, seconds));
  const hotPathMaxBytes = Math.floor(config.cacheMaxBytes * HOT_PATH_SHARE);
  const cache = createBadgeCache({ maxBytes: config.cacheMaxBytes - hotPathMaxBytes, render, queue: renderQueue, budget: budgets });
  const glyphs = readGlyphCoverage(deps.fonts);
  const getBadge = createBadgeService({
    store,
    cache,
    gradeScale: config.gradeScale,
    glyphs,
    now,
    onStoreError: (error) => logger.error({ err: error }, 'store lookup failed'),
    onRenderError: (error, spec, firstForKey) => {
      metrics.countRenderFailure(spec.format);
      if (firstForKey) logger.error({ err: error, badge: specKey(spec) }, 'badge render failed (logged once per badge)');
    },
  });
  // Share cards live in the badge cache (keyed by what they show, under its byte bound) and render through the same queue.
  const renderCard = deps.renderCard ?? createCardRenderer(deps.fonts);
  const getCard = createCardService({
    store,
    cache,
    render: (view) => timed(() => renderCard(view), (seconds) => metrics.observeRender('png', seconds)),
    gradeScale: config.gradeScale,
    now,
    onStoreError: (error) => logger.error({ err: error }, 'store lookup failed'),
    onRenderError: (error, firstForKey) => {
      metrics.countRenderFailure('png');
      if (firstForKey) logger.error({ err: error }, 'card render failed (logged once per card)');
    },
  });
  const reports = createReportService({ store, gradeScale: config.gradeScale, shieldsCacheSeconds: config.shieldsCacheSeconds, glyphs, now });
  const signer = createSigner(config.signingKeys, { now, onEphemeral: () => logger.warn(EPHEMERAL_KEY_WARNING) });
  const renderSeal = deps.renderSeal ?? createSealRenderer(deps.fonts);
  const seals = createSealService({
    store,
    cache,
    renderSeal: (view, format) => timed(() => renderSeal(view, format), (seconds) => metrics.observeRender(format, seconds)),
    signer,
    gradeScale: config.gradeScale,
    now,
    onStoreError: (error) => logger.error({ err: error }, 'store lookup failed'),
    onRenderError: (error) => {
      metrics.countRenderFailure('svg');
      logger.error({ err: error }, 'seal render failed');
    },
  });
  const batch = createBatchService({ store, gradeScale: config.gradeScale, toSearchResult: reports.toSearchResult });
  const sets = createSetService({ store, batch, now });
  const policy: HeaderPolicy = { badgeCacheControl: config.badgeCacheControl, freshness };
  const assets = loadSiteAssets(config.publicDir);
  const requestLog = createRequestLog(logger);
  /** The bookkeeping of every answered request, on either path: one access line and the metrics. */
  const served = (req: IncomingMessage, route: string, status: number, reqId: string, startedNs: bigint): void => {
    const seconds = secondsSince(startedNs);
    requestLog.logServed(req, status, reqId, seconds * 1000);
    metrics.record(route, status, seconds);
  };
  /**
   * A request bound for Express: its id now, the bookkeeping once the answer has gone. Done here
   * rather than as two Express middleware layers with a listener each: 3–8 µs less per request
   * (of ~140 for a badge Express answers from its caches).
   */
  const track = (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const route = routeLabel(req.url ?? '');
    const reqId = requestLog.begin(req, res);
    res.on('finish', () => served(req, route, res.statusCode, reqId, started));
  };
  const hotPath = createHotPath({
    policy,
    maxEntries: config.hotPathEntries,
    maxBytes: hotPathMaxBytes,
    ttlMs: config.lookupCacheTtlSeconds * 1000,
    badges: cache,
    requestId: requestLog.requestId,
    onServed: (req, status, reqId, startedNs) => served(req, 'badge', status, reqId, startedNs),
  });
  metrics.watch({ cache: cache.stats, lookups: lookups.stats, renderQueue: renderQueue.stats, hotPath: hotPath.stats });
  const limiter = createMissLimiter({
    missesPerMinute: config.rateLimitMissesPerMinute,
    burst: config.rateLimitBurst,
    redisUrl: config.redisUrl,
    keyPrefix: config.rateLimitKeyPrefix,
    logger,
    onSharedStoreError: metrics.countRateLimitStoreError,
  });

  const limits = createMissLimits({
    limiter,
    budgets,
    cache,
    policy,
    onLimited: metrics.countRateLimited,
    sendLimitedPage: (req, res, retryAfterSeconds) => {
      setPageHeaders(res, policy, { status: 429 });
      res.setHeader('Retry-After', String(retryAfterSeconds));
      sendHtml(req, res, renderEntityNotice({ kind: 'rate_limited', retryAfterSeconds }, assets));
    },
  });

  const openApiDocument = createOpenApiDocument({ serverUrl: config.publicUrl ?? '/' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', 'strong');
  // Which X-Forwarded-For hops to believe for req.ip (the rate limit's client key).
  app.set('trust proxy', config.trustProxy);
  // First of all: the store's generation before this request reads anything (fresh-answers.ts).
  app.use((_req, res, next) => {
    markFreshness(res, policy);
    next();
  });
  // Pages that list badges size them by their text, drawn once each through the render queue.
  const badgeSize = createBadgeSizer((spec) => renderQueue.run(() => render(spec), 'entity'));
  // Before the badge router: /badge/set/{id} is a set, not the target `set/{id}`.
  app.use(createSetRouter({ sets, cache, glyphs, policy, publicUrl: config.publicUrl, limits }));
  app.use(createBadgeRouter({ getBadge, reports, policy, limits, sendAnswer: hotPath.answer }));
  app.use(createCardRouter({ getCard, policy, limit: limits.badge }));
  app.use(createSealRouter({ seals, publicUrl: config.publicUrl, limits }));
  app.use(createReportRouter({ reports, policy, publicUrl: config.publicUrl, limit: limits.json }));
  app.use(createAttestationRouter({ attestations: createAttestationService({ reports, signer, ttlSeconds: config.attestationTtlSeconds }), signer, policy, publicUrl: config.publicUrl, limit: limits.json }));
  app.use(createSearchRouter({ reports, policy, limit: limits.json }));
  app.use(createBatchRouter({ batch, policy, publicUrl: config.publicUrl, maxTargets: config.batchMaxTargets, limit: limits.items }));
  app.use(createEmbedRouter({ reports, policy, publicUrl: config.publicUrl, glyphs, limit: limits.json }));
  app.use(createOpenApiRouter({ document: openApiDocument }));
  app.use(createAssetRouter(assets));
  app.use(createVerifyPageRouter({ seals, reports, scale: config.gradeScale, policy, publicUrl: config.publicUrl, assets, limit: limits.page }));
  app.use(createSetPageRouter({ sets, badgeSize, policy, publicUrl: config.publicUrl, assets, limit: limits.page }));
  app.use(createPageRouter({ reports, getBadge, badgeSize, assets, publicUrl: config.publicUrl, gradeScale: config.gradeScale, glyphs, policy, limit: limits.page, now, seals }));
  app.use(createApiDocsRouter({ getBadge, assets, gradeScale: config.gradeScale, glyphs, policy, limit: limits.page }));
  // After the routes above: badges carry their own pre-compressed variants, JSON answers and pages
  // compress themselves under their strong ETags (encoded-answer.ts), and the middleware's stream
  // per response costs a tenth of an uncached badge's time and a page's p99 most of its tail.
  app.use(compression({ threshold: 1024 }));
  app.use(createSystemRouter({ store, cache, lookupStats: lookups.stats, hotPathStats: hotPath.stats, renderQueue, metrics: metrics.registry, startedAt: now(), now, isDraining: () => draining }));
  const adminRouter = createAdminRouter({ adminToken: config.adminToken, store, importMaxBytes: config.importMaxBytes, importMaxSeconds: config.importMaxSeconds, logger, now,
    seals: { seals, reports, publicUrl: config.publicUrl } });
  // With ADMIN_PORT the admin routes live only on their own listener (e.g. a private address).
  if (config.adminPort === null) app.use(adminRouter);
  app.use(notFoundHandler());
  app.use(limits.refused);
  app.use(errorHandler(logger, policy, config.publicUrl));
  const adminApp = config.adminPort === null ? null : createAdminApp(adminRouter, config.trustProxy, logger, policy, config.publicUrl);
  const throughExpress: RequestListener = (req, res) => {
    track(req, res);
    app(req, res);
  };
  // Seal images from their row and memory, before Express; anything more goes through it (seal-path.ts).
  const sealPath = createSealPath({
    seals,
    budgets,
    requestId: requestLog.requestId,
    onServed: (req, status, reqId, startedNs) => served(req, 'seal', status, reqId, startedNs),
    fallBack: throughExpress,
  });
  const handler: RequestListener = (req, res) => {
    if (hotPath.handle(req, res) || sealPath.handle(req, res)) return;
    throughExpress(req, res);
  };
  return {
    handler,
    adminHandler:
      adminApp === null
        ? null
        : (req, res) => {
            track(req, res);
            adminApp(req, res);
          },
    app,
    hotPath,
    renderQueue,
    cache,
    lookupStats: lookups.stats,
    startDraining: () => {
      draining = true;
    },
    close: () => {
      freshness.close();
      limiter?.close();
    },
    signer,
  };
}

/** The admin routes alone, for their own listener: same errors and proxy trust as the public app (the caller logs). */
function createAdminApp(
  adminRouter: express.Router,
  trustProxy: Config['trustProxy'],
  logger: Logger,
  policy: HeaderPolicy,
  publicUrl: string | null,
): Express {
  const admin = express();
  admin.disable('x-powered-by');
  admin.set('trust proxy', trustProxy);
  admin.use(adminRouter);
  admin.use(notFoundHandler());
  admin.use(errorHandler(logger, policy, publicUrl));
  return admin;
}
