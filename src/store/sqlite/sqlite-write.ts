// Writes to the embedded store: upserts one entity at a time, and a bulk mode for loading a large
// catalogue into an empty store (indexes dropped, rows appended, indexes rebuilt) inside the same
// transaction, so a failure still leaves the store exactly as it was; a write that changes many
// scores of a full store rebuilds the score indexes the same way. Score history moves with the
// rows: a point when the score or a dimension changes (one per day), none otherwise, and a write
// dated before the stored one is refused. Runs inside a transaction the caller opened; never commits.

import type Database from 'better-sqlite3';
import { DIMENSIONS, foldName, type Entity } from '../../domain/entity.js';
import { toIsoSeconds } from '../../domain/entity-record.js';
import { dayNumber } from '../../domain/history.js';
import { ChangeLog } from '../change-log.js';
import { sameEntity } from '../same-entity.js';
import { StaleWriteError, type WriteOptions, type WriteSummary } from '../store.js';
import { changedColumns, COLUMN_NAMES, COLUMNS, INSERT_SQL, rowFromValues, rowValues, toEntity, WRITTEN, type EntityRow } from './sqlite-rows.js';

/** An import into an empty store switches to bulk mode after this many rows. */
const BULK_AFTER_ROWS = 10_000;
/**
 * A write that changes this share of a store's scores (and at least BULK_AFTER_ROWS) drops the
 * indexes that hold the score and rebuilds each with one sort at the end: a changed score moves
 * its entry to a random place of each, and past this share the sorts cost less than the moves.
 */
const SCORE_REINDEX_SHARE = 0.1;
/**
 * The share is projected from the rows seen, checked every REINDEX_CHECK_EVERY rows once
 * REINDEX_SAMPLE_ROWS have been: a snapshot that will change a tenth of the scores rebuilds
 * early instead of paying the moves until it has. A write whose changes all come first may
 * rebuild for nothing (one rebuild, 3-4 s at 1.8 M entities).
 */
const REINDEX_SAMPLE_ROWS = BULK_AFTER_ROWS;
const REINDEX_CHECK_EVERY = 1_000;
/**
 * The page cache while indexes are built (negative: KiB). SQLite's sorter keeps up to a cache's
 * worth of keys in memory per sorting thread before it spills a sorted run to a temporary file:
 * with the connection's 16 MiB and two helper threads, a rebuild added 45 MB to an import's peak.
 */
const SORT_CACHE_SIZE = -4096;

interface SavedIndex {
  name: string;
  sql: string;
  unique: boolean;
}

const DIMENSION_COLUMNS = DIMENSIONS.join(', ');
/** Positions in rowValues() of the score and the dimensions: only those make history. */
const SCORED = new Set((['score', ...DIMENSIONS] as const).map((column) => WRITTEN.indexOf(column)));
const ALIASES = WRITTEN.indexOf('aliases');
/** Positions in a row read by `existing` or `byId`: COLUMN_NAMES, then name_key. */
const REGISTRY = COLUMN_NAMES.indexOf('registry');
const NAME_KEY = COLUMN_NAMES.length;

export function prepareWriter(db: Database.Database, options: { historyRetentionDays: number }) {
  const statements = {
    addPoint: db.prepare<unknown[]>(
      `INSERT INTO score_history (entity_id, day, updated_at, score, ${DIMENSION_COLUMNS}) VALUES (?, ?, ?, ?, ${DIMENSIONS.map(() => '?').join(', ')})
       ON CONFLICT (entity_id, day) DO UPDATE SET updated_at = excluded.updated_at, score = excluded.score, ${DIMENSIONS.map((d) => `${d} = excluded.${d}`).join(', ')}`,
    ),
    prunePoints: db.prepare<[number, number, number]>('DELETE FROM score_history WHERE entity_id = ? AND day < ? AND day <> ?'),
    addVersion: db.prepare<[string, number, number, number]>('INSERT INTO catalogue_versions (imported_at, inserted, updated, unchanged) VALUES (?, ?, ?, ?)'),
    existing: db.prepare<[string, string], unknown[]>(`SELECT ${COLUMNS}, name_key FROM entities WHERE registry = ? AND name_key = ?`).raw(),
    // The row after the last one written: where the next entity is when the file keeps the last one's order.
    byId: db.prepare<[number], unknown[]>(`SELECT ${COLUMNS}, name_key FROM entities WHERE id = ?`).raw(),
    insert: db.prepare<unknown[]>(INSERT_SQL),
    clearAliases: db.prepare<[number]>('DELETE FROM aliases WHERE entity_id = ?'),
    addAlias: db.prepare<[string, number]>('INSERT OR IGNORE INTO aliases (alias_key, entity_id) VALUES (?, ?)'),
    addRegistry: db.prepare<[string]>('INSERT OR IGNORE INTO registries (name) VALUES (?)'),
    remove: db.prepare<[number]>('DELETE FROM entities WHERE id = ?'),
    registryInUse: db.prepare<[string]>('SELECT 1 FROM entities WHERE registry = ? LIMIT 1'),
    removeRegistry: db.prepare<[string]>('DELETE FROM registries WHERE name = ?'),
    anyEntity: db.prepare<[], { one: number }>('SELECT 1 AS one FROM entities LIMIT 1'),
    indexes: db.prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('entities', 'aliases') AND sql IS NOT NULL",
    ),
    scoreIndexes: db.prepare<[], { name: string; sql: string }>(
      `SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name = 'entities' AND m.sql IS NOT NULL
         AND EXISTS (SELECT 1 FROM pragma_index_info(m.name) c WHERE c.name IN ('score', ${DIMENSIONS.map((d) => `'${d}'`).join(', ')}))`,
    ),
    storedRows: db.prepare<[], { n: number | null }>('SELECT max(id) AS n FROM entities'),
  };

  // SQLite rewrites every index that holds a column named in SET, whether or not its value changed:
  // an update names only the columns that did (a new score touches one index, a new date none).
  const updates = new Map<string, Database.Statement<unknown[]>>();
  function updateRow(existing: EntityRow, changed: number[], values: unknown[]): void {
    const key = changed.join(',');
    let statement = updates.get(key);
    if (statement === undefined) {
      statement = db.prepare<unknown[]>(`UPDATE entities SET ${changed.map((i) => `${WRITTEN[i]} = ?`).join(', ')} WHERE id = ?`);
      updates.set(key, statement);
    }
    statement.run([...changed.map((i) => values[i]), existing.id]);
  }

  function addAliases(entity: Entity, id: number): void {
    for (const alias of entity.aliases) statements.addAlias.run(foldName(alias), id);
  }

  /** The entity's score now is a point of its history; older points past retention go (its newest stays). */
  function addPoint(entity: Entity, id: number): void {
    // updated_at is ISO-8601 UTC: its first ten characters are its day.
    const day = dayNumber(entity.updatedAt.slice(0, 10));
    statements.addPoint.run([id, day, entity.updatedAt, entity.score, ...DIMENSIONS.map((d) => entity.dimensions[d] ?? null)]);
    statements.prunePoints.run(id, dayNumber(new Date().toISOString().slice(0, 10)) - options.historyRetentionDays, day);
  }

  /** Upserts `source` inside the open transaction; returns the summary and what it touched. */
  async function writeAll(source: AsyncIterable<Entity> | Iterable<Entity>, writeOptions: WriteOptions = {}): Promise<{ summary: WriteSummary; changes: ChangeLog }> {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0 };
    const changes = new ChangeLog();
    const registries = new Set<string>();
    const startedEmpty = statements.anyEntity.get() === undefined;
    let dropped: SavedIndex[] | null = null;
    let scoreIndexesDropped: SavedIndex[] | null = null;
    let storedRows: number | null = null;
    scoreIndexWrites = 0;
    nextId = 1;
    let rows = 0;
    let position = 0;
    for await (const entity of source) {
      position++;
      registries.add(entity.registry);
      if (dropped !== null) {
        appendRow(entity);
        summary.inserted++;
      } else {
        summary[upsert(entity, changes, position)]++;
        if (startedEmpty && ++rows === BULK_AFTER_ROWS) {
          dropped = dropIndexes(statements.indexes.all());
          changes.markAll();
        } else if (position >= REINDEX_SAMPLE_ROWS && position % REINDEX_CHECK_EVERY === 0 && scoreIndexesDropped === null && !startedEmpty) {
          // Asked only of large writes: a single-entity write never counts the store.
          storedRows ??= statements.storedRows.get()?.n ?? 0;
          const threshold = Math.max(BULK_AFTER_ROWS, storedRows * SCORE_REINDEX_SHARE);
          // The changes so far, projected over the store at the rate seen: past the threshold,
          // the rebuild is cheaper than the moves still to come.
          if (scoreIndexWrites >= threshold || (scoreIndexWrites / position) * storedRows >= threshold) {
            scoreIndexesDropped = dropIndexes(statements.scoreIndexes.all());
          }
        }
      }
    }
    if (scoreIndexesDropped !== null) rebuildIndexes(scoreIndexesDropped, summary);
    if (dropped !== null) {
      rebuildIndexes(dropped, summary);
      // The store was empty: each entity's history is its one current point, written in one pass.
      db.exec(`DELETE FROM score_history;
        INSERT INTO score_history SELECT id, CAST(unixepoch(updated_at) / 86400 AS INTEGER), updated_at, score, ${DIMENSION_COLUMNS} FROM entities`);
    }
    for (const registry of registries) statements.addRegistry.run(registry);
    if (writeOptions.importedAt !== undefined) {
      statements.addVersion.run(toIsoSeconds(writeOptions.importedAt), summary.inserted, summary.updated, summary.unchanged);
    }
    return { summary, changes };
  }

  /** Rows this write inserted or whose score it changed: each moved an entry of every score index. */
  let scoreIndexWrites = 0;
  /**
   * Where the next entity's row is if the source keeps the order of the write that inserted them
   * (a catalogue exported the same way each time): read by id, next to the last row, instead of
   * probing the name index at a random place; checked by registry and name, else looked up.
   */
  let nextId = 1;

  function upsert(entity: Entity, changes: ChangeLog, position: number): keyof WriteSummary {
    const nameKey = foldName(entity.name);
    const guess = statements.byId.get(nextId);
    const found = guess !== undefined && guess[REGISTRY] === entity.registry && guess[NAME_KEY] === nameKey ? guess : statements.existing.get(entity.registry, nameKey);
    const values = rowValues(entity, nameKey);
    if (found === undefined) {
      changes.add(entity.registry, [entity.name, ...entity.aliases]);
      const id = Number(statements.insert.run(values).lastInsertRowid);
      nextId = id + 1;
      addAliases(entity, id);
      addPoint(entity, id);
      scoreIndexWrites++;
      return 'inserted';
    }
    const existing = rowFromValues(found);
    nextId = existing.id + 1;
    // ISO-8601 UTC at whole seconds (toIsoSeconds) compares as text.
    if (entity.updatedAt < existing.updated_at) {
      throw new StaleWriteError(entity.registry, entity.name, existing.updated_at, entity.updatedAt, position);
    }
    // The stored values compared column by column: what differs is what the update writes.
    const changed = changedColumns(existing, values);
    if (changed.length === 0) return 'unchanged';
    const aliasesChanged = existing.aliases !== values[ALIASES];
    changes.add(entity.registry, [entity.name, ...entity.aliases, ...(aliasesChanged ? toEntity(existing).aliases : [])]);
    updateRow(existing, changed, values);
    if (changed.some((i) => SCORED.has(i))) {
      addPoint(entity, existing.id);
      scoreIndexWrites++;
    }
    if (aliasesChanged) {
      statements.clearAliases.run(existing.id);
      addAliases(entity, existing.id);
    }
    return 'updated';
  }

  function appendRow(entity: Entity): void {
    addAliases(entity, Number(statements.insert.run(rowValues(entity, foldName(entity.name))).lastInsertRowid));
  }

  /** Appending to a table and sorting once beats updating five b-trees row by row. */
  function dropIndexes(indexes: { name: string; sql: string }[]): SavedIndex[] {
    const saved = indexes.map((i) => ({ ...i, unique: /^CREATE UNIQUE/i.test(i.sql) }));
    for (const index of saved) db.exec(`DROP INDEX "${index.name}"`);
    return saved;
  }

  function rebuildIndexes(saved: SavedIndex[], summary: WriteSummary): void {
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = ${SORT_CACHE_SIZE}`);
    try {
      buildIndexes(saved, summary);
    } finally {
      db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  function buildIndexes(saved: SavedIndex[], summary: WriteSummary): void {
    for (const index of saved.filter((i) => !i.unique)) db.exec(index.sql);
    for (const index of saved.filter((i) => i.unique)) {
      try {
        db.exec(index.sql);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        foldRepeats(summary);
        db.exec(index.sql);
      }
    }
  }

  /**
   * The file named some entity more than once: keep its last line, as row-by-row upserts would,
   * and count the earlier ones the same way (the first inserted, each later one updated or unchanged).
   */
  function foldRepeats(summary: WriteSummary): void {
    const repeated = db
      .prepare<[], EntityRow & { name_key: string }>(
        `SELECT ${COLUMNS}, name_key FROM entities WHERE (registry, name_key) IN
           (SELECT registry, name_key FROM entities GROUP BY registry, name_key HAVING count(*) > 1)
         ORDER BY registry, name_key, id`,
      )
      .all();
    for (let i = 1; i < repeated.length; i++) {
      const previous = repeated[i - 1]!;
      const row = repeated[i]!;
      if (previous.registry !== row.registry || previous.name_key !== row.name_key) continue;
      summary.inserted--;
      summary[sameEntity(toEntity(previous), toEntity(row)) ? 'unchanged' : 'updated']++;
      statements.remove.run(previous.id);
    }
  }

  /** Deletes one entity inside the open transaction; null when there is none. */
  function remove(registry: string, name: string): { entity: Entity; changes: ChangeLog } | null {
    const found = statements.existing.get(registry.toLowerCase(), foldName(name));
    if (found === undefined) return null;
    const row = rowFromValues(found);
    statements.remove.run(row.id);
    if (statements.registryInUse.get(row.registry) === undefined) statements.removeRegistry.run(row.registry);
    const entity = toEntity(row);
    const changes = new ChangeLog();
    changes.add(entity.registry, [entity.name, ...entity.aliases]);
    return { entity, changes };
  }

  return { writeAll, remove };
}

