// Dated snapshots of the synthetic catalogue, one a month ending at its `asOf`, to import in order
// for score history. Pure and random-access like the catalogue: no clock, no Math.random, no state.

import { toIsoSeconds } from '../src/domain/entity-record.js';
import { scoresMonthBefore, shiftMonths, type DriftStep } from './score-drift.js';
import { seededRandom, syntheticRecord, type CatalogueOptions, type SyntheticRecord } from './synthetic-catalogue.js';

export interface SnapshotOptions extends CatalogueOptions {
  /** How many monthly snapshots; the last is dated `asOf` and is the plain catalogue. */
  snapshots: number;
}

/** Keeps the history's random stream apart from the record's own, which shares (seed, index). */
const HISTORY_SALT = 0x48495354;
/** Share of entities whose scores never move: re-dated every month, they add no history point. */
const FROZEN_SHARE = 0.15;
/** For the others, the chance that a month changes nothing … */
const STILL_SHARE = 0.25;
/** … and that it is a sharp drop (DROP_MIN_POINTS to twice that, security with it). */
const DROP_SHARE = 0.002;

/** The date snapshot `snapshot` (0 = oldest) is taken: whole calendar months before `asOf`. */
export function snapshotDate(snapshot: number, options: SnapshotOptions): Date {
  return shiftMonths(options.asOf, snapshot - (options.snapshots - 1));
}

/**
 * Entity `index` as each snapshot holds it, oldest first; the last is `syntheticRecord(index)`.
 * An entity is rescored monthly on the day of month of its newest `updated_at`, so a snapshot holds
 * the latest rescoring on or before its date, never a month older, or the newest record where that
 * is older still. With `asOf` at the start of a month (the default) each snapshot is a calendar
 * month and every rescoring falls inside one. Dates never go backwards.
 * Month j before the newest draws the same numbers whatever the snapshot count, so 6 snapshots
 * are the last 6 of 12.
 */
export function syntheticHistory(index: number, options: SnapshotOptions): SyntheticRecord[] {
  const newest = syntheticRecord(index, options);
  const newestAt = new Date(newest.updated_at);
  const random = seededRandom((options.seed ^ HISTORY_SALT) >>> 0, index);
  const frozen = random() < FROZEN_SHARE;
  const history: SyntheticRecord[] = new Array<SyntheticRecord>(options.snapshots);
  let record = newest;
  let monthsBack = 0;
  for (let snapshot = options.snapshots - 1; snapshot >= 0; snapshot--) {
    const takenAt = snapshotDate(snapshot, options).getTime();
    while (Date.parse(record.updated_at) > takenAt) {
      monthsBack++;
      const scores = scoresMonthBefore(record, stepFor(random(), frozen), random);
      record = { ...newest, score: scores.score, dimensions: scores.dimensions, updated_at: toIsoSeconds(shiftMonths(newestAt, -monthsBack)) };
    }
    history[snapshot] = record;
  }
  return history;
}

function stepFor(u: number, frozen: boolean): DriftStep {
  if (frozen || u < STILL_SHARE) return 'still';
  return u < STILL_SHARE + DROP_SHARE ? 'drop' : 'walk';
}
