// The frame every page shares: document head with the hashed assets, skip link, site header,
// the page's main content and footer. It adds no inline script or style (the CSP forbids both).
// Pages follow the reader's colour scheme, light or dark (site.css); the browser is told both are fine.

import { FAVICON_PATH, type AssetName, type SiteAssets } from './assets.js';
import { FAVICON_SIZES_PX } from './favicon.js';
import { html, type SafeHtml } from './html-escape.js';
import { METHODOLOGY_PATH } from './page-text.js';

export interface PageFrame {
  title: string;
  description: string;
  assets: SiteAssets;
  main: SafeHtml;
  /** Pages with live search or the builder load the one small script. */
  script?: boolean;
  /** Further stylesheets and deferred scripts, in this order, after the site's own (the API docs' renderer). */
  styles?: readonly AssetName[];
  scripts?: readonly AssetName[];
  /** More head elements: canonical link, share meta, JSON-LD data blocks (never code). */
  head?: SafeHtml;
}

export function renderPage(frame: PageFrame): string {
  const { assets } = frame;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title}</title>
<meta name="description" content="${frame.description}">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${FAVICON_PATH}" sizes="${FAVICON_SIZES_PX.map((px) => `${px}x${px}`).join(' ')}">
<link rel="icon" href="${assets.url('icon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assets.url('site.css')}">
${frame.head}
${frame.script === true && html`<script src="${assets.url('builder.js')}" defer></script>`}
${(frame.styles ?? []).map((name) => html`<link rel="stylesheet" href="${assets.url(name)}">`)}
${(frame.scripts ?? []).map((name) => html`<script src="${assets.url(name)}" defer></script>`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="/"><img src="${assets.url('icon.svg')}" alt="" width="28" height="28"><span>trustbadge</span></a>
    <nav aria-label="Site"><a href="/">Badge builder</a> <a href="${METHODOLOGY_PATH}">Methodology</a></nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${frame.main}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>Scores are published by the trust pipeline and shown as they are. Every page here has a JSON twin under <code>/v1/</code>.</p>
  </div>
</footer>
</body>
</html>
`.value;
}
