// CDN purge tags: every answer is tagged with what it was worked out from, and every write names
// the tags of everything it can change, so purging a write's tags leaves no answer it made wrong.
// Tags are opaque tokens, safe in Surrogate-Key and Cache-Tag whatever characters a name holds.

import { hash } from 'node:crypto';
import { foldName } from '../domain/entity.js';
import type { StoreChange } from '../store/store.js';
import type { Resolution } from './resolve-target.js';

/** Every answer drawn from the store carries it: purging it empties the CDN of them all. */
export const ALL_TAG = 'all';
/** Every unknown or ambiguous answer carries this tag. */
export const UNKNOWN_TAG = 'unknown';
/** Past this many tags a write asks for ALL_TAG instead: headers have a size limit. */
export const MAX_LISTED_TAGS = 200;

const digest = (text: string): string => hash('sha256', text, 'hex').slice(0, 24);

/** An entity, by registry and name: the same for every spelling, and stable across releases. */
export function entityTag(registry: string, name: string): string {
  return `e-${digest(`${registry.toLowerCase()}\n${foldName(name)}`)}`;
}

/** A bare name as a lookup reads it: whatever its answer is, any entity named or aliased so changes it. */
export function nameTag(name: string): string {
  return `n-${digest(`name\n${foldName(name)}`)}`;
}

/** A first path segment that may become (or stop being) a registry, turning `a/b` from a bare name into registry/name. */
export function registryTag(segment: string): string {
  return `r-${digest(`registry\n${foldName(segment)}`)}`;
}

const tagOf = (entity: { registry: string; name: string }): string => entityTag(entity.registry, entity.name);

/**
 * What an answer about one resolved target depends on: the entity it shows, or the one its
 * registry/name would name; a bare name's own tag (another entity may take the name); the
 * registry its first segment would name; and each candidate of an ambiguous name.
 */
export function tagsForResolution(resolution: Resolution): string[] {
  const { lookup } = resolution;
  const tags = [ALL_TAG];
  if (lookup.registry === null) {
    const folded = foldName(lookup.name);
    tags.push(nameTag(folded));
    const slash = folded.indexOf('/');
    if (slash > 0) tags.push(registryTag(folded.slice(0, slash)));
  }
  switch (resolution.kind) {
    case 'found':
      tags.push(tagOf(resolution.entity));
      break;
    case 'ambiguous':
      tags.push(UNKNOWN_TAG, ...resolution.candidates.map(tagOf));
      break;
    case 'unknown':
      tags.push(UNKNOWN_TAG);
      if (lookup.registry !== null) tags.push(entityTag(lookup.registry, lookup.name));
      break;
  }
  return tags;
}

/** Tags of answers that show other entities too (a report's alternatives, search results). */
export function tagsForEntities(entities: readonly { registry: string; name: string }[]): string[] {
  return [ALL_TAG, ...entities.map(tagOf)];
}

/**
 * Every tag a write can have made wrong, from what it touched (names and aliases, before and
 * after, per registry): each as an entity, each as a bare name, and the registry. A deletion may
 * have emptied a registry, whose registry/name targets then read as bare names: the unknown
 * answers go too. Too many to list, or a change of everything: ALL_TAG alone.
 */
export function tagsForChange(change: StoreChange, options: { deletion?: boolean } = {}): string[] {
  if (change.kind === 'all') return [ALL_TAG];
  const tags = new Set<string>(options.deletion === true ? [UNKNOWN_TAG] : []);
  for (const { registry, keys } of change.entities) {
    tags.add(registryTag(registry));
    for (const key of keys) {
      tags.add(entityTag(registry, key));
      tags.add(nameTag(key));
    }
    if (tags.size > MAX_LISTED_TAGS) return [ALL_TAG];
  }
  return [...tags];
}

/** Tags as Surrogate-Key (Fastly, Varnish: space-separated) and Cache-Tag (Cloudflare: comma-separated) take them. */
export function purgeHeaders(tags: readonly string[]): { surrogateKey: string; cacheTag: string } {
  const unique = [...new Set(tags)];
  return { surrogateKey: unique.join(' '), cacheTag: unique.join(',') };
}
