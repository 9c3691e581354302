// The badge pipeline as one readable function: parse → resolve → grade → spec → cached render.
// It never throws for bad input, an unknown entity, a failing store or a full render queue:
// every outcome is a badge.

import { defaultBadgeOptions, parseBadgeOptions, type Format } from '../domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, type BadgeSpec } from '../domain/badge-spec.js';
import type { Entity } from '../domain/entity.js';
import type { GradeScale } from '../domain/grade.js';
import { parseTarget } from '../domain/target.js';
import type { BadgeCache, RenderedBadge } from '../cache/badge-cache.js';
import { RenderQueueFullError } from '../cache/render-queue.js';
import type { Store } from '../store/store.js';
import { purgeTagFor, UNKNOWN_TAG } from './purge-tag.js';
import { resolveTarget, type Lookup } from './resolve-target.js';

export type BadgeOutcome = 'found' | 'unknown' | 'ambiguous' | 'invalid' | 'unavailable' | 'busy';

export interface BadgeAnswer {
  outcome: BadgeOutcome;
  badge: RenderedBadge;
  /** The entity shown, when there is one (its update time becomes Last-Modified). */
  entity: Entity | null;
  /** What the store was asked, when it was asked: the key that a change to the store invalidates. */
  lookup: Lookup | null;
  purgeTags: string[];
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
  onStoreError: (error: unknown) => void;
}

export function createBadgeService(deps: BadgeServiceDeps) {
  async function answer(
    outcome: BadgeOutcome,
    spec: BadgeSpec,
    extra: { entity?: Entity; lookup?: Lookup; purgeTags?: string[] } = {},
  ): Promise<BadgeAnswer> {
    const meta = { entity: extra.entity ?? null, lookup: extra.lookup ?? null, purgeTags: extra.purgeTags ?? [] };
    // State badges are few and small: they may skip the queue's bound, so "busy" can always be said.
    const urgent = outcome !== 'found';
    try {
      return { outcome, badge: await deps.cache.getBadge(spec, urgent), ...meta };
    } catch (error) {
      if (!(error instanceof RenderQueueFullError)) throw error;
      // One fixed picture per format and scale, so refusing work never mints cache entries.
      const busy = specForState('busy', { ...defaultBadgeOptions(spec.format), scale: spec.scale });
      return { outcome: 'busy', badge: await deps.cache.getBadge(busy, true), entity: null, lookup: null, purgeTags: [] };
    }
  }

  return async function getBadge(request: BadgeRequest): Promise<BadgeAnswer> {
    const parsedOptions = parseBadgeOptions(request.query, request.format);
    if (!parsedOptions.ok) return answer('invalid', specForInvalid(parsedOptions.problem.param, parsedOptions.fallback));
    const { options } = parsedOptions;

    const parsedTarget = request.target === null ? null : parseTarget(request.target);
    if (parsedTarget === null || !parsedTarget.ok) return answer('invalid', specForInvalid('target', options));

    let resolution;
    try {
      resolution = await resolveTarget(deps.store, parsedTarget.target);
    } catch (error) {
      deps.onStoreError(error);
      return answer('unavailable', specForState('unavailable', options));
    }
    const { lookup } = resolution;
    switch (resolution.kind) {
      case 'found': {
        const { entity } = resolution;
        const spec = specForEntity(entity, options, deps.gradeScale);
        return answer('found', spec, { entity, lookup, purgeTags: [purgeTagFor(entity.registry, entity.name)] });
      }
      case 'ambiguous':
        return answer('ambiguous', specForState('ambiguous', options), {
          lookup,
          purgeTags: [UNKNOWN_TAG, ...resolution.candidates.map((c) => purgeTagFor(c.registry, c.name))],
        });
      case 'unknown':
        return answer('unknown', specForState('unknown', options), {
          lookup,
          purgeTags: [UNKNOWN_TAG, ...(lookup.registry !== null ? [purgeTagFor(lookup.registry, lookup.name)] : [])],
        });
    }
  };
}

export type BadgeService = ReturnType<typeof createBadgeService>;
