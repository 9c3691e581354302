// The last stop for errors: AppErrors become RFC 9457 problem details (application/problem+json)
// with their registered status and public text, anything else a logged 500 that echoes nothing
// internal. On image routes it must still answer an image, never JSON.

import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { renderedBadgeOf, type RenderedBadge } from '../../cache/badge-cache.js';
import { defaultBadgeOptions, type Format } from '../../domain/badge-options.js';
import { specForState } from '../../domain/badge-spec.js';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import { drawLastResort } from '../../render/last-resort.js';
import { BadgeRenderError } from '../../services/badge-service.js';
import type { Problem } from '../../schema/answers.js';
import { BADGE_PREFIX } from '../request/badge-url.js';
import { baseUrlFor } from '../request/base-url.js';
import { sendBadge } from './badge-response.js';
import { setErrorHeaders, type HeaderPolicy } from './headers.js';
import { requestIdOf } from '../observability/request-log.js';
import { splitBadgePath } from '../request/request-target.js';

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new AppError('route_not_found'));
}

/** Where each problem type is explained: a section of the API docs page. */
export function problemTypeUrl(baseUrl: string, code: ErrorCode): string {
  return `${baseUrl}/docs/api#problem-${code}`;
}

/** The problem document of an error, as answers.ts declares it. */
export function problemOf(appError: AppError, baseUrl: string, requestId: string | undefined): Problem {
  return {
    type: problemTypeUrl(baseUrl, appError.code),
    title: ERROR_CODES[appError.code].text,
    status: appError.status,
    detail: appError.detail ?? ERROR_CODES[appError.code].text,
    instance: `urn:trustbadge:request:${requestId ?? 'unknown'}`,
    code: appError.code,
    ...(appError.errors !== undefined ? { errors: [...appError.errors] } : {}),
    ...appError.extra,
  };
}

export function errorHandler(logger: Logger, policy: HeaderPolicy, publicUrl: string | null): ErrorRequestHandler {
  const lastResort = createLastResortBadges();
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = toAppError(error);
    // A BadgeRenderError was reported once per visual where it happened; a log line per request would flood.
    if (appError.status >= 500 && !(error instanceof BadgeRenderError)) {
      logger.error({ err: error, reqId: res.locals.reqId, code: appError.code }, 'request failed');
    }
    if (appError.status >= 500 && (req.method === 'GET' || req.method === 'HEAD') && req.path.startsWith(BADGE_PREFIX)) {
      const { format } = splitBadgePath(req.path.slice(BADGE_PREFIX.length));
      sendBadge(req, res, { outcome: 'failed', badge: lastResort[format], entity: null, lookup: null, purgeTags: [] }, policy, requestIdOf(res));
      return;
    }
    // A badge request's id waits for its badge's head (request-log.ts): this answer is JSON instead.
    const reqId = requestIdOf(res);
    if (reqId !== undefined) res.setHeader('X-Request-Id', reqId);
    const retryAfter = appError.extra?.retry_after_seconds;
    setErrorHeaders(res, policy, {
      method: req.method,
      status: appError.status,
      retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : undefined,
      purgeTags: appError.purgeTags,
    });
    const body = JSON.stringify(problemOf(appError, baseUrlFor(req, publicUrl), reqId));
    res.status(appError.status).type('application/problem+json').send(body);
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

/** The last-resort pictures (render/last-resort.ts), as answers: drawn once, at start. */
function createLastResortBadges(): Record<Format, RenderedBadge> {
  const spec = (format: Format) => specForState('unavailable', defaultBadgeOptions(format));
  return { svg: renderedBadgeOf(spec('svg'), drawLastResort('svg')), png: renderedBadgeOf(spec('png'), drawLastResort('png')) };
}
