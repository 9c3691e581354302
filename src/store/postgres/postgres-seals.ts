// The PostgreSQL store's seals (store.ts: insertSeal … revokeSeal): named statements over the seals
// table and the row ↔ Seal mapping; times go in and come back as ISO-8601 UTC, whole seconds.

import type pg from 'pg';
import type { Seal } from '../../domain/seal.js';

const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${column}`;
const COLUMNS = `id, registry, name, vendor, origins, ${['created_at', 'updated_at', 'expires_at', 'revoked_at'].map(iso).join(', ')}`;

const SQL = {
  insert: `INSERT INTO seals (id, registry, name, vendor, origins, created_at, updated_at, expires_at, revoked_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  read: `SELECT ${COLUMNS} FROM seals WHERE id = $1`,
  update: 'UPDATE seals SET vendor = $2, origins = $3, updated_at = $4, expires_at = $5 WHERE id = $1 AND revoked_at IS NULL',
  // The seal after: revoked by this write (RETURNING), or else as stored (revoked before, or none).
  revoke: `UPDATE seals SET revoked_at = $2, updated_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
} as const;

interface SealRow {
  id: string;
  registry: string;
  name: string;
  vendor: string;
  origins: string[];
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

/** The pool for reads; the writes take the client of the transaction that also announces them. */
type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const rows = async (db: Queryable, name: keyof typeof SQL, values: unknown[]): Promise<SealRow[]> =>
  (await db.query<SealRow>({ name: `tb-seal-${name}`, text: SQL[name], values })).rows;

export const postgresSeals = {
  insert: async (db: Queryable, seal: Seal): Promise<void> => {
    await rows(db, 'insert', [seal.id, seal.registry, seal.name, seal.vendor, seal.origins, seal.createdAt, seal.updatedAt, seal.expiresAt, seal.revokedAt]);
  },
  read: async (db: Queryable, id: string): Promise<Seal | null> => fromRow((await rows(db, 'read', [id]))[0]),
  update: async (db: Queryable, seal: Seal): Promise<boolean> =>
    ((await db.query({ name: 'tb-seal-update', text: SQL.update, values: [seal.id, seal.vendor, seal.origins, seal.updatedAt, seal.expiresAt] })).rowCount ?? 0) === 1,
  revoke: async (db: Queryable, id: string, at: string): Promise<Seal | null> =>
    fromRow((await rows(db, 'revoke', [id, at]))[0] ?? (await rows(db, 'read', [id]))[0]),
};

function fromRow(row: SealRow | undefined): Seal | null {
  if (row === undefined) return null;
  return {
    id: row.id, registry: row.registry, name: row.name, vendor: row.vendor, origins: row.origins,
    createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at, revokedAt: row.revoked_at,
  };
}
