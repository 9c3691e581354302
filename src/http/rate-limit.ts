// Per-client budgets for requests that cost work (badges the hot path did not know, JSON store queries),
// shared through Redis or counted per process. Never limits hot-path hits; a Redis outage never stops answers.

import { isIP } from 'node:net';
import type { RequestHandler, Response } from 'express';
import ipaddr from 'ipaddr.js';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BadgeCache } from '../cache/badge-cache.js';
import { defaultBadgeOptions } from '../domain/badge-options.js';
import { specForState } from '../domain/badge-spec.js';
import { AppError } from '../domain/errors.js';
import { BADGE_PREFIX } from './request/badge-url.js';
import { sendBadge } from './response/badge-response.js';
import type { HeaderPolicy } from './response/headers.js';
import { requestIdOf } from './observability/request-log.js';
import { splitBadgePath } from './request/request-target.js';

export interface MissLimiterOptions {
  missesPerMinute: number;
  /** Extra misses above the rate, at most this many per BURST_WINDOW_SECONDS. */
  burst: number;
  redisUrl: string | null;
  keyPrefix: string;
  logger: Logger;
  /** Each time Redis fails a request (metrics); the log says it once per outage. */
  onSharedStoreError?: () => void;
}

export interface MissLimiter {
  /** Spends one point of `client`'s budget: null when allowed, else seconds until it may retry. */
  consume(client: string): Promise<number | null>;
  close(): void;
}

const WINDOW_SECONDS = 60;
const BURST_WINDOW_SECONDS = 600;
/** A slow Redis must not slow badges: past this, the request is counted in process instead. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
const REDIS_CONNECT_TIMEOUT_MS = 2000;

type Limiter = Pick<RateLimiterAbstract, 'consume'>;

/** null when limits are off (RATE_LIMIT_MISSES_PER_MINUTE=0). */
export function createMissLimiter(options: MissLimiterOptions): MissLimiter | null {
  if (options.missesPerMinute === 0) return null;
  const build = (create: (points: number, duration: number, keyPrefix: string) => RateLimiterAbstract): Limiter => {
    const steady = create(options.missesPerMinute, WINDOW_SECONDS, `${options.keyPrefix}:m`);
    return options.burst === 0 ? steady : new BurstyRateLimiter(steady, create(options.burst, BURST_WINDOW_SECONDS, `${options.keyPrefix}:b`));
  };
  const local = build((points, duration, keyPrefix) => new RateLimiterMemory({ points, duration, keyPrefix }));

  let inOutage = false;
  const outage = (error: unknown): void => {
    if (inOutage) return;
    inOutage = true;
    options.logger.warn({ err: error }, 'rate limit store unreachable: counting per process until it answers');
  };
  const sharedAnswered = (): void => {
    if (!inOutage) return;
    inOutage = false;
    options.logger.info('rate limit store answers again: budgets are shared again');
  };

  let redis: Redis | null = null;
  let shared: Limiter | null = null;
  let everReady = false;
  if (options.redisUrl !== null) {
    // Fail fast instead of queueing: a command that cannot be sent at once is counted in process.
    const client = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    });
    // Failed (re)connections repeat every few seconds: one log line per outage.
    client.on('error', outage);
    client.on('ready', () => {
      everReady = true;
    });
    redis = client;
    shared = build((points, duration, keyPrefix) => new RateLimiterRedis({ storeClient: client, points, duration, keyPrefix, rejectIfRedisNotReady: true }));
  }

  const spend = async (limiter: Limiter, client: string): Promise<number | null> => {
    try {
      await limiter.consume(client);
      return null;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return refusal.msBeforeNext / 1000;
      throw refusal;
    }
  };

  return {
    async consume(client) {
      if (shared !== null) {
        try {
          const wait = await spend(shared, client);
          sharedAnswered();
          return wait;
        } catch (error) {
          options.onSharedStoreError?.();
          // Before the first connection is up, requests are counted in process quietly; a connection that fails is an 'error' event.
          if (everReady) outage(error);
        }
      }
      return spend(local, client);
    },
    close: () => redis?.disconnect(),
  };
}

/**
 * The budget's key: the client address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 (one
 * host usually holds a whole /64, so per-address keys would let it rotate past any limit).
 * Anything else (no address, a trusted proxy forwarding junk) shares one `unknown` budget.
 */
export function clientKeyFor(ip: string | undefined): string {
  const address = (ip ?? '').replace(/%.*$/, '');
  if (isIP(address) === 0) return 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/** What a refusal looks like: a badge image, a JSON problem, or an HTML page. */
export type LimitedKind = 'badge' | 'json' | 'page';

export interface MissLimitDeps {
  /** null: limits are off, and every middleware passes requests straight on. */
  limiter: MissLimiter | null;
  /** For the `rate limited` picture: one per format, drawn once. */
  cache: BadgeCache;
  policy: HeaderPolicy;
  onLimited: (kind: LimitedKind) => void;
  /** The 429 page of a page route. */
  sendLimitedPage: (res: Response, retryAfterSeconds: number) => void;
}

/**
 * Express middleware per kind of route, mounted on the very routes that query the store (never as
 * a path pattern of its own, so a spelling Express routes — `/V1/PREFLIGHT`, `/v1/preflight/` —
 * cannot slip past it). Everything that reaches one missed the hot path; over budget it answers
 * 429 with `Retry-After`: a `rate limited` badge, the `rate_limited` JSON error, or a page.
 */
export function createMissLimits(deps: MissLimitDeps): Record<LimitedKind, RequestHandler> {
  const limitFor = (kind: LimitedKind): RequestHandler => async (req, res, next) => {
    if (deps.limiter === null) return next();
    const wait = await deps.limiter.consume(clientKeyFor(req.ip));
    if (wait === null) return next();
    deps.onLimited(kind);
    const retryAfterSeconds = Math.max(1, Math.ceil(wait));
    if (kind === 'json') throw new AppError('rate_limited', { extra: { retry_after_seconds: retryAfterSeconds } });
    if (kind === 'page') {
      deps.sendLimitedPage(res, retryAfterSeconds);
      return;
    }
    const { format } = splitBadgePath(req.path.slice(BADGE_PREFIX.length));
    const badge = await deps.cache.getBadge(specForState('rate limited', defaultBadgeOptions(format)), 'fixed');
    sendBadge(req, res, { outcome: 'rate_limited', badge, entity: null, lookup: null, purgeTags: [], retryAfterSeconds }, deps.policy, requestIdOf(res));
  };
  return { badge: limitFor('badge'), json: limitFor('json'), page: limitFor('page') };
}
