// Image routes: /badge/{target}.svg|.png and the shields.io endpoint JSON, each behind its miss limit.
// Every outcome is answered (an image, or a shields body); headers come from headers.ts.

import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { BadgeAnswer, BadgeService } from '../../services/badge-service.js';
import type { ReportService } from '../../services/report-service.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';
import { parseBadgeUrl, type BadgeUrl } from '../request/badge-url.js';
import { requestIdOf } from '../observability/request-log.js';
import { decodeTargetPath } from '../request/request-target.js';

export interface BadgeRouterDeps {
  getBadge: BadgeService;
  reports: ReportService;
  policy: HeaderPolicy;
  limits: { badge: RequestHandler; json: RequestHandler };
  /** Writes each badge answer (the hot path's answer(), which also remembers it for the next identical request). */
  sendAnswer: (req: Request, res: Response, url: BadgeUrl | null, answer: BadgeAnswer, requestId: string | undefined) => void;
}

export function createBadgeRouter(deps: BadgeRouterDeps): Router {
  const router = Router();

  // Patterns without groups: Express would decode a group itself and fail on bad escapes.
  router.get(/^\/badge\/.*/, deps.limits.badge, async (req, res) => {
    const url = parseBadgeUrl(req.originalUrl);
    const answer = await workOutCurrent(res, deps.policy, () => deps.getBadge(url ?? { target: null, format: 'svg', query: {} }));
    deps.sendAnswer(req, res, url, answer, requestIdOf(res));
  });

  router.get(/^\/v1\/shields\/.+\.json$/, deps.limits.json, async (req, res) => {
    const target = decodeTargetPath(req.path.slice('/v1/shields/'.length, -'.json'.length));
    const { body, entity, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.getShieldsBody(target, req.query));
    setToolJsonHeaders(res, deps.policy, { cacheControl: entity === null ? undefined : deps.policy.badgeCacheControl, purgeTags });
    sendJson(req, res, body, { lastModified: entity === null ? null : new Date(entity.updatedAt) });
  });

  return router;
}
