// Writes to the embedded store: upserts one entity at a time, and a bulk mode for loading a large
// catalogue into an empty store (indexes dropped, rows appended, indexes rebuilt) inside the same
// transaction, so a failure still leaves the store exactly as it was. Runs inside a transaction the
// caller opened; never commits.

import type Database from 'better-sqlite3';
import { foldName, type Entity } from '../../domain/entity.js';
import { ChangeLog } from '../change-log.js';
import { sameEntity } from '../same-entity.js';
import type { WriteSummary } from '../store.js';
import { changedColumns, COLUMNS, INSERT_SQL, rowValues, toEntity, WRITTEN, type EntityRow } from './sqlite-rows.js';

/** An import into an empty store switches to bulk mode after this many rows. */
const BULK_AFTER_ROWS = 10_000;

interface SavedIndex {
  name: string;
  sql: string;
  unique: boolean;
}

export function prepareWriter(db: Database.Database) {
  const statements = {
    existing: db.prepare<[string, string], EntityRow>(`SELECT ${COLUMNS} FROM entities WHERE registry = ? AND name_key = ?`),
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
  };

  // SQLite rewrites every index that holds a column named in SET, whether or not its value changed:
  // an update names only the columns that did (a new score touches one index, a new date none).
  const updates = new Map<string, Database.Statement<unknown[]>>();
  function updateRow(existing: EntityRow, values: unknown[]): void {
    const changed = changedColumns(existing, values);
    if (changed.length === 0) return;
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

  /** Upserts `source` inside the open transaction; returns the summary and what it touched. */
  async function writeAll(source: AsyncIterable<Entity> | Iterable<Entity>): Promise<{ summary: WriteSummary; changes: ChangeLog }> {
    const summary: WriteSummary = { inserted: 0, updated: 0, unchanged: 0 };
    const changes = new ChangeLog();
    const registries = new Set<string>();
    const startedEmpty = statements.anyEntity.get() === undefined;
    let dropped: SavedIndex[] | null = null;
    let rows = 0;
    for await (const entity of source) {
      registries.add(entity.registry);
      if (dropped !== null) {
        appendRow(entity);
        summary.inserted++;
      } else {
        summary[upsert(entity, changes)]++;
        if (startedEmpty && ++rows === BULK_AFTER_ROWS) {
          dropped = dropIndexes();
          changes.markAll();
        }
      }
    }
    if (dropped !== null) rebuildIndexes(dropped, summary);
    for (const registry of registries) statements.addRegistry.run(registry);
    return { summary, changes };
  }

  function upsert(entity: Entity, changes: ChangeLog): keyof WriteSummary {
    const nameKey = foldName(entity.name);
    const existing = statements.existing.get(entity.registry, nameKey);
    const before = existing === undefined ? null : toEntity(existing);
    if (before !== null && sameEntity(before, entity)) return 'unchanged';
    changes.add(entity.registry, [entity.name, ...entity.aliases, ...(before?.aliases ?? [])]);
    const values = rowValues(entity, nameKey);
    if (existing === undefined) {
      addAliases(entity, Number(statements.insert.run(values).lastInsertRowid));
      return 'inserted';
    }
    updateRow(existing, values);
    if (existing.aliases !== values[WRITTEN.indexOf('aliases')]) {
      statements.clearAliases.run(existing.id);
      addAliases(entity, existing.id);
    }
    return 'updated';
  }

  function appendRow(entity: Entity): void {
    addAliases(entity, Number(statements.insert.run(rowValues(entity, foldName(entity.name))).lastInsertRowid));
  }

  /** Appending to a table and sorting once beats updating five b-trees row by row. */
  function dropIndexes(): SavedIndex[] {
    const saved = statements.indexes.all().map((i) => ({ ...i, unique: /^CREATE UNIQUE/i.test(i.sql) }));
    for (const index of saved) db.exec(`DROP INDEX "${index.name}"`);
    return saved;
  }

  function rebuildIndexes(saved: SavedIndex[], summary: WriteSummary): void {
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
    const row = statements.existing.get(registry.toLowerCase(), foldName(name));
    if (row === undefined) return null;
    statements.remove.run(row.id);
    if (statements.registryInUse.get(row.registry) === undefined) statements.removeRegistry.run(row.registry);
    const entity = toEntity(row);
    const changes = new ChangeLog();
    changes.add(entity.registry, [entity.name, ...entity.aliases]);
    return { entity, changes };
  }

  return { writeAll, remove };
}
