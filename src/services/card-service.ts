// The share card pipeline: parse → resolve → history and trend → CardView → cached render (the badge
// cache's byte bound and the render queue). Like badges, every outcome is a picture; it throws only
// the budget's refusal, or when not even the grey `unavailable` card can be drawn.

import { LRUCache } from 'lru-cache';
import type { BadgeCache, RenderedBadge } from '../cache/badge-cache.js';
import { isRateLimited } from '../domain/errors.js';
import { DIMENSIONS, type Entity } from '../domain/entity.js';
import { gradeFor, isVerified, type GradeScale } from '../domain/grade.js';
import { computeTrend, trendMovedOn, type HistoryPoint, type TrendWindow } from '../domain/history.js';
import { GRADE_COLORS, TONE_PALETTES } from '../domain/palette.js';
import { parseTarget } from '../domain/target.js';
import type { RenderCard } from '../render/render-card.js';
import { RenderQueueFullError, type RenderLane } from '../render/render-queue.js';
import type { CardDimension, CardView } from '../render/templates/card.js';
import type { Store } from '../store/store.js';
import { tagsForResolution } from './purge-tag.js';
import { resolveTarget } from './resolve-target.js';

/** As for badges, less `rate_limited` (a refusal is answered by the miss limit itself). */
export type CardOutcome = 'found' | 'unknown' | 'ambiguous' | 'invalid' | 'unavailable' | 'busy' | 'failed';

export interface CardAnswer {
  outcome: CardOutcome;
  card: RenderedBadge;
  entity: Entity | null;
  purgeTags: string[];
  /** When what it shows last changed: the entity's update, or later when the calendar moved its trend. */
  lastModified: Date | null;
}

export interface CardServiceDeps {
  store: Store;
  cache: BadgeCache;
  render: RenderCard;
  gradeScale: GradeScale;
  /** Today, for the trend. */
  now: () => Date;
  onStoreError: (error: unknown) => void;
  /** Every failed render; `firstForKey` once per card shown (so logs do not repeat per request). */
  onRenderError: (error: unknown, firstForKey: boolean) => void;
}

export const SERVICE_NAME = 'trustbadge';
const HISTORY_START = '1970-01-01';
/** Keys of the cache's card entries: never a spec key (those are JSON arrays). */
const CARD_KEY_PREFIX = 'card\n';
const MAX_REPORTED_FAILURES = 1024;

/** The longest window the history reaches back over is the one a card speaks of. */
const TREND_PHRASES: readonly [TrendWindow, string][] = [[365, 'in a year'], [90, 'in 90 days'], [30, 'in 30 days']];

const STATE_MESSAGES = {
  unknown: 'No entity matches this target.',
  ambiguous: 'Several entities match this name; qualify it with its registry.',
  invalid: 'This is not a valid registry/name or name.',
  unavailable: 'Scores are not available right now; try again shortly.',
} as const;
type CardState = keyof typeof STATE_MESSAGES;

function stateView(state: CardState): CardView {
  return { kind: 'state', title: `${SERVICE_NAME}: ${state}`, serviceName: SERVICE_NAME, state, message: STATE_MESSAGES[state] };
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The trend as the card says it (`↓ 54.7 in a year`) and in words for its accessible name, and the window it speaks of. */
export function describeTrend(points: readonly HistoryPoint[], score: number, today: string): { text: string; words: string; window: TrendWindow | null } {
  const trend = computeTrend(points, score, today);
  for (const [window, phrase] of TREND_PHRASES) {
    const change = trend[`change_${window}d`];
    if (change === null) continue;
    const size = Math.abs(change).toFixed(1);
    if (change > 0) return { text: `↑ ${size} ${phrase}`, words: `up ${size} points ${phrase}`, window };
    if (change < 0) return { text: `↓ ${size} ${phrase}`, words: `down ${size} points ${phrase}`, window };
    return { text: `→ unchanged ${phrase}`, words: `unchanged ${phrase}`, window };
  }
  return { text: 'no history yet', words: 'no history yet', window: null };
}

export function entityView(entity: Entity, scale: GradeScale, trend: { text: string; words: string }): CardView {
  const grade = gradeFor(entity.score, scale);
  const verified = isVerified(entity.score, scale);
  const score = entity.score.toFixed(1);
  const dimensions: CardDimension[] = DIMENSIONS.map((dimension) => {
    const value = entity.dimensions[dimension];
    return {
      label: capitalize(dimension),
      score: value ?? null,
      color: value === undefined ? TONE_PALETTES.neutral.fill : GRADE_COLORS[gradeFor(value, scale)],
    };
  });
  const title = `${entity.registry}/${entity.name}: grade ${grade}, ${score}/100, ${verified ? 'verified' : 'not verified'}, ${trend.words}`;
  return {
    kind: 'entity', title, serviceName: SERVICE_NAME, registry: entity.registry, name: entity.name,
    grade, gradeColor: GRADE_COLORS[grade], score, verified, dimensions, trend: trend.text,
  };
}

export function createCardService(deps: CardServiceDeps) {
  const reportedFailures = new LRUCache<string, true>({ max: MAX_REPORTED_FAILURES });

  const draw = (view: CardView, lane: RenderLane): Promise<RenderedBadge> =>
    deps.cache.getPicture({ key: CARD_KEY_PREFIX + JSON.stringify(view), draw: () => deps.render(view), contentType: 'image/png' }, lane);

  /** The grey card of a state: a handful of fixed pictures, drawn once, charged to no one. */
  async function stateAnswer(outcome: CardOutcome, state: CardState, purgeTags: string[] = []): Promise<CardAnswer> {
    const view = stateView(state);
    try {
      return { outcome, card: await draw(view, 'fixed'), entity: null, purgeTags, lastModified: null };
    } catch (error) {
      if (isRateLimited(error)) throw error;
      report(error, view);
      if (state === 'unavailable') throw error;
      return stateAnswer('failed', 'unavailable');
    }
  }

  function report(error: unknown, view: CardView): void {
    const key = JSON.stringify(view);
    const firstForKey = !reportedFailures.has(key);
    reportedFailures.set(key, true);
    deps.onRenderError(error, firstForKey);
  }

  return async function getCard(rawTarget: string | null): Promise<CardAnswer> {
    const parsed = rawTarget === null ? null : parseTarget(rawTarget);
    if (parsed === null || !parsed.ok) return stateAnswer('invalid', 'invalid');

    let entity: Entity;
    let purgeTags: string[];
    let points: HistoryPoint[];
    try {
      const resolution = await resolveTarget(deps.store, parsed.target);
      purgeTags = tagsForResolution(resolution);
      if (resolution.kind !== 'found') return await stateAnswer(resolution.kind, resolution.kind, purgeTags);
      entity = resolution.entity;
      // Through the cached store: from memory until a write (its key holds the store's generation).
      points = await deps.store.getHistory(entity.registry, entity.name, HISTORY_START);
    } catch (error) {
      if (isRateLimited(error)) throw error;
      deps.onStoreError(error);
      return stateAnswer('unavailable', 'unavailable');
    }

    const today = deps.now().toISOString().slice(0, 10);
    const trend = describeTrend(points, entity.score, today);
    const view = entityView(entity, deps.gradeScale, trend);
    const updated = new Date(entity.updatedAt);
    const moved = trend.window === null ? null : trendMovedOn(points, trend.window, today);
    const movedAt = moved === null ? null : new Date(`${moved}T00:00:00Z`);
    const lastModified = movedAt !== null && movedAt > updated ? movedAt : updated;
    try {
      return { outcome: 'found', card: await draw(view, 'entity'), entity, purgeTags, lastModified };
    } catch (error) {
      if (isRateLimited(error)) throw error;
      if (error instanceof RenderQueueFullError) return stateAnswer('busy', 'unavailable');
      report(error, view);
      return stateAnswer('failed', 'unavailable');
    }
  };
}

export type CardService = ReturnType<typeof createCardService>;
