// Small formatters the pages share: scores, grades, dates and relative links. Pure functions
// of their input; they return plain text or URLs, never markup (html-escape.ts does that).

import { displayScore, type Grade } from '../../domain/grade.js';

/** Scores are published with one decimal; pages show it as published. */
export function formatScore(score: number): string {
  return score.toFixed(1);
}

/** `grade grade-b`: the class carrying the grade's colour in site.css. */
export function gradeClass(grade: Grade): string {
  return `grade grade-${grade.toLowerCase()}`;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  return DATE_FORMAT.format(new Date(iso));
}

/** `ai_tool` → `ai tool`. */
export function formatCategory(category: string): string {
  return category.replace(/[_-]+/g, ' ');
}

/** The path and query of an absolute URL: pages load badges from their own origin (CSP img-src 'self'). */
export function sameOriginPath(absoluteUrl: string): string {
  const url = new URL(absoluteUrl);
  return `${url.pathname}${url.search}`;
}

/** The id of the builder's preview, the fragment every pick lands on. */
export const PREVIEW_ID = 'preview';

/**
 * The builder with an entity picked, landing on its preview without JavaScript, the search kept in
 * its field: `/?q=sha&target=npm/sharp#preview` (the target path is already percent-encoded).
 */
export function builderHref(entityPathText: string, searchQuery = ''): string {
  const q = searchQuery === '' ? '' : `q=${encodeURIComponent(searchQuery)}&`;
  return `/?${q}target=${entityPathText}#${PREVIEW_ID}`;
}

/** How scores are made: linked from every page's header and from each report. */
export const METHODOLOGY_PATH = '/methodology';

export function reportHref(entityPathText: string): string {
  return `/entity/${entityPathText}`;
}

export function badgeSrc(entityPathText: string, query = ''): string {
  return `/badge/${entityPathText}.svg${query}`;
}

/** The accessible name of a default trust badge (its SVG <title>), for img alt text. */
export function badgeAlt(grade: Grade, score: number): string {
  return `trust: ${grade} · ${displayScore(score)}/100`;
}
