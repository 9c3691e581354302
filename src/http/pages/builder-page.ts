// GET / — the badge builder: search, pick an entity, choose style / metric / theme, see the
// badge, copy a snippet. Every step is a plain GET form; public/builder.js only makes it live.

import { METRICS, STYLES, type BadgeOptions } from '../../domain/badge-options.js';
import { THEMES } from '../../domain/palette.js';
import { SNIPPET_KINDS, type SnippetKind } from '../../services/entity-links.js';
import type { EmbedAnswer, SearchResult } from '../../services/report-service.js';
import { API_DOCS_PATH } from './api-docs-page.js';
import type { SiteAssets } from './assets.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { formatCategory, formatScore, gradeClass, reportHref, sameOriginPath } from './page-text.js';
import { renderSearchForm, type SearchView } from './search-section.js';

export type Selection =
  | { kind: 'none' }
  | { kind: 'found'; embed: EmbedAnswer; path: string; options: BadgeOptions; problem: string | null }
  | { kind: 'unknown' | 'invalid'; target: string }
  | { kind: 'ambiguous'; target: string; candidates: SearchResult[] };

export const SNIPPET_LABELS: Readonly<Record<SnippetKind, string>> = {
  markdown: 'Markdown',
  html: 'HTML',
  picture: 'HTML with a dark-mode variant (<picture>)',
  rst: 'reStructuredText',
  asciidoc: 'AsciiDoc',
};

export function renderBuilderPage(view: { search: SearchView; selection: Selection; assets: SiteAssets }): string {
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
${renderSelection(selection)}`,
  });
}

function renderSelection(selection: Selection): SafeHtml | null {
  switch (selection.kind) {
    case 'none':
      return null;
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
  <ul class="result-list">${selection.candidates.map((c) => html`<li><a class="result" href="/?target=${c.target}">
    <span class="result-name">${c.name}</span><span class="result-meta">${c.registry} · ${formatCategory(c.category)}</span></a></li>`)}</ul>
</section>`;
    case 'found':
      return renderBuilder(selection);
  }
}

function renderBuilder(selection: Extract<Selection, { kind: 'found' }>): SafeHtml {
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
  ${selection.problem !== null && html`<p class="problem" role="alert">${selection.problem}</p>`}
  <form id="builder" class="builder" action="/" method="get" data-embed="/v1/embed/${path}">
    <input type="hidden" name="target" value="${embed.entity.registry}/${embed.entity.name}">
    <fieldset class="choices">
      <legend>Style</legend>
      ${STYLES.map((style) => radio('style', style, style, options.style === style))}
    </fieldset>
    <div class="field">
      <label for="metric">Metric</label>
      <select id="metric" name="metric">
        ${METRICS.map((metric) => html`<option value="${metric}"${metric === options.metric ? html` selected` : null}>${metric}${
          !embed.rated_metrics.includes(metric) ? ' (not rated)' : ''
        }</option>`)}
      </select>
    </div>
    <fieldset class="choices">
      <legend>Theme</legend>
      ${THEMES.map((theme) => radio('theme', theme, theme, options.theme === theme))}
    </fieldset>
    <button id="builder-submit" type="submit" class="button">Update preview</button>
  </form>
  <figure class="preview">
    <div id="preview-stage" class="preview-stage theme-${options.theme}">
      <img id="badge-preview" src="${sameOriginPath(embed.badge.svg)}" alt="${embed.alt}">
    </div>
    <figcaption id="preview-caption">Preview on a ${options.theme} page, at twice its size</figcaption>
  </figure>
</section>
<section class="panel" aria-labelledby="copy-heading">
  <h2 id="copy-heading"><span class="step" aria-hidden="true">3</span> Copy a snippet</h2>
  <p class="hint">Every snippet links the badge to <a href="${reportHref(path)}">its report page</a>.</p>
  ${SNIPPET_KINDS.map((kind) => renderSnippet(kind, embed.badge[kind]))}
  <p id="copy-status" class="copy-status" role="status"></p>
</section>`;
}

function radio(name: string, value: string, label: string, checked: boolean): SafeHtml {
  return html`<label class="choice"><input type="radio" name="${name}" value="${value}"${checked ? html` checked` : null}><span>${label}</span></label>`;
}

function renderSnippet(kind: SnippetKind, text: string): SafeHtml {
  const rows = Math.min(6, Math.max(2, text.split('\n').length, Math.ceil(text.length / 90)));
  return html`<div class="snippet">
  <div class="snippet-head">
    <label for="snippet-${kind}">${SNIPPET_LABELS[kind]}</label>
    <button type="button" class="button small copy" data-copy="snippet-${kind}" hidden>Copy</button>
  </div>
  <textarea id="snippet-${kind}" class="snippet-text" data-snippet="${kind}" rows="${rows}" readonly spellcheck="false">${text}</textarea>
</div>`;
}
