// Opens (and migrates) the store a DATABASE_URL names: `sqlite:PATH` or a bare path for the
// embedded engine, `postgres://…` for PostgreSQL. Nothing above this file knows which one it got.

import type { Store } from './store.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore, type SqliteOptions } from './sqlite/sqlite-store.js';

/** `historyRetentionDays` applies to either engine, the rest to SQLite only. */
export async function openStore(databaseUrl: string, options: SqliteOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine === 'sqlite') return openSqliteStore(location.path, options);
  return openPostgresStore(location.url, { historyRetentionDays: options.historyRetentionDays });
}

export function parseDatabaseUrl(url: string): { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', path: url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') };
  return { engine: 'sqlite', path: url };
}
