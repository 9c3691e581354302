// CDN purge tags: one opaque token per entity, safe in Surrogate-Key and Cache-Tag whatever
// characters the name holds, and the same for every spelling of the name.

import { createHash } from 'node:crypto';
import { foldName } from '../domain/entity.js';

/** Every unknown or ambiguous answer carries this tag: purge it after an import. */
export const UNKNOWN_TAG = 'unknown';

export function purgeTagFor(registry: string, name: string): string {
  const digest = createHash('sha256').update(`${registry.toLowerCase()}\n${foldName(name)}`).digest('hex');
  return `e-${digest.slice(0, 24)}`;
}
