// The entity search as server-rendered HTML: a GET form to `/?q=` that works without JavaScript,
// and the result list that public/builder.js redraws live (same markup, built with DOM calls).

import type { SearchResult } from '../../services/report-service.js';
import { MAX_QUERY_CHARS } from '../routes/search-routes.js';
import { html, type SafeHtml } from './html-escape.js';
import { builderHref, formatCategory, formatScore, gradeClass } from './page-text.js';

export interface SearchView {
  query: string;
  /** null: nothing searched yet. */
  results: SearchResult[] | null;
  /** Matches in all (a lower bound when `more`), and the cursor of the next page: as /v1/search answers. */
  total?: number;
  more?: boolean;
  next?: string | null;
  /** When nothing matched: names one typo away, as /v1/search answers them. */
  suggestions?: SearchResult[];
  /** Why the query could not be run, in words for the reader. */
  problem: string | null;
}

export function renderSearchForm(view: SearchView, headingId: string): SafeHtml {
  return html`<form class="search-form" role="search" action="/" method="get" aria-labelledby="${headingId}">
  <label for="q">Name of a repository, package, model or tool</label>
  <div class="search-row">
    <input id="q" name="q" type="search" value="${view.query}" maxlength="${MAX_QUERY_CHARS}" autocomplete="off"
      spellcheck="false" autocapitalize="off" aria-describedby="q-hint" aria-controls="search-results">
    <button type="submit" class="button">Search</button>
  </div>
  <p id="q-hint" class="hint">Any registry, by name, last part of the name or alias: try <a href="/?q=openrouter">openrouter</a>,
    <a href="/?q=llama">llama</a> or <a href="/?q=serde">serde</a>. Use the arrow keys to move through the results.</p>
</form>
${renderSearchResults(view)}`;
}

export function renderSearchResults(view: SearchView): SafeHtml {
  const { results, suggestions = [] } = view;
  const status = view.problem ?? statusText(view);
  return html`<div id="search-results" class="search-results" data-q="${results === null ? '' : view.query}">
  <p id="results-status" class="results-status" role="status">${status}</p>
  ${results !== null && results.length > 0 && html`<ul class="result-list">${results.map((result) => renderResult(result, view.query))}</ul>`}
  ${results !== null && results.length === 0 && suggestions.length > 0 && html`<ul class="result-list" aria-label="Names one typo away">${suggestions.map((result) => renderResult(result, view.query))}</ul>`}
  ${view.next !== undefined && view.next !== null && html`<p class="more-results"><a href="${`/?q=${encodeURIComponent(view.query)}&cursor=${view.next}#search-results`}">Next results for “${view.query}”</a></p>`}
</div>`;
}

/** Said the same way by the live list (public/builder.js). */
function statusText(view: SearchView): string {
  const { query, results } = view;
  if (results === null) return '';
  if (results.length === 0) {
    const near = view.suggestions?.length ?? 0;
    if (near === 0) return `Nothing starts with “${query}”.`;
    return `Nothing starts with “${query}”. Did you mean ${near === 1 ? 'this name' : `one of these ${near} names`}? Each is one letter away.`;
  }
  const total = view.total ?? results.length;
  if (view.more === true) return `More than ${total} matches for “${query}”, exact names first, then best score: type more to narrow them.`;
  return `${total} ${total === 1 ? 'match' : 'matches'} for “${query}”, exact names first, then best score.`;
}

function renderResult(result: SearchResult, query: string): SafeHtml {
  return html`<li><a class="result" href="${builderHref(result.target, query)}">
  <span class="result-name">${result.name}</span>
  <span class="result-meta">${result.registry} · ${formatCategory(result.category)}</span>
  <span class="${gradeClass(result.grade)}"><span class="visually-hidden">grade </span>${result.grade}</span>
  <span class="result-score"><span class="visually-hidden">score </span>${formatScore(result.score)}</span>
</a></li>`;
}
