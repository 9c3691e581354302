// The SQL that moves a staged import into the PostgreSQL store: a comparison of each staged entity
// with its stored row, a merge (INSERT … ON CONFLICT) of the rows that differ that counts what it
// inserted and updated, the history points and aliases that follow, and a bulk load for an empty
// store that drops the secondary indexes and rebuilds them once. All run inside the caller's transaction.

import type { PoolClient } from 'pg';
import { DIMENSIONS } from '../../domain/entity.js';
import { ChangeLog } from '../change-log.js';
import type { WriteSummary } from '../store.js';
import { WRITTEN_COLUMNS } from './postgres-rows.js';

/** Memory the database may use for this transaction's index builds (server side, not ours). */
const BULK_MAINTENANCE_MEM = '256MB';

const COMPARED = WRITTEN_COLUMNS.filter((c) => !['registry', 'name_key', 'short_key', 'alias_keys'].includes(c));
const COLUMN_LIST = WRITTEN_COLUMNS.join(', ');
// A repeated entity keeps its last line, as row-by-row upserts would.
const lastLinePerEntity = (columns: string) => `SELECT DISTINCT ON (registry, name_key) ${columns} FROM staging ORDER BY registry, name_key, line DESC`;
const DIMENSION_COLUMNS_DDL = DIMENSIONS.map((d) => `${d} double precision`).join(', ');
/** An ON CONFLICT … DO UPDATE that writes `columns` as the row proposed for insertion has them. */
const setFromExcluded = (columns: readonly string[]) => columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ');

export const STAGING_SQL = `CREATE TEMP TABLE staging (
    line integer NOT NULL, registry text COLLATE "C" NOT NULL, name text NOT NULL, name_key text COLLATE "C" NOT NULL,
    short_key text COLLATE "C" NOT NULL, category text COLLATE "C" NOT NULL, score double precision NOT NULL,
    ${DIMENSION_COLUMNS_DDL},
    description text, author text, source_url text, aliases text[], alias_keys text[] COLLATE "C", updated_at timestamptz NOT NULL
  ) ON COMMIT DROP`;

const SCORED = ['score', ...DIMENSIONS];
/** A history point's columns beside its entity and day, as named in entities, staging and score_history alike. */
const POINT = ['updated_at', ...SCORED];
const POINT_COLUMNS = POINT.join(', ');
/** The UTC day of a timestamp column: a point's day. */
const pointDay = (column: string) => `(${column} AT TIME ZONE 'UTC')::date`;
const differs = (columns: readonly string[]) => `e.id IS NULL OR (${columns.map((c) => `e.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `s.${c}`).join(', ')})`;

// Each staged entity (its last line) beside the stored row it names, read in one join: whether the
// write changes the row at all, and its score or a dimension, and the stored date (history only moves
// forward). The merge then writes only the rows that differ: an unchanged row is never locked or
// dirtied, and the history points need no second look at the stored rows.
const INCOMING_SQL = `CREATE TEMP TABLE incoming ON COMMIT DROP AS
  SELECT s.line, ${WRITTEN_COLUMNS.map((c) => `s.${c}`).join(', ')}, e.id AS stored_id, e.updated_at AS stored_updated_at,
    ${differs(COMPARED)} AS differs, ${differs(SCORED)} AS rescored,
    e.id IS NOT NULL AND e.alias_keys IS DISTINCT FROM s.alias_keys AS realiased
  FROM (${lastLinePerEntity('*')}) s
  LEFT JOIN entities e ON e.registry = s.registry AND e.name_key = s.name_key
  ORDER BY s.registry, s.name_key`;

// The DO UPDATE's own test stays: writers are serialised (lockWrites), so it holds for every row sent.
const MERGE_SQL = `WITH merged AS (
    INSERT INTO entities (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM incoming WHERE differs
    ON CONFLICT (registry, name_key) DO UPDATE SET ${setFromExcluded(WRITTEN_COLUMNS.filter((c) => c !== 'registry' && c !== 'name_key'))}
      WHERE (${COMPARED.map((c) => `entities.${c}`).join(', ')}) IS DISTINCT FROM (${COMPARED.map((c) => `EXCLUDED.${c}`).join(', ')})
    RETURNING id, registry, name_key, alias_keys, (xmax = 0) AS inserted, ${POINT_COLUMNS}
  ), kept AS (
    INSERT INTO touched SELECT * FROM merged RETURNING inserted
  )
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM kept`;

export interface MergeCounts {
  /** Distinct entities staged. */
  entities: number;
  inserted: number;
  updated: number;
}

/** Pairs each staged entity with its stored row (the `incoming` table); answers how many entities were staged. */
export async function compareStaged(client: PoolClient): Promise<number> {
  await client.query('ANALYZE staging');
  return (await client.query(INCOMING_SQL)).rowCount ?? 0;
}

/** Merges the compared entities into a store that may hold some of them; lists the keys when few. */
export async function mergeStaged(client: PoolClient, entities: number, listLimit: number): Promise<{ counts: MergeCounts; changes: ChangeLog }> {
  await client.query(`CREATE TEMP TABLE touched (id bigint, registry text COLLATE "C", name_key text COLLATE "C",
    alias_keys text[] COLLATE "C", inserted boolean, updated_at timestamptz, score double precision, ${DIMENSION_COLUMNS_DDL}) ON COMMIT DROP`);
  const written = (await client.query<Omit<MergeCounts, 'entities'>>(MERGE_SQL)).rows[0]!;
  const counts = { entities, ...written };
  const touched = counts.inserted + counts.updated;
  const listed = touched <= listLimit;
  // Aliases move only where the entity's list changed: the ones it dropped go, the new ones come.
  const oldAliases = await client.query<{ registry: string; alias_key: string }>(
    `DELETE FROM aliases a USING incoming i WHERE i.realiased AND a.entity_id = i.stored_id
       AND NOT (a.alias_key = ANY (coalesce(i.alias_keys, '{}')))${listed ? ' RETURNING i.registry, a.alias_key' : ''}`,
  );
  await client.query(
    `INSERT INTO aliases (alias_key, entity_id)
       SELECT unnest(alias_keys), id FROM touched WHERE inserted AND alias_keys IS NOT NULL
       UNION SELECT unnest(alias_keys), stored_id FROM incoming WHERE realiased AND alias_keys IS NOT NULL
     ON CONFLICT DO NOTHING`,
  );
  const changes = new ChangeLog();
  if (!listed) changes.markAll();
  else if (touched > 0) {
    const rows = await client.query<{ registry: string; name_key: string; alias_keys: string[] | null }>('SELECT registry, name_key, alias_keys FROM touched');
    for (const row of rows.rows) changes.addKeys(row.registry, [row.name_key, ...(row.alias_keys ?? [])]);
    for (const row of oldAliases.rows) changes.addKeys(row.registry, [row.alias_key]);
  }
  return { counts, changes };
}

/**
 * Loads the staged entities into an empty store. Inserting into a table and then building each
 * index with one sort is about twice as fast as maintaining every b-tree row by row. Dropping the
 * indexes locks `entities` until commit: readers wait, but an empty store had nothing to show them.
 */
export async function bulkLoadStaged(client: PoolClient): Promise<MergeCounts> {
  await client.query(`SET LOCAL maintenance_work_mem = '${BULK_MAINTENANCE_MEM}'`);
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = 'entities'::regclass AND NOT x.indisprimary`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${quoteName(index.name)}`);
  const inserted = (await client.query(`INSERT INTO entities (${COLUMN_LIST}) ${lastLinePerEntity(COLUMN_LIST)}`)).rowCount ?? 0;
  for (const index of indexes) await client.query(index.definition);
  await client.query('INSERT INTO aliases (alias_key, entity_id) SELECT DISTINCT unnest(alias_keys), id FROM entities WHERE alias_keys IS NOT NULL');
  // Fresh statistics, so the first queries after the load are planned for a million rows, not none.
  await client.query('ANALYZE entities, aliases');
  return { entities: inserted, inserted, updated: 0 };
}

/**
 * The summary row-by-row upserts would give when an import names some entity more than once: the
 * first line of each entity against the stored row (when `againstStored`; else the store was empty),
 * each later line against the line before it. Run only when repeats exist, before the merge.
 */
export async function countSequentially(client: PoolClient, againstStored: boolean): Promise<WriteSummary> {
  const staged = `ROW(${COMPARED.map((c) => `s.${c}`).join(', ')})`;
  const stored = `ROW(${COMPARED.map((c) => `e.${c}`).join(', ')})`;
  const { rows } = await client.query<WriteSummary>(
    `SELECT count(*) FILTER (WHERE n = 1 AND stored_id IS NULL)::int AS inserted,
       count(*) FILTER (WHERE NOT same AND NOT (n = 1 AND stored_id IS NULL))::int AS updated,
       count(*) FILTER (WHERE same)::int AS unchanged
     FROM (
       SELECT n, stored_id,
         CASE WHEN n = 1 THEN ${againstStored ? 'stored_id IS NOT NULL AND stored IS NOT DISTINCT FROM this' : 'false'} ELSE previous IS NOT DISTINCT FROM this END AS same
       FROM (
         SELECT row_number() OVER w AS n, ${staged} AS this, lag(${staged}) OVER w AS previous,
           ${againstStored ? `e.id AS stored_id, ${stored} AS stored` : 'NULL::bigint AS stored_id'}
         FROM staging s ${againstStored ? 'LEFT JOIN entities e ON e.registry = s.registry AND e.name_key = s.name_key' : ''}
         WINDOW w AS (PARTITION BY s.registry, s.name_key ORDER BY s.line)
       ) lines
     ) classified`,
  );
  return rows[0]!;
}

/**
 * The first staged line whose `updated_at` is earlier than its entity's stored one (history only
 * moves forward), or null. Before the merge, against the store as it was: each entity's compared
 * row holds its stored date, and when the import names an entity more than once every line is read.
 */
export async function findStaleLine(client: PoolClient, repeated: boolean): Promise<{ line: number; registry: string; name: string; stored: string; given: string } | null> {
  const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const { rows } = await client.query<{ line: number; registry: string; name: string; stored: string; given: string }>(
    repeated
      ? `SELECT s.line, s.registry, s.name, ${iso('e.updated_at')} AS stored, ${iso('s.updated_at')} AS given
           FROM staging s JOIN entities e ON e.registry = s.registry AND e.name_key = s.name_key
          WHERE s.updated_at < e.updated_at ORDER BY s.line LIMIT 1`
      : `SELECT line, registry, name, ${iso('stored_updated_at')} AS stored, ${iso('updated_at')} AS given
           FROM incoming WHERE updated_at < stored_updated_at ORDER BY line LIMIT 1`,
  );
  return rows[0] ?? null;
}

/**
 * After a merge: a history point for each entity whose score or a dimension the write changed, or
 * that it added (the day's last write winning); then that entity's points past retention go, but
 * never the one just written (its newest: history only moves forward). As the embedded store does.
 */
export async function recordHistory(client: PoolClient, retentionDays: number): Promise<void> {
  await client.query(
    `INSERT INTO score_history (entity_id, day, ${POINT_COLUMNS})
       SELECT stored_id, ${pointDay('updated_at')}, ${POINT_COLUMNS} FROM incoming WHERE rescored AND stored_id IS NOT NULL
       UNION ALL
       SELECT id, ${pointDay('updated_at')}, ${POINT_COLUMNS} FROM touched WHERE inserted
     ON CONFLICT (entity_id, day) DO UPDATE SET ${setFromExcluded(POINT)}`,
  );
  await client.query(
    `DELETE FROM score_history h USING incoming i
      WHERE i.rescored AND h.entity_id = i.stored_id AND h.day < current_date - $1::integer AND h.day <> ${pointDay('i.updated_at')}`,
    [retentionDays],
  );
}

/** After a bulk load into an empty store: each entity's history is its one current point. */
export async function seedHistory(client: PoolClient): Promise<void> {
  await client.query(`INSERT INTO score_history (entity_id, day, ${POINT_COLUMNS}) SELECT id, ${pointDay('updated_at')}, ${POINT_COLUMNS} FROM entities`);
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
