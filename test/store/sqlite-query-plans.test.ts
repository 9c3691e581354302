// Every read of the embedded store is served by an index, never by a scan of its tables: asks
// SQLite for each query's plan on a migrated, populated file.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_SQL } from '../../src/store/sqlite/sqlite-queries.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeEntity, tempDir } from '../helpers/test-app.js';

/** A second page's search: the range, the exact key and the position after. */
const SEARCH = { low: 'lef', high: 'lef\uffff', exact: 'lef', rank: 0, score: 50, registry_after: 'npm', name_after: 'left' };

const PARAMS: Record<keyof typeof READ_SQL, unknown[]> = {
  byName: ['npm', 'left-pad'],
  byBareName: ['left-pad', 'left-pad', 10],
  byNames: [JSON.stringify([['npm', 'pkg-1'], ['npm', 'pkg-2']])],
  sameRegistryAlternatives: ['library', 'npm', 'left-pad', 5],
  alternatives: ['library', 'npm', 'left-pad', 5],
  search: [{ ...SEARCH, limit: 10 }],
  searchCount: [{ low: 'lef', high: 'lef\uffff' }],
  searchInRegistry: [{ ...SEARCH, registry: 'npm', limit: 10 }],
  searchInRegistryCount: [{ registry: 'npm', low: 'lef', high: 'lef\uffff' }],
  byNameKeys: [{ keys: JSON.stringify(['left-pad', 'a-7', 'pkg-1']), limit: 10 }],
  byNameKeysInRegistry: [{ keys: JSON.stringify(['left-pad', 'pkg-1']), registry: 'npm', limit: 10 }],
  history: ['npm', 'left-pad', 20_000],
};

describe('SQLite query plans', () => {
  const dir = tempDir();
  let db: Database.Database;
  beforeAll(async () => {
    const path = join(dir.path, 'plans.db');
    const store = openSqliteStore(path);
    await store.writeEntities(Array.from({ length: 2_000 }, (_, i) => makeEntity({ name: `pkg-${i}`, category: `c${i % 7}`, aliases: [`a-${i}`] })));
    await store.close();
    db = new Database(path, { readonly: true });
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  it.each(Object.keys(READ_SQL) as (keyof typeof READ_SQL)[])('%s reads through an index', (query) => {
    const plan = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${READ_SQL[query]}`).all(...PARAMS[query]).map((row) => row.detail);
    expect(plan.some((step) => / USING (COVERING |PRIMARY KEY |INTEGER PRIMARY KEY |)INDEX| USING ROWID SEARCH|SEARCH /.test(step))).toBe(true);
    expect(plan.filter((step) => /^SCAN (entities|aliases)\b/.test(step))).toEqual([]);
  });

  it.each(['alternatives', 'sameRegistryAlternatives'] as const)('reads %s in order off an index, with no sort however many entities tie on a score', (query) => {
    const plan = db.prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${READ_SQL[query]}`).all(...PARAMS[query]).map((row) => row.detail);
    expect(plan.filter((step) => /TEMP B-TREE/.test(step))).toEqual([]);
  });
});
