// CDN purge tags: one opaque token per entity, safe in Surrogate-Key and Cache-Tag whatever
// characters the name holds, and the same for every spelling of the name.

import { hash } from 'node:crypto';
import { foldName } from '../domain/entity.js';

/** Every unknown or ambiguous answer carries this tag: purge it after an import. */
export const UNKNOWN_TAG = 'unknown';

/** One-shot hash(): half the cost of a createHash() object per tag, the same digest. */
export function purgeTagFor(registry: string, name: string): string {
  const digest = hash('sha256', `${registry.toLowerCase()}\n${foldName(name)}`, 'hex');
  return `e-${digest.slice(0, 24)}`;
}

/** Tags already worked out, per entity object: the lookup cache hands out the same object each time. */
const tagsByEntity = new WeakMap<object, { registry: string; name: string; tag: string }>();

/**
 * purgeTagFor an entity, hashed once per entity object rather than once per request (a SHA-256
 * per badge answered by Express was 4–9 µs of its ~135). The name is compared, so an object whose
 * name changed is hashed afresh.
 */
export function purgeTagOf(entity: { registry: string; name: string }): string {
  const known = tagsByEntity.get(entity);
  if (known !== undefined && known.registry === entity.registry && known.name === entity.name) return known.tag;
  const tag = purgeTagFor(entity.registry, entity.name);
  tagsByEntity.set(entity, { registry: entity.registry, name: entity.name, tag });
  return tag;
}
