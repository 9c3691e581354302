// One structured log line per request, with a request id (the client's X-Request-Id when it is
// a sane token, else a fresh one) that is echoed back and attached to error logs.
// Works on plain node:http objects: the hot path and Express share it. It must never write a
// credential: the values of secret-looking query parameters are replaced before a URL is logged.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { isBadgeRequest } from './badge-url.js';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LOGGED_URL_CHARS = 512;
/** The longest request id (client ids are checked to 64 characters) and method a line carries. */
const MAX_ID_CHARS = 64;
const MAX_METHOD_CHARS = 32;
/** Access lines wait in a block this big (about 250 lines) between flushes. */
const BATCH_BYTES = 64 * 1024;
/** A JSON string takes at most six bytes per UTF-16 unit (`\u0001`), and its quotes. */
const jsonStringBytes = (chars: number): number => 6 * chars + 2;
/** Room for a number's digits: a millisecond timestamp, a status, a duration. */
const NUMBER_BYTES = 24;

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
   * is written by writeBadge, which puts the id in its head (in the list it hands node's writeHead,
   * or in the head prepared once), and a header set earlier would send node down its slow path for
   * every header of the badge.
   */
  begin: (req: IncomingMessage, res: ServerResponse & { locals?: Record<string, unknown> }) => string;
  /** The access line of an answered request (the caller calls it once the answer has gone). */
  logServed: (req: IncomingMessage, status: number, reqId: string, ms: number) => void;
  /** The id of a request (see createRequestIds). */
  requestId: (req: IncomingMessage) => string;
  /** Hands batched lines to the logger's stream now. */
  flush: () => void;
  /** Flushes and stops the batch timer. */
  close: () => void;
}

/**
 * The access line, written by hand into pino's own stream in pino's own shape: pino's generic
 * serializer cost a third of a cached badge's time. Every field is a number, or a JSON string
 * (url with secrets redacted, method, request id); test/http/request-log.test.ts pins the line against pino's.
 *
 * Lines are assembled as bytes straight into one block, which goes to the stream whole: strings
 * concatenated per line, JSON.stringify and Buffer#write made up most of the line's cost, and
 * lines kept as strings until a flush survived young collections by the hundreds.
 */
function accessLineWriter(logger: Logger, flushMs: number) {
  const internals = logger as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): unknown };
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const level = pino.levels.values.info!;
  const piece = (text: string): Buffer => Buffer.from(text, 'utf8');
  const head = piece(`{"level":${level},"time":`);
  const afterTime = piece(`${bindings},"reqId":`);
  const afterId = piece(',"method":');
  const afterMethod = piece(',"url":');
  const afterUrl = piece(',"status":');
  const afterStatus = piece(',"ms":');
  const tail = piece(',"msg":"request"}\n');
  const longestLine =
    [head, afterTime, afterId, afterMethod, afterUrl, afterStatus, tail].reduce((sum, bytes) => sum + bytes.length, 0) +
    jsonStringBytes(MAX_ID_CHARS) + jsonStringBytes(MAX_METHOD_CHARS) + jsonStringBytes(MAX_LOGGED_URL_CHARS) + 3 * NUMBER_BYTES;
  // Always room for the next line: the block is flushed once less than the longest line is left.
  const block = Buffer.allocUnsafe(Math.max(BATCH_BYTES, 4 * longestLine));
  let used = 0;
  // The time's digits, made again only when the millisecond changes (dozens of lines share one).
  let timeMs = -1;
  let timeDigits = piece('');
  let enabled = logger.isLevelEnabled('info');
  const onLevelChange = (): void => {
    enabled = logger.isLevelEnabled('info');
  };
  logger.on('level-change', onLevelChange);

  const put = (bytes: Uint8Array, at: number): number => {
    block.set(bytes, at);
    return at + bytes.length;
  };
  /** A non-negative integer's decimal digits. */
  const putDigits = (value: number, at: number): number => {
    let last = at;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) last++;
    for (let i = last, rest = value; i >= at; i--, rest = Math.floor(rest / 10)) block[i] = 0x30 + (rest % 10);
    return last + 1;
  };
  /** Milliseconds to the microsecond, as JSON number text (`0.035`). */
  const putMs = (ms: number, at: number): number => {
    const micros = Math.max(0, Math.round(ms * 1000));
    const fraction = micros % 1000;
    const point = putDigits((micros - fraction) / 1000, at);
    block[point] = 0x2e;
    block[point + 1] = 0x30 + Math.floor(fraction / 100);
    block[point + 2] = 0x30 + (Math.floor(fraction / 10) % 10);
    block[point + 3] = 0x30 + (fraction % 10);
    return point + 4;
  };
  /**
   * At most `limit` UTF-16 units of `text` as a JSON string: printable ASCII byte by byte; a
   * string with anything that JSON escapes or UTF-8 widens goes through JSON.stringify instead.
   */
  const putString = (text: string, limit: number, at: number): number => {
    const length = Math.min(text.length, limit);
    block[at] = 0x22;
    let next = at + 1;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return at + block.write(JSON.stringify(text.slice(0, length)), at);
      block[next++] = code;
    }
    block[next] = 0x22;
    return next + 1;
  };

  const flush = (): void => {
    if (used === 0) return;
    const text = block.toString('utf8', 0, used);
    used = 0;
    stream.write(text);
  };
  const timer = flushMs > 0 ? setInterval(flush, flushMs) : null;
  timer?.unref();
  const write = (req: IncomingMessage, status: number, reqId: string, ms: number): void => {
    if (!enabled) return;
    const now = Date.now();
    if (now !== timeMs) {
      timeMs = now;
      timeDigits = piece(String(now));
    }
    let at = put(timeDigits, put(head, used));
    at = putString(reqId, MAX_ID_CHARS, put(afterTime, at));
    at = putString(req.method ?? '', MAX_METHOD_CHARS, put(afterId, at));
    at = putString(redactUrl(req.url ?? ''), MAX_LOGGED_URL_CHARS, put(afterMethod, at));
    at = putDigits(status, put(afterUrl, at));
    used = put(tail, putMs(ms, put(afterStatus, at)));
    if (used + longestLine > block.length || timer === null) flush();
  };
  const close = (): void => {
    if (timer !== null) clearInterval(timer);
    logger.off('level-change', onLevelChange);
    flush();
  };
  return { write, flush, close };
}

/** `batchMs` 0 writes each line at once (tests); otherwise lines wait at most that long. */
export function createRequestLog(logger: Logger, batchMs = 0): RequestLog {
  const lines = accessLineWriter(logger, batchMs);
  const requestId = createRequestIds();
  return {
    logServed: lines.write,
    requestId,
    flush: lines.flush,
    close: lines.close,
    begin(req, res) {
      const reqId = requestId(req);
      // Express keeps a locals object it finds; this one has no prototype, like Express's own.
      res.locals = Object.assign(Object.create(null) as Record<string, unknown>, { reqId });
      if (!isBadgeRequest(req)) res.setHeader('X-Request-Id', reqId);
      return reqId;
    },
  };
}
