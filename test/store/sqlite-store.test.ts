// The embedded store: the shared contract on a real file, plus what only SQLite has (the file,
// its journal mode, other processes' commits seen through the changes table).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { COLUMN_NAMES, COLUMNS, rowFromValues } from '../../src/store/sqlite/sqlite-rows.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Entity } from '../../src/domain/entity.js';
import type { Store, StoreChange } from '../../src/store/store.js';
import { eventually } from '../helpers/postgres.js';
import { makeEntity, tempDir } from '../helpers/test-app.js';
import { describeStoreContract } from './store-suite.js';

const root = tempDir();
afterAll(() => root.remove());
let files = 0;

describeStoreContract('SQLite', {
  open: async () => openSqliteStore(join(root.path, `contract-${++files}`, 'store.db')),
  reopen: async (store) => {
    await store.close();
    return openSqliteStore(join(root.path, `contract-${files}`, 'store.db'));
  },
});

// The faster read option (SQLITE_MMAP_BYTES): reads through the mapping must see every commit too.
const MAPPED = { mmapBytes: 64 * 1024 * 1024 };
describeStoreContract('SQLite, file mapped', {
  open: async () => openSqliteStore(join(root.path, `contract-${++files}`, 'store.db'), MAPPED),
  reopen: async (store) => {
    await store.close();
    return openSqliteStore(join(root.path, `contract-${files}`, 'store.db'), MAPPED);
  },
});

describe('SQLite store (real file)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let path: string;

  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'nested', 'store.db');
    store = openSqliteStore(path);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('creates the file and its folder, migrated to the latest schema, in WAL mode', async () => {
    expect(await store.countEntities()).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reads raw rows into the same rows better-sqlite3 builds as objects', async () => {
    await store.writeEntities([
      makeEntity({
        name: 'full', score: 61.5, description: 'd', author: 'a', sourceUrl: 'https://example.org/x', aliases: ['f', 'g'],
        dimensions: { security: 1, privacy: 2, reliability: 3, transparency: 4, maintenance: 5, popularity: 6 },
      }),
      makeEntity({ name: 'bare', score: 0, dimensions: {}, description: null, author: null, sourceUrl: null, aliases: [] }),
    ]);
    const db = new Database(path, { readonly: true });
    const sql = `SELECT ${COLUMNS} FROM entities ORDER BY name`;
    const objects = db.prepare(sql).all();
    const raw = db.prepare(sql).raw().all() as unknown[][];
    db.close();
    expect(objects).toHaveLength(2);
    expect(raw.map(rowFromValues)).toStrictEqual(objects);
    expect(Object.keys(rowFromValues(raw[0]!))).toEqual(COLUMN_NAMES);
  });

  it("hears another connection's commits through the changes table", async () => {
    const other = openSqliteStore(path);
    const heard: StoreChange[] = [];
    const stop = store.watchChanges((change) => heard.push(change));
    await other.writeEntities([makeEntity({ aliases: ['lp'] })]);
    const arrived = await eventually(() => heard.some((c) => c.kind === 'entities' && c.entities.some((e) => e.keys.includes('lp'))), 5_000);
    stop();
    await other.close();
    expect(arrived).toBe(true);
  });

  it('serialises concurrent writes on one store instead of nesting them in a failing import', async () => {
    await store.writeEntities([makeEntity({ name: 'keep-me' })]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* failing() {
      yield makeEntity({ name: 'doomed' });
      await gate;
      throw new Error('bad line');
    }
    const importing = store.writeEntities(failing());
    const deleting = store.deleteEntity('npm', 'keep-me');
    const writing = store.writeEntities([makeEntity({ name: 'other' })]);
    release();
    await expect(importing).rejects.toThrow('bad line');
    // Had the delete joined the import's transaction, the rollback would have undone it.
    expect(await deleting).toMatchObject({ name: 'keep-me' });
    expect(await writing).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await store.findByName('npm', 'keep-me')).toBeNull();
    expect(await store.findByName('npm', 'doomed')).toBeNull();
    expect(await store.countEntities()).toBe(1);
  });

  it('moves the score indexes with one sort when a write changes most scores, and keeps them whole when it fails', async () => {
    const count = 12_000;
    const catalogue = (score: (i: number) => number, updatedAt: string) =>
      Array.from({ length: count }, (_, i) => makeEntity({ name: `pkg-${i}`, category: `c${i % 3}`, registry: i % 4 === 0 ? 'crates' : 'npm', score: score(i), updatedAt }));
    await store.writeEntities(catalogue((i) => i % 100, '2026-11-01T00:00:00Z'));
    const indexes = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
      } finally {
        db.close();
      }
    };
    const before = indexes();
    const alternativesOf = (entity: Entity) => store.findAlternatives(entity, 5).then((list) => list.map((e) => `${e.registry}/${e.name}:${e.score}`));
    const probe = makeEntity({ name: 'pkg-7', category: 'c1' });
    const alternativesBefore = await alternativesOf(probe);

    const changed = catalogue((i) => (i * 7) % 97, '2026-11-02T00:00:00Z');
    async function* failing() {
      yield* changed;
      throw new Error('bad line');
    }
    await expect(store.writeEntities(failing())).rejects.toThrow('bad line');
    expect(indexes()).toEqual(before);
    expect(await alternativesOf(probe)).toEqual(alternativesBefore);

    expect(await store.writeEntities(changed)).toMatchObject({ inserted: 0, updated: count, unchanged: 0 });
    expect(indexes()).toEqual(before);
    const key = (e: Entity) => `${e.registry}/${e.name}:${e.score}`;
    for (const name of ['pkg-7', 'pkg-8', 'pkg-4000']) {
      const entity = changed.find((e) => e.name === name)!;
      const expected = changed
        .filter((e) => e.category === entity.category && e.name !== name)
        .sort((a, b) => Number(b.registry === entity.registry) - Number(a.registry === entity.registry) || b.score - a.score || (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0) || (a.name < b.name ? -1 : 1))
        .slice(0, 5)
        .map(key);
      expect(await alternativesOf(entity)).toEqual(expected);
    }
    expect((await store.getHistory('npm', 'pkg-7', '2026-01-01')).map((p) => [p.day, p.score])).toEqual([['2026-11-01', 7], ['2026-11-02', 49]]);
  });
});
