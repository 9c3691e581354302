// All header policy in one place: cache lifetimes per outcome, validators and 304s, content
// negotiation of the pre-compressed variants, and the security headers every answer carries.
// Overrides may cache more, never less; error answers never cache long.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RenderedBadge } from '../cache/badge-cache.js';
import type { BadgeAnswer, BadgeOutcome } from '../services/badge-service.js';

export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";
export const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";
/** Unknown and ambiguous answers must not pin: the entity may appear any minute. */
export const SHORT_CACHE_CONTROL = 'public, max-age=60';
export const RETRY_AFTER_SECONDS = 30;
/** Longer If-None-Match values are ignored rather than parsed. */
const MAX_VALIDATOR_CHARS = 8192;

export interface HeaderPolicy {
  badgeCacheControl: string;
}

const STATUS_BY_OUTCOME: Readonly<Record<BadgeOutcome, number>> = {
  found: 200,
  unknown: 200,
  ambiguous: 200,
  invalid: 400,
  unavailable: 503,
  busy: 503,
};

/** Written on plain node:http objects, so the hot path and Express share every line of it. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Access-Control-Allow-Origin', '*');
}

export function cacheControlFor(outcome: BadgeOutcome, policy: HeaderPolicy): string {
  if (outcome === 'found') return policy.badgeCacheControl;
  if (outcome === 'unavailable' || outcome === 'busy') return 'no-store';
  return SHORT_CACHE_CONTROL;
}

export function sendBadge(req: IncomingMessage, res: ServerResponse, answer: BadgeAnswer, policy: HeaderPolicy): void {
  const { badge, outcome, entity } = answer;
  const status = STATUS_BY_OUTCOME[outcome];
  const encoding = chooseEncoding(req.headers['accept-encoding'], badge);
  const lastModified = entity !== null ? new Date(entity.updatedAt) : null;

  setCommonHeaders(res);
  res.setHeader('Content-Type', badge.contentType);
  res.setHeader('Cache-Control', cacheControlFor(outcome, policy));
  res.setHeader('ETag', encoding === null ? badge.etag : `${badge.etag.slice(0, -1)}-${ENCODING_SUFFIX[encoding]}"`);
  if (lastModified !== null) res.setHeader('Last-Modified', lastModified.toUTCString());
  if (badge.gzip !== null) res.setHeader('Vary', 'Accept-Encoding');
  if (badge.contentType.startsWith('image/svg')) res.setHeader('Content-Security-Policy', SVG_CSP);
  if (answer.purgeTags.length > 0) {
    res.setHeader('Surrogate-Key', answer.purgeTags.join(' '));
    res.setHeader('Cache-Tag', answer.purgeTags.join(','));
  }
  if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));

  if (status === 200 && isNotModified(req, badge.etag, lastModified)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = encoding === 'br' ? badge.brotli! : encoding === 'gzip' ? badge.gzip! : badge.body;
  if (encoding !== null) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.length));
  res.statusCode = status;
  if (req.method === 'HEAD') res.end();
  else res.end(body);
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

/** The best pre-compressed variant the client accepts, or null for the identity body. */
export function chooseEncoding(acceptEncoding: string | undefined, badge: RenderedBadge): 'br' | 'gzip' | null {
  if (acceptEncoding === undefined || badge.gzip === null || acceptEncoding.length > 1024) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(coding!.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (coding: string): number => accepted.get(coding) ?? accepted.get('*') ?? 0;
  if (badge.brotli !== null && weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}
