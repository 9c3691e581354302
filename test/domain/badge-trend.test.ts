// The trend on a badge (`trend=30d|90d|365d`): the arrow and whole-point change in the message, the
// words in the accessible name, and the history a dimension's trend is read from.

import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, type BadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, specKey, wholeChange } from '../../src/domain/badge-spec.js';
import { computeTrend, dimensionHistory, trendMovedOn, type HistoryPoint } from '../../src/domain/history.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { makeEntity } from '../helpers/test-app.js';

const entity = makeEntity({ score: 74.6, dimensions: { security: 41 } });
const options = (overrides: Partial<BadgeOptions> = {}): BadgeOptions => ({ ...defaultBadgeOptions('svg'), trend: '30d', ...overrides });
const spec = (change: number | null, overrides: Partial<BadgeOptions> = {}) => specForEntity(entity, options(overrides), DEFAULT_GRADE_SCALE, change);
const point = (day: string, score: number, dimensions: HistoryPoint['dimensions'] = {}): HistoryPoint => ({
  day, updated_at: `${day}T00:00:00Z`, score, dimensions,
});

describe('a trend on the badge', () => {
  it('appends an arrow and the whole change to the message, and says it in words', () => {
    expect(spec(3.4)).toMatchObject({ message: 'B · 74 ↑3', title: 'trust: B · 74/100, up 3 points in 30 days', tone: 'B' });
    expect(spec(-5, { trend: '90d' })).toMatchObject({ message: 'B · 74 ↓5', title: 'trust: B · 74/100, down 5 points in 90 days' });
    expect(spec(0, { trend: '365d' })).toMatchObject({ message: 'B · 74 →', title: 'trust: B · 74/100, unchanged in 365 days' });
    expect(spec(1.2).title).toBe('trust: B · 74/100, up 1 point in 30 days');
    expect(spec(-1).title).toBe('trust: B · 74/100, down 1 point in 30 days');
  });

  it('rounds the change toward zero, as the score is floored: it never claims more than happened', () => {
    expect([3.9, 0.9, 0.1, -0.1, -0.9, -4.9].map(wholeChange)).toEqual([3, 0, 0, 0, 0, -4]);
    expect(Object.is(wholeChange(-0.5), 0)).toBe(true);
    expect(spec(0.9).message).toBe('B · 74 →');
    expect(spec(-0.9).title).toBe('trust: B · 74/100, unchanged in 30 days');
  });

  it('shows and says nothing of a trend when history does not reach back that far, or none was asked', () => {
    const plain = specForEntity(entity, defaultBadgeOptions('svg'), DEFAULT_GRADE_SCALE);
    expect(spec(null)).toEqual(plain);
    expect(specForEntity(entity, defaultBadgeOptions('svg'), DEFAULT_GRADE_SCALE, 3)).toEqual(plain);
    // Same picture, same render: a trend badge without history shares the plain badge's cache entry.
    expect(specKey(spec(null))).toBe(specKey(plain));
  });

  it('follows every show and a custom label, and keeps the grade colour', () => {
    expect(spec(2, { show: 'grade' })).toMatchObject({ message: 'B ↑2', title: 'trust: B, up 2 points in 30 days' });
    expect(spec(2, { show: 'score', label: 'safety' })).toMatchObject({ message: '74 ↑2', title: 'safety: 74/100, up 2 points in 30 days' });
    expect(spec(-30, { metric: 'security' })).toMatchObject({ message: 'D · 41 ↓30', tone: 'D', title: 'security: D · 41/100, down 30 points in 30 days' });
  });

  it('has no trend for a metric that is not rated', () => {
    expect(spec(4, { metric: 'privacy' })).toMatchObject({ message: 'n/a', title: 'privacy: not rated' });
  });
});

describe("a dimension's history", () => {
  const points = [
    point('2025-06-01', 70, { security: 90 }),
    point('2025-09-01', 71, {}),
    point('2026-01-01', 72, { security: 50 }),
    point('2026-10-01', 73, { security: 45, privacy: 60 }),
  ];

  it('is its scores since it was last unrated', () => {
    expect(dimensionHistory(points, 'security').map((p) => [p.day, p.score])).toEqual([['2026-01-01', 50], ['2026-10-01', 45]]);
    expect(dimensionHistory(points, 'privacy').map((p) => p.score)).toEqual([60]);
    expect(dimensionHistory(points, 'reliability')).toEqual([]);
  });

  it('gives the trend computeTrend reads, never across a gap in rating', () => {
    const trend = computeTrend(dimensionHistory(points, 'security'), 41, '2026-11-24');
    expect(trend).toMatchObject({ change_30d: -4, change_90d: -9, change_365d: null });
  });
});

describe('the day the calendar last moved a trend', () => {
  const points = [point('2026-01-01', 60), point('2026-11-01', 70)];

  it('is the latest day a point left the window, or null before any has', () => {
    expect(trendMovedOn(points, 30, '2026-11-24')).toBe('2026-01-31');
    expect(trendMovedOn(points, 30, '2026-12-01')).toBe('2026-12-01');
    expect(trendMovedOn(points, 365, '2026-11-24')).toBeNull();
    expect(trendMovedOn([], 30, '2026-11-24')).toBeNull();
  });
});
