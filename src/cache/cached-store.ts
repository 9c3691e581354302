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
  hits: number;
  misses: number;
  entries: number;
}

type Cached = { registries: ReadonlySet<string> } | { entity: Entity | null } | { entities: Entity[]; limit: number };

const REGISTRIES_KEY = 'r';
/** Loads restarted because a write touched their key meanwhile; past this the error stands. */
const MAX_LOAD_ATTEMPTS = 3;
const byNameKey = (registry: string, folded: string) => `q\n${registry}\n${folded}`;
const bareKey = (folded: string) => `b\n${folded}`;

export function createCachedStore(store: Store, options: LookupCacheOptions): { store: Store; stats: () => LookupCacheStats; close: () => void } {
  const counts = { hits: 0, misses: 0 };
  /** Counts announced writes, so a load can tell whether one landed while it ran. */
  let changesSeen = 0;
  const lru = new LRUCache<string, Cached, () => Promise<Cached>>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    allowStaleOnFetchRejection: true,
    noDeleteOnFetchRejection: true,
    fetchMethod: (_key, _stale, { context }) => context(),
  });

  async function cached<T extends Cached>(key: string, load: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const status: LRUCache.Status<string, Cached, () => Promise<Cached>> = {};
      const changesBefore = changesSeen;
      let value: Cached | undefined;
      let failure: unknown = null;
      try {
        value = await lru.fetch(key, { context: load, status });
        // With nothing stale to fall back on, a failed load surfaces as undefined: its error.
        if (value === undefined) failure = status.fetchError ?? new Error('lookup produced nothing');
      } catch (error) {
        failure = error;
      }
      if (failure !== null) {
        // A write was announced while this loaded (forget() aborts loads in flight): what was
        // being read may be the old answer, so read again rather than fail or keep it.
        if (changesSeen !== changesBefore && attempt < MAX_LOAD_ATTEMPTS) continue;
        throw failure;
      }
      if (status.fetch === 'hit') counts.hits++;
      else counts.misses++;
      return value as T;
    }
  }

  const forget = (change: StoreChange): void => {
    changesSeen++;
    if (change.kind === 'all') {
      lru.clear();
      return;
    }
    lru.delete(REGISTRIES_KEY);
    for (const { registry, keys } of change.entities) {
      for (const key of keys) {
        lru.delete(byNameKey(registry, key));
        lru.delete(bareKey(key));
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
