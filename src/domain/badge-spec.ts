// The visual spec of a badge: everything that decides its bytes and nothing else (no entity
// identity), so every entity showing `B · 74` shares one render and one cache entry.

import type { BadgeOptions, Format, Style } from './badge-options.js';
import { contrastRatio, pickTextColor } from './contrast.js';
import type { Entity } from './entity.js';
import { displayScore, gradeFor, type GradeScale } from './grade.js';
import { GRADE_COLORS, LABEL_COLORS, STATE_COLORS, TEXT_DARK, TEXT_LIGHT, type Theme } from './palette.js';

export interface BadgeSpec {
  format: Format;
  scale: number;
  style: Style;
  theme: Theme;
  /** '' draws the message alone. */
  label: string;
  message: string;
  labelColor: string;
  labelTextColor: string;
  messageColor: string;
  messageTextColor: string;
  /** The accessible name: `<title>` and `aria-label`. */
  title: string;
}

export type BadgeState = 'unknown' | 'ambiguous' | 'unavailable' | 'busy';

const SEPARATOR = ' · ';

export function specForEntity(entity: Entity, options: BadgeOptions, scale: GradeScale): BadgeSpec {
  const score = options.metric === 'trust' ? entity.score : entity.dimensions[options.metric];
  if (score === undefined) return buildSpec(options, 'n/a', STATE_COLORS.neutral, `${options.metric}: not rated`);
  const grade = gradeFor(score, scale);
  const shown = displayScore(score);
  const message = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}` : `${grade}${SEPARATOR}${shown}`;
  const spoken = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}/100` : `${grade}${SEPARATOR}${shown}/100`;
  return buildSpec(options, message, GRADE_COLORS[grade], `${metricLabel(options)}: ${spoken}`);
}

export function specForState(state: BadgeState, options: BadgeOptions): BadgeSpec {
  return buildSpec(options, state, STATE_COLORS.neutral, `${metricLabel(options)}: ${state}`);
}

/** `param` names what was wrong (never echoing the value, so junk cannot mint cache entries). */
export function specForInvalid(param: string, options: BadgeOptions): BadgeSpec {
  const message = `invalid ${param}`;
  return buildSpec({ ...options, label: null }, message, STATE_COLORS.invalid, `${metricLabel({ ...options, label: null })}: ${message}`);
}

/** One string per distinct visual: the render cache's key. */
export function specKey(spec: BadgeSpec): string {
  return JSON.stringify([
    spec.format, spec.scale, spec.style, spec.theme, spec.label, spec.message,
    spec.labelColor, spec.labelTextColor, spec.messageColor, spec.messageTextColor, spec.title,
  ]);
}

function buildSpec(options: BadgeOptions, message: string, messageColor: string, title: string): BadgeSpec {
  const labelColor = options.labelColor ?? LABEL_COLORS[options.theme];
  return {
    format: options.format,
    scale: options.scale,
    style: options.style,
    theme: options.theme,
    label: options.label ?? options.metric,
    message,
    labelColor,
    labelTextColor: pickTextColor(labelColor, [TEXT_LIGHT, TEXT_DARK]),
    messageColor,
    messageTextColor: contrastRatio(TEXT_LIGHT, messageColor) >= 4.5 ? TEXT_LIGHT : TEXT_DARK,
    title,
  };
}

function metricLabel(options: BadgeOptions): string {
  return options.label !== null && options.label !== '' ? options.label : options.metric;
}
