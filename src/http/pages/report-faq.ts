// The report page's questions and answers, drawn from the report and the scale, and the same
// questions as schema.org FAQPage JSON-LD. The JSON-LD block is data, never executed (the page
// CSP's script-src does not apply to it); `<`, `>` and `&` are escaped so no name can close it.

import { DIMENSIONS } from '../../domain/entity.js';
import type { GradeScale } from '../../domain/grade.js';
import type { EntityReport } from '../../services/report-service.js';
import { html, SafeHtml } from './html-escape.js';
import { formatDate, formatScore } from './page-text.js';
import { restsOnLittleEvidence, type DimensionFigures } from './report-findings.js';

export interface FaqItem {
  question: string;
  /** Plain text: shown on the page and, the same, in the JSON-LD. */
  answer: string;
  /** Shown after the answer on the page only (a snippet, a link). */
  more?: SafeHtml;
}

export interface FaqLinks {
  builder: string;
  methodology: string;
  json: string;
}

/** The grades the scale gives a lower bound (F is what lies below D). */
export const BOUNDED_GRADES = ['A', 'B', 'C', 'D'] as const;

/** `A ≥ 80, B ≥ 70, C ≥ 60, D ≥ 40, F below 40`. */
export function gradeScaleText(scale: GradeScale): string {
  const { minScore } = scale;
  return `${BOUNDED_GRADES.map((g) => `${g} ≥ ${minScore[g]}`).join(', ')}, F below ${minScore.D}`;
}

export function reportFaq(report: EntityReport, scale: GradeScale, figures: DimensionFigures, links: FaqLinks): FaqItem[] {
  const { name } = report.entity;
  const score = formatScore(report.score);
  const rated = figures.rated.length === 0 ? `None of its ${DIMENSIONS.length} dimensions is rated` : `Only ${figures.rated.length} of its ${DIMENSIONS.length} dimensions are rated`;
  const evidence = restsOnLittleEvidence(figures) ? ` ${rated}, so the score rests on little published evidence.` : '';
  return [
    {
      question: `What does grade ${report.grade} mean for ${name}?`,
      answer: `${name} scores ${score} out of 100, which is grade ${report.grade} on this service's scale: ${gradeScaleText(scale)}. The grade follows the catalogue's overall score; the dimension scores are the evidence it publishes with it.`,
    },
    {
      question: `Is ${name} verified?`,
      answer: `${report.verified ? 'Yes' : 'No'}. Verified means the overall score is at or above the trust threshold of ${scale.trustThreshold}; ${name} scores ${score}. It is a statement about the published score, not an audit or an endorsement.${evidence}`,
    },
    {
      question: 'How often does the score change?',
      answer: `Only when the catalogue publishes a new score and this service imports it; nothing changes between imports. ${name} was last reviewed on ${formatDate(report.updated_at)}.`,
    },
    {
      question: `How do I embed the ${name} badge?`,
      answer: `Paste this Markdown into your README, or pick another style and format in the badge builder: ${report.badge.markdown}`,
      more: html`<p><a href="${links.builder}">Open the badge builder for ${name}</a></p>`,
    },
    {
      question: 'Where does the data come from?',
      answer: `From the trust catalogue this service imports: for each entity it publishes an overall score, the dimension scores and the date it was reviewed. trustbadge grades that score with the scale in force and shows it unchanged. The same data is available as JSON.`,
      more: html`<p><a href="${links.json}">The JSON report</a> · <a href="${links.methodology}">How scores are made</a></p>`,
    },
  ];
}

export function renderFaq(items: readonly FaqItem[]): SafeHtml {
  return html`<section class="panel faq" aria-labelledby="faq-heading">
  <h2 id="faq-heading">Frequently asked questions</h2>
  ${items.map((item, i) => html`<div class="faq-item">
    <h3 id="${`faq-${i + 1}`}">${item.question}</h3>
    <p>${item.answer}</p>
    ${item.more}
  </div>`)}
</section>`;
}

/** schema.org FAQPage, in a `<script type="application/ld+json">` data block. */
export function renderFaqJsonLd(items: readonly FaqItem[]): SafeHtml {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: items.map((item) => ({ '@type': 'Question', name: item.question, acceptedAnswer: { '@type': 'Answer', text: item.answer } })),
  };
  return new SafeHtml(`<script type="application/ld+json">${jsonForScriptBlock(data)}</script>`);
}

/** JSON that cannot end its `<script>` block or be read as markup: `<`, `>`, `&` and the JS line separators as \u escapes. */
function jsonForScriptBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
