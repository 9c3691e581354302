// GET /v1/embed/{target}?style=&metric=&show=&label=&labelColor=&theme=&trend= — the builder's snippets
// as JSON for tools: badge URLs plus Markdown, HTML, <picture>, reStructuredText and AsciiDoc.
// Unknown is a 404, ambiguous a 409 with candidates, a bad badge parameter a 400 naming it.

import { Router, type RequestHandler } from 'express';
import { parseBadgeOptions, type GlyphCoverage } from '../../domain/badge-options.js';
import { AppError } from '../../domain/errors.js';
import type { ReportService } from '../../services/report-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setToolJsonHeaders, type HeaderPolicy } from '../response/headers.js';
import { sendJson } from '../response/encoded-answer.js';
import { readTargetPath } from '../request/read-params.js';

const PREFIX = '/v1/embed/';

export function createEmbedRouter(deps: { reports: ReportService; policy: HeaderPolicy; publicUrl: string | null; glyphs: GlyphCoverage; limit: RequestHandler }): Router {
  const router = Router();
  router.get(/^\/v1\/embed\/.+/, deps.limit, async (req, res) => {
    const target = readTargetPath(req.path.slice(PREFIX.length));
    const parsed = parseBadgeOptions(req.query, 'svg', deps.glyphs);
    if (!parsed.ok) {
      const { param, message } = parsed.problem;
      throw new AppError('invalid_parameter', { detail: `${message}.`, errors: [{ in: 'query', name: param, detail: message }] });
    }
    const { embed, purgeTags } = await workOutCurrent(res, deps.policy, () => deps.reports.getEmbed(target, baseUrlFor(req, deps.publicUrl), parsed.options));
    setToolJsonHeaders(res, deps.policy, { cacheControl: deps.policy.badgeCacheControl, purgeTags });
    sendJson(req, res, embed);
  });
  return router;
}
