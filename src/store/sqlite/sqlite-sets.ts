// The SQLite store's dependency sets (store.ts: saveSet, readSet, dropSetsBefore): prepared statements
// over dependency_sets, days counted from 1970-01-01. Writes run on the writer connection, under the caller's lock.

import type Database from 'better-sqlite3';

export function prepareSets(reader: Database.Database, writer: Database.Database) {
  // Stored once (the id is the content's hash), then only the day last asked for moves.
  const insert = writer.prepare<[string, string, string, number]>('INSERT INTO dependency_sets (id, purls, created_at, requested_day) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const touch = writer.prepare<[number, string, number]>('UPDATE dependency_sets SET requested_day = ? WHERE id = ? AND requested_day < ?');
  const drop = writer.prepare<[number]>('DELETE FROM dependency_sets WHERE requested_day < ?');
  const select = reader.prepare<[string], { purls: string; requested_day: number }>('SELECT purls, requested_day FROM dependency_sets WHERE id = ?');
  return {
    /** True when the set is new; an existing one is only marked as asked for on `day`. */
    save: (id: string, purls: readonly string[], day: number): boolean => {
      const created = insert.run(id, JSON.stringify(purls), new Date().toISOString(), day).changes === 1;
      if (!created) touch.run(day, id, day);
      return created;
    },
    read: (id: string): { purls: string[]; requestedDay: number } | null => {
      const row = select.get(id);
      return row === undefined ? null : { purls: JSON.parse(row.purls) as string[], requestedDay: row.requested_day };
    },
    touch: (id: string, day: number): void => void touch.run(day, id, day),
    dropBefore: (day: number): number => drop.run(day).changes,
  };
}
