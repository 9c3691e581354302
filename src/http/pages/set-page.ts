// GET /sets/{id} — a dependency set's packages, weakest first: what its badge sums up, each with
// its grade and score as text and a link to its report. Server-rendered, no script.

import { Router, type RequestHandler } from 'express';
import { defaultBadgeOptions } from '../../domain/badge-options.js';
import { specForSet, type BadgeSpec } from '../../domain/badge-spec.js';
import type { Grade } from '../../domain/grade.js';
import { setCounts, type EvaluatedSet, type SetService } from '../../services/set-service.js';
import { baseUrlFor } from '../request/base-url.js';
import { sendHtml } from '../response/encoded-answer.js';
import { workOutCurrent } from '../response/fresh-answers.js';
import { setPageHeaders, type HeaderPolicy } from '../response/headers.js';
import { DEFAULT_MIN_GRADE, readMinGrade } from '../routes/set-routes.js';
import { sizeAttributes, type BadgeSize } from './badge-size.js';
import type { BatchItem } from '../../schema/answers.js';
import { GRADES } from '../../domain/grade.js';
import type { SiteAssets } from './assets.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { renderMissingNotice } from './notice-pages.js';
import { formatScore, gradeClass, reportHref } from './page-text.js';

/** Not found first (nothing vouches for them), then the lowest score. */
function weakestFirst(a: { outcome: BatchItem }, b: { outcome: BatchItem }): number {
  const score = (item: BatchItem): number => (item.status === 'found' ? item.score : -1);
  return score(a.outcome) - score(b.outcome);
}

export function renderSetPage(view: { set: EvaluatedSet; minGrade: Grade; badgeSrc: string; badgeSize: BadgeSize | null; assets: SiteAssets }): string {
  const { set, minGrade } = view;
  const rows = set.purls.map((purl, i) => ({ purl, outcome: set.answer.results[i]! })).sort(weakestFirst);
  const { summary } = set.answer;
  const below = rows.filter((r) => r.outcome.status === 'found' && GRADES.indexOf(r.outcome.grade) > GRADES.indexOf(minGrade)).length;
  const title = `Dependency set ${set.id}`;
  return renderPage({
    title,
    description: `${set.purls.length} packages: ${summary.found} in the catalogue, ${below} below grade ${minGrade}.`,
    assets: view.assets,
    main: html`<section class="panel" aria-labelledby="set-heading">
  <h1 id="set-heading">${title}</h1>
  <p><img src="${view.badgeSrc}" alt="${`dependencies: ${summary.found - below} ok, ${below} below ${minGrade}`}"${sizeAttributes(view.badgeSize)}></p>
  <p>${set.purls.length} packages. ${summary.found} are in the catalogue${summary.lowest_grade === null ? '' : `, the lowest graded ${summary.lowest_grade}`}; ${below} below grade ${minGrade}; ${summary.below_threshold} below the trust threshold of ${summary.threshold}; ${set.purls.length - summary.found} not in the catalogue. Weakest first.</p>
  <table class="doc-table set-table">
    <caption>Packages of the set, weakest first</caption>
    <thead><tr><th scope="col">Package</th><th scope="col">Grade</th><th scope="col">Score</th><th scope="col">Entity</th></tr></thead>
    <tbody>${rows.map(({ purl, outcome }) => renderRow(purl, outcome))}</tbody>
  </table>
</section>`,
  });
}

function renderRow(purl: string, outcome: BatchItem): SafeHtml {
  if (outcome.status !== 'found') {
    return html`<tr><th scope="row"><code>${purl}</code></th><td colspan="3">${outcome.status === 'unsupported' ? 'a kind of package the catalogue does not hold' : outcome.status === 'ambiguous' ? 'names several entities' : 'not in the catalogue'}</td></tr>`;
  }
  return html`<tr><th scope="row"><code>${purl}</code></th>
  <td><span class="${gradeClass(outcome.grade)}">${outcome.grade}</span></td>
  <td>${formatScore(outcome.score)}</td>
  <td><a href="${reportHref(outcome.target)}">${outcome.entity.registry}/${outcome.entity.name}</a></td></tr>`;
}

export interface SetPageDeps {
  sets: SetService;
  badgeSize: (spec: BadgeSpec) => Promise<BadgeSize | null>;
  policy: HeaderPolicy;
  publicUrl: string | null;
  assets: SiteAssets;
  limit: RequestHandler;
}

export function createSetPageRouter(deps: SetPageDeps): Router {
  const router = Router();
  router.get('/sets/:id', deps.limit, async (req, res) => {
    const minGrade = readMinGrade(req.query.min) ?? DEFAULT_MIN_GRADE;
    const set = await workOutCurrent(res, deps.policy, () => deps.sets.evaluate(String(req.params.id), baseUrlFor(req, deps.publicUrl)));
    if (set === null) {
      setPageHeaders(res, deps.policy, { status: 404 });
      sendHtml(req, res, renderMissingNotice({
        title: 'No such dependency set',
        description: 'No dependency set has this id.',
        body: html`<p>No set has this id: it was never stored, or nobody asked for it in 90 days and it was dropped. Store it again with <code>POST /v1/sets</code>; the same packages give the same id.</p>`,
      }, deps.assets));
      return;
    }
    const spec = specForSet(setCounts(set.answer, minGrade), minGrade, defaultBadgeOptions('svg'));
    const size = await deps.badgeSize(spec);
    setPageHeaders(res, deps.policy, { status: 200, purgeTags: set.purgeTags });
    const badgeSrc = `/badge/set/${set.id}.svg${minGrade === DEFAULT_MIN_GRADE ? '' : `?min=${minGrade}`}`;
    sendHtml(req, res, renderSetPage({ set, minGrade, badgeSrc, badgeSize: size, assets: deps.assets }));
  });
  return router;
}
