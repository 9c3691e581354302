// The shipped sample's year of score history: each seed entity's monthly records before its record in
// data/sample.ndjson, grouped by month into `YYYY-MM.ndjson` files. Pure: the sample's text in, files out.

import type { EntityRecord } from '../src/domain/entity-record.js';
import { toIsoSeconds } from '../src/domain/entity-record.js';
import { monthOf, scoresMonthBefore, shiftMonths, type Scores } from './score-drift.js';
import { seededRandom } from './synthetic-catalogue.js';

/** The sample's newest month and the months before it that the history covers. */
export const HISTORY_MONTHS = 12;
const HISTORY_SEED = 20251201;
/** Chance that a month changes nothing for an entity without a story (so it adds no point). */
const STILL_SHARE = 0.3;

/**
 * What a few entities' charts should tell. `trend`: this many points a month, up (> 0) or down;
 * `drop`: the record `monthsBack` months before the sample's was `points` higher, its security
 * `securityPoints` higher, and the fall came the month after; `flat`: never changed.
 */
export type Story =
  | { kind: 'flat' }
  | { kind: 'trend'; pointsPerMonth: number }
  | { kind: 'drop'; monthsBack: number; points: number; securityPoints: number };

/** Keyed `registry/name`, as in a target. */
export const STORIES: ReadonlyMap<string, Story> = new Map<string, Story>([
  // Compromised: a malicious dependency shipped in January, found and scored down at once.
  ['npm/event-stream', { kind: 'drop', monthsBack: 2, points: 56, securityPoints: 70 }],
  // An A last month, a C now: the change a badge without history hides (issue #19).
  ['docker/library/nginx', { kind: 'drop', monthsBack: 1, points: 14.5, securityPoints: 22 }],
  ['github/ollama/ollama', { kind: 'trend', pointsPerMonth: 1.9 }],
  // Slides below the verified threshold (70) in its last month.
  ['github/langchain-ai/langchain', { kind: 'trend', pointsPerMonth: -0.8 }],
  ['crates/serde', { kind: 'flat' }],
]);

export interface HistoryFile {
  /** `2026-03.ndjson`: import the files in name order, then data/sample.ndjson. */
  name: string;
  text: string;
}

/**
 * Entity records a whole number of months before each sample record (same day of month, same time),
 * back to the first month of the HISTORY_MONTHS ending with the sample's newest month; scores
 * walked back from the sample's, so the last point leads to it. Only score, dimensions and
 * `updated_at` differ from the sample's record.
 */
export function buildSampleHistory(sampleText: string): HistoryFile[] {
  const records = sampleText.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as EntityRecord);
  const newest = new Date(Math.max(...records.map((r) => Date.parse(r.updated_at))));
  const firstMonth = monthOf(shiftMonths(new Date(Date.UTC(newest.getUTCFullYear(), newest.getUTCMonth(), 1)), 1 - HISTORY_MONTHS));
  const byMonth = new Map<string, string[]>();
  for (const record of records) {
    const key = `${record.registry}/${record.name}`;
    const random = seededRandom(HISTORY_SEED, hashText(key));
    const story = STORIES.get(key);
    const updatedAt = new Date(record.updated_at);
    let scores: Scores = record;
    for (let monthsBack = 1; ; monthsBack++) {
      const at = shiftMonths(updatedAt, -monthsBack);
      if (monthOf(at) < firstMonth) break;
      scores = story === undefined ? scoresMonthBefore(scores, random() < STILL_SHARE ? 'still' : 'walk', random) : storyMonthBefore(story, scores, monthsBack, random);
      const line = JSON.stringify({ ...record, score: scores.score, dimensions: scores.dimensions, updated_at: toIsoSeconds(at) });
      const month = byMonth.get(monthOf(at)) ?? [];
      byMonth.set(monthOf(at), month);
      month.push(line);
    }
  }
  return [...byMonth.keys()].sort().map((month) => ({ name: `${month}.ndjson`, text: `${byMonth.get(month)!.join('\n')}\n` }));
}

function storyMonthBefore(story: Story, later: Scores, monthsBack: number, random: () => number): Scores {
  if (story.kind === 'flat') return later;
  if (story.kind === 'drop') {
    if (monthsBack !== story.monthsBack) return scoresMonthBefore(later, 'walk', random);
    const security = later.dimensions.security;
    const dimensions = security == null ? later.dimensions : { ...later.dimensions, security: clampTenth(security + story.securityPoints) };
    return { score: clampTenth(later.score + story.points), dimensions };
  }
  // A steady trend: the score and every dimension a little further back each month, with some noise.
  const dimensions: Scores['dimensions'] = {};
  for (const [dimension, value] of Object.entries(later.dimensions) as [keyof Scores['dimensions'], number | null][]) {
    dimensions[dimension] = value === null ? null : clampTenth(value - Math.sign(story.pointsPerMonth) * Math.round(random() * 2));
  }
  return { score: clampTenth(later.score - story.pointsPerMonth - (random() - 0.5) * 0.6), dimensions };
}

function clampTenth(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}

/** FNV-1a over the UTF-16 code units: an entity's random stream does not depend on its line. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
