// The SQLite store's seals (store.ts: insertSeal … revokeSeal): prepared statements over the seals
// table and the row ↔ Seal mapping. Writes run on the writer connection, one at a time (the caller's lock).

import type Database from 'better-sqlite3';
import type { Seal } from '../../domain/seal.js';

interface SealRow {
  id: string;
  registry: string;
  name: string;
  vendor: string;
  origins: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = 'id, registry, name, vendor, origins, created_at, updated_at, expires_at, revoked_at';

export function prepareSeals(reader: Database.Database, writer: Database.Database) {
  const select = reader.prepare<[string], SealRow>(`SELECT ${COLUMNS} FROM seals WHERE id = ?`);
  // The writer reads its own revocation back: the reader may not see it yet on a new snapshot.
  const selectOnWriter = writer.prepare<[string], SealRow>(`SELECT ${COLUMNS} FROM seals WHERE id = ?`);
  const insert = writer.prepare<[SealRow]>(
    `INSERT INTO seals (${COLUMNS}) VALUES (@id, @registry, @name, @vendor, @origins, @created_at, @updated_at, @expires_at, @revoked_at)`,
  );
  const update = writer.prepare<[{ id: string; vendor: string; origins: string; updated_at: string; expires_at: string | null }]>(
    'UPDATE seals SET vendor = @vendor, origins = @origins, updated_at = @updated_at, expires_at = @expires_at WHERE id = @id AND revoked_at IS NULL',
  );
  const revoke = writer.prepare<[string, string, string]>('UPDATE seals SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    insert: (seal: Seal): void => void insert.run(toRow(seal)),
    read: (id: string): Seal | null => fromRow(select.get(id)),
    update: (seal: Seal): boolean =>
      update.run({ id: seal.id, vendor: seal.vendor, origins: JSON.stringify(seal.origins), updated_at: seal.updatedAt, expires_at: seal.expiresAt }).changes === 1,
    revoke: (id: string, at: string): Seal | null => {
      revoke.run(at, at, id);
      return fromRow(selectOnWriter.get(id));
    },
  };
}

function toRow(seal: Seal): SealRow {
  return {
    id: seal.id, registry: seal.registry, name: seal.name, vendor: seal.vendor, origins: JSON.stringify(seal.origins),
    created_at: seal.createdAt, updated_at: seal.updatedAt, expires_at: seal.expiresAt, revoked_at: seal.revokedAt,
  };
}

function fromRow(row: SealRow | undefined): Seal | null {
  if (row === undefined) return null;
  return {
    id: row.id, registry: row.registry, name: row.name, vendor: row.vendor, origins: JSON.parse(row.origins) as string[],
    createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at, revokedAt: row.revoked_at,
  };
}
