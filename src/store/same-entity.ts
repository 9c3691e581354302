// Whether a write would change a stored entity: field by field, so an unchanged re-import costs
// no serialisation. Engines that compare in SQL must agree with this.

import { DIMENSIONS, type Entity } from '../domain/entity.js';

export function sameEntity(a: Entity, b: Entity): boolean {
  if (
    a.registry !== b.registry || a.name !== b.name || a.category !== b.category || a.score !== b.score ||
    a.description !== b.description || a.author !== b.author || a.sourceUrl !== b.sourceUrl || a.updatedAt !== b.updatedAt ||
    a.aliases.length !== b.aliases.length
  ) {
    return false;
  }
  for (const d of DIMENSIONS) if (a.dimensions[d] !== b.dimensions[d]) return false;
  return a.aliases.every((alias, i) => alias === b.aliases[i]);
}
