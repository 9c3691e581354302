// Dependency sets: POST /v1/sets stores one (content-addressed: the same packages, the same id),
// GET /v1/sets/{id} answers it as a batch, /badge/set/{id}.svg|png sums it up
// (`dependencies | 142 ok · 3 below C`, ?min= the grade, C by default); its page is
// pages/set-page.ts. Each is worked out afresh from the catalogue and tagged with every package it shows.

import express, { Router, type RequestHandler } from 'express';
import type { BadgeCache } from '../../cache/badge-cache.js';
import { parseBadgeOptions, type Format, type GlyphCoverage } from '../../domain/badge-options.js';
import { specForInvalid, specForSet, specForSetState } from '../../domain/badge-spec.js';
import { MAX_SET_PURLS } from '../../domain/dependency-set.js';
import { AppError } from '../../domain/errors.js';
import { GRADES, type Grade } from '../../domain/grade.js';
import { SetRequestSchema, type SetCreated, type SetReport } from '../../schema/answers.js';
import { parseRecordJson } from '../../services/record-json.js';
import { setCounts, type SetService } from '../../services/set-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { bodyProblems, requireJson } from '../request/json-body.js';
import { sendBadge } from '../response/badge-response.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';
import { requestIdOf } from '../observability/request-log.js';

/** A set of MAX_SET_PURLS long package URLs fits; more is refused before it is read whole. */
const SET_BODY_MAX_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MIN_GRADE: Grade = 'C';

export interface SetRouterDeps {
  sets: SetService;
  cache: BadgeCache;
  glyphs: GlyphCoverage;
  policy: HeaderPolicy;
  publicUrl: string | null;
  limits: { json: RequestHandler; badge: RequestHandler };
}

export function createSetRouter(deps: SetRouterDeps): Router {
  const router = Router();
  const rawBody = express.raw({ limit: SET_BODY_MAX_BYTES, type: () => true });
  const requireSetJson = requireJson('Send the set as application/json: {"purls": [...]}.');

  // Creating spends the client's budget like any request that reaches the store: creation is rate-limited.
  router.post('/v1/sets', requireSetJson, rawBody, deps.limits.json, async (req, res) => {
    const purls = readSetBody(req.body);
    const made = await deps.sets.create(purls);
    if (!made.ok) throw new AppError('invalid_set', { detail: 'Some items are not package URLs.', errors: made.errors });
    const base = baseUrlFor(req, deps.publicUrl);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Location', `/v1/sets/${made.id}`);
    const answer: SetCreated = {
      id: made.id,
      packages: made.purls.length,
      created: made.created,
      badge: { svg: `${base}/badge/set/${made.id}.svg`, png: `${base}/badge/set/${made.id}.png` },
      page: `${base}/sets/${made.id}`,
      markdown: `[![dependencies](${base}/badge/set/${made.id}.svg)](${base}/sets/${made.id})`,
    };
    sendJson(req, res, answer, { status: made.created ? 201 : 200 });
  });

  router.get('/v1/sets/:id', deps.limits.json, async (req, res) => {
    const set = await workOutCurrent(res, deps.policy, () => deps.sets.evaluate(String(req.params.id), baseUrlFor(req, deps.publicUrl)));
    if (set === null) throw new AppError('not_found', { detail: 'No set has this id (or it was not asked for in 90 days and was dropped).' });
    setToolJsonHeaders(res, deps.policy, { purgeTags: set.purgeTags });
    const report: SetReport = { id: set.id, packages: set.purls, ...set.answer };
    sendJson(req, res, report);
  });

  router.get(/^\/badge\/set\/[^/]+\.(svg|png)$/, deps.limits.badge, async (req, res) => {
    const [, id, format] = /^\/badge\/set\/([^/]+)\.(svg|png)$/.exec(req.path)!;
    // A bad value is a 400 with a badge naming it, as on any badge; nothing is read for it.
    const parsed = parseBadgeOptions(req.query, format as Format, deps.glyphs);
    const minGrade = readMinGrade(req.query.min);
    if (!parsed.ok || minGrade === null) {
      const spec = parsed.ok ? specForSetState('invalid min', parsed.options) : specForInvalid(parsed.problem.param, parsed.fallback);
      sendBadge(req, res, { outcome: 'invalid', badge: await deps.cache.getBadge(spec, 'state'), entity: null, lookup: null, purgeTags: [] }, deps.policy, requestIdOf(res));
      return;
    }
    const { options } = parsed;
    const set = await workOutCurrent(res, deps.policy, () => deps.sets.evaluate(String(id), baseUrlFor(req, deps.publicUrl)));
    const spec = set === null ? specForSetState('unknown set', options) : specForSet(setCounts(set.answer, minGrade), minGrade, options);
    const outcome = set === null ? 'unknown' : 'found';
    const badge = await deps.cache.getBadge(spec, outcome === 'found' ? 'entity' : 'state');
    // An unknown set answers as an unknown entity does: 200 (GitHub's camo shows nothing else), cached briefly.
    sendBadge(req, res, { outcome, badge, entity: null, lookup: null, purgeTags: set?.purgeTags ?? [] }, deps.policy, requestIdOf(res));
  });

  return router;
}

/** `?min=` of a set badge or page: a grade above F (null: not one); C when absent. */
export function readMinGrade(value: unknown): Grade | null {
  if (value === undefined) return DEFAULT_MIN_GRADE;
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value.toUpperCase()) && value.toUpperCase() !== 'F' ? (value.toUpperCase() as Grade) : null;
}

function readSetBody(body: unknown): string[] {
  const parsed = parseRecordJson(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  if (!parsed.ok) throw new AppError('invalid_set', { detail: `The body ${parsed.message}.`, errors: [{ in: 'body', name: parsed.field ?? 'body', detail: parsed.message }] });
  const request = SetRequestSchema.safeParse(parsed.record);
  if (!request.success) {
    const tooMany = request.error.issues.some((issue) => issue.code === 'too_big');
    const errors = bodyProblems(request.error);
    if (tooMany) throw new AppError('payload_too_large', { detail: `A set holds at most ${MAX_SET_PURLS} package URLs.`, errors });
    throw new AppError('invalid_set', { detail: 'The body must be {"purls": [...]}, one to 5,000 package URLs.', errors });
  }
  return request.data.purls;
}
