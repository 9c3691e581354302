// The badge colours: one per grade, one per non-score state, label defaults per theme.
// Every background here carries white text at WCAG AA (>= 4.5:1); test/domain/palette.test.ts holds it.

import type { Grade } from './grade.js';

export const TEXT_LIGHT = '#ffffff';
export const TEXT_DARK = '#1f2328';

export const GRADE_COLORS: Readonly<Record<Grade, string>> = Object.freeze({
  A: '#1a7f37',
  B: '#4d7c0f',
  C: '#9a6700',
  D: '#bc4c00',
  F: '#cf222e',
});

export const STATE_COLORS = Object.freeze({
  /** unknown, ambiguous, n/a */
  neutral: '#656d76',
  /** a request the service cannot answer as asked */
  invalid: '#cf222e',
});

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const LABEL_COLORS: Readonly<Record<Theme, string>> = Object.freeze({
  light: '#555555',
  dark: '#30363d',
});

/** Names accepted for `labelColor`: shields' badge names plus common CSS names. */
export const NAMED_COLORS: Readonly<Record<string, string>> = Object.freeze({
  brightgreen: '#44cc11', green: '#97ca00', yellowgreen: '#a4a61d', yellow: '#dfb317',
  orange: '#fe7d37', red: '#e05d44', blue: '#007ec6', lightgrey: '#9f9f9f', lightgray: '#9f9f9f',
  grey: '#555555', gray: '#555555', success: '#44cc11', important: '#fe7d37', critical: '#e05d44',
  informational: '#007ec6', inactive: '#9f9f9f', black: '#000000', white: '#ffffff',
  silver: '#c0c0c0', maroon: '#800000', purple: '#800080', fuchsia: '#ff00ff', lime: '#00ff00',
  olive: '#808000', navy: '#000080', teal: '#008080', aqua: '#00ffff', pink: '#ffc0cb',
  brown: '#a52a2a', indigo: '#4b0082', violet: '#ee82ee', gold: '#ffd700', slategray: '#708090',
});

/** `#rgb`, `rgb`, `#rrggbb`, `rrggbb` or a name → `#rrggbb`; null when it is none of those. */
export function normalizeColor(input: string): string | null {
  const text = input.trim().toLowerCase();
  const named = Object.hasOwn(NAMED_COLORS, text) ? NAMED_COLORS[text] : undefined;
  if (named !== undefined) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex === undefined) return null;
  return hex.length === 3 ? `#${[...hex].map((c) => c + c).join('')}` : `#${hex}`;
}
