// GET /entity/{target} — the report a badge links to, drawn from the same EntityReport as
// /v1/preflight (one source): the answer first, a warning for D and F, key findings, the dimension
// chart, the score's history, how the score is made, alternatives, the badge, an FAQ and the links for machines.

import type { GradeScale } from '../../domain/grade.js';
import { entityPath } from '../../services/entity-links.js';
import type { EntityReport, HistoryAnswer } from '../../services/report-service.js';
import { API_DOCS_PATH } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { sizeAttributes, type BadgeSizes } from './badge-size.js';
import { renderHistorySection } from './history-section.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { badgeAlt, builderHref, formatCategory, formatScore, gradeClass, METHODOLOGY_PATH, sameOriginPath } from './page-text.js';
import { renderFaq, renderFaqJsonLd, reportFaq } from './report-faq.js';
import { dimensionFigures, keyFindings, verdictFor, type Verdict } from './report-findings.js';
import { renderAlternatives, renderFindings, renderHowMade, renderWarning } from './report-sections.js';
import { renderScoreChart } from './score-chart.js';
import { canonicalReportUrl, cardImageUrl, renderShareMeta } from './share-meta.js';

export interface EntityPageView {
  report: EntityReport;
  scale: GradeScale;
  assets: SiteAssets;
  /** PUBLIC_URL or the request's own origin (base-url.ts): for the canonical link and share meta. */
  baseUrl: string;
  /** The last year of the score's history, for the chart (the trend in words comes from the report). */
  history: HistoryAnswer;
  /** `YYYY-MM-DD`: where the chart's line ends. */
  today: string;
  /** The sizes of the default badges it shows, by entity path: its own and its alternatives'. */
  badgeSizes: BadgeSizes;
}

export function renderEntityPage(view: EntityPageView): string {
  const { report, scale, baseUrl } = view;
  const { entity } = report;
  const path = entityPath(entity);
  const figures = dimensionFigures(report, scale);
  const verdict = verdictFor(report, scale, figures);
  const faq = reportFaq(report, scale, figures, { builder: builderHref(path), methodology: METHODOLOGY_PATH, json: `/v1/entities/${path}` });
  const question = `Is ${entity.name} safe?`;
  const answer = `${verdict.answer} — ${verdict.sentence}`;
  return renderPage({
    title: `${question} Trust grade ${report.grade}, ${formatScore(report.score)}/100 (${entity.registry}) — trustbadge`,
    description: `${question} ${answer}`,
    assets: view.assets,
    head: html`${renderShareMeta({
      url: canonicalReportUrl(baseUrl, entity),
      title: `${question} ${report.grade} · ${formatScore(report.score)}/100 — trustbadge`,
      description: answer,
      image: cardImageUrl(baseUrl, entity),
      imageAlt: `${entity.name}: trust grade ${report.grade}, ${formatScore(report.score)} of 100${report.verified ? ', verified' : ''}`,
    })}
${renderFaqJsonLd(faq)}`,
    main: html`<article class="report" aria-labelledby="report-question">
${renderHead(report, scale, verdict)}
${renderWarning(report, scale, figures)}
${renderFindings(keyFindings(report, scale, figures))}
<section class="panel" aria-labelledby="dimensions-heading">
  <h2 id="dimensions-heading">Dimension scores</h2>
  ${renderScoreChart(report.dimensions, scale)}
</section>
${renderHistorySection({ points: view.history.points, days: view.history.days, trend: report.trend, score: report.score, scale, today: view.today })}
${renderHowMade(report, scale, figures)}
${renderAlternatives(report, view.badgeSizes)}
${renderBadge(report, path, view.badgeSizes)}
${renderFaq(faq)}
${renderLinks(report, path)}
</article>`,
  });
}

function renderHead(report: EntityReport, scale: GradeScale, verdict: Verdict): SafeHtml {
  const { entity } = report;
  return html`<header class="report-head panel">
  <div class="report-identity">
    <p class="eyebrow">${entity.registry} · ${formatCategory(entity.category)}</p>
    <h1 id="report-question">Is <span id="entity-name">${entity.name}</span> safe?</h1>
    <p class="verdict verdict-${verdict.kind}" id="verdict"><strong>${verdict.answer}</strong> — ${verdict.sentence}</p>
    ${entity.description !== null && html`<p class="description">${entity.description}</p>`}
    ${renderFacts(report)}
  </div>
  <div class="score-card" aria-labelledby="score-heading">
    <h2 id="score-heading" class="visually-hidden">Trust score</h2>
    <p class="score-grade"><span class="${gradeClass(report.grade)} grade-big" id="entity-grade"><span class="visually-hidden">Grade </span>${report.grade}</span></p>
    <p class="score-number"><strong>${formatScore(report.score)}</strong> <span>/ 100</span></p>
    <p class="verified ${report.verified ? 'is-verified' : 'not-verified'}">${
      report.verified
        ? html`<span aria-hidden="true">✓</span> Verified — score at or above ${scale.trustThreshold}`
        : html`<span aria-hidden="true">✕</span> Not verified — score below ${scale.trustThreshold}`
    }</p>
  </div>
</header>`;
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

/** An F is not something to advertise: its builder link stays, as a plain link rather than a button. */
function renderBadge(report: EntityReport, path: string, sizes: BadgeSizes): SafeHtml {
  const img = html`<img src="${sameOriginPath(report.badge.svg)}" alt="${badgeAlt(report.grade, report.score)}"${sizeAttributes(sizes.get(path))}>`;
  if (report.grade === 'F') {
    return html`<section class="panel" aria-labelledby="badge-heading">
  <h2 id="badge-heading">This badge</h2>
  <p class="badge-row">${img} <a class="quiet-link" href="${builderHref(path)}">Badge builder for this entity</a></p>
</section>`;
  }
  return html`<section class="panel" aria-labelledby="badge-heading">
  <h2 id="badge-heading">This badge</h2>
  <p class="badge-row">${img}
    <a class="button${report.grade === 'D' ? ' secondary' : ''}" href="${builderHref(path)}">Get this badge for your README</a></p>
</section>`;
}

function renderLinks(report: EntityReport, path: string): SafeHtml {
  const { entity } = report;
  return html`<section class="panel" aria-labelledby="data-heading">
  <h2 id="data-heading">Data and method</h2>
  <dl class="facts">
    <div><dt>JSON report</dt><dd><a href="${`/v1/entities/${path}`}" type="application/json">/v1/entities/${entity.registry}/${entity.name}</a></dd></div>
    <div><dt>Preflight</dt><dd><a href="${`/v1/preflight?target=${path}`}" type="application/json">/v1/preflight?target=${entity.registry}/${entity.name}</a></dd></div>
    <div><dt>Every route and parameter</dt><dd><a href="${API_DOCS_PATH}">API docs</a></dd></div>
    <div><dt>How scores are made</dt><dd><a href="${METHODOLOGY_PATH}">Methodology</a></dd></div>
  </dl>
  <p class="disclaimer" id="disclaimer"><strong>Disclaimer:</strong> trust scores are automated assessments of publicly available signals.
    They are not endorsements, audits or guarantees. Always do your own due diligence.</p>
</section>`;
}
