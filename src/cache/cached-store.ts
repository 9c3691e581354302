// A Store that remembers lookups (registry list, by name, by bare name) in an LRU bounded by entries
// and bytes, and forgets exactly the keys a write touched, through the one freshness mechanism.
// While the store fails, an expired entry is served stale rather than failing the badge.

import { LRUCache } from 'lru-cache';
import { foldName, type Entity } from '../domain/entity.js';
import { decorateStore } from '../store/decorate-store.js';
import type { Store, StoreChange } from '../store/store.js';
import type { Freshness } from './freshness.js';

export interface LookupCacheOptions {
  maxEntries: number;
  /** What the remembered lookups may take, as estimated by lookupBytes(). */
  maxBytes: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
  freshness: Freshness;
}

export interface LookupCacheStats {
  /** Lookups of a target (by name, by bare name) answered from memory; the registry list is not counted. */
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

type Cached = { registries: ReadonlySet<string> } | { entity: Entity | null } | { entities: Entity[]; limit: number };

interface Load {
  value: Promise<Cached>;
  /** The generation it started in: joined, and kept, only while it is still current. */
  mark: number;
}

const REGISTRIES_KEY = 'r';
const byNameKey = (registry: string, folded: string) => `q\n${registry}\n${folded}`;
const bareKey = (folded: string) => `b\n${folded}`;

/** Per remembered object: its header, hidden class, map slot and LRU links (an estimate on the safe side). */
const OBJECT_OVERHEAD_BYTES = 96;

/** V8 keeps a string in one or two bytes a character; two is the bound. */
const textBytes = (text: string | null): number => (text === null ? 0 : OBJECT_OVERHEAD_BYTES / 4 + 2 * text.length);

function entityBytes(entity: Entity): number {
  let bytes = 4 * OBJECT_OVERHEAD_BYTES;
  for (const text of [entity.registry, entity.name, entity.category, entity.description, entity.author, entity.sourceUrl, entity.updatedAt]) bytes += textBytes(text);
  for (const alias of entity.aliases) bytes += textBytes(alias);
  return bytes;
}

/** An upper estimate of what one remembered lookup keeps alive, key included. */
export function lookupBytes(value: Cached, key: string): number {
  let bytes = OBJECT_OVERHEAD_BYTES + textBytes(key);
  if ('registries' in value) for (const name of value.registries) bytes += textBytes(name) + OBJECT_OVERHEAD_BYTES / 2;
  else if ('entity' in value) bytes += value.entity === null ? 0 : entityBytes(value.entity);
  else for (const entity of value.entities) bytes += entityBytes(entity);
  return bytes;
}

export function createCachedStore(store: Store, options: LookupCacheOptions): { store: Store; stats: () => LookupCacheStats } {
  const { freshness } = options;
  const counts = { hits: 0, misses: 0 };
  // Expired entries stay until evicted or replaced: the fallback while the store fails.
  const lru = new LRUCache<string, Cached>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: lookupBytes,
    ttl: options.ttlMs,
    noDeleteOnStaleGet: true,
  });
  /**
   * Loads in flight, one per key, shared by every caller that asks meanwhile. Not lru-cache's
   * fetch(): it makes an AbortController per miss, ~6 µs of a lookup that SQLite answers in ~20.
   */
  const loads = new Map<string, Load>();

  const startLoad = (key: string, load: () => Promise<Cached>): Load => {
    const mark = freshness.mark();
    const started: Load = {
      mark,
      value: load()
        .then((value) => {
          if (freshness.isCurrent(mark)) lru.set(key, value);
          return value;
        })
        .finally(() => {
          if (loads.get(key) === started) loads.delete(key);
        }),
    };
    loads.set(key, started);
    return started;
  };

  async function cached<T extends Cached>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = lru.get(key);
    // The registry list is read on every resolution and is almost always here: counted, it would
    // make the hit ratio of lookups by target look better than it is.
    const counted = key !== REGISTRIES_KEY;
    if (hit !== undefined) {
      if (counted) counts.hits++;
      return hit as T;
    }
    if (counted) counts.misses++;
    const inFlight = loads.get(key);
    // A load that began before a change may return what the change replaced: a caller who came
    // after the change never joins it.
    const current = inFlight !== undefined && freshness.isCurrent(inFlight.mark) ? inFlight : startLoad(key, load);
    try {
      return (await current.value) as T;
    } catch (error) {
      const stale = lru.peek(key, { allowStale: true });
      if (stale !== undefined) return stale as T;
      throw error;
    }
  }

  const drop = (key: string): void => {
    lru.delete(key);
    loads.delete(key);
  };
  freshness.onChange((change: StoreChange) => {
    if (change.kind === 'all') {
      lru.clear();
      loads.clear();
      return;
    }
    drop(REGISTRIES_KEY);
    for (const { registry, keys } of change.entities) {
      for (const key of keys) {
        drop(byNameKey(registry, key));
        drop(bareKey(key));
      }
    }
  });

  const cachedStore = decorateStore(store, {
    listRegistries: async () => (await cached(REGISTRIES_KEY, async () => ({ registries: await store.listRegistries() }))).registries,
    findByName: async (registry, name) => {
      const folded = foldName(name);
      const key = byNameKey(registry.toLowerCase(), folded);
      return (await cached(key, async () => ({ entity: await store.findByName(registry, name) }))).entity;
    },
    findByBareName: async (name, limit) => {
      const hit = await cached(bareKey(foldName(name)), async () => ({ entities: await store.findByBareName(name, limit), limit }));
      // A cached answer of another size cannot stand in for this one.
      return hit.limit === limit ? hit.entities : store.findByBareName(name, limit);
    },
  });
  return {
    store: cachedStore,
    stats: () => ({ ...counts, entries: lru.size, bytes: lru.calculatedSize, maxBytes: options.maxBytes }),
  };
}
