// The badge pipeline as one readable function: parse → resolve → grade → spec → cached render.
// It never throws for bad input, an unknown entity, a failing store, a full render queue or a
// failing render: every outcome is a badge. It throws only when even the state badge cannot be
// drawn, or with the refusal when the request's budget refuses a store read or render (request-budget.ts).

import { LRUCache } from 'lru-cache';
import { defaultBadgeOptions, parseBadgeOptions, trendWindow, type BadgeOptions, type Format, type GlyphCoverage, type TrendPeriod } from '../domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, specKey, type BadgeSpec } from '../domain/badge-spec.js';
import type { Entity } from '../domain/entity.js';
import { isRateLimited } from '../domain/errors.js';
import type { GradeScale } from '../domain/grade.js';
import { computeTrend, dimensionHistory, trendMovedOn } from '../domain/history.js';
import { parseTarget } from '../domain/target.js';
import type { BadgeCache, RenderedBadge } from '../cache/badge-cache.js';
import { RenderQueueFullError, type RenderLane } from '../render/render-queue.js';
import type { Store } from '../store/store.js';
import { tagsForResolution } from './purge-tag.js';
import { resolveTarget, type Lookup } from './resolve-target.js';

/** `failed`: the render threw (answered with the `unavailable` picture); `rate_limited`: the budget refused its first read or render. */
export type BadgeOutcome = 'found' | 'unknown' | 'ambiguous' | 'invalid' | 'unavailable' | 'busy' | 'failed' | 'rate_limited';

export interface BadgeAnswer {
  outcome: BadgeOutcome;
  badge: RenderedBadge;
  /** The entity shown, when there is one (its update time becomes Last-Modified). */
  entity: Entity | null;
  /** What the store was asked, when it was asked: the key that a change to the store invalidates. */
  lookup: Lookup | null;
  purgeTags: string[];
  /** When what it shows last changed, when later than the entity's update (a trend moves with the calendar). */
  lastModified?: Date;
  /** When the client may try again, if not the default of its outcome. */
  retryAfterSeconds?: number;
}

export interface BadgeRequest {
  /** The decoded target text, or null when the URL could not be decoded at all. */
  target: string | null;
  format: Format;
  query: Record<string, unknown>;
}

export interface BadgeServiceDeps {
  store: Store;
  cache: BadgeCache;
  gradeScale: GradeScale;
  /** What the badge fonts can draw: a label with other characters is an invalid label. */
  glyphs: GlyphCoverage;
  onStoreError: (error: unknown) => void;
  /** Today, for trends. */
  now: () => Date;
  /** Every failed render; `firstForKey` is true once per visual (so logs do not repeat per request). */
  onRenderError: (error: unknown, spec: BadgeSpec, firstForKey: boolean) => void;
}

/** A trend reads the whole history (retention bounds it): it needs the point in force at its window's start. */
const HISTORY_START = '1970-01-01';

/** Visual keys whose render failure was already reported. */
const MAX_REPORTED_FAILURES = 4096;

/** Not even the state badge could be drawn; already reported through onRenderError. */
export class BadgeRenderError extends Error {
  constructor(cause: unknown) {
    super('badge render failed', { cause });
    this.name = 'BadgeRenderError';
  }
}

export function createBadgeService(deps: BadgeServiceDeps) {
  const reportedFailures = new LRUCache<string, true>({ max: MAX_REPORTED_FAILURES });

  const report = (error: unknown, spec: BadgeSpec): void => {
    const key = specKey(spec);
    const firstForKey = !reportedFailures.has(key);
    reportedFailures.set(key, true);
    deps.onRenderError(error, spec, firstForKey);
  };

  /** The `unavailable` picture in the asked format and scale; throws when even that cannot be drawn. */
  async function failed(spec: BadgeSpec, error: unknown): Promise<BadgeAnswer> {
    report(error, spec);
    const fallback = fixedStateSpec('unavailable', spec);
    if (specKey(fallback) === specKey(spec)) throw new BadgeRenderError(error);
    try {
      return { outcome: 'failed', badge: await deps.cache.getBadge(fallback, 'fixed'), entity: null, lookup: null, purgeTags: [] };
    } catch (fallbackError) {
      report(fallbackError, fallback);
      throw new BadgeRenderError(fallbackError);
    }
  }

  async function answer(
    outcome: BadgeOutcome,
    spec: BadgeSpec,
    extra: { entity?: Entity; lookup?: Lookup; purgeTags?: string[]; lastModified?: Date } = {},
  ): Promise<BadgeAnswer> {
    const meta = {
      entity: extra.entity ?? null,
      lookup: extra.lookup ?? null,
      purgeTags: extra.purgeTags ?? [],
      ...(extra.lastModified === undefined ? {} : { lastModified: extra.lastModified }),
    };
    // A badge that shows no score carries text its caller chose: it waits in its own lane.
    const lane: RenderLane = outcome === 'found' ? 'entity' : 'state';
    try {
      return { outcome, badge: await deps.cache.getBadge(spec, lane), ...meta };
    } catch (error) {
      if (isRateLimited(error)) throw error;
      if (!(error instanceof RenderQueueFullError)) return failed(spec, error);
      const busy = fixedStateSpec('busy', spec);
      try {
        return { outcome: 'busy', badge: await deps.cache.getBadge(busy, 'fixed'), entity: null, lookup: null, purgeTags: [] };
      } catch (busyError) {
        return failed(busy, busyError);
      }
    }
  }

  /**
   * The shown metric's change over the period (null: history does not reach back that far, or the
   * metric is not rated), and when the calendar last moved it, if after the entity's update.
   * History comes through the cached store: repeated badges read it from memory until a write.
   */
  async function trendOf(entity: Entity, options: BadgeOptions, period: TrendPeriod): Promise<{ change: number | null; lastModified: Date | null }> {
    const { metric } = options;
    const current = metric === 'trust' ? entity.score : entity.dimensions[metric];
    if (current === undefined) return { change: null, lastModified: null };
    const points = await deps.store.getHistory(entity.registry, entity.name, HISTORY_START);
    const series = metric === 'trust' ? points : dimensionHistory(points, metric);
    const today = deps.now().toISOString().slice(0, 10);
    const window = trendWindow(period);
    const change = computeTrend(series, current, today)[`change_${window}d`];
    const moved = trendMovedOn(series, window, today);
    const movedAt = moved === null ? null : new Date(`${moved}T00:00:00Z`);
    return { change, lastModified: movedAt !== null && movedAt > new Date(entity.updatedAt) ? movedAt : null };
  }

  return async function getBadge(request: BadgeRequest): Promise<BadgeAnswer> {
    const parsedOptions = parseBadgeOptions(request.query, request.format, deps.glyphs);
    if (!parsedOptions.ok) return answer('invalid', specForInvalid(parsedOptions.problem.param, parsedOptions.fallback));
    const { options } = parsedOptions;

    const parsedTarget = request.target === null ? null : parseTarget(request.target);
    if (parsedTarget === null || !parsedTarget.ok) return answer('invalid', specForInvalid('target', options));

    let resolution;
    try {
      resolution = await resolveTarget(deps.store, parsedTarget.target);
    } catch (error) {
      if (isRateLimited(error)) throw error;
      deps.onStoreError(error);
      return answer('unavailable', specForState('unavailable', options));
    }
    const meta = { lookup: resolution.lookup, purgeTags: tagsForResolution(resolution) };
    switch (resolution.kind) {
      case 'found': {
        const { entity } = resolution;
        if (options.trend === null) return answer('found', specForEntity(entity, options, deps.gradeScale), { entity, ...meta });
        let trend;
        try {
          trend = await trendOf(entity, options, options.trend);
        } catch (error) {
          if (isRateLimited(error)) throw error;
          deps.onStoreError(error);
          return answer('unavailable', specForState('unavailable', options));
        }
        const spec = specForEntity(entity, options, deps.gradeScale, trend.change);
        return answer('found', spec, { entity, ...meta, ...(trend.lastModified === null ? {} : { lastModified: trend.lastModified }) });
      }
      case 'ambiguous':
      case 'unknown':
        return answer(resolution.kind, specForState(resolution.kind, options), meta);
    }
  };
}

/** One fixed picture per state, format and scale, so failures and refusals never mint cache entries. */
function fixedStateSpec(state: 'unavailable' | 'busy', like: BadgeSpec): BadgeSpec {
  return specForState(state, { ...defaultBadgeOptions(like.format), scale: like.scale });
}

export type BadgeService = ReturnType<typeof createBadgeService>;
