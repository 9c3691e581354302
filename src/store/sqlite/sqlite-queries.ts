// The embedded store's read queries, each served by an index (test/store/sqlite-query-plans.test.ts
// asks SQLite for every plan and refuses a table scan). Prepared once per reader connection.

import type Database from 'better-sqlite3';
import { DIMENSIONS } from '../../domain/entity.js';
import { SEARCH_CANDIDATES } from '../store.js';
import { COLUMNS } from './sqlite-rows.js';

/** A search's matches of each kind (name, last segment, alias), in index order, at most `limit` each. */
const eachKind = (limit: number): string[] => [
  `SELECT id FROM entities WHERE name_key >= @low AND name_key < @high ORDER BY name_key, id LIMIT ${limit}`,
  `SELECT id FROM entities WHERE short_key >= @low AND short_key < @high ORDER BY short_key, id LIMIT ${limit}`,
  `SELECT entity_id AS id FROM aliases WHERE alias_key >= @low AND alias_key < @high ORDER BY alias_key, entity_id LIMIT ${limit}`,
];
/** The ids a search ranks: each kind's first SEARCH_CANDIDATES, once each. */
const CANDIDATES = eachKind(SEARCH_CANDIDATES).map((kind) => `SELECT id FROM (${kind})`).join(' UNION ');
/** One registry's names by prefix, from its (registry, name_key) index, at most `limit`. */
const inRegistry = (limit: number): string =>
  `SELECT id FROM entities WHERE registry = @registry AND name_key >= @low AND name_key < @high ORDER BY name_key LIMIT ${limit}`;

/** The keys a typo lookup asks for, bound as one JSON array (@keys). */
const KEYS = 'SELECT value FROM json_each(@keys)';
/** Entities with one of the keys as name, last segment or alias: each kind's first SEARCH_CANDIDATES, once each. */
const NEAR = [
  `SELECT id FROM entities WHERE name_key IN (${KEYS}) ORDER BY name_key, id LIMIT ${SEARCH_CANDIDATES}`,
  `SELECT id FROM entities WHERE short_key IN (${KEYS}) ORDER BY short_key, id LIMIT ${SEARCH_CANDIDATES}`,
  `SELECT entity_id AS id FROM aliases WHERE alias_key IN (${KEYS}) ORDER BY alias_key, entity_id LIMIT ${SEARCH_CANDIDATES}`,
].map((kind) => `SELECT id FROM (${kind})`).join(' UNION ');

/** The candidates ranked (the order SearchPosition in store.ts describes), after the keyset position of the page before. */
const RANKED_PAGE = `SELECT ${COLUMNS}, rank FROM (
      SELECT *, CASE WHEN name_key = @exact THEN 2 WHEN short_key = @exact THEN 1 ELSE 0 END AS rank
      FROM entities WHERE id IN candidates)
    WHERE @rank IS NULL OR rank < @rank OR (rank = @rank AND (score < @score
      OR (score = @score AND (registry > @registry_after OR (registry = @registry_after AND name_key > @name_after)))))
    ORDER BY rank DESC, score DESC, registry, name_key LIMIT @limit`;

export const READ_SQL = {
  byName: `SELECT ${COLUMNS} FROM entities WHERE registry = ? AND name_key = ?`,
  // Many by registry and name in one statement (a batch): each found row with its place in the JSON
  // array of [registry, folded name] pairs; one index probe a pair, no JavaScript call between them.
  byNames: `SELECT j.key, ${COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}
    FROM json_each(?) j JOIN entities e ON e.registry = j.value ->> 0 AND e.name_key = j.value ->> 1`,
  byBareName: `SELECT ${COLUMNS} FROM entities WHERE id IN (
      SELECT id FROM entities WHERE name_key = ?
      UNION SELECT entity_id FROM aliases WHERE alias_key = ?)
    ORDER BY registry, name_key LIMIT ?`,
  // Alternatives: the entity's registry in its category, then the whole category (store/alternatives.ts).
  sameRegistryAlternatives: `SELECT ${COLUMNS} FROM entities WHERE category = ? AND registry = ? AND name_key <> ?
    ORDER BY score DESC, name_key LIMIT ?`,
  alternatives: `SELECT ${COLUMNS} FROM entities WHERE category = ? AND NOT (registry = ? AND name_key = ?)
    ORDER BY score DESC, registry, name_key LIMIT ?`,
  // Search (store.ts: SearchPosition, SEARCH_CANDIDATES): the candidates of each kind in name order,
  // ranked, after the previous page's last row (@rank null: the first page).
  search: `WITH candidates(id) AS (${CANDIDATES}) ${RANKED_PAGE}`,
  searchCount: `SELECT count(*) AS total,
      max(${eachKind(SEARCH_CANDIDATES + 1).map((kind) => `(SELECT count(*) FROM (${kind}))`).join(', ')}) > ${SEARCH_CANDIDATES} AS more
    FROM (${CANDIDATES})`,
  // One registry's names from the (registry, name_key) index: a name prefix, not the last segment or aliases.
  searchInRegistry: `WITH candidates(id) AS (${inRegistry(SEARCH_CANDIDATES)}) ${RANKED_PAGE}`,
  searchInRegistryCount: `SELECT count(*) AS total, (SELECT count(*) FROM (${inRegistry(SEARCH_CANDIDATES + 1)})) > ${SEARCH_CANDIDATES} AS more
    FROM (${inRegistry(SEARCH_CANDIDATES)})`,
  // The typo fallback (store.ts: findByNameKeys): exact keys through the same indexes, best score first.
  byNameKeys: `SELECT ${COLUMNS} FROM entities WHERE id IN (${NEAR}) ORDER BY score DESC, registry, name_key LIMIT @limit`,
  byNameKeysInRegistry: `SELECT ${COLUMNS} FROM entities WHERE registry = @registry AND name_key IN (${KEYS})
    ORDER BY score DESC, name_key LIMIT @limit`,
  history: `SELECT h.day, h.updated_at, h.score, ${DIMENSIONS.map((d) => `h.${d}`).join(', ')}
    FROM entities e JOIN score_history h ON h.entity_id = e.id
    WHERE e.registry = ? AND e.name_key = ? AND h.day >= ? ORDER BY h.day`,
} as const;

/** A search's bound values: the folded prefix's range, the exact key, the page size and the position after. */
export interface SearchParams {
  low: string;
  high: string;
  exact: string;
  limit: number;
  rank: number | null;
  score: number | null;
  registry_after: string | null;
  name_after: string | null;
}

export function prepareReads(reader: Database.Database) {
  return {
    registries: reader.prepare<[], { name: string }>('SELECT name FROM registries'),
    // Entity rows come raw, as arrays in COLUMNS order, for rowFromValues (sqlite-rows.ts).
    byName: reader.prepare<[string, string], unknown[]>(READ_SQL.byName).raw(),
    byBareName: reader.prepare<[string, string, number], unknown[]>(READ_SQL.byBareName).raw(),
    byNames: reader.prepare<[string], unknown[]>(READ_SQL.byNames).raw(),
    sameRegistryAlternatives: reader.prepare<[string, string, string, number], unknown[]>(READ_SQL.sameRegistryAlternatives).raw(),
    alternatives: reader.prepare<[string, string, string, number], unknown[]>(READ_SQL.alternatives).raw(),
    search: reader.prepare<[SearchParams], unknown[]>(READ_SQL.search).raw(),
    searchCount: reader.prepare<[Pick<SearchParams, 'low' | 'high'>], { total: number; more: number }>(READ_SQL.searchCount),
    searchInRegistry: reader.prepare<[SearchParams & { registry: string }], unknown[]>(READ_SQL.searchInRegistry).raw(),
    searchInRegistryCount: reader.prepare<[Pick<SearchParams, 'low' | 'high'> & { registry: string }], { total: number; more: number }>(READ_SQL.searchInRegistryCount),
    byNameKeys: reader.prepare<[{ keys: string; limit: number }], unknown[]>(READ_SQL.byNameKeys).raw(),
    byNameKeysInRegistry: reader.prepare<[{ keys: string; limit: number; registry: string }], unknown[]>(READ_SQL.byNameKeysInRegistry).raw(),
    count: reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM entities'),
    // Points come raw: day, updated_at, score, then the dimensions in DIMENSIONS order.
    history: reader.prepare<[string, string, number], unknown[]>(READ_SQL.history).raw(),
    latestVersion: reader.prepare<[], { version: number; imported_at: string; inserted: number; updated: number; unchanged: number }>(
      'SELECT version, imported_at, inserted, updated, unchanged FROM catalogue_versions ORDER BY version DESC LIMIT 1',
    ),
    ping: reader.prepare('SELECT 1'),
  };
}
