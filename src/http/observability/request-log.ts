// Request ids and the access line: one per answered request, through the app's pino logger (hot path and Express).
// It must never log a credential (secret-looking query values are redacted first) nor reach into pino's internals.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isBadgeRequest } from '../request/badge-url.js';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LOGGED_URL_CHARS = 512;

/**
 * Query parameters that carry credentials somewhere (OAuth's access_token, signed URLs'
 * X-Amz-Signature, api keys, session ids), by name, case-insensitively: a name holding a strong
 * word anywhere (accessToken, client_secret), or ending in a short one on its own or after a
 * separator (key, x-api-key, sig; not monkey or design).
 */
const SECRET_NAME = /token|secret|passw|signature|credential|api_?key|(?:^|[^a-z0-9])(?:key|sig|auth|authorization|session|sessionid|sid|code|pwd|pass|jwt)$/i;
/**
 * True for every URL whose query has a name SECRET_NAME could match (a `%` could spell one), false
 * for most badge URLs: the cheap test (50-100 ns) before the query is taken apart.
 */
const SECRET_HINT = /[?&][^=&]*(?:token|secret|pass|pwd|sig|key|auth|session|sid|code|jwt|credential|%)/i;
const REDACTED = '[REDACTED]';

/** `url` with the value of every secret-looking query parameter replaced by [REDACTED]. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt === -1 || !SECRET_HINT.test(url)) return url;
  const pairs = url.slice(queryAt + 1).split('&');
  let redacted = false;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const equals = pair.indexOf('=');
    if (equals === -1 || !SECRET_NAME.test(decodeName(pair.slice(0, equals)))) continue;
    pairs[i] = `${pair.slice(0, equals)}=${REDACTED}`;
    redacted = true;
  }
  return redacted ? `${url.slice(0, queryAt + 1)}${pairs.join('&')}` : url;
}

function decodeName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name;
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

/**
 * Request ids: the client's when it is a sane token, else this process's random prefix and a
 * counter — unique across replicas like a UUID, but a fraction of its cost on the hot path.
 */
function createRequestIds(): (req: IncomingMessage) => string {
  const prefix = randomUUID().slice(0, 8);
  let next = 0;
  return (req) => {
    const offered = req.headers['x-request-id'];
    // Decimal: V8 turns small integers into text from a cache; base 36 went through its slow path.
    return typeof offered === 'string' && CLIENT_ID.test(offered) ? offered : `${prefix}-${++next}`;
  };
}

/** The id begin() gave a request, where it keeps it (`res.locals.reqId`), if it gave one. */
export function requestIdOf(res: { locals?: Record<string, unknown> }): string | undefined {
  const id = res.locals?.reqId;
  return typeof id === 'string' ? id : undefined;
}

export interface RequestLog {
  /**
   * Gives a request bound for Express its id, before Express sees it: in `res.locals.reqId` (error
   * logs and badge answers read it there) and the X-Request-Id header. Returns the id. A badge
   * request (GET or HEAD under /badge/) gets the header with its answer's head instead: every badge
   * is written by writeBadge, which puts the id in the list it hands node's writeHead, and a header
   * set earlier would send node down its slow path for every header of the badge.
   */
  begin: (req: IncomingMessage, res: ServerResponse & { locals?: Record<string, unknown> }) => string;
  /** The access line of an answered request, `ms` to the microsecond (the caller calls it once the answer has gone). */
  logServed: (req: IncomingMessage, status: number, reqId: string, ms: number) => void;
  /** The id of a request (see createRequestIds). */
  requestId: (req: IncomingMessage) => string;
}

/**
 * Lines go through `logger.info`, so the logger's level, bindings and destination apply; buffering
 * is the destination's (main.ts: `pino.destination({ sync: false, minLength })`).
 */
export function createRequestLog(logger: Logger): RequestLog {
  const requestId = createRequestIds();
  return {
    requestId,
    logServed(req, status, reqId, ms) {
      // Checked first: below info, the URL is not worth redacting.
      if (!logger.isLevelEnabled('info')) return;
      const url = redactUrl(req.url ?? '').slice(0, MAX_LOGGED_URL_CHARS);
      logger.info({ reqId, method: req.method, url, status, ms: Math.round(ms * 1000) / 1000 }, 'request');
    },
    begin(req, res) {
      const reqId = requestId(req);
      // Express keeps a locals object it finds; this one has no prototype, like Express's own.
      res.locals = Object.assign(Object.create(null) as Record<string, unknown>, { reqId });
      if (!isBadgeRequest(req)) res.setHeader('X-Request-Id', reqId);
      return reqId;
    },
  };
}
