// All header policy in one place: cache lifetimes per outcome, validators and 304s, content
// negotiation of the pre-compressed variants, and the security headers every answer carries.
// Overrides may cache more, never less; error answers never cache long.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Freshness } from '../cache/freshness.js';
import type { BadgeAnswer, BadgeOutcome } from '../services/badge-service.js';
import { purgeHeaders } from '../services/purge-tag.js';
import { isAnswerCurrent, type WithLocals } from './fresh-answers.js';
import { prepareHead, writePreparedHead, type PreparedHead } from './prepared-head.js';

export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";
export const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Unknown and ambiguous answers must not pin: the entity may appear any minute. */
export const SHORT_CACHE_CONTROL = 'public, max-age=60';
export const RETRY_AFTER_SECONDS = 30;
/** Longer If-None-Match values are ignored rather than parsed. */
const MAX_VALIDATOR_CHARS = 8192;

export interface HeaderPolicy {
  badgeCacheControl: string;
  /** The store's generation: an answer that a change overtook while it was worked out is never cacheable. */
  freshness: Freshness;
}

const STATUS_BY_OUTCOME: Readonly<Record<BadgeOutcome, number>> = {
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

export type Encoding = 'br' | 'gzip' | null;

/** Everything about one badge answer's response except the per-request id: built once, reused. */
export interface PreparedBadge {
  status: number;
  /** Flat [name, value, …] pairs, the form writeHead takes without a per-header detour. */
  headers: string[];
  /** The validators and cache headers a 304 repeats (no body headers). */
  notModifiedHeaders: string[];
  body: Buffer;
  etag: string;
  lastModified: Date | null;
  /** `headers` as a head formatted once, made on the first answer that can use it (prepared-head.ts); null: writeHead's job. */
  head?: PreparedHead | null;
}

/** `current`: see isAnswerCurrent. */
export function prepareBadge(answer: BadgeAnswer, encoding: Encoding, policy: HeaderPolicy, current: { current: boolean }): PreparedBadge {
  const { badge, outcome, entity } = answer;
  const status = STATUS_BY_OUTCOME[outcome];
  const lastModified = entity !== null ? new Date(entity.updatedAt) : null;
  const tags = answer.purgeTags.length > 0 ? purgeHeaders(answer.purgeTags) : null;
  const cacheHeaders = [
    'Cache-Control', cacheControlFor(outcome, policy, current),
    'ETag', encoding === null ? badge.etag : `${badge.etag.slice(0, -1)}-${ENCODING_SUFFIX[encoding]}"`,
    ...(lastModified !== null ? ['Last-Modified', lastModified.toUTCString()] : []),
    ...(badge.gzip !== null ? ['Vary', 'Accept-Encoding'] : []),
    ...(tags !== null ? ['Surrogate-Key', tags.surrogateKey, 'Cache-Tag', tags.cacheTag] : []),
    'X-Content-Type-Options', 'nosniff',
    'Access-Control-Allow-Origin', '*',
  ];
  const body = encoding === 'br' ? badge.brotli! : encoding === 'gzip' ? badge.gzip! : badge.body;
  return {
    status,
    headers: [
      ...cacheHeaders,
      'Content-Type', badge.contentType,
      ...(badge.contentType.startsWith('image/svg') ? ['Content-Security-Policy', SVG_CSP] : []),
      ...retryAfterHeader(answer.retryAfterSeconds ?? (status === 503 ? RETRY_AFTER_SECONDS : undefined)),
      ...(encoding !== null ? ['Content-Encoding', encoding] : []),
      'Content-Length', String(body.length),
    ],
    notModifiedHeaders: cacheHeaders,
    body,
    etag: badge.etag,
    lastModified,
  };
}

/** Whether a cache may keep an answer: not one about this moment or client (429, 5xx), and no write overtook it. */
function mayBeStored(res: WithLocals, policy: HeaderPolicy, status: number): boolean {
  return status < 500 && status !== 429 && isAnswerCurrent(res, policy);
}

/** Whole seconds, at least one: a client told 0 would retry at once. */
function retryAfterHeader(seconds: number | undefined): string[] {
  return seconds === undefined ? [] : ['Retry-After', String(Math.max(1, Math.ceil(seconds)))];
}

/**
 * JSON error answers: a 429 or a 5xx is about this moment or this client, so nothing may store it;
 * a 404 or 409 about a target is kept briefly, under its purge tags, unless a write overtook it.
 */
export function setErrorHeaders(res: ServerResponse & WithLocals, policy: HeaderPolicy, error: { status: number; retryAfterSeconds?: number; purgeTags?: readonly string[] }): void {
  setCommonHeaders(res);
  res.setHeader('Cache-Control', mayBeStored(res, policy, error.status) ? SHORT_CACHE_CONTROL : 'no-store');
  if (error.purgeTags !== undefined && error.purgeTags.length > 0) setPurgeTags(res, error.purgeTags);
  const [name, value] = retryAfterHeader(error.retryAfterSeconds);
  if (name !== undefined && value !== undefined) res.setHeader(name, value);
}

/**
 * Writes a prepared badge, or a 304 when the request's validators match, with its request id as
 * `X-Request-Id` (replacing one set before, as writeHead does). Returns the status sent.
 * `untouched`: nothing has set a header or status on `res` (the hot path, first in the listener),
 * so the head formatted once may be used where node allows it (prepared-head.ts).
 */
export function writeBadge(req: IncomingMessage, res: ServerResponse, prepared: PreparedBadge, requestId: string | undefined, options: { untouched?: boolean } = {}): number {
  if (prepared.status === 200 && isNotModified(req, prepared.etag, prepared.lastModified)) {
    res.writeHead(304, withRequestId(prepared.notModifiedHeaders, requestId));
    res.end();
    return 304;
  }
  const head = options.untouched === true ? preparedHeadOf(prepared) : null;
  if (head === null || !writePreparedHead(res, head, requestId)) {
    res.writeHead(prepared.status, withRequestId(prepared.headers, requestId));
  }
  if (req.method === 'HEAD') res.end();
  else res.end(prepared.body);
  return prepared.status;
}

/** The badge's head formatted once, made on first use; null (kept, not retried) when it is writeHead's job. */
export function preparedHeadOf(prepared: PreparedBadge): PreparedHead | null {
  if (prepared.head === undefined) prepared.head = prepareHead(prepared.status, prepared.headers);
  return prepared.head;
}

const withRequestId = (headers: string[], requestId: string | undefined): string[] =>
  requestId === undefined ? headers : [...headers, 'X-Request-Id', requestId];

/** `requestId`: the one begin() gave the request (res.locals.reqId), written as writeBadge writes it. */
export function sendBadge(req: IncomingMessage, res: ServerResponse & WithLocals, answer: BadgeAnswer, policy: HeaderPolicy, requestId: string | undefined): void {
  const encoding = chooseEncoding(req.headers['accept-encoding'], answer.badge.gzip !== null);
  writeBadge(req, res, prepareBadge(answer, encoding, policy, { current: isAnswerCurrent(res, policy) }), requestId);
}

const ENCODING_SUFFIX = { br: 'br', gzip: 'gz' } as const;

/** RFC 9110 §13.1.2: If-None-Match wins over If-Modified-Since, and compares weakly. */
export function isNotModified(req: IncomingMessage, etag: string, lastModified: Date | null): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.length > MAX_VALIDATOR_CHARS) return false;
    const base = etag.slice(1, -1);
    return ifNoneMatch.split(',').some((raw) => {
      const tag = raw.trim().replace(/^W\//, '');
      if (tag === '*') return true;
      const opaque = tag.replace(/^"|"$/g, '').replace(/-(br|gz)$/, '');
      return opaque === base;
    });
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === null || ifModifiedSince.length > 64) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && lastModified.getTime() <= since;
}

/** The best pre-compressed variant (br, gzip) of a compressible badge the client accepts, or null for the identity body. */
export function chooseEncoding(acceptEncoding: string | undefined, compressible: boolean): Encoding {
  if (acceptEncoding === undefined || !compressible || acceptEncoding.length > 1024) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(coding!.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string): number => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/**
 * Pages: this origin only, no inline code, no framing, no <base>; forms post nowhere else.
 * `img-src 'self'` is why pages show badges by relative URL even when PUBLIC_URL names a CDN.
 */
export const PAGE_CSP =
  "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** Pages live briefly: they name the current hashed assets, and scores change. */
export const PAGE_CACHE_CONTROL = SHORT_CACHE_CONTROL;
/** A hashed asset URL never changes meaning: new bytes get a new URL. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** `purgeTags`: of everything the page shows (see purge-tag.ts); a page a write overtook is not stored. */
export function setPageHeaders(res: ServerResponse & WithLocals, policy: HeaderPolicy, options: { status: number; purgeTags?: readonly string[] }): void {
  res.statusCode = options.status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', PAGE_CSP);
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
