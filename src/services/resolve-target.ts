// Resolves a parsed target to one entity, or says why it cannot: unknown, or ambiguous with
// the candidates. A bare name that matches several entities never picks one.

import type { Entity } from '../domain/entity.js';
import { splitTarget, type Target } from '../domain/target.js';
import type { Store } from '../store/store.js';

export const MAX_CANDIDATES = 10;

export type Resolution =
  | { kind: 'found'; entity: Entity }
  | { kind: 'unknown'; registry: string | null; name: string }
  | { kind: 'ambiguous'; candidates: Entity[] };

export async function resolveTarget(store: Store, target: Target): Promise<Resolution> {
  const split = splitTarget(target, await store.listRegistries());
  if (split.registry !== null) {
    const entity = await store.findByName(split.registry, split.name);
    return entity === null ? { kind: 'unknown', ...split } : { kind: 'found', entity };
  }
  const matches = await store.findByBareName(split.name, MAX_CANDIDATES);
  if (matches.length === 0) return { kind: 'unknown', registry: null, name: split.name };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  return { kind: 'found', entity: matches[0]! };
}
