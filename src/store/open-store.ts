// Opens the store a DATABASE_URL names. Only the embedded engine exists so far; a
// postgres:// URL is refused with a clear message rather than half-working.

import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export function openStore(databaseUrl: string): Store {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.engine === 'sqlite') return openSqliteStore(location.path);
  throw new Error(`DATABASE_URL names ${location.engine}, which this build does not support yet`);
}

export function parseDatabaseUrl(url: string): { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) return { engine: 'sqlite', path: url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') };
  return { engine: 'sqlite', path: url };
}
