// Page routes: GET / (badge builder), GET /entity/{target} (report page) and GET /methodology. Data
// comes from the report service, exactly as for the JSON routes; expected failures become pages, not JSON.

import { Router, type Request, type RequestHandler } from 'express';
import { defaultBadgeOptions, type GlyphCoverage } from '../../domain/badge-options.js';
import { specForScore, type BadgeSpec } from '../../domain/badge-spec.js';
import { AppError } from '../../domain/errors.js';
import type { GradeScale } from '../../domain/grade.js';
import { entityPath } from '../../services/entity-links.js';
import type { BadgeService } from '../../services/badge-service.js';
import { entityTag } from '../../services/purge-tag.js';
import type { ReportService, SearchResult } from '../../services/report-service.js';
import { sealTag } from '../../services/seal-links.js';
import type { SealService } from '../../services/seal-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { sendHtml } from '../response/encoded-answer.js';
import { markFreshness, workOutCurrent } from '../response/fresh-answers.js';
import { setPageHeaders, type HeaderPolicy } from '../response/headers.js';
import { decodeTargetPath } from '../request/request-target.js';
import { MAX_QUERY_CHARS, readSearchQuery } from '../routes/search-routes.js';
import { EXAMPLE_TARGET } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import type { BadgeSize, BadgeSizes } from './badge-size.js';
import { readBuilderForm, workOutBadgeImage, workOutBuilderImages } from './builder-form.js';
import { renderBuilderPage, type Selection } from './builder-page.js';
import { renderEntityPage } from './entity-page.js';
import { renderMethodologyPage } from './methodology-page.js';
import { NOTICE_STATUS, renderEntityNotice, searchTextOf, type EntityNotice } from './notice-pages.js';
import { METHODOLOGY_PATH } from './page-text.js';
import { readSealParam, SEAL_FIELD, type SealPanel } from './seal-builder.js';
import type { SearchView } from './search-section.js';

export interface PageRouterDeps {
  reports: ReportService;
  /** The builder asks it for the badges it shows, for their sizes (the same answers and cache as /badge). */
  getBadge: BadgeService;
  /** The size of a badge from what it shows (badge-size.ts): for pages that list many. */
  badgeSize: (spec: BadgeSpec) => Promise<BadgeSize | null>;
  assets: SiteAssets;
  publicUrl: string | null;
  gradeScale: GradeScale;
  glyphs: GlyphCoverage;
  policy: HeaderPolicy;
  /** The page miss limit: pages query the store like the JSON routes do. */
  limit: RequestHandler;
  /** The clock: the report's history chart runs up to today. */
  now: () => Date;
  /** The builder's seal panel reads seals (?seal=). */
  seals: SealService;
}

/** Closest matches an unknown name's page lists. */
const NOTICE_MATCHES = 10;

/** The report page's history chart spans a year. */
const HISTORY_CHART_DAYS = 365;

export function createPageRouter(deps: PageRouterDeps): Router {
  const router = Router();
  const { reports, assets } = deps;

  router.get('/', deps.limit, async (req, res) => {
    let search: SearchView & { purgeTags: string[] };
    let selection: Selection & { purgeTags: readonly string[] };
    let seal: SealPanel & { purgeTags?: readonly string[] };
    try {
      ({ search, selection, seal } = await workOutCurrent(res, deps.policy, async () => ({
        search: await runSearch(req.query.q, req.query.cursor), selection: await select(req), seal: await sealPanel(req),
      })));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'store_unavailable') throw error;
      setPageHeaders(res, deps.policy, { status: NOTICE_STATUS.unavailable });
      sendHtml(req, res, renderEntityNotice({ kind: 'unavailable' }, assets));
      return;
    }
    setPageHeaders(res, deps.policy, { status: 200, purgeTags: [...search.purgeTags, ...selection.purgeTags, ...(seal.purgeTags ?? [])] });
    sendHtml(req, res, renderBuilderPage({ search, selection, seal, assets }));
  });

  router.get(/^\/entity\/.*/, deps.limit, async (req, res) => {
    const target = decodeTargetPath(req.path.slice('/entity/'.length)) ?? '';
    try {
      const baseUrl = baseUrlFor(req, deps.publicUrl);
      const { report, history, purgeTags } = await workOutCurrent(res, deps.policy, () => reports.getReportWithHistory(target, baseUrl, HISTORY_CHART_DAYS));
      setPageHeaders(res, deps.policy, { status: 200, purgeTags });
      const today = deps.now().toISOString().slice(0, 10);
      const badgeSizes = await sizesOf([{ target: entityPath(report.entity), score: report.score }, ...report.alternatives]);
      sendHtml(req, res, renderEntityPage({ report, scale: deps.gradeScale, assets, baseUrl, history, today, badgeSizes }));
    } catch (error) {
      const { notice, purgeTags } = await withDetails(noticeFor(error, target), error);
      setPageHeaders(res, deps.policy, { status: NOTICE_STATUS[notice.kind], purgeTags: [...new Set([...(error instanceof AppError ? error.purgeTags : []), ...purgeTags])] });
      sendHtml(req, res, renderEntityNotice(notice, assets));
    }
  });

  // Drawn from the configuration alone: nothing a write changes, so it is always current.
  router.get(METHODOLOGY_PATH, (req, res) => {
    markFreshness(res, deps.policy);
    setPageHeaders(res, deps.policy, { status: 200 });
    sendHtml(req, res, renderMethodologyPage({ scale: deps.gradeScale, assets }));
  });

  async function sealPanel(req: Request): Promise<SealPanel & { purgeTags?: readonly string[] }> {
    const asked = readSealParam(req.query[SEAL_FIELD]);
    if (asked === null) return { kind: 'none' };
    const found = await deps.seals.find(asked.id);
    if (found === null) return { kind: 'unknown', id: asked.id, purgeTags: [sealTag(asked.id)] };
    const { standing } = await deps.seals.standingOf(found);
    return { kind: 'found', seal: found, standing, baseUrl: baseUrlFor(req, deps.publicUrl), purgeTags: [sealTag(found.id), entityTag(found.registry, found.name)] };
  }

  async function runSearch(rawQuery: unknown, rawCursor: unknown): Promise<SearchView & { purgeTags: string[] }> {
    if (rawQuery === undefined || rawQuery === '') return { query: '', results: null, problem: null, purgeTags: [] };
    let parsed;
    try {
      parsed = readSearchQuery(rawQuery, undefined, rawCursor);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_query') throw error;
      const query = typeof rawQuery === 'string' ? rawQuery.slice(0, MAX_QUERY_CHARS * 2).replace(/\p{Cc}/gu, '') : '';
      const detail = error.detail ?? `q must be 1 to ${MAX_QUERY_CHARS} characters`;
      return { query, results: null, problem: `Search for 1 to ${MAX_QUERY_CHARS} characters of a name, without control or invisible characters (${detail.replace(/\.$/, '')}).`, purgeTags: [] };
    }
    try {
      const { results, total, more, next, suggestions, purgeTags } = await reports.search(parsed.q, parsed.limit, parsed.cursor);
      return { query: parsed.q, results, total, more, next, suggestions, problem: null, purgeTags };
    } catch (error) {
      // A cursor from another search (or a mangled one): the first page, said plainly.
      if (!(error instanceof AppError) || error.code !== 'invalid_query' || parsed.cursor === null) throw error;
      const first = await runSearch(parsed.q, undefined);
      return { ...first, problem: `That link to more results is not one for this search; here is the first page for “${parsed.q}”.` };
    }
  }

  async function select(req: Request): Promise<Selection & { purgeTags: readonly string[] }> {
    const { target } = req.query;
    const baseUrl = baseUrlFor(req, deps.publicUrl);
    if (typeof target !== 'string' || target === '') return workOutExample(baseUrl);
    const { options, problem } = readBuilderForm(req.query, deps.glyphs);
    try {
      const { embed, purgeTags } = await reports.getEmbed(target, baseUrl, options);
      const images = await workOutBuilderImages(deps.getBadge, embed, baseUrl, options);
      return { kind: 'found', embed, path: entityPath(embed.entity), options, problem, ...images, purgeTags: [...new Set([...purgeTags, ...images.purgeTags])] };
    } catch (error) {
      const notice = noticeFor(error, target);
      if (notice.kind === 'unavailable') throw error;
      return { ...notice, purgeTags: error instanceof AppError ? error.purgeTags : [] };
    }
  }

  /** The home page's example badge; none when the catalogue lacks the docs' example entity. */
  async function workOutExample(baseUrl: string): Promise<Selection & { purgeTags: readonly string[] }> {
    const options = defaultBadgeOptions('svg');
    try {
      const { embed, purgeTags } = await reports.getEmbed(EXAMPLE_TARGET, baseUrl, options);
      const { image, purgeTags: imageTags } = await workOutBadgeImage(deps.getBadge, embed.entity, options);
      return { kind: 'none', example: { embed, path: entityPath(embed.entity), image }, purgeTags: [...new Set([...purgeTags, ...imageTags])] };
    } catch (error) {
      if (noticeFor(error, EXAMPLE_TARGET).kind === 'unavailable') throw error;
      return { kind: 'none', example: null, purgeTags: error instanceof AppError ? error.purgeTags : [] };
    }
  }

  /**
   * What a notice page shows besides its message: an unknown name's closest matches (the search
   * for its last segment), an invalid target's reason, an ambiguous name's badge sizes.
   */
  async function withDetails(notice: Exclude<EntityNotice, { kind: 'rate_limited' }>, error: unknown): Promise<{ notice: EntityNotice; purgeTags: string[] }> {
    switch (notice.kind) {
      case 'ambiguous':
        return { notice: { ...notice, badgeSizes: await sizesOf(notice.candidates) }, purgeTags: [] };
      case 'invalid':
        return { notice: { ...notice, reason: error instanceof AppError ? error.detail : undefined }, purgeTags: [] };
      case 'unknown': {
        const query = searchTextOf(notice.target);
        const found = await searchForNotice(query);
        // The matches show scores: the page carries their purge tags, as a search page does.
        return { notice: { ...notice, matches: found === null ? null : { query, results: found.results, suggestions: found.suggestions } }, purgeTags: found?.purgeTags ?? [] };
      }
      default:
        return { notice, purgeTags: [] };
    }
  }

  /** None when the search cannot run (nothing searchable, store down, budget spent): the 404 stands without them. */
  async function searchForNotice(query: string): Promise<{ results: SearchResult[]; suggestions: SearchResult[]; purgeTags: string[] } | null> {
    try {
      return await reports.search(readSearchQuery(query, undefined).q, NOTICE_MATCHES);
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  /** The default badges' sizes (what /badge/{target}.svg shows), by entity path. */
  async function sizesOf(shown: readonly { target: string; score: number }[]): Promise<BadgeSizes> {
    const options = defaultBadgeOptions('svg');
    const sizes = await Promise.all(shown.map(({ score }) => deps.badgeSize(specForScore(score, options, deps.gradeScale))));
    return new Map(shown.map(({ target }, i) => [target, sizes[i]!]));
  }

  return router;
}

/** Expected report failures, told apart by code; anything else goes on to the error handler. */
function noticeFor(error: unknown, target: string): Exclude<EntityNotice, { kind: 'rate_limited' }> {
  if (!(error instanceof AppError)) throw error;
  switch (error.code) {
    case 'not_found':
      return { kind: 'unknown', target };
    case 'invalid_target':
      return { kind: 'invalid', target };
    case 'ambiguous':
      return { kind: 'ambiguous', target, candidates: (error.extra?.candidates ?? []) as SearchResult[], moreCandidates: error.extra?.more_candidates === true };
    case 'store_unavailable':
      return { kind: 'unavailable' };
    default:
      throw error;
  }
}
