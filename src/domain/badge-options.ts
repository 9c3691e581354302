// Reads a badge request's query parameters into checked options (the contract's table).
// Unknown parameters are ignored here, so they can never reach a cache key.
// Each parameter is a zod schema: the one rule for validation and for the OpenAPI document.

import { z } from 'zod';
import { DIMENSIONS } from './entity.js';
import type { TrendWindow } from './history.js';
import { THEMES, normalizeColor, type Theme } from './palette.js';
import { describeTextProblem } from './text-rules.js';

export const STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type Style = (typeof STYLES)[number];
export const METRICS = ['trust', ...DIMENSIONS] as const;
export type Metric = (typeof METRICS)[number];
export const SHOWS = ['both', 'grade', 'score'] as const;
export type Show = (typeof SHOWS)[number];
/** `trend=`: the windows of history.ts' TREND_WINDOWS, as the URL spells them. */
export const TREND_PERIODS = ['30d', '90d', '365d'] as const satisfies readonly `${TrendWindow}d`[];
export type TrendPeriod = (typeof TREND_PERIODS)[number];
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
  /** The change over this window follows the message; null: no trend. */
  trend: TrendPeriod | null;
}

export const BADGE_PARAMS = ['style', 'metric', 'show', 'label', 'labelColor', 'theme', 'scale', 'trend'] as const;
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
  return { format, style: 'flat', metric: 'trust', show: 'both', label: null, labelColor: null, theme: 'light', scale: 1, trend: null };
}

/** The days a trend period speaks of. */
export const trendWindow = (period: TrendPeriod): TrendWindow => Number(period.slice(0, -1)) as TrendWindow;

/**
 * The badge parameters, declared once: each is checked by its schema here, and the OpenAPI
 * document describes /badge, /v1/embed and /v1/shields with the same schemas (badgeQuerySchema).
 * A label the fonts cannot draw is refused (`invalid label`) rather than shown with empty boxes:
 * `glyphs` says what they draw.
 */
export function badgeParamSchemas(glyphs: GlyphCoverage) {
  const oneOf = <T extends string>(param: BadgeParam, values: readonly [T, ...T[]], description: string) =>
    z.enum(values, { error: `${param} must be one of ${values.join(', ')}` }).meta({ description });
  return {
    style: oneOf('style', STYLES, 'Badge shape, after shields.io\'s styles.'),
    metric: oneOf('metric', METRICS, 'What the badge shows: the trust score or one dimension.'),
    show: oneOf('show', SHOWS, 'Grade and score, or one of them.'),
    theme: oneOf('theme', THEMES, 'Colours for light or dark pages.'),
    label: z
      .string()
      .check((ctx) => {
        const problem = labelProblem(ctx.value.normalize('NFC'), glyphs);
        if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      })
      .meta({ description: `Left-hand text, at most ${MAX_LABEL_CHARS} characters; empty for none. Default: the metric's name.`, example: 'trust' }),
    labelColor: z
      .string()
      .refine((value) => normalizeColor(value) !== null, 'labelColor must be a hex colour (rgb or rrggbb) or a colour name')
      .meta({ description: 'Left-hand background: hex (rgb or rrggbb, no #) or a colour name; text colour follows for contrast.', example: '0b3d91' }),
    trend: oneOf('trend', TREND_PERIODS, 'Appends the change of the shown score over this many days: ↑3, ↓5, or → (less than a whole point).'),
    scale: z
      .string()
      .regex(new RegExp(`^[1-${MAX_SCALE}]$`), `scale must be a whole number from 1 to ${MAX_SCALE}`)
      .meta({ description: 'PNG only: pixel density (2 for retina).', example: '2' }),
  } satisfies Record<BadgeParam, z.ZodType<string>>;
}

/** Every badge parameter as a query object, for the OpenAPI document (any label is drawable there). */
export function badgeQuerySchema(glyphs: GlyphCoverage) {
  const params = badgeParamSchemas(glyphs);
  return z.object(Object.fromEntries(BADGE_PARAMS.map((p) => [p, params[p].optional()])) as { [P in BadgeParam]: z.ZodOptional<(typeof params)[P]> });
}

function labelProblem(label: string, glyphs: GlyphCoverage): string | null {
  const characterProblem = describeTextProblem(label);
  if ([...label].length > MAX_LABEL_CHARS) return `label must be at most ${MAX_LABEL_CHARS} characters`;
  if (characterProblem !== null) return `label ${characterProblem}`;
  // Accessible names and reStructuredText's :alt: both drop edge spaces: the badge would read otherwise than asked.
  if (label.trim() !== label) return 'label must not start or end with white space';
  if (!canDraw(label, glyphs)) return 'label has characters the badge font cannot draw';
  return null;
}

const parsers = new WeakMap<GlyphCoverage, ReturnType<typeof badgeParamSchemas>>();

/**
 * `fallback` on failure keeps whatever parameters were valid (the style, above all) so the
 * error badge can be drawn the way the page asked for. The first problem is the one reported.
 */
export function parseBadgeOptions(query: Record<string, unknown>, format: Format, glyphs: GlyphCoverage): OptionsParse {
  let schemas = parsers.get(glyphs);
  if (schemas === undefined) parsers.set(glyphs, (schemas = badgeParamSchemas(glyphs)));
  const options = defaultBadgeOptions(format);
  let problem: ParamProblem | null = null;
  for (const param of BADGE_PARAMS) {
    const value = query[param];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      problem ??= { param, message: `${param} may be given once` };
      continue;
    }
    if (param === 'scale' && format !== 'png') continue;
    const checked = schemas[param].safeParse(value);
    if (!checked.success) problem ??= { param, message: checked.error.issues[0]!.message };
    else setParam(options, param, value);
  }
  return problem === null ? { ok: true, options } : { ok: false, problem, fallback: options };
}

/** One checked parameter into the options. */
function setParam(options: BadgeOptions, param: BadgeParam, value: string): void {
  switch (param) {
    case 'style':
      options.style = value as Style;
      return;
    case 'metric':
      options.metric = value as Metric;
      return;
    case 'show':
      options.show = value as Show;
      return;
    case 'theme':
      options.theme = value as Theme;
      return;
    case 'label':
      options.label = value.normalize('NFC');
      return;
    case 'labelColor':
      options.labelColor = normalizeColor(value);
      return;
    case 'scale':
      options.scale = Number(value);
      return;
    case 'trend':
      options.trend = value as TrendPeriod;
      return;
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
