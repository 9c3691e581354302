// One structured log line per request, with a request id (the client's X-Request-Id when it is
// a sane token, else a fresh one) that is echoed back and attached to error logs.
// Works on plain node:http objects: the hot path and Express share it.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LOGGED_URL_CHARS = 512;
/** Access lines wait in a block this big (about 250 lines) between flushes. */
const BATCH_BYTES = 64 * 1024;
/** Flushed once the block has less room than a long line (a 512-character URL escaped). */
const FLUSH_HEADROOM_BYTES = 4096;

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

export interface RequestLog {
  /**
   * Gives a request bound for Express its id, before Express sees it: in `res.locals.reqId` (error
   * logs read it there) and the X-Request-Id header. Returns the id.
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
 * Milliseconds to the microsecond, as JSON number text built from integers: printing an
 * arbitrary double (`0.0345678…`) took V8 about 2 µs, a tenth of a cached badge's time.
 */
export function formatMs(ms: number): string {
  const micros = Math.max(0, Math.round(ms * 1000));
  const fraction = micros % 1000;
  return `${(micros - fraction) / 1000}.${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}`;
}

/**
 * The access line, formatted by hand into pino's own stream in pino's own shape: pino's generic
 * serializer cost a third of a cached badge's time. Every field is a number, a token checked on
 * the way in (request id, method), or JSON-escaped (url); test/http/request-log.test.ts pins
 * the line against pino's.
 */
function accessLineWriter(logger: Logger, flushMs: number) {
  const internals = logger as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): unknown };
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const level = pino.levels.values.info!;
  // Lines are copied into one block as they are made, and the block goes to the stream whole:
  // lines kept as strings until a flush survived young collections by the hundreds, each a
  // tree of concatenated pieces, and were copied and flattened again at the join.
  const block = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let timeMs = 0;
  let timeText = '0';
  const flush = (): void => {
    if (used === 0) return;
    const text = block.toString('utf8', 0, used);
    used = 0;
    stream.write(text);
  };
  const timer = flushMs > 0 ? setInterval(flush, flushMs) : null;
  timer?.unref();
  const append = (line: string): void => {
    const written = block.write(line, used);
    // A line that may not have fitted whole goes at the start of the next block instead, or, when
    // not even a whole block holds it (only huge pino bindings could do that), to the stream alone.
    const bytes = used + written > BATCH_BYTES - 4 ? Buffer.byteLength(line) : written;
    if (written === bytes) {
      used += written;
      return;
    }
    flush();
    if (bytes > BATCH_BYTES - 4) stream.write(line);
    else used = block.write(line, 0);
  };
  const write = (req: IncomingMessage, status: number, reqId: string, ms: number): void => {
    if (!logger.isLevelEnabled('info')) return;
    const now = Date.now();
    if (now !== timeMs) {
      timeMs = now;
      timeText = String(now);
    }
    const url = JSON.stringify((req.url ?? '').slice(0, MAX_LOGGED_URL_CHARS));
    append(
      `{"level":${level},"time":${timeText}${bindings},"reqId":"${reqId}","method":${JSON.stringify(req.method)},` +
        `"url":${url},"status":${status},"ms":${formatMs(ms)},"msg":"request"}\n`,
    );
    if (used > BATCH_BYTES - FLUSH_HEADROOM_BYTES || timer === null) flush();
  };
  const close = (): void => {
    if (timer !== null) clearInterval(timer);
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
      res.setHeader('X-Request-Id', reqId);
      return reqId;
    },
  };
}
