// How scores move from one month to the next, walked backwards from the newest record: the synthetic
// snapshots (`gen --snapshots`) and the sample's history share it. Pure: randomness comes in as an argument.

import { DIMENSIONS, type Dimension, type Dimensions } from '../src/domain/entity.js';

/** What a history point records: the score and the dimensions. */
export interface Scores {
  score: number;
  /** As the import format has them: a null dimension is unrated, like a missing one. */
  dimensions: { [D in Dimension]?: number | null };
}

/** `walk`: a small random step; `still`: nothing changed; `drop`: the month a score fell sharply. */
export type DriftStep = 'walk' | 'still' | 'drop';

/** A sharp drop takes this many points off the score in one month, at least; at most twice as many. */
export const DROP_MIN_POINTS = 15;

/** Whole-point steps of one dimension in a month, and how likely each is (they sum to 1). */
const DIMENSION_STEPS: readonly (readonly [step: number, probability: number])[] = [
  [-2, 0.08], [-1, 0.17], [0, 0.5], [1, 0.17], [2, 0.08],
];

/**
 * The scores a month before `later`. Always draws 3 + DIMENSIONS.length values from `random`,
 * whatever the step, so month j of a history does not depend on how many months are drawn after it.
 */
export function scoresMonthBefore(later: Scores, step: DriftStep, random: () => number): Scores {
  const [a, b, c] = [random(), random(), random()];
  const draws = DIMENSIONS.map(() => random());
  if (step === 'still') return later;
  const dimensions: Dimensions = {};
  let moved = 0;
  let present = 0;
  DIMENSIONS.forEach((dimension, i) => {
    const value = later.dimensions[dimension];
    if (value === undefined || value === null) return;
    // A drop is a security finding: the security dimension falls with the score (20–40 points).
    const change = step === 'drop' && dimension === 'security' ? -Math.round(20 + c * 20) : dimensionStep(draws[i]!);
    dimensions[dimension] = roundTenth(value - change);
    moved += change;
    present++;
  });
  // The score follows its dimensions a little and wanders a little of its own (±2 points).
  const change = step === 'drop' ? -(DROP_MIN_POINTS + a * DROP_MIN_POINTS) : (a + b - 1) * 2 + (present > 0 ? (0.5 * moved) / present : 0);
  return { score: roundTenth(later.score - change), dimensions };
}

/** `date` moved by whole calendar months (UTC), the day kept or, past the month's end, its last day. */
export function shiftMonths(date: Date, months: number): Date {
  const shifted = new Date(date.getTime());
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return shifted;
}

/** `2026-03` of a date: how history files are named. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function dimensionStep(u: number): number {
  let left = u;
  for (const [step, probability] of DIMENSION_STEPS) {
    left -= probability;
    if (left < 0) return step;
  }
  return 0;
}

/** Clamped to 0–100 and written with at most one decimal, as the import requires. */
function roundTenth(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}
