// Image routes: /badge/{target}.svg|.png and the shields.io endpoint JSON.
// Every outcome is answered (an image, or a shields body); headers come from headers.ts.

import { Router, type Request, type Response } from 'express';
import type { BadgeAnswer, BadgeService } from '../services/badge-service.js';
import type { ReportService } from '../services/report-service.js';
import { cacheControlFor, setCommonHeaders, setPurgeTag, type HeaderPolicy } from './headers.js';
import { parseBadgeUrl, type BadgeUrl } from './badge-url.js';
import { requestIdOf } from './request-log.js';
import { decodeTargetPath } from './request-target.js';
import { purgeTagOf } from '../services/purge-tag.js';

export interface BadgeRouterDeps {
  getBadge: BadgeService;
  reports: ReportService;
  policy: HeaderPolicy;
  /** Writes each badge answer (the hot path's answer(), which also remembers it for the next identical request). */
  sendAnswer: (req: Request, res: Response, url: BadgeUrl | null, answer: BadgeAnswer, requestId: string | undefined) => void;
}

export function createBadgeRouter(deps: BadgeRouterDeps): Router {
  const router = Router();

  // Patterns without groups: Express would decode a group itself and fail on bad escapes.
  router.get(/^\/badge\/.*/, async (req, res) => {
    const url = parseBadgeUrl(req.originalUrl);
    const answer = await deps.getBadge(url ?? { target: null, format: 'svg', query: {} });
    deps.sendAnswer(req, res, url, answer, requestIdOf(res));
  });

  router.get(/^\/v1\/shields\/.+\.json$/, async (req, res) => {
    const target = decodeTargetPath(req.path.slice('/v1/shields/'.length, -'.json'.length));
    const { body, entity } = await deps.reports.getShieldsBody(target ?? '');
    setCommonHeaders(res);
    res.setHeader('Cache-Control', cacheControlFor(entity === null ? 'unknown' : 'found', deps.policy));
    if (entity !== null) {
      setPurgeTag(res, purgeTagOf(entity));
      res.setHeader('Last-Modified', new Date(entity.updatedAt).toUTCString());
    }
    res.json(body);
  });

  return router;
}
