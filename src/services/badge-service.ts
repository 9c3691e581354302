// The badge pipeline as one readable function: parse → resolve → grade → spec → cached render.
// It never throws for bad input or an unknown entity: every outcome is a badge.

import { parseBadgeOptions, type Format } from '../domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, type BadgeSpec } from '../domain/badge-spec.js';
import type { Entity } from '../domain/entity.js';
import type { GradeScale } from '../domain/grade.js';
import { parseTarget } from '../domain/target.js';
import type { BadgeCache, RenderedBadge } from '../cache/badge-cache.js';
import type { Store } from '../store/store.js';
import { purgeTagFor, UNKNOWN_TAG } from './purge-tag.js';
import { resolveTarget } from './resolve-target.js';

export type BadgeOutcome = 'found' | 'unknown' | 'ambiguous' | 'invalid' | 'unavailable';

export interface BadgeAnswer {
  outcome: BadgeOutcome;
  badge: RenderedBadge;
  /** The entity shown, when there is one (its update time becomes Last-Modified). */
  entity: Entity | null;
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
  async function answer(outcome: BadgeOutcome, spec: BadgeSpec, entity: Entity | null, purgeTags: string[]): Promise<BadgeAnswer> {
    return { outcome, badge: await deps.cache.getBadge(spec), entity, purgeTags };
  }

  return async function getBadge(request: BadgeRequest): Promise<BadgeAnswer> {
    const parsedOptions = parseBadgeOptions(request.query, request.format);
    if (!parsedOptions.ok) return answer('invalid', specForInvalid(parsedOptions.problem.param, parsedOptions.fallback), null, []);
    const { options } = parsedOptions;

    const parsedTarget = request.target === null ? null : parseTarget(request.target);
    if (parsedTarget === null || !parsedTarget.ok) return answer('invalid', specForInvalid('target', options), null, []);

    let resolution;
    try {
      resolution = await resolveTarget(deps.store, parsedTarget.target);
    } catch (error) {
      deps.onStoreError(error);
      return answer('unavailable', specForState('unavailable', options), null, []);
    }
    switch (resolution.kind) {
      case 'found': {
        const { entity } = resolution;
        return answer('found', specForEntity(entity, options, deps.gradeScale), entity, [purgeTagFor(entity.registry, entity.name)]);
      }
      case 'ambiguous':
        return answer('ambiguous', specForState('ambiguous', options), null, [
          UNKNOWN_TAG,
          ...resolution.candidates.map((c) => purgeTagFor(c.registry, c.name)),
        ]);
      case 'unknown':
        return answer('unknown', specForState('unknown', options), null, [
          UNKNOWN_TAG,
          ...(resolution.registry !== null ? [purgeTagFor(resolution.registry, resolution.name)] : []),
        ]);
    }
  };
}

export type BadgeService = ReturnType<typeof createBadgeService>;
