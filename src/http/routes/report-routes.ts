// JSON report routes: /v1/preflight?target=, /v1/entities/{target} and /v1/history/{target}?days=,
// behind the JSON miss limit.
// Unknown is a 404 and ambiguous a 409 with candidates (thrown as AppErrors, answered in errors.ts).

import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ReportService } from '../../services/report-service.js';
import { DEFAULT_HISTORY_DAYS, HistoryQuerySchema, PreflightQuerySchema } from '../../schema/params.js';
import { baseUrlFor } from '../request/base-url.js';
import { readQuery, readTargetPath } from '../request/read-params.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';

export function createReportRouter(deps: { reports: ReportService; policy: HeaderPolicy; publicUrl: string | null; limit: RequestHandler }): Router {
  const router = Router();

  async function answer(req: Request, res: Response, target: string): Promise<void> {
    const { report, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.getReport(target, baseUrlFor(req, deps.publicUrl)));
    setToolJsonHeaders(res, deps.policy, { cacheControl: deps.policy.badgeCacheControl, purgeTags });
    sendJson(req, res, report, { lastModified: new Date(report.updated_at) });
  }

  router.get('/v1/preflight', deps.limit, async (req, res) => {
    const { target } = readQuery(PreflightQuerySchema, req.query, 'invalid_target');
    await answer(req, res, target);
  });

  router.get(/^\/v1\/entities\/.+/, deps.limit, async (req, res) => {
    await answer(req, res, readTargetPath(req.path.slice('/v1/entities/'.length)));
  });

  router.get(/^\/v1\/history\/.+/, deps.limit, async (req, res) => {
    const target = readTargetPath(req.path.slice('/v1/history/'.length));
    const { days = DEFAULT_HISTORY_DAYS } = readQuery(HistoryQuerySchema, req.query);
    const { history, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.getHistory(target, days));
    setToolJsonHeaders(res, deps.policy, { cacheControl: deps.policy.badgeCacheControl, purgeTags });
    const newest = history.points.at(-1);
    sendJson(req, res, history, { lastModified: newest === undefined ? null : new Date(newest.updated_at) });
  });

  return router;
}
