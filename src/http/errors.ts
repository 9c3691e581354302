// The last stop for errors: AppErrors become their registered status and public text; anything
// else is logged with its stack and answered as a bare 500 that echoes nothing internal.

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, ERROR_CODES } from '../domain/errors.js';
import { SHORT_CACHE_CONTROL, setCommonHeaders } from './headers.js';

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new AppError('route_not_found'));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = toAppError(error);
    if (appError.status >= 500) logger.error({ err: error, reqId: res.locals.reqId, code: appError.code }, 'request failed');
    setCommonHeaders(res);
    res.setHeader('Cache-Control', appError.status >= 500 ? 'no-store' : SHORT_CACHE_CONTROL);
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.detail ?? ERROR_CODES[appError.code].text, ...appError.extra },
    });
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { status?: unknown; type?: unknown } | null)?.status;
  const type = (error as { type?: unknown } | null)?.type;
  // body-parser's own errors carry a status and a type; map the ones a client causes.
  if (status === 413 || type === 'entity.too.large') return new AppError('payload_too_large', { cause: error });
  if (type === 'entity.parse.failed') return new AppError('invalid_entity', { detail: 'The body is not valid JSON.', cause: error });
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError('bad_request', { cause: error });
  return new AppError('internal', { cause: error });
}
