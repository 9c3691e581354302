// The public side of vendor seals: the image /seal/{id}.svg|png (the grade only for a page on one of
// the seal's origins) and /v1/seals/{id}/ticket (CORS, for the self-hosted script). The cache rule:
// a seal image is `private, no-cache` with `Vary: Referer` — no shared cache stores it, and a
// browser revalidates every use, so no cache ever hands one site's seal to another.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Router, type RequestHandler } from 'express';
import { AppError } from '../../domain/errors.js';
import { SealImageQuerySchema, type SealTicket } from '../../schema/seal-schemas.js';
import type { SealImage, SealImageState, SealService } from '../../services/seal-service.js';
import { requestIdOf } from '../observability/request-log.js';
import { baseUrlFor } from '../request/base-url.js';
import { writeBadge } from '../response/badge-response.js';
import { chooseEncoding, etagOf, etagsOfEveryCoding } from '../response/encoding.js';
import { RETRY_AFTER_SECONDS, setCommonHeaders, SVG_CSP } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';

/** Private to the browser, revalidated on every use: the answer depends on the page asking. */
export const SEAL_CACHE_CONTROL = 'private, no-cache';
export const SEAL_PATH = /^\/seal\/([^/]+)\.(svg|png)$/;

export const STATUS_BY_STATE: Readonly<Record<SealImageState, number>> = {
  valid: 200, foreign: 200, expired: 200, revoked: 200, entity_missing: 200, below_threshold: 200,
  unknown: 404, invalid: 400, unavailable: 503,
};

export function createSealRouter(deps: { seals: SealService; publicUrl: string | null; limits: { badge: RequestHandler; json: RequestHandler } }): Router {
  const router = Router();

  router.get(SEAL_PATH, deps.limits.badge, async (req, res) => {
    const [, id, format] = SEAL_PATH.exec(req.path)! as unknown as [string, string, 'svg' | 'png'];
    const query = SealImageQuerySchema.safeParse(req.query);
    if (!query.success) {
      const detail = query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      sendSealImage(req, res, await deps.seals.problemImage(format, detail), STATUS_BY_STATE.invalid, requestIdOf(res));
      return;
    }
    const image = await deps.seals.image({ id, format, ...query.data, referer: req.get('referer') });
    sendSealImage(req, res, image, STATUS_BY_STATE[image.state], requestIdOf(res));
  });

  // Any page may ask (credentials are never sent); the browser's Origin header says which page it is.
  router.options('/v1/seals/:id/ticket', (_req, res) => {
    setCommonHeaders(res);
    res.setHeader('Access-Control-Allow-Methods', 'GET');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  });

  router.get('/v1/seals/:id/ticket', deps.limits.json, async (req, res) => {
    const id = String(req.params.id);
    const made = await deps.seals.ticket(id, req.get('origin'));
    if (made === null) {
      throw new AppError('bad_request', { detail: 'Ask from the page\'s own script: the browser\'s Origin header names the page, and this request has none.' });
    }
    const base = baseUrlFor(req, deps.publicUrl);
    const ticket = `?ticket=${made.token}`;
    const answer: SealTicket = { svg: `${base}/seal/${id}.svg${ticket}`, png: `${base}/seal/${id}.png${ticket}`, expires_at: made.expiresAt };
    setCommonHeaders(res);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Origin');
    sendJson(req, res, answer);
  });

  return router;
}

/** The picture with the seal cache rule and its state in X-Seal-State, written as badges are (a 304 when the browser's copy is this very picture). */
export function sendSealImage(req: IncomingMessage, res: ServerResponse, image: SealImage, status: number, requestId: string | undefined): void {
  const { picture } = image;
  const encoding = chooseEncoding(req.headers['accept-encoding'], picture.gzip !== null);
  const cacheHeaders = [
    'Cache-Control', SEAL_CACHE_CONTROL,
    'Vary', picture.gzip === null ? 'Referer' : 'Referer, Accept-Encoding',
    'ETag', etagOf(picture.etag, encoding),
    'X-Seal-State', image.state,
    'X-Content-Type-Options', 'nosniff',
    'Access-Control-Allow-Origin', '*',
  ];
  const body = encoding === 'br' ? picture.brotli! : encoding === 'gzip' ? picture.gzip! : picture.body;
  writeBadge(req, res, {
    status,
    headers: [
      ...cacheHeaders,
      'Content-Type', picture.contentType,
      ...(picture.gzip !== null ? ['Content-Security-Policy', SVG_CSP] : []),
      ...(encoding !== null ? ['Content-Encoding', encoding] : []),
      ...(status === 503 ? ['Retry-After', String(RETRY_AFTER_SECONDS)] : []),
      'Content-Length', String(body.length),
    ],
    notModifiedHeaders: cacheHeaders,
    body,
    etags: picture.gzip === null ? [picture.etag] : etagsOfEveryCoding(picture.etag),
    lastModified: null,
  }, requestId);
}
