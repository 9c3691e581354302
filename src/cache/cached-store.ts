// A Store that remembers lookups (registry list, by name, by bare name) in a bounded LRU and
// forgets exactly the keys a write touched, as the store announces them (any process, any replica).
// While the store fails, an expired entry is served stale rather than failing the badge.

import { LRUCache } from 'lru-cache';
import { foldName, type Entity } from '../domain/entity.js';
import { decorateStore } from '../store/decorate-store.js';
import type { Store, StoreChange } from '../store/store.js';

export interface LookupCacheOptions {
  maxEntries: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
}

export interface LookupCacheStats {
  /** Lookups of a target (by name, by bare name) answered from memory; the registry list is not counted. */
  hits: number;
  misses: number;
  entries: number;
}

type Cached = { registries: ReadonlySet<string> } | { entity: Entity | null } | { entities: Entity[]; limit: number };

interface Load {
  value: Promise<Cached>;
  /** Set when a write touched the key before the load finished: its answer is not remembered. */
  overtaken: boolean;
}

const REGISTRIES_KEY = 'r';
/** Loads made per lookup when writes keep touching its key meanwhile. */
const MAX_LOAD_ATTEMPTS = 3;
const byNameKey = (registry: string, folded: string) => `q\n${registry}\n${folded}`;
const bareKey = (folded: string) => `b\n${folded}`;

export function createCachedStore(store: Store, options: LookupCacheOptions): { store: Store; stats: () => LookupCacheStats; close: () => void } {
  const counts = { hits: 0, misses: 0 };
  // Expired entries stay until evicted or replaced: the fallback while the store fails.
  const lru = new LRUCache<string, Cached>({ max: options.maxEntries, ttl: options.ttlMs, noDeleteOnStaleGet: true });
  /**
   * Loads in flight, one per key, shared by every caller that asks meanwhile. Not lru-cache's
   * fetch(): it makes an AbortController per miss, ~6 µs of a lookup that SQLite answers in ~20.
   */
  const loads = new Map<string, Load>();

  const startLoad = (key: string, load: () => Promise<Cached>): Load => {
    const started: Load = {
      overtaken: false,
      value: load()
        .then((value) => {
          if (!started.overtaken) lru.set(key, value);
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
    for (let attempt = 1; ; attempt++) {
      const current = loads.get(key) ?? startLoad(key, load);
      let value: Cached;
      try {
        value = await current.value;
      } catch (error) {
        if (current.overtaken && attempt < MAX_LOAD_ATTEMPTS) continue;
        const stale = lru.peek(key, { allowStale: true });
        if (stale !== undefined) return stale as T;
        throw error;
      }
      // A write was announced while this loaded: what was read may be the old answer, so read
      // again rather than keep it (the last attempt's answer is used, but not remembered).
      if (current.overtaken && attempt < MAX_LOAD_ATTEMPTS) continue;
      return value as T;
    }
  }

  const drop = (key: string): void => {
    lru.delete(key);
    const loading = loads.get(key);
    if (loading === undefined) return;
    loading.overtaken = true;
    loads.delete(key);
  };
  const forget = (change: StoreChange): void => {
    if (change.kind === 'all') {
      lru.clear();
      for (const key of [...loads.keys()]) drop(key);
      return;
    }
    drop(REGISTRIES_KEY);
    for (const { registry, keys } of change.entities) {
      for (const key of keys) {
        drop(byNameKey(registry, key));
        drop(bareKey(key));
      }
    }
  };
  const stopWatching = store.watchChanges(forget);

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
    stats: () => ({ ...counts, entries: lru.size }),
    close: stopWatching,
  };
}
