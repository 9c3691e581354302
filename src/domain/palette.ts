// Every colour a badge may show: a palette per grade and per non-score state, and each theme's surfaces.
// Pure data; test/render/contrast.test.ts holds every text/background pair to WCAG AA per variant.

import { GRADES, type Grade } from './grade.js';

export const TEXT_LIGHT = '#ffffff';
export const TEXT_DARK = '#1f2328';
/** Only for user label colours where neither of the two above reaches 4.5:1 (mid greys). */
export const TEXT_BLACK = '#000000';

/** What colours a message: its grade, or a state that shows no score. */
export const TONES = [...GRADES, 'neutral', 'invalid'] as const;
export type Tone = (typeof TONES)[number];

export interface TonePalette {
  /** Background of the message part, under white text. */
  fill: string;
  /** The same hue as text on a light surface (the light social bubble). */
  inkOnLight: string;
  /** The same hue as text on a dark surface (the dark social bubble). */
  inkOnDark: string;
}

/** Fills after GitHub's Primer light palette, inks on dark after its dark one; B's lime is our own. */
export const TONE_PALETTES: Readonly<Record<Tone, Readonly<TonePalette>>> = Object.freeze({
  A: { fill: '#1a7f37', inkOnLight: '#1a7f37', inkOnDark: '#3fb950' },
  B: { fill: '#4d7c0f', inkOnLight: '#4d7c0f', inkOnDark: '#8cc43f' },
  C: { fill: '#9a6700', inkOnLight: '#9a6700', inkOnDark: '#d29922' },
  D: { fill: '#bc4c00', inkOnLight: '#bc4c00', inkOnDark: '#f0883e' },
  F: { fill: '#cf222e', inkOnLight: '#cf222e', inkOnDark: '#ff7b72' },
  /** unknown, ambiguous, unavailable, n/a */
  neutral: { fill: '#656d76', inkOnLight: '#656d76', inkOnDark: '#9198a1' },
  /** a request the service cannot answer as asked */
  invalid: { fill: '#cf222e', inkOnLight: '#cf222e', inkOnDark: '#ff7b72' },
});

export const GRADE_COLORS: Readonly<Record<Grade, string>> = Object.freeze(
  Object.fromEntries(GRADES.map((grade) => [grade, TONE_PALETTES[grade].fill])) as Record<Grade, string>,
);

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface ThemeSurfaces {
  /** The page the theme is made for (white, GitHub's dark canvas). */
  page: string;
  /** Default label background. */
  labelFill: string;
  /** A 1 px rim around the badge, or null for none. */
  outline: string | null;
  /** social: the label "button" and the count "bubble". */
  button: { fill: string; border: string; text: string };
  bubble: { fill: string; border: string };
  /** Which ink of a tone reads on this theme's bubble. */
  ink: 'inkOnLight' | 'inkOnDark';
}

export const THEME_SURFACES: Readonly<Record<Theme, Readonly<ThemeSurfaces>>> = Object.freeze({
  light: {
    page: '#ffffff',
    labelFill: '#555555',
    outline: null,
    button: { fill: '#fcfcfc', border: '#d5d5d5', text: '#333333' },
    bubble: { fill: '#fafafa', border: '#d5d5d5' },
    ink: 'inkOnLight',
  },
  dark: {
    page: '#0d1117',
    labelFill: '#30363d',
    outline: '#6e7681',
    button: { fill: '#21262d', border: '#6e7681', text: '#f0f6fc' },
    bubble: { fill: '#0d1117', border: '#6e7681' },
    ink: 'inkOnDark',
  },
});

/** Default label background per theme. */
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
