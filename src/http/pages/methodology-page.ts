// GET /methodology — how a score becomes a grade, a verified mark and a badge: the dimensions and
// what each covers, the grade scale and trust threshold in force (from config), "not rated", and
// when scores change. Text and the scale only: it reads no store and states no figure it cannot know.

import { DIMENSIONS, type Dimension } from '../../domain/entity.js';
import type { Grade, GradeScale } from '../../domain/grade.js';
import { API_DOCS_PATH } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { gradeClass } from './page-text.js';
import { BOUNDED_GRADES } from './report-faq.js';
import { dimensionLabel } from './report-findings.js';

/** What each dimension covers, as the catalogue's signals are summarised for readers. */
export const DIMENSION_MEANINGS: Readonly<Record<Dimension, string>> = {
  security: 'How well it resists attack and abuse: known vulnerabilities, security practices and certifications, past incidents such as a compromised release.',
  privacy: 'How it treats data: what it collects, how long it keeps it, whether inputs are reused, and what its privacy policy commits to.',
  reliability: 'Whether it works dependably: stability, availability and the quality of its releases.',
  transparency: 'How openly it documents itself: source, ownership, policies and changes.',
  maintenance: 'Whether it is actively looked after: recent releases, responses to issues, maintainers at work.',
  popularity: 'How widely it is adopted: downloads, stars, users. It measures adoption, not safety.',
};

/** Each grade's scores: from `low` (inclusive) to below `high` (null: up to 100). */
export function gradeRanges(scale: GradeScale): { grade: Grade; low: number; high: number | null }[] {
  const { minScore } = scale;
  const lows = [...BOUNDED_GRADES.map((grade) => ({ grade, low: minScore[grade] })), { grade: 'F' as const, low: 0 }];
  return lows.map((r, i) => ({ ...r, high: i === 0 ? null : lows[i - 1]!.low }));
}

/** The scale in force as a table: shared by /methodology and each report. */
export function renderGradeScale(scale: GradeScale, captionText: string): SafeHtml {
  return html`<table class="doc-table grade-scale">
  <caption>${captionText}</caption>
  <thead><tr><th scope="col">Grade</th><th scope="col">Score</th><th scope="col">Verified</th></tr></thead>
  <tbody>${gradeRanges(scale).map(({ grade, low, high }) => html`<tr data-grade="${grade}">
    <th scope="row"><span class="${gradeClass(grade)}">${grade}</span></th>
    <td>${high === null ? `${low} – 100` : `${low} – below ${high}`}</td>
    <td>${verifiedWithin(low, high ?? Infinity, scale.trustThreshold)}</td>
  </tr>`)}</tbody>
</table>`;
}

/** Whether a grade's scores are verified: all of them, none, or from the threshold up. */
function verifiedWithin(low: number, high: number, threshold: number): string {
  if (low >= threshold) return 'yes';
  if (high <= threshold) return 'no';
  return `from ${threshold}`;
}

export function renderMethodologyPage(view: { scale: GradeScale; assets: SiteAssets }): string {
  const { scale } = view;
  return renderPage({
    title: 'How trust scores are made — trustbadge',
    description: 'The dimensions behind each trust score, the grade scale and trust threshold in force, what "not rated" means and how often scores change.',
    assets: view.assets,
    main: html`<article class="methodology" aria-labelledby="methodology-heading">
<div class="intro">
  <h1 id="methodology-heading">How trust scores are made</h1>
  <p class="lead">Every badge and report shows a score that a trust catalogue publishes. This page says what that score covers,
    how this service turns it into a grade and a verified mark, and what it does not tell you.</p>
</div>
<section class="panel" aria-labelledby="source-heading">
  <h2 id="source-heading">Where the data comes from</h2>
  <p>The catalogue publishes, for each entity (a repository, package, model or AI tool): an overall trust score from 0 to 100
    with one decimal, a score for each dimension it could rate, and the date it was reviewed. trustbadge imports it as published
    and never recomputes or adjusts a score. It grades the overall score with the scale below and draws badges from it.</p>
</section>
<section class="panel" aria-labelledby="dimensions-heading">
  <h2 id="dimensions-heading">The dimensions</h2>
  <p>Each dimension is a score from 0 to 100 for one kind of signal:</p>
  <dl class="dimension-list">${DIMENSIONS.map((d) => html`<div id="${`dimension-${d}`}"><dt>${dimensionLabel(d)}</dt><dd>${DIMENSION_MEANINGS[d]}</dd></div>`)}</dl>
  <h3>Weights</h3>
  <p>By default each rated dimension weighs the same. The catalogue publishes the overall score itself, and it is not always the
    plain mean of the dimensions shown: a report says so whenever the two differ, and by how much. The grade, the verified mark and
    the badge always follow the published overall score; the dimensions are the evidence behind it.</p>
  <h3>Not rated</h3>
  <p>A dimension is <strong>not rated</strong> when the catalogue published no score for it: there was not enough public evidence
    to rate it. It is not a zero and not a pass. It does not lower or raise the grade, and a badge for that dimension reads
    <code>n/a</code>. When most dimensions are unrated, the overall score rests on little published evidence, and a report says so.</p>
</section>
<section class="panel" aria-labelledby="grades-heading">
  <h2 id="grades-heading">Grades and the trust threshold</h2>
  <p>This service is configured with the scale below (<code>GRADE_THRESHOLDS</code>). An entity is <strong>verified</strong> when its
    overall score is at or above the trust threshold of <strong id="trust-threshold">${scale.trustThreshold}</strong>
    (<code>TRUST_THRESHOLD</code>). Verified is a statement about the published score, not an audit or an endorsement.</p>
  <div class="table-scroll">${renderGradeScale(scale, 'Grade scale in force')}</div>
  <p class="hint">A badge shows the whole number below the score (79.9 shows 79), so its number never contradicts its grade.</p>
</section>
<section class="panel" aria-labelledby="changes-heading">
  <h2 id="changes-heading">How often scores change</h2>
  <p>Scores change when the catalogue is re-imported with new figures; nothing moves between imports. Each report shows when its
    entity was last reviewed. Score history keeps at most one point per entity per day: the day's last score.</p>
  <p>Badges and pages are cached briefly and refreshed when a score changes.</p>
</section>
<section class="panel" aria-labelledby="disclaimer-heading">
  <h2 id="disclaimer-heading">Disclaimer</h2>
  <p class="disclaimer">Trust scores are automated assessments of publicly available signals. They are not endorsements, audits or
    guarantees. Always do your own due diligence before you depend on software.</p>
  <p>Machines read the same data as JSON: see the <a href="${API_DOCS_PATH}">API docs</a>.</p>
</section>
</article>`,
  });
}
