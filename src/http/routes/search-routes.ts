// GET /v1/search?q=&limit=&cursor= — entity search for tools and the builder's live search:
// prefix, case-insensitive, across registries or in one, paged. Bad input is a 400 problem, never a scan.

import { Router, type RequestHandler } from 'express';
import { DEFAULT_SEARCH_LIMIT, SearchQuerySchema } from '../../schema/params.js';
import type { ReportService } from '../../services/report-service.js';
import { readQuery } from '../request/read-params.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';

export { MAX_QUERY_CHARS } from '../../schema/params.js';

/** `q`, `limit` and `cursor` as the search page and route read them; throws invalid_query naming each parameter at fault. */
export function readSearchQuery(rawQuery: unknown, rawLimit: unknown, rawCursor?: unknown): { q: string; limit: number; cursor: string | null } {
  const { q, limit = DEFAULT_SEARCH_LIMIT, cursor = null } = readQuery(SearchQuerySchema, { q: rawQuery, limit: rawLimit, cursor: rawCursor }, 'invalid_query');
  return { q, limit, cursor };
}

export function createSearchRouter(deps: { reports: ReportService; policy: HeaderPolicy; limit: RequestHandler }): Router {
  const router = Router();
  router.get('/v1/search', deps.limit, async (req, res) => {
    const { q, limit, cursor } = readSearchQuery(req.query.q, req.query.limit, req.query.cursor);
    const { results, total, more, next, suggestions, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.search(q, limit, cursor));
    setToolJsonHeaders(res, deps.policy, { purgeTags });
    sendJson(req, res, { results, total, more, next_cursor: next, suggestions });
  });
  return router;
}
