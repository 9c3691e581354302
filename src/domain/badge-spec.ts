// The visual spec of a badge: everything that decides its bytes and nothing else (no entity
// identity), so every entity showing `B · 74` shares one render and one cache entry.

import { trendWindow, type BadgeOptions, type Format, type Style, type TrendPeriod } from './badge-options.js';
import type { Entity } from './entity.js';
import { displayScore, gradeFor, type Grade, type GradeScale } from './grade.js';
import type { Theme, Tone } from './palette.js';

export interface BadgeSpec {
  format: Format;
  scale: number;
  style: Style;
  theme: Theme;
  /** '' draws the message alone. */
  label: string;
  message: string;
  /** What colours the message (src/domain/palette.ts): its grade, or a state. */
  tone: Tone;
  /** A chosen label background (#rrggbb), or null for the style and theme's own. */
  labelColor: string | null;
  /** The accessible name: `<title>` and `aria-label`. */
  title: string;
}

/** States that show no score; `busy` is the render queue refusing work, `rate limited` a client over its budget. */
export type BadgeState = 'unknown' | 'ambiguous' | 'unavailable' | 'busy' | 'rate limited';

const SEPARATOR = ' · ';

/**
 * `change`: the shown metric's change over `options.trend`'s window (computeTrend's, one decimal),
 * or null when history does not reach back that far: then the badge says nothing of a trend.
 */
export function specForEntity(entity: Entity, options: BadgeOptions, scale: GradeScale, change: number | null = null): BadgeSpec {
  return specForScore(options.metric === 'trust' ? entity.score : entity.dimensions[options.metric], options, scale, change);
}

/** The badge of one score of the options' metric (undefined: not rated); what it shows depends on nothing else. */
export function specForScore(score: number | undefined, options: BadgeOptions, scale: GradeScale, change: number | null = null): BadgeSpec {
  if (score === undefined) return buildSpec(options, 'n/a', 'neutral', `${metricLabel(options)}: not rated`);
  const grade = gradeFor(score, scale);
  const shown = displayScore(score);
  const message = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}` : `${grade}${SEPARATOR}${shown}`;
  const spoken = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}/100` : `${grade}${SEPARATOR}${shown}/100`;
  const trend = options.trend === null || change === null ? null : describeTrend(change, options.trend);
  // The arrow is part of the message: the grade's colours, so the message's contrast holds for it.
  return trend === null
    ? buildSpec(options, message, grade, `${metricLabel(options)}: ${spoken}`)
    : buildSpec(options, `${message} ${trend.mark}`, grade, `${metricLabel(options)}: ${spoken}, ${trend.words}`);
}

/**
 * Whole points, toward zero: as the score is floored so that it never claims a grade it has not
 * reached, the change never claims more movement than happened (+3.7 is ↑3, −0.6 is →).
 */
export function wholeChange(change: number): number {
  const whole = Math.trunc(change);
  return whole === 0 ? 0 : whole; // never −0
}

/** The arrow the badge draws and the words its accessible name says. */
function describeTrend(change: number, period: TrendPeriod): { mark: string; words: string } {
  const whole = wholeChange(change);
  const days = `in ${trendWindow(period)} days`;
  if (whole === 0) return { mark: '→', words: `unchanged ${days}` };
  const points = `${Math.abs(whole)} ${Math.abs(whole) === 1 ? 'point' : 'points'}`;
  return whole > 0 ? { mark: `↑${whole}`, words: `up ${points} ${days}` } : { mark: `↓${-whole}`, words: `down ${points} ${days}` };
}

export function specForState(state: BadgeState, options: BadgeOptions): BadgeSpec {
  return buildSpec(options, state, 'neutral', `${metricLabel(options)}: ${state}`);
}

/** A dependency set's counts, as its badge shows them. */
export interface SetCounts {
  /** Found at or above the grade asked for. */
  ok: number;
  /** Found below it. */
  below: number;
  /** Not found: unknown, ambiguous or unsupported. */
  unknown: number;
  /** The worst grade found, which colours the message; null when nothing was found. */
  lowest: Grade | null;
}

/** `dependencies | 142 ok · 3 below C`, in the lowest grade's colours (grey when nothing was found). */
export function specForSet(counts: SetCounts, minGrade: Grade, options: BadgeOptions): BadgeSpec {
  const parts = [`${counts.ok} ok`, `${counts.below} below ${minGrade}`, ...(counts.unknown > 0 ? [`${counts.unknown} unknown`] : [])];
  return setSpec(options, parts.join(SEPARATOR), counts.lowest ?? 'neutral', `${parts.join(', ')}${counts.lowest === null ? '' : `, lowest grade ${counts.lowest}`}`);
}

/** A set badge that shows no counts: no such set, or a `min` that is not a grade above F. */
export function specForSetState(state: 'unknown set' | 'invalid min', options: BadgeOptions): BadgeSpec {
  return setSpec(options, state, state === 'unknown set' ? 'neutral' : 'invalid', state);
}

function setSpec(options: BadgeOptions, message: string, tone: Tone, spoken: string): BadgeSpec {
  const label = options.label ?? 'dependencies';
  return buildSpec({ ...options, label }, message, tone, `${label === '' ? 'dependencies' : label}: ${spoken}`);
}

/** `param` names what was wrong (never echoing the value, so junk cannot mint cache entries). */
export function specForInvalid(param: string, options: BadgeOptions): BadgeSpec {
  const message = `invalid ${param}`;
  const plain = { ...options, label: null };
  return buildSpec(plain, message, 'invalid', `${metricLabel(plain)}: ${message}`);
}

/** One string per distinct visual: the render cache's key. */
export function specKey(spec: BadgeSpec): string {
  return JSON.stringify([
    spec.format, spec.scale, spec.style, spec.theme, spec.label, spec.message, spec.tone, spec.labelColor, spec.title,
  ]);
}

function buildSpec(options: BadgeOptions, message: string, tone: Tone, title: string): BadgeSpec {
  return {
    format: options.format,
    scale: options.scale,
    style: options.style,
    theme: options.theme,
    label: options.label ?? options.metric,
    message,
    tone,
    labelColor: options.labelColor,
    title,
  };
}

function metricLabel(options: BadgeOptions): string {
  return options.label !== null && options.label !== '' ? options.label : options.metric;
}
