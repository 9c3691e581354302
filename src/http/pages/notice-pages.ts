// The report page's other answers: unknown (404, with search), ambiguous (300, listing the
// candidates with their badges), an invalid target (400), a client over its budget (429) and a store
// outage (503); and the plain notice of an id no set or seal has.

import type { SearchResult } from '../../services/report-service.js';
import { MAX_QUERY_CHARS } from '../routes/search-routes.js';
import type { SiteAssets } from './assets.js';
import { sizeAttributes, type BadgeSizes } from './badge-size.js';
import { html, type SafeHtml } from './html-escape.js';
import { renderPage } from './layout.js';
import { badgeAlt, badgeSrc, formatCategory, formatScore, gradeClass, reportHref } from './page-text.js';
import { renderSearchForm } from './search-section.js';

export type EntityNotice =
  /** `matches`: the search for its last segment (or its names one typo away), when it could run; null when the store did not answer. */
  | { kind: 'unknown'; target: string; matches?: { query: string; results: SearchResult[]; suggestions: SearchResult[] } | null }
  /** `reason`: which part of the target is wrong and why, in words. */
  | { kind: 'invalid'; target: string; reason?: string }
  | { kind: 'ambiguous'; target: string; candidates: SearchResult[]; moreCandidates?: boolean; badgeSizes?: BadgeSizes }
  | { kind: 'unavailable' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

export const NOTICE_STATUS: Readonly<Record<EntityNotice['kind'], number>> = {
  unknown: 404,
  invalid: 400,
  // 300 Multiple Choices: the target names several resources and the page lists them.
  ambiguous: 300,
  unavailable: 503,
  rate_limited: 429,
};

export function renderEntityNotice(notice: EntityNotice, assets: SiteAssets): string {
  const { title, main } = noticeContent(notice);
  return renderPage({ title: `${title} — trustbadge`, description: title, assets, main, script: notice.kind !== 'ambiguous' });
}

function noticeContent(notice: EntityNotice): { title: string; main: SafeHtml } {
  switch (notice.kind) {
    case 'rate_limited':
      return {
        title: 'Too many requests',
        main: html`<section class="panel notice"><h1>Too many requests from your address</h1>
  <p>Please try again in ${String(notice.retryAfterSeconds)} seconds.</p></section>`,
      };
    case 'unavailable':
      return {
        title: 'Reports are unavailable',
        main: html`<section class="panel notice"><h1>Reports are unavailable right now</h1>
  <p>The score store did not answer. Please try again in a minute.</p></section>`,
      };
    case 'ambiguous':
      return {
        title: `“${notice.target}” names several entities`,
        main: html`<section class="panel notice" aria-labelledby="notice-heading">
  <h1 id="notice-heading">“${notice.target}” names several entities</h1>
  <p>A badge never picks one for you. ${notice.moreCandidates === true ? `The first ${notice.candidates.length} of them, by registry:` : `All ${notice.candidates.length} of them, by registry:`} choose the report you mean.</p>
  <ul class="candidate-list">${notice.candidates.map((c) => html`<li>
    <a href="${reportHref(c.target)}"><span class="result-name">${c.name}</span>
      <span class="result-meta">${c.registry} · ${formatCategory(c.category)}</span></a>
    ${c.description !== null && html`<span class="candidate-description">${c.description}</span>`}
    <span class="candidate-score"><span class="${gradeClass(c.grade)}"><span class="visually-hidden">grade </span>${c.grade}</span> ${formatScore(c.score)}/100</span>
    <img src="${badgeSrc(c.target)}" alt="${badgeAlt(c.grade, c.score)}"${sizeAttributes(notice.badgeSizes?.get(c.target))}>
  </li>`)}</ul>
  ${notice.moreCandidates === true && html`<p>More entities have this name: <a href="${`/?q=${encodeURIComponent(notice.target)}#search-results`}">search for “${notice.target}”</a> pages through them all.</p>`}
</section>`,
      };
    case 'unknown': {
      const heading = `No entity called “${notice.target}”`;
      const matches = notice.matches ?? null;
      const found = matches !== null && (matches.results.length > 0 || matches.suggestions.length > 0);
      return {
        title: heading,
        main: html`<section class="panel notice" aria-labelledby="notice-heading">
  <h1 id="notice-heading">${heading}</h1>
  <p>The catalogue has no report under this name. It may be spelled differently, or not scored yet.
    ${found ? 'The closest names it has are below; or search again:' : 'Search for it:'}</p>
  ${renderSearchForm({ query: matches?.query ?? searchTextOf(notice.target), results: matches?.results ?? null, suggestions: matches?.suggestions, problem: null }, 'notice-heading')}
</section>`,
      };
    }
    case 'invalid': {
      const heading = 'That is not a valid entity name';
      return {
        title: heading,
        main: html`<section class="panel notice" aria-labelledby="notice-heading">
  <h1 id="notice-heading">${heading}</h1>
  <p>${notice.reason ?? 'A target is registry/name (npm/sharp, github/owner/repo) or a bare name.'}</p>
  <p>Search for the entity instead:</p>
  ${renderSearchForm({ query: searchTextOf(notice.target), results: null, problem: null }, 'notice-heading')}
</section>`,
      };
    }
  }
}

/** What a notice page searches for: the target's last segment, as much as a search takes. */
export function searchTextOf(target: string): string {
  return [...(target.split('/').at(-1) ?? '')].slice(0, MAX_QUERY_CHARS).join('');
}

/** A page saying no such thing exists (an unknown set or seal id): its heading, then `body`. */
export function renderMissingNotice(notice: { title: string; description: string; body: SafeHtml }, assets: SiteAssets): string {
  return renderPage({
    title: notice.title,
    description: notice.description,
    assets,
    main: html`<section class="panel notice" aria-labelledby="notice-heading">
  <h1 id="notice-heading">${notice.title}</h1>
  ${notice.body}
</section>`,
  });
}
