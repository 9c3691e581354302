// GET /v1/search?q=&limit= — entity name search for tools and the builder's live search:
// prefix, case-insensitive, across registries, best score first. Bad input is a 400, never a scan.

import { Router, type RequestHandler } from 'express';
import { AppError } from '../../domain/errors.js';
import { describeTextProblem } from '../../domain/text-rules.js';
import { MAX_SEARCH_RESULTS, type ReportService } from '../../services/report-service.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';

export const MAX_QUERY_CHARS = 100;
export const DEFAULT_SEARCH_LIMIT = 10;

/** Checks `q` (1–100 characters once trimmed) and `limit` (1–20); throws invalid_query. */
export function readSearchQuery(rawQuery: unknown, rawLimit: unknown): { q: string; limit: number } {
  if (typeof rawQuery !== 'string') throw new AppError('invalid_query', { detail: 'Give one q, e.g. /v1/search?q=openr.' });
  const q = rawQuery.trim();
  const chars = [...q].length;
  if (chars === 0 || chars > MAX_QUERY_CHARS) {
    throw new AppError('invalid_query', { detail: `q must be 1 to ${MAX_QUERY_CHARS} characters.` });
  }
  const characterProblem = describeTextProblem(q);
  if (characterProblem !== null) throw new AppError('invalid_query', { detail: `q ${characterProblem}.` });
  if (rawLimit === undefined) return { q, limit: DEFAULT_SEARCH_LIMIT };
  const limit = typeof rawLimit === 'string' && /^\d{1,2}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!(limit >= 1 && limit <= MAX_SEARCH_RESULTS)) {
    throw new AppError('invalid_query', { detail: `limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}.` });
  }
  return { q, limit };
}

export function createSearchRouter(deps: { reports: ReportService; policy: HeaderPolicy; limit: RequestHandler }): Router {
  const router = Router();
  router.get('/v1/search', deps.limit, async (req, res) => {
    const { q, limit } = readSearchQuery(req.query.q, req.query.limit);
    const { results, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.search(q, limit));
    setToolJsonHeaders(res, deps.policy, { purgeTags });
    res.json({ results });
  });
  return router;
}
