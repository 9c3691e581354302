// What the service needs of a score store; one implementation per engine sits beside it.
// Engines speak folded names (see foldName); nothing above this interface knows SQL.

import { foldName, foldShortName, type Entity } from '../domain/entity.js';
import type { HistoryPoint } from '../domain/history.js';
import type { Seal } from '../domain/seal.js';

export interface WriteSummary {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * What a write touched, for caches above the store: per registry, the folded names and aliases
 * (before and after) whose lookups may now answer differently. `all` when too many to list.
 */
export type StoreChange = { kind: 'entities'; entities: { registry: string; keys: string[] }[] } | { kind: 'all' };
export type ChangeListener = (change: StoreChange) => void;

/** A committed write: its counts, and what it touched (as announced to watchChanges listeners). */
export interface WriteResult extends WriteSummary {
  change: StoreChange;
}

/** One import of the catalogue: the data version reports and pages show. */
export interface CatalogueVersion {
  version: number;
  /** ISO-8601, UTC, whole seconds. */
  imported_at: string;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface WriteOptions {
  /** An import of the catalogue: recorded as a new catalogue version at this time. */
  importedAt?: Date;
}

/**
 * A write whose `updated_at` for an entity is earlier than the stored one: history only moves
 * forward. `position` is the entity's place in the written source (1 for the first).
 */
export class StaleWriteError extends Error {
  constructor(
    readonly registry: string,
    readonly entityName: string,
    readonly stored: string,
    readonly given: string,
    readonly position: number,
  ) {
    super(`updated_at ${given} of ${registry}/${entityName} is earlier than the stored ${stored}`);
    this.name = 'StaleWriteError';
  }
}

/**
 * Entities already in a store's own bulk form (BulkWriter), encoded off the writing thread: `rows`
 * rows in `text`, each numbered with the line an import read it from.
 */
export interface EncodedBatch {
  text: string;
  rows: number;
  /** The registries its entities belong to. */
  registries: string[];
}

/** What a BulkWriter's encoder module exports as `encodeBulkRow`: one entity in the store's bulk form, numbered `line`. */
export type EncodeBulkRow = (entity: Entity, line: number) => string;

/**
 * Bulk writes of rows encoded elsewhere, for a store whose own writing is cheaper than turning
 * entities into rows (PostgreSQL: the server writes, the importing thread only encodes). A large
 * import parses and encodes on parser threads (services/import-entities.ts) and sends the text.
 */
export interface BulkWriter {
  /** A module exporting `encodeBulkRow` (EncodeBulkRow), loaded by each parser thread. */
  encoder: URL;
  /**
   * writeEntities for encoded rows: the same upsert, all or nothing. A StaleWriteError's
   * `position` is the refused row's line.
   */
  write(source: AsyncIterable<EncodedBatch>, options?: WriteOptions): Promise<WriteResult>;
}

/** History older than this is dropped when an entity is next written (its newest point is always kept). */
export const DEFAULT_HISTORY_RETENTION_DAYS = 730;

/** Matches of each kind (name, last segment, alias) a search ranks; past it, `more` and a narrower query. */
export const SEARCH_CANDIDATES = 200;

/**
 * Where an entity stands in a search's order, stable for paging: exact name, then exact last segment, then the rest; best
 * score first within each; then registry and folded name.
 */
export interface SearchPosition {
  /** 2: the name is the query; 1: its last segment is; 0: it starts with it. */
  rank: number;
  score: number;
  registry: string;
  nameKey: string;
}

export interface SearchQuery {
  prefix: string;
  registry?: string;
  after?: SearchPosition;
}

export interface NameKeysQuery {
  /** Names, each folded and looked up exactly. */
  keys: readonly string[];
  registry?: string;
}

export interface SearchPage {
  entities: Entity[];
  /** Candidates in all (each kind counted up to SEARCH_CANDIDATES). */
  total: number;
  /** Some kind of match had more than SEARCH_CANDIDATES: `total` is a lower bound. */
  more: boolean;
}

/** Where an entity stands in a search for `prefixKey` (folded): what a page's last row gives as `after`. */
export function searchPosition(entity: Entity, prefixKey: string): SearchPosition {
  const nameKey = foldName(entity.name);
  const rank = nameKey === prefixKey ? 2 : foldShortName(entity.name) === prefixKey ? 1 : 0;
  return { rank, score: entity.score, registry: entity.registry, nameKey };
}

/**
 * Seal writes are announced as changes of this pseudo-registry, keyed by the seal's id, through the
 * same notices as entity writes: caches that keep seals forget exactly the seal written, on every
 * replica. No registry is named so (`#` is no registry character).
 */
export const SEAL_CHANGES = '#seal';

/** A write touching more entities than this is announced as `all`. */
export const MAX_LISTED_CHANGES = 10_000;

export interface Store {
  readonly engine: string;
  /** Folded names of every registry that holds at least one entity. */
  listRegistries(): Promise<ReadonlySet<string>>;
  findByName(registry: string, name: string): Promise<Entity | null>;
  /** findByName for many at once (a batch), in one round trip: the answers in the order asked. */
  findByNames(refs: readonly { registry: string; name: string }[]): Promise<(Entity | null)[]>;
  /** Entities whose name or alias folds to `name`, at most `limit`, in a stable order. */
  findByBareName(name: string, limit: number): Promise<Entity[]>;
  /** Other entities of `entity`'s category, best score first. */
  findAlternatives(entity: Entity, limit: number): Promise<Entity[]>;
  /**
   * Entities whose name, last name segment or alias starts with `query.prefix` (folded); with
   * `query.registry` (folded), only that registry's names (`npm/sha`, `github/haotian-liu/`). In
   * SearchPosition's order, `limit` at most, after `query.after` when given. The candidates are the first
   * SEARCH_CANDIDATES of each kind of match in name order: `more` says some kind had more.
   */
  searchEntities(query: SearchQuery, limit: number): Promise<SearchPage>;
  /**
   * Entities whose folded name, last name segment or alias is one of `query.keys` (with
   * `query.registry`, that registry's names only): the typo fallback's lookup (domain/near-keys.ts).
   * Best score first, then registry and folded name; `limit` at most. Of each kind of match, the
   * first SEARCH_CANDIDATES in key order are ranked.
   */
  findByNameKeys(query: NameKeysQuery, limit: number): Promise<Entity[]>;
  countEntities(): Promise<number>;
  /**
   * Upserts every entity of `source` by registry + name, all or nothing: if the source throws,
   * the store is left exactly as it was and the error propagates.
   */
  writeEntities(source: AsyncIterable<Entity> | Iterable<Entity>, options?: WriteOptions): Promise<WriteResult>;
  /** Where the store takes rows encoded off its thread (large imports); null when it takes entities only. */
  readonly bulk: BulkWriter | null;
  deleteEntity(registry: string, name: string): Promise<Entity | null>;
  /**
   * The score history of one entity from `sinceDay` (`YYYY-MM-DD`) on, oldest first: a point for
   * each day its score or a dimension changed (the day's last write), and its first. Empty when
   * there is no such entity. Writes keep it in the same transaction: a failed write adds no point.
   */
  getHistory(registry: string, name: string, sinceDay: string): Promise<HistoryPoint[]>;
  /**
   * Stores a dependency set under its id (its content's hash: the same purls, the same id), asked
   * for today (`YYYY-MM-DD`). True when it is new; an existing one only counts as asked for.
   */
  saveSet(id: string, purls: readonly string[], today: string): Promise<boolean>;
  /** A set's package URLs, noting it as asked for today; null when there is none (or it was dropped). */
  readSet(id: string, today: string): Promise<string[] | null>;
  /** Drops the sets last asked for before `day`; returns how many. */
  dropSetsBefore(day: string): Promise<number>;
  /** Stores a new seal (its id is new: random, see services/seal-service.ts). Every seal write is announced (SEAL_CHANGES). */
  insertSeal(seal: Seal): Promise<void>;
  /** A seal as stored, revoked or not; null when there is none. */
  readSeal(id: string): Promise<Seal | null>;
  /**
   * Writes a seal's vendor, origins, expiry and update time, unless it is revoked: a revocation is
   * final, whatever write races it. False when the seal is revoked or missing.
   */
  updateSeal(seal: Seal): Promise<boolean>;
  /** Revokes a seal at `at` (ISO-8601), once: a revoked seal keeps its first time. The seal after, or null when there is none. */
  revokeSeal(id: string, at: string): Promise<Seal | null>;
  /** The newest catalogue version (import), or null before the first. */
  latestCatalogueVersion(): Promise<CatalogueVersion | null>;
  /**
   * Calls `listener` after every committed write, by this process or any other sharing the store
   * (within about a second). Returns the function that stops listening.
   */
  watchChanges(listener: ChangeListener): () => void;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
