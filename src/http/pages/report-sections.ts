// The report page's middle: key findings, a warning for D and F, how the score is made (dimensions,
// weights, scale, threshold, dates, data version) and the alternatives with score and grade as text.
// Markup only, from findings report-findings.ts derived; it decides nothing itself.

import type { GradeScale } from '../../domain/grade.js';
import type { EntityReport } from '../../services/report-service.js';
import { sizeAttributes, type BadgeSizes } from './badge-size.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderGradeScale } from './methodology-page.js';
import { badgeAlt, badgeSrc, formatCategory, formatDate, formatScore, gradeClass, METHODOLOGY_PATH, reportHref } from './page-text.js';
import { dimensionLabel, scoreVersusMean, type DimensionFigures } from './report-findings.js';

export function renderFindings(findings: readonly string[]): SafeHtml {
  return html`<section class="panel findings" aria-labelledby="findings-heading">
  <h2 id="findings-heading">Key findings</h2>
  <ul class="finding-list">${findings.map((finding) => html`<li>${finding}</li>`)}</ul>
</section>`;
}

/** Not recommended (a D or an F): a strong panel (not role=alert: it is the page's content, not an interruption). */
export function renderWarning(report: EntityReport, scale: GradeScale, figures: DimensionFigures): SafeHtml | null {
  if (report.recommendation !== 'not_recommended') return null;
  const { name } = report.entity;
  const weakest = [...figures.rated].sort((a, b) => a.score - b.score).slice(0, 2);
  const lowest = report.grade === 'F' ? 'the lowest grade' : 'a low grade';
  return html`<section class="panel warning grade-${report.grade.toLowerCase()}-warning" id="warning" aria-labelledby="warning-heading">
  <h2 id="warning-heading"><span aria-hidden="true">⚠ </span>Warning: ${name} is rated ${report.grade}</h2>
  <p>${name} scores ${formatScore(report.score)}/100, ${lowest}, ${report.grade === 'F' ? 'far ' : ''}below the trust threshold of ${scale.trustThreshold}.${
    weakest.length > 0 ? ` Weakest signals: ${weakest.map((w) => `${w.dimension} ${w.score}/100`).join(', ')}.` : ''
  }</p>
  <p><strong>${report.grade === 'F' ? 'Do not depend on it' : 'Do not depend on it without your own review'}</strong>: check its recent history and
    known issues, and compare the alternatives below.</p>
</section>`;
}

/** How the published score relates to its dimensions, the scale in force, and when it was reviewed. */
export function renderHowMade(report: EntityReport, scale: GradeScale, figures: DimensionFigures): SafeHtml {
  const weight = figures.rated.length === 0 ? null : `${formatScore(100 / figures.rated.length)}%`;
  const versus = scoreVersusMean(report, figures);
  const version = report.data_version;
  return html`<section class="panel how-made" aria-labelledby="how-heading">
  <h2 id="how-heading">How the score is made</h2>
  <p>The overall score, <strong>${formatScore(report.score)}</strong>, is the one the catalogue publishes; this service grades it and
    does not recompute it. The dimensions are the evidence published with it${weight === null ? '' : html`, each rated dimension weighing the same`}.</p>
  <div class="table-scroll"><table class="doc-table weights">
    <caption class="visually-hidden">Dimensions and their weights</caption>
    <thead><tr><th scope="col">Dimension</th><th scope="col">Score</th><th scope="col">Weight</th></tr></thead>
    <tbody>${[
      ...figures.rated.map((r) => html`<tr data-dimension="${r.dimension}"><th scope="row">${dimensionLabel(r.dimension)}</th><td>${r.score}/100 (${r.grade})</td><td>${weight}</td></tr>`),
      ...figures.unrated.map((d) => html`<tr data-dimension="${d}"><th scope="row">${dimensionLabel(d)}</th><td>not rated</td><td>none</td></tr>`),
    ]}</tbody>
  </table></div>
  ${versus === null
    ? figures.mean !== null && html`<p id="score-versus-mean">The rated dimensions average ${formatScore(figures.mean)}, the same as the published score.</p>`
    : html`<p id="score-versus-mean" class="note">${versus}</p>`}
  ${figures.rated.length === 0 && html`<p id="score-versus-mean" class="note">No dimension is rated, so nothing on this page backs the overall score: it is shown as the catalogue published it.</p>`}
  <div class="table-scroll">${renderGradeScale(scale, `Grade scale in force (verified from ${scale.trustThreshold})`)}</div>
  <dl class="facts">
    <div><dt>Trust threshold</dt><dd>${scale.trustThreshold}</dd></div>
    <div><dt>Last reviewed</dt><dd><time datetime="${report.updated_at}">${formatDate(report.updated_at)}</time></dd></div>
    ${version !== null && html`<div id="data-version"><dt>Data version</dt><dd>Catalogue import ${version.version},
      <time datetime="${version.imported_at}">${formatDate(version.imported_at)}</time></dd></div>`}
  </dl>
  <p class="hint"><a href="${METHODOLOGY_PATH}">The methodology</a>: what each dimension covers, what “not rated” means, how often scores change.</p>
</section>`;
}

export function renderAlternatives(report: EntityReport, sizes: BadgeSizes): SafeHtml {
  const category = formatCategory(report.entity.category);
  if (report.alternatives.length === 0) {
    return html`<section class="panel" aria-labelledby="alternatives-heading">
  <h2 id="alternatives-heading">Alternatives</h2>
  <p>No other ${category} entity is in the catalogue yet.</p>
</section>`;
  }
  return html`<section class="panel" aria-labelledby="alternatives-heading">
  <h2 id="alternatives-heading">Alternatives in ${category}</h2>
  <p class="hint">Other ${category} entries in the catalogue, same registry first, best score first.</p>
  <div class="table-scroll"><table class="alternatives">
    <thead><tr><th scope="col">Name</th><th scope="col">Registry</th><th scope="col">Score</th><th scope="col">Badge</th></tr></thead>
    <tbody>${report.alternatives.map((a) => html`<tr>
      <td><a href="${reportHref(a.target)}">${a.name}</a></td>
      <td class="alt-registry">${a.registry}</td>
      <td class="alt-score"><span class="${gradeClass(a.grade)}"><span class="visually-hidden">grade </span>${a.grade}</span> ${formatScore(a.score)}/100</td>
      <td><img src="${badgeSrc(a.target)}" alt="${badgeAlt(a.grade, a.score)}"${sizeAttributes(sizes.get(a.target))}></td>
    </tr>`)}</tbody>
  </table></div>
</section>`;
}
