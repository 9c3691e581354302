// Score history as the service reads it: one point per entity per day (the day's last write), and
// the trend a report and a badge show from it. Pure: "today" comes in as an argument.

import type { Dimension, Dimensions } from './entity.js';

export interface HistoryPoint {
  /** The UTC day of `updated_at`, `YYYY-MM-DD`. */
  day: string;
  /** When that score was published (ISO-8601, UTC, whole seconds). */
  updated_at: string;
  score: number;
  dimensions: Dimensions;
}

/** The trend windows, in days: what `trend=30d|90d|365d` and the report's `trend` speak of. */
export const TREND_WINDOWS = [30, 90, 365] as const;
export type TrendWindow = (typeof TREND_WINDOWS)[number];

export interface Trend {
  /** Score now minus the score in force `n` days ago (one decimal); null when history does not reach back that far. */
  change_30d: number | null;
  change_90d: number | null;
  change_365d: number | null;
  /** The day of the last change of score or a dimension; null when the entity never changed. */
  last_change: string | null;
}

/** Days between 1970-01-01 and a `YYYY-MM-DD` (UTC). */
export const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
/** The `YYYY-MM-DD` of a day number. */
export const dayOf = (dayNumberValue: number): string => new Date(dayNumberValue * 86_400_000).toISOString().slice(0, 10);

/** `points` oldest first, as the store answers them; `today` a `YYYY-MM-DD`. */
export function computeTrend(points: readonly HistoryPoint[], currentScore: number, today: string): Trend {
  const todayNumber = dayNumber(today);
  const changeOver = (days: number): number | null => {
    const cutoff = todayNumber - days;
    let then: HistoryPoint | undefined;
    for (const point of points) {
      if (dayNumber(point.day) <= cutoff) then = point;
      else break;
    }
    return then === undefined ? null : Math.round((currentScore - then.score) * 10) / 10;
  };
  return {
    change_30d: changeOver(30),
    change_90d: changeOver(90),
    change_365d: changeOver(365),
    last_change: points.length >= 2 ? points[points.length - 1]!.day : null,
  };
}

/**
 * One dimension's history as scores, for computeTrend: the points since it was last unrated, so a
 * trend never reaches across a time the dimension had no score.
 */
export function dimensionHistory(points: readonly HistoryPoint[], dimension: Dimension): HistoryPoint[] {
  const rated: HistoryPoint[] = [];
  for (const point of points) {
    const score = point.dimensions[dimension];
    if (score === undefined) rated.length = 0;
    else rated.push({ ...point, score });
  }
  return rated;
}

/**
 * The last day on which the passing of time alone changed the trend over `window` days: the
 * window's start crosses a point `window` days after it. Null when that has not happened yet.
 */
export function trendMovedOn(points: readonly HistoryPoint[], window: TrendWindow, today: string): string | null {
  const todayNumber = dayNumber(today);
  let moved: number | null = null;
  for (const point of points) {
    const crossed = dayNumber(point.day) + window;
    if (crossed <= todayNumber) moved = crossed;
    else break;
  }
  return moved === null ? null : dayOf(moved);
}
