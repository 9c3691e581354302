// One structured log line per request, with a request id (the client's X-Request-Id when it is
// a sane token, else a fresh one) that is echoed back and attached to error logs.
// Works on plain node:http objects: the hot path and Express share it.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LOGGED_URL_CHARS = 512;
const MAX_BATCHED_LINES = 256;

/**
 * Request ids: the client's when it is a sane token, else this process's random prefix and a
 * counter — unique across replicas like a UUID, but a fraction of its cost on the hot path.
 */
function createRequestIds(): (req: IncomingMessage) => string {
  const prefix = randomUUID().slice(0, 8);
  let next = 0;
  return (req) => {
    const offered = req.headers['x-request-id'];
    return typeof offered === 'string' && CLIENT_ID.test(offered) ? offered : `${prefix}-${(++next).toString(36)}`;
  };
}

export interface RequestLog {
  /** Express middleware: sets the id header and logs when the response finishes. */
  middleware: (req: IncomingMessage, res: ServerResponse & { locals?: Record<string, unknown> }, next: () => void) => void;
  /** For answers written in one go (the hot path): logs at once, no listener. */
  logServed: (req: IncomingMessage, status: number, reqId: string, ms: number) => void;
  /** The id of a request (see createRequestIds). */
  requestId: (req: IncomingMessage) => string;
  /** Hands batched lines to the logger's stream now. */
  flush: () => void;
  /** Flushes and stops the batch timer. */
  close: () => void;
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
  // Lines wait here in batches: one stream write per batch instead of one per request.
  let batch: string[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    stream.write(batch.join(''));
    batch = [];
  };
  const timer = flushMs > 0 ? setInterval(flush, flushMs) : null;
  timer?.unref();
  const write = (req: IncomingMessage, status: number, reqId: string, ms: number): void => {
    if (!logger.isLevelEnabled('info')) return;
    const url = JSON.stringify((req.url ?? '').slice(0, MAX_LOGGED_URL_CHARS));
    batch.push(
      `{"level":${level},"time":${Date.now()}${bindings},"reqId":"${reqId}","method":${JSON.stringify(req.method)},` +
        `"url":${url},"status":${status},"ms":${ms},"msg":"request"}\n`,
    );
    if (batch.length >= MAX_BATCHED_LINES || timer === null) flush();
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
    middleware(req, res, next) {
      const started = process.hrtime.bigint();
      const reqId = requestId(req);
      if (res.locals !== undefined) res.locals.reqId = reqId;
      res.setHeader('X-Request-Id', reqId);
      res.on('finish', () => lines.write(req, res.statusCode, reqId, Number(process.hrtime.bigint() - started) / 1e6));
      next();
    },
  };
}
