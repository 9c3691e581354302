// The PostgreSQL store's dependency sets (store.ts: saveSet, readSet, dropSetsBefore): named
// statements over the dependency_sets table. A set is written once; after that only the day it was last asked for moves.

import type pg from 'pg';

const SQL = {
  readSet: 'SELECT purls, requested_day < $2::date AS stale FROM dependency_sets WHERE id = $1',
  touchSet: 'UPDATE dependency_sets SET requested_day = $2::date WHERE id = $1 AND requested_day < $2::date',
  // Inserted, or (the same content stored before) only marked as asked for: both see one snapshot.
  saveSet: `WITH inserted AS (
      INSERT INTO dependency_sets (id, purls, created_at, requested_day) VALUES ($1, $2, now(), $3::date) ON CONFLICT (id) DO NOTHING RETURNING id),
    touched AS (UPDATE dependency_sets SET requested_day = $3::date WHERE id = $1 AND requested_day < $3::date RETURNING id)
    SELECT EXISTS (SELECT 1 FROM inserted) AS created`,
  dropSets: 'DELETE FROM dependency_sets WHERE requested_day < $1::date',
} as const;

const run = <T extends pg.QueryResultRow>(pool: pg.Pool, name: keyof typeof SQL, values: unknown[]) =>
  pool.query<T>({ name: `tb-${name}`, text: SQL[name], values });

export const postgresSets = {
  save: async (pool: pg.Pool, id: string, purls: readonly string[], today: string): Promise<boolean> =>
    (await run<{ created: boolean }>(pool, 'saveSet', [id, purls, today])).rows[0]!.created,
  read: async (pool: pg.Pool, id: string, today: string): Promise<string[] | null> => {
    const row = (await run<{ purls: string[]; stale: boolean }>(pool, 'readSet', [id, today])).rows[0];
    if (row === undefined) return null;
    // At most one write a set a day, whatever the traffic.
    if (row.stale) await run(pool, 'touchSet', [id, today]);
    return row.purls;
  },
  dropBefore: async (pool: pg.Pool, day: string): Promise<number> => (await run(pool, 'dropSets', [day])).rowCount ?? 0,
};
