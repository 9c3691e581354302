// A badge answer as bytes on the wire: its headers worked out once per answer and content coding
// (headers.ts' policy), then written per request with its id, or a 304 when the client's copy is
// current. Writes through node's public writeHead/end only.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BadgeAnswer } from '../../services/badge-service.js';
import { purgeHeaders } from '../../services/purge-tag.js';
import { isNotModified } from './conditional.js';
import { chooseEncoding, etagOf, etagsOfEveryCoding, type Encoding } from './encoding.js';
import { isAnswerCurrent, type WithLocals } from './fresh-answers.js';
import { cacheControlFor, RETRY_AFTER_SECONDS, retryAfterHeader, STATUS_BY_OUTCOME, SVG_CSP, type HeaderPolicy } from './headers.js';

/** Everything about one badge answer's response except the per-request id: built once, reused. */
export interface PreparedBadge {
  status: number;
  /** Flat [name, value, …] pairs, the form writeHead takes without a per-header detour. */
  headers: string[];
  /** The validators and cache headers a 304 repeats (no body headers). */
  notModifiedHeaders: string[];
  body: Buffer;
  /** The ETags of every content coding of this picture: a copy validated under one is current under all. */
  etags: readonly string[];
  lastModified: Date | null;
}

/** `current`: see isAnswerCurrent. */
export function prepareBadge(answer: BadgeAnswer, encoding: Encoding, policy: HeaderPolicy, current: { current: boolean }): PreparedBadge {
  const { badge, outcome, entity } = answer;
  const status = STATUS_BY_OUTCOME[outcome];
  const lastModified = answer.lastModified ?? (entity !== null ? new Date(entity.updatedAt) : null);
  const tags = answer.purgeTags.length > 0 ? purgeHeaders(answer.purgeTags) : null;
  const cacheHeaders = [
    'Cache-Control', cacheControlFor(outcome, policy, current),
    'ETag', etagOf(badge.etag, encoding),
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
    etags: badge.gzip === null ? [badge.etag] : etagsOfEveryCoding(badge.etag),
    lastModified,
  };
}

/**
 * Writes a prepared badge, or a 304 when the request's validators match, with its request id as
 * `X-Request-Id` (replacing one set before, as writeHead does). Returns the status sent.
 */
export function writeBadge(req: IncomingMessage, res: ServerResponse, prepared: PreparedBadge, requestId: string | undefined): number {
  if (prepared.status === 200 && isNotModified(req, prepared.etags, prepared.lastModified)) {
    res.writeHead(304, withRequestId(prepared.notModifiedHeaders, requestId));
    res.end();
    return 304;
  }
  res.writeHead(prepared.status, withRequestId(prepared.headers, requestId));
  if (req.method === 'HEAD') res.end();
  else res.end(prepared.body);
  return prepared.status;
}

const withRequestId = (headers: string[], requestId: string | undefined): string[] =>
  requestId === undefined ? headers : [...headers, 'X-Request-Id', requestId];

/** `requestId`: the one begin() gave the request (res.locals.reqId), written as writeBadge writes it. */
export function sendBadge(req: IncomingMessage, res: ServerResponse & WithLocals, answer: BadgeAnswer, policy: HeaderPolicy, requestId: string | undefined): void {
  const encoding = chooseEncoding(req.headers['accept-encoding'], answer.badge.gzip !== null);
  writeBadge(req, res, prepareBadge(answer, encoding, policy, { current: isAnswerCurrent(res, policy) }), requestId);
}
