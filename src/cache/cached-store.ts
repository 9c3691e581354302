// A Store that remembers lookups (registry list, by name, by bare name, a report's alternatives, seals) in
// an LRU bounded by entries and bytes, and forgets what a write touched through the one freshness
// mechanism. While the store fails, an expired entry is served stale rather than failing the badge.
// Every read that reaches the store is charged to the request's budget first; memory is free.

import { LRUCache } from 'lru-cache';
import { foldName, type Entity } from '../domain/entity.js';
import type { HistoryPoint } from '../domain/history.js';
import { decorateStore } from '../store/decorate-store.js';
import type { Seal } from '../domain/seal.js';
import { SEAL_CHANGES, type CatalogueVersion, type Store, type StoreChange } from '../store/store.js';
import type { Freshness } from './freshness.js';
import { FREE_WORK, type WorkBudget } from './request-budget.js';

export interface LookupCacheOptions {
  maxEntries: number;
  /** What the remembered lookups may take, as estimated by lookupBytes(). */
  maxBytes: number;
  /** Safety net for a missed change notice; exact invalidation does the real work. */
  ttlMs: number;
  freshness: Freshness;
  /** Charged before every read that reaches the store (a refusal rejects, and nothing is read). */
  budget?: WorkBudget;
}

export interface LookupCacheStats {
  /** Lookups of a target (by name, by bare name) answered from memory; the registry list is not counted. */
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

type Cached =
  | { registries: ReadonlySet<string> }
  | { entity: Entity | null }
  | { entities: Entity[]; limit: number }
  | { points: HistoryPoint[] }
  | { version: CatalogueVersion | null }
  | { seal: Seal | null };

interface Load {
  value: Promise<Cached>;
  /** The generation it started in: joined, and kept, only while it is still current. */
  mark: number;
}

const REGISTRIES_KEY = 'r';
const byNameKey = (registry: string, folded: string) => `q\n${registry}\n${folded}`;
const bareKey = (folded: string) => `b\n${folded}`;
/**
 * Alternatives depend on every entity of a category, which no change lists: their key holds the
 * generation, so any change leaves them unread (they age out of the LRU, and are never served stale).
 */
const alternativesKey = (generation: number, entity: Entity, limit: number) =>
  `a\n${generation}\n${entity.category}\n${entity.registry.toLowerCase()}\n${foldName(entity.name)}\n${limit}`;

/** History and the catalogue version change with any write: keyed by the generation, like alternatives. */
const historyKey = (generation: number, registry: string, name: string, sinceDay: string) =>
  `h\n${generation}\n${registry.toLowerCase()}\n${foldName(name)}\n${sinceDay}`;
const versionKey = (generation: number) => `v\n${generation}`;
/** A seal by id: forgotten when a write announces it (SEAL_CHANGES), on this replica or another. */
const sealKey = (id: string) => `s\n${id}`;

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

function sealBytes(seal: Seal): number {
  let bytes = 2 * OBJECT_OVERHEAD_BYTES;
  for (const text of [seal.id, seal.registry, seal.name, seal.vendor, seal.createdAt, seal.updatedAt, seal.expiresAt, seal.revokedAt, ...seal.origins]) bytes += textBytes(text);
  return bytes;
}

/** An upper estimate of what one remembered lookup keeps alive, key included. */
export function lookupBytes(value: Cached, key: string): number {
  let bytes = OBJECT_OVERHEAD_BYTES + textBytes(key);
  if ('registries' in value) for (const name of value.registries) bytes += textBytes(name) + OBJECT_OVERHEAD_BYTES / 2;
  else if ('entity' in value) bytes += value.entity === null ? 0 : entityBytes(value.entity);
  else if ('points' in value) for (const point of value.points) bytes += 2 * OBJECT_OVERHEAD_BYTES + textBytes(point.day) + textBytes(point.updated_at);
  else if ('version' in value) bytes += OBJECT_OVERHEAD_BYTES + (value.version === null ? 0 : textBytes(value.version.imported_at));
  else if ('seal' in value) bytes += value.seal === null ? 0 : sealBytes(value.seal);
  else for (const entity of value.entities) bytes += entityBytes(entity);
  return bytes;
}

export function createCachedStore(store: Store, options: LookupCacheOptions): { store: Store; stats: () => LookupCacheStats } {
  const { freshness } = options;
  const budget = options.budget ?? FREE_WORK;
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

  /** `counted`: a lookup of a target, in the hit ratio (the registry list and alternatives would flatter it). */
  async function cached<T extends Cached>(key: string, load: () => Promise<T>, counted = true): Promise<T> {
    const hit = lru.get(key);
    if (hit !== undefined) {
      if (counted) counts.hits++;
      return hit as T;
    }
    if (counted) counts.misses++;
    // Before any read, even one joined in flight: what a request costs must not hang on others' timing.
    await budget.charge();
    const filled = lru.get(key);
    if (filled !== undefined) return filled as T;
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
    for (const { registry, keys } of change.entities) {
      if (registry === SEAL_CHANGES) {
        for (const id of keys) drop(sealKey(id));
        continue;
      }
      drop(REGISTRIES_KEY);
      for (const key of keys) {
        drop(byNameKey(registry, key));
        drop(bareKey(key));
      }
    }
  });

  /** A read the cache does not keep: charged, then passed on. */
  const uncached = async <T>(read: () => Promise<T>): Promise<T> => {
    await budget.charge();
    return read();
  };

  const cachedStore = decorateStore(store, {
    listRegistries: async () => (await cached(REGISTRIES_KEY, async () => ({ registries: await store.listRegistries() }), false)).registries,
    findByName: async (registry, name) => {
      const folded = foldName(name);
      const key = byNameKey(registry.toLowerCase(), folded);
      return (await cached(key, async () => ({ entity: await store.findByName(registry, name) }))).entity;
    },
    findByNames: async (refs) => {
      const keys = refs.map((ref) => byNameKey(ref.registry.toLowerCase(), foldName(ref.name)));
      const answers = keys.map((key) => lru.get(key) as { entity: Entity | null } | undefined);
      const missing = [...new Set(keys.filter((_, i) => answers[i] === undefined))];
      counts.hits += refs.length - missing.length;
      counts.misses += missing.length;
      if (missing.length > 0) {
        // A batch pays per item read, before reading any; what memory answered is free.
        await budget.chargeItems(missing.length);
        const asked = missing.map((key) => refs[keys.indexOf(key)]!);
        // Kept only while no change came in between, as a single lookup's load is (startLoad).
        const mark = freshness.mark();
        let read: (Entity | null)[];
        try {
          read = await store.findByNames(asked);
        } catch (error) {
          // While the store fails, what memory still holds (expired or not) answers, as for one lookup.
          const stale = missing.map((key) => lru.peek(key, { allowStale: true }) as { entity: Entity | null } | undefined);
          if (stale.some((value) => value === undefined)) throw error;
          read = stale.map((value) => value!.entity);
        }
        const current = freshness.isCurrent(mark);
        const byKey = new Map(missing.map((key, i) => [key, { entity: read[i] ?? null }]));
        if (current) for (const [key, value] of byKey) lru.set(key, value);
        keys.forEach((key, i) => {
          answers[i] ??= byKey.get(key);
        });
      }
      return answers.map((answer) => answer!.entity);
    },
    findByBareName: async (name, limit) => {
      const hit = await cached(bareKey(foldName(name)), async () => ({ entities: await store.findByBareName(name, limit), limit }));
      // A cached answer of another size cannot stand in for this one.
      return hit.limit === limit ? hit.entities : uncached(() => store.findByBareName(name, limit));
    },
    findAlternatives: async (entity, limit) =>
      (await cached(alternativesKey(freshness.mark(), entity, limit), async () => ({ entities: await store.findAlternatives(entity, limit), limit }), false)).entities,
    // Prefixes are caller-chosen text: remembered, they would push out the lookups that matter.
    searchEntities: (query, limit) => uncached(() => store.searchEntities(query, limit)),
    findByNameKeys: (query, limit) => uncached(() => store.findByNameKeys(query, limit)),
    // Sets are read and written afresh (their answers are worked out from lookups this cache keeps): charged like any miss.
    saveSet: (id, purls, today) => uncached(() => store.saveSet(id, purls, today)),
    readSet: (id, today) => uncached(() => store.readSet(id, today)),
    // Every seal image reads its seal: remembered, and forgotten exactly when a write announces it.
    readSeal: async (id) => (await cached(sealKey(id), async () => ({ seal: await store.readSeal(id) }), false)).seal,
    getHistory: async (registry, name, sinceDay) =>
      (await cached(historyKey(freshness.mark(), registry, name, sinceDay), async () => ({ points: await store.getHistory(registry, name, sinceDay) }), false)).points,
    latestCatalogueVersion: async () => (await cached(versionKey(freshness.mark()), async () => ({ version: await store.latestCatalogueVersion() }), false)).version,
  });
  return {
    store: cachedStore,
    stats: () => ({ ...counts, entries: lru.size, bytes: lru.calculatedSize, maxBytes: options.maxBytes }),
  };
}
