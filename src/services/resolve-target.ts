// Resolves a parsed target to one entity, or says why it cannot: unknown, or ambiguous with
// the candidates. A bare name that matches several entities never picks one.

import type { Entity } from '../domain/entity.js';
import { splitTarget, type Target } from '../domain/target.js';
import type { Store } from '../store/store.js';

/** An ambiguous name's candidates listed (registry and name order); past it, `moreCandidates`. */
export const MAX_CANDIDATES = 50;

/** What was looked up: a registry and name, or (registry null) a bare name. */
export interface Lookup {
  registry: string | null;
  name: string;
}

export type Resolution =
  | { kind: 'found'; lookup: Lookup; entity: Entity }
  | { kind: 'unknown'; lookup: Lookup }
  | { kind: 'ambiguous'; lookup: Lookup; candidates: Entity[]; moreCandidates: boolean };

export async function resolveTarget(store: Store, target: Target): Promise<Resolution> {
  const lookup = splitTarget(target, await store.listRegistries());
  if (lookup.registry !== null) {
    const entity = await store.findByName(lookup.registry, lookup.name);
    return entity === null ? { kind: 'unknown', lookup } : { kind: 'found', lookup, entity };
  }
  // One more than listed: whether there are more, in the same read.
  const matches = await store.findByBareName(lookup.name, MAX_CANDIDATES + 1);
  if (matches.length === 0) return { kind: 'unknown', lookup };
  if (matches.length > 1) return { kind: 'ambiguous', lookup, candidates: matches.slice(0, MAX_CANDIDATES), moreCandidates: matches.length > MAX_CANDIDATES };
  return { kind: 'found', lookup, entity: matches[0]! };
}
