// The visual spec of a badge: everything that decides its bytes and nothing else (no entity
// identity), so every entity showing `B · 74` shares one render and one cache entry.

import type { BadgeOptions, Format, Style } from './badge-options.js';
import type { Entity } from './entity.js';
import { displayScore, gradeFor, type GradeScale } from './grade.js';
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

export function specForEntity(entity: Entity, options: BadgeOptions, scale: GradeScale): BadgeSpec {
  const score = options.metric === 'trust' ? entity.score : entity.dimensions[options.metric];
  if (score === undefined) return buildSpec(options, 'n/a', 'neutral', `${metricLabel(options)}: not rated`);
  const grade = gradeFor(score, scale);
  const shown = displayScore(score);
  const message = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}` : `${grade}${SEPARATOR}${shown}`;
  const spoken = options.show === 'grade' ? grade : options.show === 'score' ? `${shown}/100` : `${grade}${SEPARATOR}${shown}/100`;
  return buildSpec(options, message, grade, `${metricLabel(options)}: ${spoken}`);
}

export function specForState(state: BadgeState, options: BadgeOptions): BadgeSpec {
  return buildSpec(options, state, 'neutral', `${metricLabel(options)}: ${state}`);
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
