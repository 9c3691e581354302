// JSON report routes: /v1/preflight?target= and /v1/entities/{target}, behind the JSON miss limit.
// Unknown is a 404 and ambiguous a 409 with candidates (thrown as AppErrors, answered in errors.ts).

import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../domain/errors.js';
import type { ReportService } from '../../services/report-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { decodeTargetPath } from '../request/request-target.js';

export function createReportRouter(deps: { reports: ReportService; policy: HeaderPolicy; publicUrl: string | null; limit: RequestHandler }): Router {
  const router = Router();

  async function answer(req: Request, res: Response, target: string | null): Promise<void> {
    if (target === null) throw new AppError('invalid_target');
    const { report, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.getReport(target, baseUrlFor(req, deps.publicUrl)));
    setToolJsonHeaders(res, deps.policy, { cacheControl: deps.policy.badgeCacheControl, purgeTags });
    res.setHeader('Last-Modified', new Date(report.updated_at).toUTCString());
    res.json(report);
  }

  router.get('/v1/preflight', deps.limit, async (req, res) => {
    const { target } = req.query;
    if (typeof target !== 'string') {
      throw new AppError('invalid_target', { detail: 'Give exactly one target, e.g. /v1/preflight?target=github/owner/repo.' });
    }
    await answer(req, res, target);
  });

  router.get(/^\/v1\/entities\/.+/, deps.limit, async (req, res) => {
    await answer(req, res, decodeTargetPath(req.path.slice('/v1/entities/'.length)));
  });

  return router;
}
