// Header policy in one place: cache lifetimes per outcome and per kind of answer, purge tags, and
// the security headers every answer carries. Overrides may cache more, never less; error answers
// never cache long; nothing a write overtook is cacheable.

import type { ServerResponse } from 'node:http';
import type { Freshness } from '../../cache/freshness.js';
import type { BadgeOutcome } from '../../services/badge-service.js';
import { purgeHeaders } from '../../services/purge-tag.js';
import { isAnswerCurrent, type WithLocals } from './fresh-answers.js';

export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";
export const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Unknown and ambiguous answers must not pin: the entity may appear any minute. */
export const SHORT_CACHE_CONTROL = 'public, max-age=60';
export const RETRY_AFTER_SECONDS = 30;

export interface HeaderPolicy {
  badgeCacheControl: string;
  /** The store's generation: an answer that a change overtook while it was worked out is never cacheable. */
  freshness: Freshness;
}

export const STATUS_BY_OUTCOME: Readonly<Record<BadgeOutcome, number>> = {
  found: 200,
  unknown: 200,
  ambiguous: 200,
  invalid: 400,
  unavailable: 503,
  busy: 503,
  // A render that threw: the same grey picture and 503 as a store outage, so a CDN serves its stale copy.
  failed: 503,
  rate_limited: 429,
};

/** Answers about this moment or this client only: no cache may keep them. */
const UNSTORED_OUTCOMES: ReadonlySet<BadgeOutcome> = new Set<BadgeOutcome>(['busy', 'failed', 'rate_limited']);
/**
 * The store is away: a few seconds of shared caching shields it from the flood of retries while
 * it comes back (a CDN holding a good copy serves that instead, under stale-if-error).
 */
export const UNAVAILABLE_CACHE_CONTROL = 'public, max-age=10';

/** Written on plain node:http objects, so the hot path and Express share every line of it. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Access-Control-Allow-Origin', '*');
}

export function cacheControlFor(outcome: BadgeOutcome, policy: HeaderPolicy, current: { current: boolean }): string {
  if (!current.current) return 'no-store';
  if (outcome === 'found') return policy.badgeCacheControl;
  if (outcome === 'unavailable') return UNAVAILABLE_CACHE_CONTROL;
  if (UNSTORED_OUTCOMES.has(outcome)) return 'no-store';
  return SHORT_CACHE_CONTROL;
}

/** Whether a cache may keep an answer: not one about this moment or client (429, 5xx), and no write overtook it. */
function mayBeStored(res: WithLocals, policy: HeaderPolicy, status: number): boolean {
  return status < 500 && status !== 429 && isAnswerCurrent(res, policy);
}

/** Whole seconds, at least one: a client told 0 would retry at once. */
export function retryAfterHeader(seconds: number | undefined): string[] {
  return seconds === undefined ? [] : ['Retry-After', String(Math.max(1, Math.ceil(seconds)))];
}

/**
 * JSON error answers: a 429 or a 5xx is about this moment or this client, and an answer to a write
 * (PUT, DELETE, POST) is about that write, so nothing may store them; a 404 or 409 about a target
 * is kept briefly, under its purge tags, unless a write overtook it.
 */
export function setErrorHeaders(
  res: ServerResponse & WithLocals,
  policy: HeaderPolicy,
  error: { method: string | undefined; status: number; retryAfterSeconds?: number; purgeTags?: readonly string[] },
): void {
  setCommonHeaders(res);
  const read = error.method === 'GET' || error.method === 'HEAD';
  res.setHeader('Cache-Control', read && mayBeStored(res, policy, error.status) ? SHORT_CACHE_CONTROL : 'no-store');
  if (error.purgeTags !== undefined && error.purgeTags.length > 0) setPurgeTags(res, error.purgeTags);
  const [name, value] = retryAfterHeader(error.retryAfterSeconds);
  if (name !== undefined && value !== undefined) res.setHeader(name, value);
}

/**
 * Pages: this origin only, no inline code, no framing, no <base>; forms post nowhere else.
 * `img-src 'self'` is why pages show badges by relative URL even when PUBLIC_URL names a CDN.
 */
export const PAGE_CSP =
  "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/**
 * The API docs page alone also takes `data:` images: the stylesheet of its renderer (Swagger UI)
 * draws its icons as data: URLs. An image runs no code; scripts and styles stay this origin's only.
 */
export const API_DOCS_CSP = PAGE_CSP.replace("img-src 'self'", "img-src 'self' data:");
/** Pages live briefly: they name the current hashed assets, and scores change. */
export const PAGE_CACHE_CONTROL = SHORT_CACHE_CONTROL;
/** A hashed asset URL never changes meaning: new bytes get a new URL. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** `purgeTags`: of everything the page shows (see purge-tag.ts); a page a write overtook is not stored. */
export function setPageHeaders(
  res: ServerResponse & WithLocals,
  policy: HeaderPolicy,
  options: { status: number; purgeTags?: readonly string[]; /** PAGE_CSP unless given (API_DOCS_CSP). */ csp?: string },
): void {
  res.statusCode = options.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', options.csp ?? PAGE_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', mayBeStored(res, policy, options.status) ? PAGE_CACHE_CONTROL : 'no-store');
  if (options.purgeTags !== undefined && options.purgeTags.length > 0) setPurgeTags(res, options.purgeTags);
}

/** CDN purge tags, under both names CDNs read (Surrogate-Key: Fastly, Varnish; Cache-Tag: Cloudflare). */
export function setPurgeTags(res: ServerResponse, tags: readonly string[]): void {
  const { surrogateKey, cacheTag } = purgeHeaders(tags);
  res.setHeader('Surrogate-Key', surrogateKey);
  res.setHeader('Cache-Tag', cacheTag);
}

export function setAssetHeaders(res: ServerResponse, asset: { contentType: string; etag: string }): void {
  res.setHeader('Content-Type', asset.contentType);
  res.setHeader('Cache-Control', ASSET_CACHE_CONTROL);
  res.setHeader('ETag', asset.etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Only the icon could be opened as a document; it needs nothing.
  res.setHeader('Content-Security-Policy', "default-src 'none'");
}

/**
 * JSON drawn from the store (reports, search, embed, shields): any origin may read it; short-lived
 * unless told otherwise; tagged with what it shows; not stored when a write overtook it.
 */
export function setToolJsonHeaders(res: ServerResponse & WithLocals, policy: HeaderPolicy, options: { cacheControl?: string; purgeTags: readonly string[] }): void {
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', JSON_CSP);
  res.setHeader('Cache-Control', isAnswerCurrent(res, policy) ? (options.cacheControl ?? SHORT_CACHE_CONTROL) : 'no-store');
  if (options.purgeTags.length > 0) setPurgeTags(res, options.purgeTags);
}

/** A signed report carries the moment it was signed (iat): no cache keeps it. Any origin may read it. */
export function setAttestationHeaders(res: ServerResponse): void {
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', JSON_CSP);
  res.setHeader('Cache-Control', 'no-store');
}

/** The public keys change only when the service restarts on new ones: five minutes keeps a rotation quick to show. */
export const KEY_SET_CACHE_CONTROL = 'public, max-age=300';

export function setKeySetHeaders(res: ServerResponse): void {
  setCommonHeaders(res);
  res.setHeader('Content-Security-Policy', JSON_CSP);
  res.setHeader('Cache-Control', KEY_SET_CACHE_CONTROL);
}
