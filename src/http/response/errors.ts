// The last stop for errors: AppErrors become their registered status and public text, anything else
// a logged 500 that echoes nothing internal. On image routes it must still answer an image, never JSON.

import { crc32, deflateSync } from 'node:zlib';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { renderedBadgeOf, type RenderedBadge } from '../cache/badge-cache.js';
import { defaultBadgeOptions, type Format } from '../domain/badge-options.js';
import { specForState } from '../domain/badge-spec.js';
import { AppError, ERROR_CODES } from '../domain/errors.js';
import { TONE_PALETTES } from '../domain/palette.js';
import { BadgeRenderError } from '../services/badge-service.js';
import { BADGE_PREFIX } from './badge-url.js';
import { sendBadge, setErrorHeaders, type HeaderPolicy } from './headers.js';
import { requestIdOf } from './request-log.js';
import { splitBadgePath } from './request-target.js';

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(new AppError('route_not_found'));
}

export function errorHandler(logger: Logger, policy: HeaderPolicy): ErrorRequestHandler {
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
      status: appError.status,
      retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : undefined,
      purgeTags: appError.purgeTags,
    });
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

const LAST_RESORT = { width: 90, height: 20, title: 'badge: unavailable' } as const;

/**
 * For when the renderer itself is broken: a plain grey box with an accessible name, written by
 * hand (SVG) and encoded here (PNG), so it depends on neither Satori, Resvg nor the fonts.
 */
function createLastResortBadges(): Record<Format, RenderedBadge> {
  const { width, height, title } = LAST_RESORT;
  const fill = TONE_PALETTES.neutral.fill;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}"><title>${title}</title><rect width="${width}" height="${height}" rx="3" fill="${fill}"/></svg>`;
  const spec = (format: Format) => specForState('unavailable', defaultBadgeOptions(format));
  return {
    svg: renderedBadgeOf(spec('svg'), Buffer.from(svg, 'utf8')),
    png: renderedBadgeOf(spec('png'), encodeSolidPng(width, height, fill)),
  };
}

/** A width × height PNG of one RGB colour (8-bit truecolour, no interlace). */
function encodeSolidPng(width: number, height: number, hex: string): Buffer {
  const rgb = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const frame = Buffer.alloc(4 + body.length + 4);
    frame.writeUInt32BE(data.length, 0);
    body.copy(frame, 4);
    frame.writeUInt32BE(crc32(body), 4 + body.length);
    return frame;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
