// The PostgreSQL store's reads, as named statements: lookups by name and bare name, alternatives,
// search and its typo fallback, history and the catalogue version. Text only; postgres-store.ts runs them.

import { DIMENSIONS } from '../../domain/entity.js';
import { SEARCH_CANDIDATES } from '../store.js';
import { PG_COLUMNS } from './postgres-rows.js';

/**
 * A search's matches of each kind (name, last segment, alias), in index order, at most `limit`
 * each: ordered scans stop at the limit (unordered, PostgreSQL read broad prefixes whole).
 */
const pgEachKind = (limit: number): string[] => [
  `SELECT id FROM entities WHERE name_key >= $1 AND name_key < $2 ORDER BY name_key LIMIT ${limit}`,
  `SELECT id FROM entities WHERE short_key >= $1 AND short_key < $2 ORDER BY short_key LIMIT ${limit}`,
  `SELECT entity_id AS id FROM aliases WHERE alias_key >= $1 AND alias_key < $2 ORDER BY alias_key, entity_id LIMIT ${limit}`,
];
/** The ids a search ranks: each kind's first SEARCH_CANDIDATES, once each. */
const PG_CANDIDATES = pgEachKind(SEARCH_CANDIDATES).map((kind, i) => `SELECT id FROM (${kind}) k${i}`).join(' UNION ');
/** One registry's names by prefix, from its (registry, name_key) index; the registry is parameter `$n`. */
const pgInRegistry = (n: number, limit: number): string =>
  `SELECT id FROM entities WHERE registry = $${n} AND name_key >= $1 AND name_key < $2 ORDER BY name_key LIMIT ${limit}`;

/** Entities with one of the keys ($1) as name, last segment or alias: each kind's first SEARCH_CANDIDATES, once each. */
const PG_NEAR = [
  `SELECT id FROM entities WHERE name_key = ANY($1::text[]) ORDER BY name_key LIMIT ${SEARCH_CANDIDATES}`,
  `SELECT id FROM entities WHERE short_key = ANY($1::text[]) ORDER BY short_key LIMIT ${SEARCH_CANDIDATES}`,
  `SELECT entity_id AS id FROM aliases WHERE alias_key = ANY($1::text[]) ORDER BY alias_key, entity_id LIMIT ${SEARCH_CANDIDATES}`,
].map((kind, i) => `SELECT id FROM (${kind}) n${i}`).join(' UNION ');

/** The candidates ranked (the order SearchPosition in store.ts describes), after the page before's last row. */
const PG_RANKED_PAGE = `SELECT ${PG_COLUMNS} FROM (
      SELECT *, CASE WHEN name_key = $3 THEN 2 WHEN short_key = $3 THEN 1 ELSE 0 END AS rank
      FROM entities WHERE id IN (SELECT id FROM candidates)) ranked
    WHERE $5::int IS NULL OR rank < $5 OR (rank = $5 AND (score < $6::double precision
      OR (score = $6::double precision AND (registry > $7::text OR (registry = $7::text AND name_key > $8::text)))))
    ORDER BY rank DESC, score DESC, registry, name_key LIMIT $4`;


export const SQL = {
  registries: 'SELECT name FROM registries',
  byName: `SELECT ${PG_COLUMNS} FROM entities WHERE registry = $1 AND name_key = $2`,
  // Many by registry and name at once ($1 registries, $2 folded names): each answer with its place in the list.
  byNames: `SELECT k.i::int AS asked, ${PG_COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}
    FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(registry, name_key, i)
    JOIN entities e ON e.registry = k.registry AND e.name_key = k.name_key`,
  byBareName: `SELECT ${PG_COLUMNS} FROM entities WHERE id IN (
      SELECT id FROM entities WHERE name_key = $1 UNION SELECT entity_id FROM aliases WHERE alias_key = $1)
    ORDER BY registry, name_key LIMIT $2`,
  // Both lists in one round trip: the entity's registry in its category (same_registry), then the
  // whole category; merged by store/alternatives.ts. Both read the (category, registry, score) index:
  // the whole category's best are among each registry's best, so the second list takes the first $4
  // of every registry (a few rows each) and orders those. A second index led by (category, score)
  // would be rewritten by every changed score of an import (migration 7).
  alternatives: `(SELECT ${PG_COLUMNS}, true AS same_registry FROM entities WHERE category = $1 AND registry = $2 AND name_key <> $3
      ORDER BY score DESC, name_key LIMIT $4)
    UNION ALL
    (SELECT ${PG_COLUMNS.split(', ').map((c) => `best.${c}`).join(', ')}, false FROM registries r CROSS JOIN LATERAL (
        SELECT ${PG_COLUMNS}, name_key FROM entities e WHERE e.category = $1 AND e.registry = r.name AND NOT (e.registry = $2 AND e.name_key = $3)
        ORDER BY e.score DESC, e.name_key LIMIT $4) best
      ORDER BY best.score DESC, best.registry, best.name_key LIMIT $4)`,
  // Search (store.ts: SearchPosition, SEARCH_CANDIDATES), as in sqlite-queries.ts: $1 low, $2 high,
  // $3 exact, $4 limit, $5–$8 the position after (null: the first page), $9 the registry.
  search: `WITH candidates AS (${PG_CANDIDATES}) ${PG_RANKED_PAGE}`,
  searchCount: `SELECT count(*)::int AS total,
      GREATEST(${pgEachKind(SEARCH_CANDIDATES + 1).map((kind, i) => `(SELECT count(*) FROM (${kind}) k${i})`).join(', ')}) > ${SEARCH_CANDIDATES} AS more
    FROM (${PG_CANDIDATES}) c`,
  // One registry's names from the (registry, name_key) index: a name prefix, not the last segment or aliases.
  searchInRegistry: `WITH candidates AS (${pgInRegistry(9, SEARCH_CANDIDATES)}) ${PG_RANKED_PAGE}`,
  searchInRegistryCount: `SELECT count(*)::int AS total, (SELECT count(*) FROM (${pgInRegistry(3, SEARCH_CANDIDATES + 1)}) r) > ${SEARCH_CANDIDATES} AS more
    FROM (${pgInRegistry(3, SEARCH_CANDIDATES)}) c`,
  // The typo fallback (store.ts: findByNameKeys), as in sqlite-queries.ts: $1 the keys, $2 limit, $3 the registry.
  byNameKeys: `SELECT ${PG_COLUMNS} FROM entities WHERE id IN (${PG_NEAR}) ORDER BY score DESC, registry, name_key LIMIT $2`,
  byNameKeysInRegistry: `SELECT ${PG_COLUMNS} FROM entities WHERE registry = $3 AND name_key = ANY($1::text[])
    ORDER BY score DESC, name_key LIMIT $2`,
  history: `SELECT to_char(h.day, 'YYYY-MM-DD') AS day, to_char(h.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at,
      h.score, ${DIMENSIONS.map((d) => `h.${d}`).join(', ')}
    FROM entities e JOIN score_history h ON h.entity_id = e.id
    WHERE e.registry = $1 AND e.name_key = $2 AND h.day >= $3::date ORDER BY h.day`,
  latestVersion: `SELECT version::int AS version, to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS imported_at,
      inserted, updated, unchanged FROM catalogue_versions ORDER BY version DESC LIMIT 1`,
} as const;
