// Reads a badge request's query parameters into checked options (the contract's table).
// Unknown parameters are ignored here, so they can never reach a cache key.

import { DIMENSIONS } from './entity.js';
import { THEMES, normalizeColor, type Theme } from './palette.js';
import { describeTextProblem } from './text-rules.js';

export const STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type Style = (typeof STYLES)[number];
export const METRICS = ['trust', ...DIMENSIONS] as const;
export type Metric = (typeof METRICS)[number];
export const SHOWS = ['both', 'grade', 'score'] as const;
export type Show = (typeof SHOWS)[number];
export const FORMATS = ['svg', 'png'] as const;
export type Format = (typeof FORMATS)[number];

export const MAX_LABEL_CHARS = 40;
export const MAX_SCALE = 4;

export interface BadgeOptions {
  format: Format;
  style: Style;
  metric: Metric;
  show: Show;
  /** null: the metric's name. '' : no label part. */
  label: string | null;
  /** #rrggbb, or null for the theme's default. */
  labelColor: string | null;
  theme: Theme;
  /** PNG zoom; always 1 for SVG. */
  scale: number;
}

export const BADGE_PARAMS = ['style', 'metric', 'show', 'label', 'labelColor', 'theme', 'scale'] as const;
export type BadgeParam = (typeof BADGE_PARAMS)[number];

export interface ParamProblem {
  param: BadgeParam;
  message: string;
}

/**
 * The code points the badge fonts can draw: sorted, disjoint, inclusive ranges, read from the
 * shipped fonts once at start (src/render/font-coverage.ts) and handed in as data.
 */
export interface GlyphCoverage {
  readonly ranges: ReadonlyArray<readonly [first: number, last: number]>;
}

export type OptionsParse =
  | { ok: true; options: BadgeOptions }
  | { ok: false; problem: ParamProblem; fallback: BadgeOptions };

export function defaultBadgeOptions(format: Format): BadgeOptions {
  return { format, style: 'flat', metric: 'trust', show: 'both', label: null, labelColor: null, theme: 'light', scale: 1 };
}

/**
 * `fallback` on failure keeps whatever parameters were valid (the style, above all) so the
 * error badge can be drawn the way the page asked for. A label the fonts cannot draw is refused
 * (`invalid label`) rather than shown with empty boxes: `glyphs` says what they draw.
 */
export function parseBadgeOptions(query: Record<string, unknown>, format: Format, glyphs: GlyphCoverage): OptionsParse {
  const options = defaultBadgeOptions(format);
  let problem: ParamProblem | null = null;
  const report = (param: BadgeParam, message: string): void => {
    problem ??= { param, message };
  };

  for (const param of BADGE_PARAMS) {
    const value = query[param];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      report(param, `${param} may be given once`);
      continue;
    }
    if (param === 'scale' && format !== 'png') continue;
    readParam(options, param, value, glyphs, report);
  }
  return problem === null ? { ok: true, options } : { ok: false, problem, fallback: options };
}

function readParam(
  options: BadgeOptions,
  param: BadgeParam,
  value: string,
  glyphs: GlyphCoverage,
  report: (param: BadgeParam, message: string) => void,
): void {
  switch (param) {
    case 'style':
      if (isOneOf(STYLES, value)) options.style = value;
      else report(param, `style must be one of ${STYLES.join(', ')}`);
      return;
    case 'metric':
      if (isOneOf(METRICS, value)) options.metric = value;
      else report(param, `metric must be one of ${METRICS.join(', ')}`);
      return;
    case 'show':
      if (isOneOf(SHOWS, value)) options.show = value;
      else report(param, `show must be one of ${SHOWS.join(', ')}`);
      return;
    case 'theme':
      if (isOneOf(THEMES, value)) options.theme = value;
      else report(param, `theme must be one of ${THEMES.join(', ')}`);
      return;
    case 'label': {
      const label = value.normalize('NFC');
      const characterProblem = describeTextProblem(label);
      if ([...label].length > MAX_LABEL_CHARS) report(param, `label must be at most ${MAX_LABEL_CHARS} characters`);
      else if (characterProblem !== null) report(param, `label ${characterProblem}`);
      // Accessible names and reStructuredText's :alt: both drop edge spaces: the badge would read otherwise than asked.
      else if (label.trim() !== label) report(param, 'label must not start or end with white space');
      else if (!canDraw(label, glyphs)) report(param, 'label has characters the badge font cannot draw');
      else options.label = label;
      return;
    }
    case 'labelColor': {
      const color = normalizeColor(value);
      if (color === null) report(param, 'labelColor must be a hex colour (rgb or rrggbb) or a colour name');
      else options.labelColor = color;
      return;
    }
    case 'scale': {
      const scale = /^[1-9]$/.test(value) ? Number(value) : NaN;
      if (scale >= 1 && scale <= MAX_SCALE) options.scale = scale;
      else report(param, `scale must be a whole number from 1 to ${MAX_SCALE}`);
      return;
    }
  }
}

/** Upper case too: for-the-badge draws the label in capitals, and some letters change code point. */
export function canDraw(text: string, glyphs: GlyphCoverage): boolean {
  for (const form of [text, text.toUpperCase()]) {
    for (const char of form) if (!coversCodePoint(glyphs, char.codePointAt(0)!)) return false;
  }
  return true;
}

function coversCodePoint(glyphs: GlyphCoverage, codePoint: number): boolean {
  let low = 0;
  let high = glyphs.ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = glyphs.ranges[middle]!;
    if (codePoint < first) high = middle - 1;
    else if (codePoint > last) low = middle + 1;
    else return true;
  }
  return false;
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
