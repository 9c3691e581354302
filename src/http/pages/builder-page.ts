// GET / — the badge builder: search, pick an entity, set every badge parameter, see the badge in all
// five styles, copy a snippet. Every step is a plain GET form; public/builder.js only makes it live.

import { MAX_LABEL_CHARS, MAX_SCALE, METRICS, SHOWS, TREND_PERIODS, FORMATS, type BadgeOptions } from '../../domain/badge-options.js';
import { NAMED_COLORS, TEXT_BLACK, TEXT_DARK, TEXT_LIGHT, THEMES } from '../../domain/palette.js';
import { BUILDER_SNIPPET_KINDS, RETINA_SCALE, type BuilderSnippetKind } from '../../services/entity-links.js';
import type { EmbedAnswer, SearchResult } from '../../services/report-service.js';
import { API_DOCS_PATH } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { sizeAttributes } from './badge-size.js';
import { FORMAT_FIELD, NO_LABEL_FIELD, type BadgeImage, type BuilderImages } from './builder-form.js';
import { html, type SafeHtml } from './html-escape.js';
import type { LabelContrast } from './label-contrast.js';
import { renderCopySnippet } from './copy-snippet.js';
import { renderPage } from './layout.js';
import { renderSealPanel, type SealPanel } from './seal-builder.js';
import { builderHref, formatCategory, formatScore, gradeClass, PREVIEW_ID, reportHref } from './page-text.js';
import { renderSearchForm, type SearchView } from './search-section.js';

/** The home page's badge before any pick: a catalogue entity, drawn as the builder would. */
export interface Example {
  embed: EmbedAnswer;
  path: string;
  image: BadgeImage;
}

export type Selection =
  | { kind: 'none'; example: Example | null }
  | ({ kind: 'found'; embed: EmbedAnswer; path: string; options: BadgeOptions; problem: string | null } & BuilderImages)
  | { kind: 'unknown' | 'invalid'; target: string }
  | { kind: 'ambiguous'; target: string; candidates: SearchResult[] };

export const SNIPPET_LABELS: Readonly<Record<BuilderSnippetKind, string>> = {
  markdown: 'Markdown',
  html: 'HTML',
  picture: 'HTML with a dark-mode variant (<picture>)',
  rst: 'reStructuredText',
  asciidoc: 'AsciiDoc',
  'svg-url': 'Image URL (SVG)',
  'png-url': `Image URL (PNG at ${RETINA_SCALE}×, for high-density screens)`,
  'shields-url': 'shields.io endpoint badge (shields draws it: theme and trend do not apply)',
};

const TEXT_NAMES: Readonly<Record<string, string>> = { [TEXT_LIGHT]: 'white', [TEXT_DARK]: 'near-black', [TEXT_BLACK]: 'black' };

export function renderBuilderPage(view: { search: SearchView; selection: Selection; seal: SealPanel; assets: SiteAssets }): string {
  const { selection } = view;
  const name = selection.kind === 'found' ? selection.embed.entity.name : null;
  return renderPage({
    title: name === null ? 'trustbadge — trust badges for software' : `${name} badge — trustbadge`,
    description: 'Find a repository, package, model or AI tool, style its trust badge and copy a snippet for your README.',
    assets: view.assets,
    script: true,
    main: html`<div class="intro">
  <h1>Trust badges for software</h1>
  <p class="lead">Find a repository, package, model or AI tool, style its badge, and paste it into your README.
    Each badge links readers to a report that explains its grade.</p>
  <p class="hint">For tools and CI: every badge parameter and JSON route is in the <a href="${API_DOCS_PATH}">API docs</a>.</p>
</div>
<section class="panel" aria-labelledby="find-heading">
  <h2 id="find-heading"><span class="step" aria-hidden="true">1</span> Find an entity</h2>
  ${renderSearchForm(view.search, 'find-heading')}
</section>
${renderSelection(selection, view.search.query)}
${renderSealPanel(view.seal)}`,
  });
}

function renderSelection(selection: Selection, searchQuery: string): SafeHtml | null {
  switch (selection.kind) {
    case 'none':
      return selection.example === null ? null : renderExample(selection.example);
    case 'unknown':
    case 'invalid':
      return html`<section class="panel notice" aria-labelledby="pick-heading">
  <h2 id="pick-heading">No entity called “${selection.target}”</h2>
  <p>${selection.kind === 'invalid' ? 'That is not a valid name.' : 'Nothing in the catalogue has this name.'} Search for it above.</p>
</section>`;
    case 'ambiguous':
      return html`<section class="panel notice" aria-labelledby="pick-heading">
  <h2 id="pick-heading">“${selection.target}” names several entities</h2>
  <p>Pick the one you mean:</p>
  <ul class="result-list">${selection.candidates.map((c) => html`<li><a class="result" href="${builderHref(c.target, searchQuery)}">
    <span class="result-name">${c.name}</span><span class="result-meta">${c.registry} · ${formatCategory(c.category)}</span></a></li>`)}</ul>
</section>`;
    case 'found':
      return renderBuilder(selection, searchQuery);
  }
}

function renderExample(example: Example): SafeHtml {
  const { entity } = example.embed;
  return html`<section class="panel" aria-labelledby="example-heading">
  <h2 id="example-heading">What a badge looks like</h2>
  <p class="example-badge"><a href="${builderHref(example.path)}">${renderPicture(example.image, example.embed.alt)}</a></p>
  <p class="hint">The badge of ${entity.name} (${entity.registry}): its grade and score, in your screen's colour scheme. In a README it links to
    <a href="${reportHref(example.path)}">the report</a> that explains them. <a href="${builderHref(example.path)}">Style this badge</a>, or find your own above.</p>
</section>`;
}

function renderBuilder(selection: Extract<Selection, { kind: 'found' }>, searchQuery: string): SafeHtml {
  const { embed, path, options } = selection;
  return html`<section class="panel" aria-labelledby="style-heading">
  <h2 id="style-heading"><span class="step" aria-hidden="true">2</span> Style the badge</h2>
  <div class="picked">
    <div>
      <p class="picked-name">${embed.entity.name}</p>
      <p class="picked-meta">${embed.entity.registry} · ${formatCategory(embed.entity.category)}</p>
    </div>
    <p class="picked-score"><span class="${gradeClass(embed.grade)}"><span class="visually-hidden">grade </span>${embed.grade}</span>
      <span><span class="visually-hidden">score </span>${formatScore(embed.score)}</span></p>
    <a class="button secondary" href="${reportHref(path)}">View the trust report</a>
  </div>
  <p id="builder-problem" class="problem" role="alert" data-live="text">${selection.problem}</p>
  <form id="builder" class="builder" action="/#${PREVIEW_ID}" method="get">
    <input type="hidden" name="target" value="${embed.entity.registry}/${embed.entity.name}">
    ${searchQuery !== '' && html`<input type="hidden" name="q" value="${searchQuery}">`}
    <fieldset class="choices style-choices">
      <legend>Style <span class="legend-hint">(each as it shows in your screen's colour scheme)</span></legend>
      ${selection.styles.map(({ style, image }) => html`<label class="choice style-choice"><input type="radio" name="style" value="${style}"${checked(options.style === style)}><span><span class="style-name">${style}</span>
        ${renderPicture(image, '', `style-preview-${style}`)}</span></label>`)}
    </fieldset>
    <div class="controls">
      <div class="field">
        <label for="metric">Metric</label>
        <select id="metric" name="metric">
          ${METRICS.map((metric) => html`<option value="${metric}"${selected(metric === options.metric)}>${metric}${
            !embed.rated_metrics.includes(metric) ? ' (not rated)' : ''
          }</option>`)}
        </select>
      </div>
      ${choices('Show', 'show', SHOWS.map((show) => [show, show]), options.show)}
      ${choices('Trend', 'trend', [['', 'none'], ...TREND_PERIODS.map((period): [string, string] => [period, period])], options.trend ?? '')}
      ${choices('Theme', 'theme', THEMES.map((theme) => [theme, theme]), options.theme)}
      <div class="field">
        <label for="label">Label</label>
        <input id="label" name="label" type="text" value="${options.label ?? ''}" maxlength="${MAX_LABEL_CHARS}" placeholder="${options.metric}"
          autocomplete="off" spellcheck="false" aria-describedby="label-hint">
        <p id="label-hint" class="hint">Empty: the metric's name. At most ${MAX_LABEL_CHARS} characters.</p>
        <label class="check"><input type="checkbox" name="${NO_LABEL_FIELD}" value="1"${checked(options.label === '')}> No label: the message alone</label>
      </div>
      <div class="field">
        <label for="labelColor">Label colour</label>
        <input id="labelColor" name="labelColor" type="text" value="${options.labelColor?.slice(1) ?? ''}" list="label-colours" placeholder="e.g. 0b3d91 or navy"
          autocomplete="off" spellcheck="false" aria-describedby="label-colour-hint label-contrast">
        <datalist id="label-colours">${Object.keys(NAMED_COLORS).map((colour) => html`<option value="${colour}"></option>`)}</datalist>
        <p id="label-colour-hint" class="hint">Hex (rgb or rrggbb) or a colour name; empty for the theme's own.</p>
        ${renderContrast(selection.contrast)}
      </div>
      ${choices('Format', FORMAT_FIELD, FORMATS.map((format) => [format, format]), options.format)}
      <div class="field">
        <label for="scale">PNG scale</label>
        <select id="scale" name="scale" aria-describedby="scale-hint">
          ${Array.from({ length: MAX_SCALE }, (_, i) => i + 1).map((scale) => html`<option value="${scale}"${selected(scale === options.scale)}>${scale}×</option>`)}
        </select>
        <p id="scale-hint" class="hint">PNG only: ${RETINA_SCALE}× is sharp on high-density screens.</p>
      </div>
    </div>
    <button id="builder-submit" type="submit" class="button">Update preview</button>
  </form>
  ${renderPreview(selection)}
</section>
<section class="panel" aria-labelledby="copy-heading">
  <h2 id="copy-heading"><span class="step" aria-hidden="true">3</span> Copy a snippet</h2>
  <p class="hint">Every snippet links the badge to <a href="${reportHref(path)}">its report page</a>.</p>
  ${BUILDER_SNIPPET_KINDS.map((kind) => renderSnippet(kind, selection.snippets[kind]))}
  <p id="builder-status" class="hint" role="status"></p>
</section>`;
}

function renderPreview(selection: Extract<Selection, { kind: 'found' }>): SafeHtml {
  const { theme } = selection.options;
  return html`<figure class="preview" id="${PREVIEW_ID}" data-live>
    <div id="preview-stage" class="preview-stage theme-${theme}">
      <img id="badge-preview" src="${selection.preview.src}" alt="${selection.embed.alt}"${sizeAttributes(selection.preview.size)}>
    </div>
    <figcaption id="preview-caption">Preview on a ${theme} page, at twice its size</figcaption>
  </figure>`;
}

/** The fill and text the badge will paint, drawn as a swatch (SVG attributes: the CSP allows no inline style). */
function renderContrast(contrast: LabelContrast): SafeHtml {
  const text = `${TEXT_NAMES[contrast.text] ?? contrast.text} text`;
  // Rounded down: the page never claims more contrast than the badge has.
  const ratio = `${(Math.floor(contrast.ratio * 10) / 10).toFixed(1)}:1`;
  const sentence =
    contrast.asked === null
      ? `The theme's own label colour, ${contrast.fill}, with ${text}: contrast ${ratio}.`
      : contrast.asked === contrast.fill
        ? `The label will be ${contrast.fill} with ${text}: contrast ${ratio}.`
        : `The label will be ${contrast.fill}, ${contrast.asked} deepened so that ${text} reads: contrast ${ratio}.`;
  return html`<p id="label-contrast" class="hint contrast-note" data-live><svg class="swatch" width="36" height="20" viewBox="0 0 36 20" aria-hidden="true" focusable="false">
    <rect width="36" height="20" rx="3" fill="${contrast.fill}"></rect><text x="18" y="14" text-anchor="middle" fill="${contrast.text}">Aa</text></svg>
    <span>${sentence} ${contrast.meetsAa ? 'WCAG AA asks for 4.5:1.' : 'Below WCAG AA (4.5:1).'}</span></p>`;
}

function choices(legend: string, name: string, values: readonly (readonly [value: string, label: string])[], current: string): SafeHtml {
  return html`<fieldset class="choices">
        <legend>${legend}</legend>
        ${values.map(([value, label]) => html`<label class="choice"><input type="radio" name="${name}" value="${value}"${checked(value === current)}><span>${label}</span></label>`)}
      </fieldset>`;
}

function renderPicture(image: BadgeImage, alt: string, id: string | null = null): SafeHtml {
  return html`<picture${id === null ? null : html` id="${id}" data-live`}><source media="(prefers-color-scheme: dark)" srcset="${image.darkSrc}"><img src="${image.src}" alt="${alt}"${sizeAttributes(image.size)}></picture>`;
}


const checked = (on: boolean): SafeHtml | null => (on ? html` checked` : null);
const selected = (on: boolean): SafeHtml | null => (on ? html` selected` : null);

function renderSnippet(kind: BuilderSnippetKind, text: string): SafeHtml {
  return renderCopySnippet({ id: kind, label: SNIPPET_LABELS[kind], text, minRows: kind.endsWith('-url') ? 1 : 2, maxRows: 6, dataSnippet: kind });
}
