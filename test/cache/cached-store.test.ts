import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCachedStore, lookupBytes } from '../../src/cache/cached-store.js';
import { watchFreshness, type Freshness } from '../../src/cache/freshness.js';
import { createRequestBudgets, type WorkBudget } from '../../src/cache/request-budget.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Entity } from '../../src/domain/entity.js';
import type { Seal } from '../../src/domain/seal.js';
import type { SearchQuery, Store } from '../../src/store/store.js';
import { makeEntity, tempDir } from '../helpers/test-app.js';

/** Counts the calls that reach the store under the cache. */
function counting(store: Store): { store: Store; calls: Record<string, number>; fail: { now: boolean } } {
  const calls: Record<string, number> = {};
  const fail = { now: false };
  const wrap = <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls[name] = (calls[name] ?? 0) + 1;
      if (fail.now) throw new Error('store down');
      return fn(...args);
    };
  return {
    calls,
    fail,
    store: {
      ...store,
      engine: store.engine,
      listRegistries: wrap('listRegistries', () => store.listRegistries()),
      findByName: wrap('findByName', (r: string, n: string) => store.findByName(r, n)),
      findByNames: wrap('findByNames', (refs: readonly { registry: string; name: string }[]) => store.findByNames(refs)),
      findByBareName: wrap('findByBareName', (n: string, l: number) => store.findByBareName(n, l)),
      findAlternatives: wrap('findAlternatives', (e: Entity, l: number) => store.findAlternatives(e, l)),
      searchEntities: wrap('searchEntities', (q: SearchQuery, l: number) => store.searchEntities(q, l)),
      readSeal: wrap('readSeal', (id: string) => store.readSeal(id)),
      watchChanges: (listener) => store.watchChanges(listener),
    },
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('cached store', () => {
  let dir: ReturnType<typeof tempDir>;
  let raw: Store;
  let freshness: Freshness | undefined;

  /** A lookup cache over `store`, forgetting through the changes `raw` announces, as the app wires it. */
  const cachedOver = (store: Store, options: { ttlMs: number; maxBytes?: number; budget?: WorkBudget }) => {
    freshness = watchFreshness(raw);
    return createCachedStore(store, { maxEntries: 100, maxBytes: options.maxBytes ?? 1024 * 1024, ttlMs: options.ttlMs, freshness, budget: options.budget });
  };
  beforeEach(async () => {
    dir = tempDir();
    raw = openSqliteStore(join(dir.path, 'c.db'));
    await raw.writeEntities([
      makeEntity({ registry: 'npm', name: 'sharp', score: 78 }),
      makeEntity({ registry: 'pypi', name: 'requests', score: 81, aliases: ['python-requests'] }),
    ]);
  });
  afterEach(async () => {
    freshness?.close();
    await raw.close();
    dir.remove();
  });

  it('answers repeated lookups from memory', async () => {
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(await cached.store.findByName('npm', 'SHARP')).toMatchObject({ score: 78 });
      expect(await cached.store.findByBareName('python-requests', 10)).toHaveLength(1);
      expect(await cached.store.listRegistries()).toEqual(new Set(['npm', 'pypi']));
    }
    expect(inner.calls).toEqual({ findByName: 1, findByBareName: 1, listRegistries: 1 });
    // Lookups of targets only: the registry list, read on every resolution, would flatter the ratio.
    expect(cached.stats()).toMatchObject({ hits: 4, misses: 2 });
  });

  it('forgets exactly the lookups a write touched', async () => {
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 60_000 });
    await cached.store.findByName('npm', 'sharp');
    await cached.store.findByName('pypi', 'requests');
    await cached.store.findByBareName('python-requests', 10);
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 12 })]);
    expect(await cached.store.findByName('npm', 'sharp')).toMatchObject({ score: 12 });
    await cached.store.findByName('pypi', 'requests');
    await cached.store.findByBareName('python-requests', 10);
    expect(inner.calls.findByName).toBe(3);
    expect(inner.calls.findByBareName).toBe(1);
  });

  it('forgets a bare name when another registry gains an alias for it', async () => {
    const cached = cachedOver(raw, { ttlMs: 60_000 });
    expect(await cached.store.findByBareName('requests', 10)).toHaveLength(1);
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'request', aliases: ['requests'] })]);
    expect(await cached.store.findByBareName('requests', 10)).toHaveLength(2);
  });

  it('remembers a seal, and forgets exactly it when a write to it is announced, by this process or another', async () => {
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 60_000 });
    const seal: Seal = {
      id: 'DDDDDDDDDDDDDDDDDDDDDD', registry: 'npm', name: 'sharp', vendor: 'V', origins: ['https://v.example'],
      createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', expiresAt: null, revokedAt: null,
    };
    const other = { ...seal, id: 'EEEEEEEEEEEEEEEEEEEEEE' };
    await raw.insertSeal(seal);
    await raw.insertSeal(other);
    expect(await cached.store.readSeal(seal.id)).toEqual(seal);
    expect(await cached.store.readSeal(seal.id)).toEqual(seal);
    expect(await cached.store.readSeal(other.id)).toEqual(other);
    expect(inner.calls.readSeal).toBe(2);
    // An entity write leaves seals; a seal's write forgets that seal alone.
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 12 })]);
    await raw.revokeSeal(seal.id, '2026-02-01T00:00:00Z');
    expect(await cached.store.readSeal(seal.id)).toMatchObject({ revokedAt: '2026-02-01T00:00:00Z' });
    expect(await cached.store.readSeal(other.id)).toEqual(other);
    expect(inner.calls.readSeal).toBe(3);
    // Another process revokes the other: heard through the change rows, as entity writes are.
    const elsewhere = openSqliteStore(join(dir.path, 'c.db'));
    await elsewhere.revokeSeal(other.id, '2026-03-01T00:00:00Z');
    await elsewhere.close();
    await until(async () => (await cached.store.readSeal(other.id))?.revokedAt === '2026-03-01T00:00:00Z');
  });

  it('hears about another process writing to the same file', async () => {
    const cached = cachedOver(raw, { ttlMs: 60_000 });
    expect(await cached.store.findByName('npm', 'sharp')).toMatchObject({ score: 78 });
    const other = openSqliteStore(join(dir.path, 'c.db'));
    await other.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 33.3 })]);
    await other.close();
    await until(async () => (await cached.store.findByName('npm', 'sharp'))?.score === 33.3);
  });

  it('reads again, rather than failing, when a write is announced while a lookup loads', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Store = { ...raw, findByName: async (r, n) => { await gate; return raw.findByName(r, n); }, watchChanges: (l) => raw.watchChanges(l) };
    const cached = cachedOver(slow, { ttlMs: 60_000 });
    const loading = cached.store.findByName('npm', 'sharp');
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 44.4 })]);
    release();
    expect(await loading).toMatchObject({ score: 44.4 });
  });

  it('asks the store once for lookups of one key that arrive while it loads', async () => {
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 60_000 });
    const answers = await Promise.all([cached.store.findByName('npm', 'sharp'), cached.store.findByName('NPM', 'Sharp'), cached.store.findByName('npm', 'sharp')]);
    expect(answers.map((entity) => entity?.score)).toEqual([78, 78, 78]);
    expect(inner.calls.findByName).toBe(1);
    // A load that failed is not shared with the lookups after it.
    inner.fail.now = true;
    const failed = await Promise.allSettled([cached.store.findByName('npm', 'nope'), cached.store.findByName('npm', 'nope')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    inner.fail.now = false;
    expect(await cached.store.findByName('npm', 'nope')).toBeNull();
    expect(inner.calls.findByName).toBe(3);
  });

  it('serves an expired entry while the store fails, and fails only when it has nothing', async () => {
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 1 });
    expect(await cached.store.findByName('npm', 'sharp')).toMatchObject({ score: 78 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    inner.fail.now = true;
    expect(await cached.store.findByName('npm', 'sharp')).toMatchObject({ score: 78 });
    await expect(cached.store.findByName('npm', 'never-seen')).rejects.toThrow('store down');
  });

  it('never lets a lookup that read before a write answer a caller who came after it, nor remembers it', async () => {
    // The read happens at once (the state before the write); its answer arrives when released.
    const held: (() => void)[] = [];
    const slow: Store = {
      ...raw,
      findByName: async (r, n) => {
        const value = await raw.findByName(r, n);
        await new Promise<void>((resolve) => held.push(resolve));
        return value;
      },
      watchChanges: (l) => raw.watchChanges(l),
    };
    const cached = cachedOver(slow, { ttlMs: 60_000 });
    const before = cached.store.findByName('npm', 'sharp');
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 12 })]);
    const after = cached.store.findByName('npm', 'sharp');
    await until(async () => held.length === 2);
    for (const release of held.splice(0)) release();
    // Concurrent with the write, the first may say either; the one after it only the new score.
    expect([78, 12]).toContain((await before)?.score);
    expect((await after)?.score).toBe(12);
    const again = cached.store.findByName('npm', 'sharp');
    await until(async () => held.length > 0 || cached.stats().hits > 0);
    for (const release of held.splice(0)) release();
    expect((await again)?.score).toBe(12);
  });

  it("remembers an entity's alternatives until any write, and never serves them past one", async () => {
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'jimp', score: 60 })]);
    const inner = counting(raw);
    const cached = cachedOver(inner.store, { ttlMs: 60_000 });
    const sharp = (await cached.store.findByName('npm', 'sharp'))!;
    const names = async () => (await cached.store.findAlternatives(sharp, 5)).map((e) => `${e.name} ${e.score}`);
    // Same registry (npm) first, then the rest of the category.
    expect(await names()).toEqual(['jimp 60', 'requests 81']);
    expect(await names()).toEqual(['jimp 60', 'requests 81']);
    expect(inner.calls.findAlternatives).toBe(1);
    // A write that names neither entity still changes the category's ranking.
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'jimp', score: 90 })]);
    expect(await names()).toEqual(['jimp 90', 'requests 81']);
    expect(inner.calls.findAlternatives).toBe(2);
    // Past a write, a store outage fails the read rather than showing the ranking before it.
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'jimp', score: 10 })]);
    inner.fail.now = true;
    await expect(names()).rejects.toThrow('store down');
  });

  it('charges the budget before every read that reaches the store, and only then', async () => {
    const inner = counting(raw);
    const budgets = createRequestBudgets();
    const cached = cachedOver(inner.store, { ttlMs: 60_000, budget: budgets });
    let spent = 0;
    const spend = async () => void spent++;
    const refuse = async () => {
      throw new Error('over budget');
    };
    // Three reads (registries aside, one request): one spend.
    await budgets.run(spend, async () => {
      const sharp = (await cached.store.findByName('npm', 'sharp'))!;
      await Promise.all([cached.store.findAlternatives(sharp, 5), cached.store.findByBareName('sharp', 10)]);
    });
    expect(spent).toBe(1);
    // All from memory: a refusing budget is never asked.
    await budgets.run(refuse, async () => {
      const sharp = (await cached.store.findByName('npm', 'sharp'))!;
      await cached.store.findAlternatives(sharp, 5);
    });
    // A miss under a refusing budget reads nothing; searches always read.
    const reads = { ...inner.calls };
    await expect(budgets.run(refuse, () => cached.store.findByName('npm', 'never-seen'))).rejects.toThrow('over budget');
    await expect(budgets.run(refuse, () => cached.store.searchEntities({ prefix: 'sha' }, 5))).rejects.toThrow('over budget');
    expect(inner.calls).toEqual(reads);
    await budgets.run(spend, () => cached.store.searchEntities({ prefix: 'sha' }, 5));
    expect([spent, inner.calls.searchEntities]).toEqual([2, 1]);
  });

  it('reads a batch once for what memory lacks, charges those items, remembers them, and forgets what a write touched', async () => {
    const inner = counting(raw);
    const budgets = createRequestBudgets();
    const cached = cachedOver(inner.store, { ttlMs: 60_000, budget: budgets });
    const spent: number[] = [];
    const spend = async (points: number) => void spent.push(points);
    const refs = [{ registry: 'npm', name: 'sharp' }, { registry: 'PYPI', name: 'Requests' }, { registry: 'npm', name: 'nothing' }, { registry: 'npm', name: 'SHARP' }];
    const first = await budgets.run(spend, () => cached.store.findByNames(refs), 'items');
    expect(first.map((e) => e?.name ?? null)).toEqual(['sharp', 'requests', null, 'sharp']);
    // Three distinct keys read in one call, three points; the same batch again is all memory.
    expect([spent, inner.calls.findByNames]).toEqual([[3], 1]);
    expect(await budgets.run(spend, () => cached.store.findByNames(refs), 'items')).toEqual(first);
    expect([spent, inner.calls.findByNames]).toEqual([[3], 1]);
    // A single lookup shares the batch's memory, both ways.
    expect((await cached.store.findByName('npm', 'sharp'))?.score).toBe(78);
    expect(inner.calls.findByName ?? 0).toBe(0);
    const until1 = freshness!.mark();
    await raw.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 12 })]);
    await until(async () => !freshness!.isCurrent(until1));
    const after = await budgets.run(spend, () => cached.store.findByNames(refs), 'items');
    expect([after[0]?.score, after[3]?.score, spent]).toEqual([12, 12, [3, 1]]);
    // A refusing budget reads nothing, and a failing store falls back to what memory holds.
    const refuse = async () => {
      throw new Error('over budget');
    };
    await expect(budgets.run(refuse, () => cached.store.findByNames([{ registry: 'npm', name: 'never-seen' }]), 'items')).rejects.toThrow('over budget');
    expect(inner.calls.findByNames).toBe(2);
  });

  it('keeps what it remembers within its byte bound, counting what entities keep alive', async () => {
    const description = 'd'.repeat(1500);
    await raw.writeEntities(Array.from({ length: 200 }, (_, i) => makeEntity({ registry: 'npm', name: `pkg-${i}`, description, aliases: [`alias-${i}`] })));
    const maxBytes = 64 * 1024;
    const cached = cachedOver(raw, { ttlMs: 60_000, maxBytes });
    for (let i = 0; i < 200; i++) {
      await cached.store.findByName('npm', `pkg-${i}`);
      expect(cached.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const entity = (await raw.findByName('npm', 'pkg-1'))!;
    // Two bytes a character of the description alone, at the least.
    expect(lookupBytes({ entity }, 'k')).toBeGreaterThan(2 * description.length);
    expect(cached.stats().entries).toBeLessThan(30);
  });
});
