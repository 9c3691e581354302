// GET /docs/api: asks the badge pipeline for each live example (the answers /badge gives, from the
// same cache), so every <img> carries its real size, then sends the page under its own CSP.

import { Router, type RequestHandler } from 'express';
import { parseBadgeOptions, type GlyphCoverage } from '../../domain/badge-options.js';
import { specForEntity } from '../../domain/badge-spec.js';
import type { GradeScale } from '../../domain/grade.js';
import type { BadgeService } from '../../services/badge-service.js';
import { sendHtml } from '../response/encoded-answer.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { API_DOCS_CSP, setPageHeaders, type HeaderPolicy } from '../response/headers.js';
import { API_DOCS_PATH, BADGE_PARAM_DOCS, EXAMPLE_TARGET, exampleSrc, renderApiDocsPage, type BadgeExample, type BadgeParamView, type ExampleRequest } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { badgeSize } from './badge-size.js';

export interface ApiDocsRouterDeps {
  getBadge: BadgeService;
  assets: SiteAssets;
  gradeScale: GradeScale;
  glyphs: GlyphCoverage;
  policy: HeaderPolicy;
  /** The page miss limit: the examples read the store and may render. */
  limit: RequestHandler;
}

export function createApiDocsRouter(deps: ApiDocsRouterDeps): Router {
  const router = Router();

  async function workOutExample(request: ExampleRequest): Promise<{ example: BadgeExample; purgeTags: readonly string[] }> {
    const query = Object.fromEntries(new URLSearchParams(request.query));
    const answer = await deps.getBadge({ target: EXAMPLE_TARGET, format: request.format, query });
    const parsed = parseBadgeOptions(query, request.format, deps.glyphs);
    const options = parsed.ok ? parsed.options : parsed.fallback;
    // The badge's own accessible name (its SVG <title>); a catalogue without the entity shows its state.
    const alt = answer.entity === null ? `${EXAMPLE_TARGET} badge: ${answer.outcome}` : specForEntity(answer.entity, options, deps.gradeScale).title;
    const size = badgeSize(answer.badge.body, request.format, options.scale);
    return { example: { ...request, src: exampleSrc(request), alt, theme: options.theme, size }, purgeTags: answer.purgeTags };
  }

  router.get(API_DOCS_PATH, deps.limit, async (req, res) => {
    const worked = await workOutCurrent(res, deps.policy, () =>
      Promise.all(BADGE_PARAM_DOCS.map(async (doc) => ({ doc, answers: await Promise.all(doc.examples.map(workOutExample)) }))),
    );
    const params: BadgeParamView[] = worked.map(({ doc, answers }) => ({ ...doc, examples: answers.map((a) => a.example) }));
    const purgeTags = [...new Set(worked.flatMap(({ answers }) => answers.flatMap((a) => a.purgeTags)))];
    setPageHeaders(res, deps.policy, { status: 200, purgeTags, csp: API_DOCS_CSP });
    sendHtml(req, res, renderApiDocsPage({ params, assets: deps.assets }));
  });

  return router;
}
