// Per-client budgets of misses — requests that needed a store read or a render — shared through
// Redis or counted per process, with the draft's RateLimit fields; memory answers never spend.
// Never limits hot-path hits; a Redis outage never stops answers.

import { isIP } from 'node:net';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import ipaddr from 'ipaddr.js';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { BadgeCache } from '../cache/badge-cache.js';
import type { Counting, RequestBudgets } from '../cache/request-budget.js';
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

/** One policy's counter as a request left it: an item of the RateLimit field. */
export interface ServiceLimit {
  policy: 'misses' | 'burst';
  remaining: number;
  /** Whole seconds within which the client can spend no more than `remaining`. */
  seconds: number;
}

export interface MissCheck {
  /** null when the miss is allowed, else whole seconds (≥ 1) until one is allowed again. */
  retryAfterSeconds: number | null;
  limits: ServiceLimit[];
}

export interface MissLimiter {
  /** The RateLimit-Policy field: the same on every answer. */
  readonly policy: string;
  /**
   * Spends `points` (default 1) of `client`'s budget, or says it is spent. A batch's points are
   * capped at each counter's size, so the largest batch can always run once the budget refills.
   */
  consume(client: string, points?: number): Promise<MissCheck>;
  close(): void;
}

const WINDOW_SECONDS = 60;
const BURST_WINDOW_SECONDS = 600;
/** A slow Redis must not slow badges: past this, the request is counted in process instead. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
const REDIS_CONNECT_TIMEOUT_MS = 2000;

/** The per-minute budget, and the burst spent only once it is gone (none when RATE_LIMIT_BURST=0). */
interface Tiers {
  steady: RateLimiterAbstract;
  burst: RateLimiterAbstract | null;
}

/**
 * The RateLimit-Policy field (draft-ietf-httpapi-ratelimit-headers-11, section 3): the per-minute
 * budget, and the burst as a second policy — e.g. `"misses";q=600;w=60, "burst";q=300;w=600`.
 */
export function rateLimitPolicy(missesPerMinute: number, burst: number): string {
  const misses = `"misses";q=${missesPerMinute};w=${WINDOW_SECONDS}`;
  return burst === 0 ? misses : `${misses}, "burst";q=${burst};w=${BURST_WINDOW_SECONDS}`;
}

/** The RateLimit field (the draft's section 4): `"misses";r=41;t=17`. */
export function rateLimitField(limits: readonly ServiceLimit[]): string {
  return limits.map((limit) => `"${limit.policy}";r=${limit.remaining};t=${limit.seconds}`).join(', ');
}

/** Spends a point from one counter: its state after, refused or not (a RateLimiterRes either way). */
async function spendFrom(limiter: RateLimiterAbstract, client: string, points: number): Promise<{ allowed: boolean; remaining: number; msBeforeNext: number }> {
  try {
    const res = await limiter.consume(client, Math.min(points, limiter.points));
    return { allowed: true, remaining: res.remainingPoints, msBeforeNext: res.msBeforeNext };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return { allowed: false, remaining: 0, msBeforeNext: refusal.msBeforeNext };
    throw refusal;
  }
}

/**
 * The RateLimit field reports the counter a request spent from, each item true as the draft reads
 * it ("no more than r within t"): within the minute, what is left of it until it refills; over it,
 * what is left of the burst until the minute refills (or the burst, if sooner). A client that keeps
 * to `misses` is never refused. A refusal reports every policy at 0 until Retry-After.
 */
async function check(tiers: Tiers, client: string, points: number): Promise<MissCheck> {
  const steady = await spendFrom(tiers.steady, client, points);
  if (steady.allowed) return { retryAfterSeconds: null, limits: [{ policy: 'misses', remaining: steady.remaining, seconds: Math.ceil(steady.msBeforeNext / 1000) }] };
  const burst = tiers.burst === null ? null : await spendFrom(tiers.burst, client, points);
  const msBeforeNext = Math.min(steady.msBeforeNext, burst?.msBeforeNext ?? Infinity);
  if (burst?.allowed === true) return { retryAfterSeconds: null, limits: [{ policy: 'burst', remaining: burst.remaining, seconds: Math.ceil(msBeforeNext / 1000) }] };
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const limits: ServiceLimit[] = [{ policy: 'misses', remaining: 0, seconds }];
  if (burst !== null) limits.push({ policy: 'burst', remaining: 0, seconds });
  return { retryAfterSeconds: seconds, limits };
}

/** null when limits are off (RATE_LIMIT_MISSES_PER_MINUTE=0). */
export function createMissLimiter(options: MissLimiterOptions): MissLimiter | null {
  if (options.missesPerMinute === 0) return null;
  const build = (create: (points: number, duration: number, keyPrefix: string) => RateLimiterAbstract): Tiers => ({
    steady: create(options.missesPerMinute, WINDOW_SECONDS, `${options.keyPrefix}:m`),
    burst: options.burst === 0 ? null : create(options.burst, BURST_WINDOW_SECONDS, `${options.keyPrefix}:b`),
  });
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
  let shared: Tiers | null = null;
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

  return {
    policy: rateLimitPolicy(options.missesPerMinute, options.burst),
    async consume(client, points = 1) {
      if (shared !== null) {
        try {
          const result = await check(shared, client, points);
          sharedAnswered();
          return result;
        } catch (error) {
          options.onSharedStoreError?.();
          // Before the first connection is up, requests are counted in process quietly; a connection that fails is an 'error' event.
          if (everReady) outage(error);
        }
      }
      return check(local, client, points);
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

/** A request whose budget refused its first store read or render: nothing was read or drawn for it. */
export class MissRefusal extends AppError {
  constructor(
    readonly kind: LimitedKind,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', { extra: { retry_after_seconds: retryAfterSeconds } });
  }
}

export interface MissLimitDeps {
  /** null: limits are off, and every middleware passes requests straight on. */
  limiter: MissLimiter | null;
  /** Where the caches charge: each limited request runs inside one budget of these. */
  budgets: RequestBudgets;
  /** For the `rate limited` picture: one per format, drawn once. */
  cache: BadgeCache;
  policy: HeaderPolicy;
  onLimited: (kind: LimitedKind) => void;
  /** The 429 page of a page route. */
  sendLimitedPage: (req: Request, res: Response, retryAfterSeconds: number) => void;
}

export interface MissLimits extends Record<LimitedKind, RequestHandler> {
  /** For a batch route (JSON): counted by the items that reach the store, not by the request. */
  items: RequestHandler;
  /** Error middleware, before the error handler: answers a refusal in its route's form (JSON goes on to the error handler). */
  refused: ErrorRequestHandler;
}

/**
 * Express middleware per kind of route, mounted on the very routes that query the store (never as
 * a path pattern of its own, so a spelling Express routes — `/V1/PREFLIGHT`, `/v1/preflight/` —
 * cannot slip past it). It spends nothing itself: it runs the request inside a budget that the
 * caches charge, one point at the first store read or render. A charged request carries the
 * RateLimit-Policy and RateLimit fields; a refused one is a 429 with `Retry-After` too: a
 * `rate limited` badge, the `rate_limited` problem, or a page.
 */
export function createMissLimits(deps: MissLimitDeps): MissLimits {
  const limitFor = (kind: LimitedKind, counting: Counting = 'request'): RequestHandler => (req, res, next) => {
    const { limiter } = deps;
    if (limiter === null) return next();
    const client = clientKeyFor(req.ip);
    const spend = async (points: number): Promise<void> => {
      const { retryAfterSeconds, limits } = await limiter.consume(client, points);
      if (!res.headersSent) {
        res.setHeader('RateLimit-Policy', limiter.policy);
        res.setHeader('RateLimit', rateLimitField(limits));
      }
      if (retryAfterSeconds !== null) throw new MissRefusal(kind, retryAfterSeconds);
    };
    deps.budgets.run(spend, () => next(), counting);
  };

  const refused: ErrorRequestHandler = async (error, req, res, next) => {
    if (!(error instanceof MissRefusal) || res.headersSent) return next(error);
    deps.onLimited(error.kind);
    if (error.kind === 'json') return next(error);
    if (error.kind === 'page') return deps.sendLimitedPage(req, res, error.retryAfterSeconds);
    const { format } = splitBadgePath(req.path.slice(BADGE_PREFIX.length));
    const badge = await deps.cache.getBadge(specForState('rate limited', defaultBadgeOptions(format)), 'fixed');
    sendBadge(req, res, { outcome: 'rate_limited', badge, entity: null, lookup: null, purgeTags: [], retryAfterSeconds: error.retryAfterSeconds }, deps.policy, requestIdOf(res));
  };

  return { badge: limitFor('badge'), json: limitFor('json'), page: limitFor('page'), items: limitFor('json', 'items'), refused };
}
