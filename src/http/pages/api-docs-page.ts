// GET /docs/api — the API reference: the operations of /openapi.json drawn in the browser by
// Swagger UI (public/api-docs.js), then, server-rendered so they need no JavaScript, the badge
// parameters with live badges and one anchored entry per error code (problem types link there).

import { defaultBadgeOptions, FORMATS, MAX_LABEL_CHARS, MAX_SCALE, METRICS, SHOWS, STYLES, type BadgeParam, type Format } from '../../domain/badge-options.js';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import { THEMES, type Theme } from '../../domain/palette.js';
import type { SiteAssets } from './assets.js';
import { sizeAttributes, type BadgeSize } from './badge-size.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';

export const API_DOCS_PATH = '/docs/api';
export const OPENAPI_PATH = '/openapi.json';
/** The entity of the sample catalogue (data/sample.ndjson) whose badges illustrate the parameters. */
export const EXAMPLE_TARGET = 'npm/sharp';
/** Every example's URL starts so; the page shows only the rest. */
const EXAMPLE_BASE = `/badge/${EXAMPLE_TARGET}`;

/** One live example: a badge request, as `/badge/{EXAMPLE_TARGET}.{format}?{query}` asks it. */
export interface ExampleRequest {
  format: Format;
  /** URL-encoded, without `?`; '' for none. */
  query: string;
}

export interface BadgeParamDoc {
  /** The extension is a parameter too, as far as a reader is concerned. */
  param: BadgeParam | 'format';
  values: string;
  defaultValue: string;
  examples: readonly ExampleRequest[];
}

const DEFAULTS = defaultBadgeOptions('svg');
const svg = (query: string): ExampleRequest => ({ format: 'svg', query });
const list = (values: readonly string[]): string => values.join(', ');

/** The badge parameters (docs/api.md has the same table in words), each with the requests that show it. */
export const BADGE_PARAM_DOCS: readonly BadgeParamDoc[] = [
  { param: 'style', values: list(STYLES), defaultValue: DEFAULTS.style, examples: STYLES.map((style) => svg(`style=${style}`)) },
  { param: 'metric', values: `${list(METRICS)}; one the entity lacks shows grey n/a`, defaultValue: DEFAULTS.metric, examples: [svg('metric=security'), svg('metric=popularity')] },
  { param: 'show', values: `${list(SHOWS)} (grade and score, the grade, the score)`, defaultValue: DEFAULTS.show, examples: [svg('show=grade'), svg('show=score')] },
  { param: 'label', values: `left text, at most ${MAX_LABEL_CHARS} characters the badge fonts draw; empty for the message alone`, defaultValue: "the metric's name", examples: [svg('label=npm%20trust'), svg('label=')] },
  { param: 'labelColor', values: 'hex rgb or rrggbb (with or without #), or a colour name', defaultValue: "the theme's grey", examples: [svg('labelColor=navy'), svg('labelColor=8a2be2')] },
  { param: 'theme', values: `${list(THEMES)} (a dark label side and a rim for dark pages)`, defaultValue: DEFAULTS.theme, examples: [svg('theme=dark'), svg('theme=dark&style=social')] },
  { param: 'scale', values: `PNG only: a whole number from 1 to ${MAX_SCALE}, rasterised at that zoom`, defaultValue: String(DEFAULTS.scale), examples: [{ format: 'png', query: 'scale=2' }] },
  { param: 'format', values: `the path's extension: ${list(FORMATS.map((format) => `.${format}`))} (none means .svg)`, defaultValue: DEFAULTS.format, examples: [{ format: 'png', query: '' }] },
];

/** An example as the page shows it: where the badge is, its accessible name and its size. */
export interface BadgeExample extends ExampleRequest {
  src: string;
  alt: string;
  /** Dark badges are shown on a dark backdrop. */
  theme: Theme;
  /** Null only if the answer held no readable size; the image then sizes itself. */
  size: BadgeSize | null;
}

export type BadgeParamView = Omit<BadgeParamDoc, 'examples'> & { examples: readonly BadgeExample[] };

export function exampleSrc(request: ExampleRequest): string {
  return `${EXAMPLE_BASE}.${request.format}${request.query === '' ? '' : `?${request.query}`}`;
}

export function renderApiDocsPage(view: { params: readonly BadgeParamView[]; assets: SiteAssets }): string {
  return renderPage({
    title: 'HTTP API — trustbadge',
    description: 'Every route of the trustbadge service: badges, JSON reports, search, snippets, health and admin writes, from its OpenAPI document.',
    assets: view.assets,
    styles: ['swagger-ui.css'],
    scripts: ['swagger-ui-bundle.js', 'api-docs.js'],
    main: html`<div class="intro">
  <h1>trustbadge HTTP API</h1>
  <p class="lead">Every route, parameter and answer of this service, from its OpenAPI 3.1 document:
    <a href="${OPENAPI_PATH}" type="application/json">${OPENAPI_PATH}</a>.</p>
  <nav aria-label="On this page"><ul class="inline-facts">
    <li><a href="#operations">Operations</a></li><li><a href="#badge-parameters">Badge parameters</a></li><li><a href="#errors">Errors</a></li>
  </ul></nav>
</div>
<section class="panel" id="operations" aria-labelledby="operations-heading">
  <h2 id="operations-heading">Operations</h2>
  <div id="api-reference" class="api-reference" data-openapi-url="${OPENAPI_PATH}">
    <p class="api-reference-fallback">The interactive reference is drawn by JavaScript, which replaces this line.
      Without it, the same description is here as JSON: <a href="${OPENAPI_PATH}" type="application/json">${OPENAPI_PATH}</a>.</p>
  </div>
</section>
${renderBadgeParams(view.params)}
${renderErrors()}`,
  });
}

function renderBadgeParams(params: readonly BadgeParamView[]): SafeHtml {
  return html`<section class="panel" id="badge-parameters" aria-labelledby="badge-parameters-heading">
  <h2 id="badge-parameters-heading">Badge parameters</h2>
  <p class="hint">Query parameters of <code>/badge/{target}.svg</code> and <code>.png</code>, all optional. The examples are live badges of
    <a href="/entity/${EXAMPLE_TARGET}">${EXAMPLE_TARGET}</a>, <code>${EXAMPLE_BASE}</code> followed by what each shows.
    A bad value answers <code>400</code> with a red badge naming the parameter.</p>
  <div class="table-scroll">
  <table class="doc-table">
    <thead><tr><th scope="col">Parameter</th><th scope="col">Values</th><th scope="col">Default</th><th scope="col">Examples</th></tr></thead>
    <tbody>${params.map((doc) => html`<tr id="param-${doc.param}">
      <th scope="row"><code>${doc.param}</code></th>
      <td>${doc.values}</td>
      <td>${doc.defaultValue}</td>
      <td><ul class="badge-examples">${doc.examples.map(renderExample)}</ul></td>
    </tr>`)}</tbody>
  </table>
  </div>
</section>`;
}

function renderExample(example: BadgeExample): SafeHtml {
  return html`<li><span class="badge-stage theme-${example.theme}"><img src="${example.src}" alt="${example.alt}"${sizeAttributes(example.size)}></span>
    <a href="${example.src}"><code>${example.src.slice(EXAMPLE_BASE.length)}</code></a></li>`;
}

function renderErrors(): SafeHtml {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  return html`<section class="panel" id="errors" aria-labelledby="errors-heading">
  <h2 id="errors-heading">Errors</h2>
  <p class="hint">JSON routes answer errors as problem details (<code>application/problem+json</code>, RFC 9457). Their <code>type</code> is
    this page with the anchor of their <code>code</code>, e.g. <code>${API_DOCS_PATH}#problem-not_found</code>. Image routes answer a badge instead.</p>
  <div class="table-scroll">
  <table class="doc-table">
    <thead><tr><th scope="col">Code</th><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead>
    <tbody>${codes.map((code) => html`<tr id="problem-${code}">
      <th scope="row"><code>${code}</code></th><td>${ERROR_CODES[code].status}</td><td>${ERROR_CODES[code].text}</td>
    </tr>`)}</tbody>
  </table>
  </div>
</section>`;
}
