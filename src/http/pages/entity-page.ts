// GET /entity/{target} — the report a badge links to, drawn from the same EntityReport as
// /v1/preflight (one source): identity, score and grade, verified, dimension chart, alternatives.

import type { GradeScale } from '../../domain/grade.js';
import { entityPath } from '../../services/entity-links.js';
import type { EntityReport } from '../../services/report-service.js';
import { API_DOCS_PATH } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { badgeAlt, badgeSrc, builderHref, formatCategory, formatDate, formatScore, gradeClass, reportHref, sameOriginPath } from './page-text.js';
import { renderScoreChart } from './score-chart.js';

const RECOMMENDATION_TEXT: Readonly<Record<EntityReport['recommendation'], string>> = {
  recommended: 'Recommended',
  use_with_caution: 'Use with caution',
  not_recommended: 'Not recommended',
};

export function renderEntityPage(view: { report: EntityReport; scale: GradeScale; assets: SiteAssets }): string {
  const { report, scale } = view;
  const { entity } = report;
  const path = entityPath(entity);
  return renderPage({
    title: `${entity.name} (${entity.registry}) — trust ${report.grade} · ${formatScore(report.score)} — trustbadge`,
    description: `Trust report for ${entity.name} on ${entity.registry}: grade ${report.grade}, score ${formatScore(report.score)} of 100.`,
    assets: view.assets,
    main: html`<article class="report" aria-labelledby="entity-name">
<header class="report-head panel">
  <div class="report-identity">
    <p class="eyebrow">${entity.registry} · ${formatCategory(entity.category)}</p>
    <h1 id="entity-name">${entity.name}</h1>
    ${entity.description !== null && html`<p class="description">${entity.description}</p>`}
    ${renderFacts(report)}
  </div>
  <div class="score-card" aria-labelledby="score-heading">
    <h2 id="score-heading" class="visually-hidden">Trust score</h2>
    <p class="score-grade"><span class="${gradeClass(report.grade)} grade-big" id="entity-grade"><span class="visually-hidden">Grade </span>${report.grade}</span></p>
    <p class="score-number"><strong>${formatScore(report.score)}</strong> <span>/ 100</span></p>
    <p class="verified ${report.verified ? 'is-verified' : 'not-verified'}">${
      report.verified
        ? html`<span aria-hidden="true">✓</span> Verified — meets the trust threshold of ${scale.trustThreshold}`
        : html`<span aria-hidden="true">✕</span> Not verified — below the trust threshold of ${scale.trustThreshold}`
    }</p>
    <p class="recommendation">${RECOMMENDATION_TEXT[report.recommendation]}</p>
  </div>
</header>
<section class="panel" aria-labelledby="dimensions-heading">
  <h2 id="dimensions-heading">Dimension scores</h2>
  ${renderScoreChart(report.dimensions, scale)}
</section>
<section class="panel" aria-labelledby="badge-heading">
  <h2 id="badge-heading">This badge</h2>
  <p class="badge-row"><img src="${sameOriginPath(report.badge.svg)}" alt="${badgeAlt(report.grade, report.score)}">
    <a class="button" href="${builderHref(path)}">Get this badge for your README</a></p>
</section>
${renderAlternatives(report)}
<section class="panel" aria-labelledby="data-heading">
  <h2 id="data-heading">Data</h2>
  <dl class="facts">
    <div><dt>Last updated</dt><dd><time datetime="${report.updated_at}">${formatDate(report.updated_at)}</time></dd></div>
    <div><dt>JSON report</dt><dd><a href="${`/v1/entities/${path}`}" type="application/json">/v1/entities/${entity.registry}/${entity.name}</a></dd></div>
    <div><dt>Preflight</dt><dd><a href="${`/v1/preflight?target=${path}`}" type="application/json">/v1/preflight?target=${entity.registry}/${entity.name}</a></dd></div>
    <div><dt>Every route and parameter</dt><dd><a href="${API_DOCS_PATH}">API docs</a></dd></div>
  </dl>
</section>
</article>`,
  });
}

function renderFacts(report: EntityReport): SafeHtml | null {
  const { author, source_url: sourceUrl, aliases } = report.entity;
  const items = [
    author !== null && html`<li>By ${author}</li>`,
    sourceUrl !== null && html`<li><a href="${sourceUrl}" rel="noopener noreferrer nofollow">Source</a></li>`,
    aliases.length > 0 && html`<li>Also known as ${aliases.join(', ')}</li>`,
  ].filter((item) => item !== false);
  return items.length === 0 ? null : html`<ul class="inline-facts">${items}</ul>`;
}

function renderAlternatives(report: EntityReport): SafeHtml {
  const category = formatCategory(report.entity.category);
  if (report.alternatives.length === 0) {
    return html`<section class="panel" aria-labelledby="alternatives-heading">
  <h2 id="alternatives-heading">Alternatives</h2>
  <p>No other ${category} entity is in the catalogue yet.</p>
</section>`;
  }
  return html`<section class="panel" aria-labelledby="alternatives-heading">
  <h2 id="alternatives-heading">Alternatives</h2>
  <p class="hint">Other ${category} entries in the catalogue, best score first.</p>
  <table class="alternatives">
    <thead><tr><th scope="col">Name</th><th scope="col">Registry</th><th scope="col">Badge</th></tr></thead>
    <tbody>${report.alternatives.map((a) => html`<tr>
      <td><a href="${reportHref(a.target)}">${a.name}</a></td>
      <td>${a.registry}</td>
      <td><img src="${badgeSrc(a.target)}" alt="${badgeAlt(a.grade, a.score)}"></td>
    </tr>`)}</tbody>
  </table>
</section>`;
}
