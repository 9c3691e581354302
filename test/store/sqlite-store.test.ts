import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { makeEntity, tempDir } from '../helpers/test-app.js';

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

  it('creates the file and its folder, migrated to the latest schema', async () => {
    expect(await store.countEntities()).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('upserts by registry + case-folded name and counts what changed', async () => {
    const first = await store.writeEntities([makeEntity(), makeEntity({ registry: 'pypi', name: 'requests', score: 81.5 })]);
    expect(first).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const again = await store.writeEntities([makeEntity(), makeEntity({ name: 'LEFT-PAD', score: 12.3 })]);
    expect(again).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await store.countEntities()).toBe(2);
    const found = await store.findByName('npm', 'Left-Pad');
    expect(found).toMatchObject({ name: 'LEFT-PAD', score: 12.3 });
  });

  it('round-trips every field, dimensions with gaps included', async () => {
    const entity = makeEntity({
      dimensions: { security: 74, popularity: 85.5 },
      description: 'Pads strings.', author: 'someone', sourceUrl: 'https://example.org/left-pad', aliases: ['leftpad'],
    });
    await store.writeEntities([entity]);
    expect(await store.findByName('npm', 'left-pad')).toEqual(entity);
  });

  it('finds bare names through names and aliases, case-insensitively, listing every match', async () => {
    await store.writeEntities([
      makeEntity({ registry: 'npm', name: 'sharp' }),
      makeEntity({ registry: 'pypi', name: 'Sharp' }),
      makeEntity({ registry: 'web', name: 'OpenRouter', aliases: ['openrouter.ai'] }),
    ]);
    expect((await store.findByBareName('SHARP', 10)).map((e) => e.registry)).toEqual(['npm', 'pypi']);
    expect((await store.findByBareName('OpenRouter.AI', 10)).map((e) => e.name)).toEqual(['OpenRouter']);
    expect(await store.findByBareName('nothing', 10)).toEqual([]);
    expect(await store.findByBareName('sharp', 1)).toHaveLength(1);
  });

  it('replaces aliases on update', async () => {
    await store.writeEntities([makeEntity({ aliases: ['old-name'] })]);
    await store.writeEntities([makeEntity({ aliases: ['new-name'] })]);
    expect(await store.findByBareName('old-name', 10)).toEqual([]);
    expect(await store.findByBareName('new-name', 10)).toHaveLength(1);
  });

  it('lists registries that hold entities, dropping one when its last entity goes', async () => {
    await store.writeEntities([makeEntity(), makeEntity({ registry: 'crates', name: 'serde' })]);
    expect([...(await store.listRegistries())].sort()).toEqual(['crates', 'npm']);
    expect(await store.deleteEntity('crates', 'SERDE')).toMatchObject({ name: 'serde' });
    expect([...(await store.listRegistries())]).toEqual(['npm']);
    expect(await store.deleteEntity('crates', 'serde')).toBeNull();
  });

  it('gives alternatives from the same category, best first, without the entity itself', async () => {
    await store.writeEntities([
      makeEntity({ name: 'a', score: 50 }),
      makeEntity({ name: 'b', score: 90 }),
      makeEntity({ name: 'c', score: 70 }),
      makeEntity({ name: 'd', score: 99, category: 'framework' }),
    ]);
    const alternatives = await store.findAlternatives(makeEntity({ name: 'A' }), 5);
    expect(alternatives.map((e) => e.name)).toEqual(['b', 'c']);
  });

  it('leaves the store exactly as it was when the source fails midway', async () => {
    await store.writeEntities([makeEntity({ score: 10 })]);
    async function* failing() {
      yield makeEntity({ score: 99 });
      yield makeEntity({ name: 'new-one' });
      throw new Error('line 3 is bad');
    }
    await expect(store.writeEntities(failing())).rejects.toThrow('line 3 is bad');
    expect(await store.countEntities()).toBe(1);
    expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 10 });
    expect(await store.listRegistries()).toEqual(new Set(['npm']));
  });

  it('keeps an import invisible to readers until it commits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow() {
      yield makeEntity({ name: 'pending' });
      await gate;
    }
    const writing = store.writeEntities(slow());
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.findByName('npm', 'pending')).toBeNull();
    release();
    await writing;
    expect(await store.findByName('npm', 'pending')).not.toBeNull();
  });

  it('keeps its data across reopening', async () => {
    await store.writeEntities([makeEntity()]);
    await store.close();
    store = openSqliteStore(path);
    expect(await store.countEntities()).toBe(1);
  });
});
