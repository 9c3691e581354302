// What the service needs of a score store; one implementation per engine sits beside it.
// Engines speak folded names (see foldName); nothing above this interface knows SQL.

import type { Entity } from '../domain/entity.js';

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

/** A write touching more entities than this is announced as `all`. */
export const MAX_LISTED_CHANGES = 10_000;

export interface Store {
  readonly engine: string;
  /** Folded names of every registry that holds at least one entity. */
  listRegistries(): Promise<ReadonlySet<string>>;
  findByName(registry: string, name: string): Promise<Entity | null>;
  /** Entities whose name or alias folds to `name`, at most `limit`, in a stable order. */
  findByBareName(name: string, limit: number): Promise<Entity[]>;
  /** Other entities of `entity`'s category, best score first. */
  findAlternatives(entity: Entity, limit: number): Promise<Entity[]>;
  /** Entities whose name, last name segment or alias starts with `prefix` (folded), best score first. */
  searchEntities(prefix: string, limit: number): Promise<Entity[]>;
  countEntities(): Promise<number>;
  /**
   * Upserts every entity of `source` by registry + name, all or nothing: if the source throws,
   * the store is left exactly as it was and the error propagates.
   */
  writeEntities(source: AsyncIterable<Entity> | Iterable<Entity>): Promise<WriteResult>;
  deleteEntity(registry: string, name: string): Promise<Entity | null>;
  /**
   * Calls `listener` after every committed write, by this process or any other sharing the store
   * (within about a second). Returns the function that stops listening.
   */
  watchChanges(listener: ChangeListener): () => void;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
