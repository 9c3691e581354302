// Alternatives to an entity: others of its category, those of its own registry first (an npm
// package's readers want npm packages), then the rest of the category; best score first in each.
// Engines read the two lists off their own indexes; this is the one place they are merged.

import type { Entity } from '../domain/entity.js';

/**
 * `sameRegistry`: the best `limit` of the entity's category and registry, itself excluded.
 * `wholeCategory`: the best `limit` of its category, itself excluded. Any entity of its registry in
 * the second list is in the first too, so the second only fills up with the other registries.
 */
export function sameRegistryFirst(entity: Entity, sameRegistry: readonly Entity[], wholeCategory: readonly Entity[], limit: number): Entity[] {
  const chosen = sameRegistry.slice(0, limit);
  for (const other of wholeCategory) {
    if (chosen.length >= limit) break;
    if (other.registry !== entity.registry) chosen.push(other);
  }
  return chosen;
}
