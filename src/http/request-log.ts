// One structured log line per request, with a request id (the client's X-Request-Id when it is
// a sane token, else a fresh one) that is echoed back and attached to error logs.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_LOGGED_URL_CHARS = 512;

/** Written on plain node:http objects: the hot path and Express both call it. */
export function requestLog(logger: Logger): (req: IncomingMessage, res: ServerResponse & { locals?: Record<string, unknown> }, next?: () => void) => void {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const offered = req.headers['x-request-id'];
    const reqId = typeof offered === 'string' && CLIENT_ID.test(offered) ? offered : randomUUID();
    if (res.locals !== undefined) res.locals.reqId = reqId;
    res.setHeader('X-Request-Id', reqId);
    res.on('finish', () => {
      logger.info({
        reqId,
        method: req.method,
        url: (req.url ?? '').slice(0, MAX_LOGGED_URL_CHARS),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      }, 'request');
    });
    next?.();
  };
}
