// The behaviour every store engine owes the service, run against each engine by its own test file
// (sqlite-store.test.ts, postgres-store.test.ts): the same expectations, word for word.

import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldName, foldShortName, type Entity } from '../../src/domain/entity.js';
import { AppError } from '../../src/domain/errors.js';
import type { Seal } from '../../src/domain/seal.js';
import { importNdjson } from '../../src/services/import-entities.js';
import { MAX_LISTED_CHANGES, SEAL_CHANGES, SEARCH_CANDIDATES, searchPosition, StaleWriteError, type SearchPosition, type Store, type StoreChange, type WriteResult, type WriteSummary } from '../../src/store/store.js';
import { FIXED_NOW, makeEntity } from '../helpers/test-app.js';

export interface StoreHarness {
  /** A store over an empty catalogue. */
  open(): Promise<Store>;
  /** Closes `store` and opens the same catalogue again. */
  reopen(store: Store): Promise<Store>;
}

const many = (count: number, make: (i: number) => Partial<Entity> = () => ({})): Entity[] =>
  Array.from({ length: count }, (_, i) => makeEntity({ name: `pkg-${i}`, score: i % 1000 / 10, ...make(i) }));

const keysOf = (changes: StoreChange[]): Set<string> =>
  new Set(changes.flatMap((c) => (c.kind === 'all' ? ['*'] : c.entities.flatMap((e) => e.keys.map((k) => `${e.registry}/${k}`)))));

/** A write's counts alone, without what it touched. */
const counts = ({ change: _change, ...summary }: WriteResult): WriteSummary => summary;

export function describeStoreContract(label: string, harness: StoreHarness): void {
  describe(`${label}: the store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('upserts by registry + case-folded name and counts what changed', async () => {
      const first = await store.writeEntities([makeEntity(), makeEntity({ registry: 'pypi', name: 'requests', score: 81.5 })]);
      expect(counts(first)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      const again = await store.writeEntities([makeEntity(), makeEntity({ name: 'LEFT-PAD', score: 12.3 })]);
      expect(counts(again)).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
      expect(await store.countEntities()).toBe(2);
      expect(await store.findByName('NPM', 'Left-Pad')).toMatchObject({ name: 'LEFT-PAD', score: 12.3 });
    });

    it('says what a write touched: per registry, the names and aliases before and after', async () => {
      await store.writeEntities([makeEntity({ aliases: ['lp', 'old-alias'] })]);
      const { change } = await store.writeEntities([makeEntity({ name: 'Left-Pad', score: 12, aliases: ['lp', 'new-alias'] })]);
      expect(change.kind).toBe('entities');
      if (change.kind !== 'entities') return;
      expect(change.entities.map((e) => e.registry)).toEqual(['npm']);
      expect(new Set(change.entities[0]!.keys)).toEqual(new Set(['left-pad', 'lp', 'old-alias', 'new-alias']));
      // Nothing changed, nothing touched.
      const unchanged = await store.writeEntities([makeEntity({ name: 'Left-Pad', score: 12, aliases: ['lp', 'new-alias'] })]);
      expect(unchanged.change).toEqual({ kind: 'entities', entities: [] });
    });

    it('round-trips every field, and text that needs escaping on the way in', async () => {
      const entity = makeEntity({
        name: 'we\\ird/"name",{x}',
        dimensions: { security: 74, popularity: 85.5 },
        description: 'Pads strings.\tWith a tab, a \\backslash and "quotes".',
        author: 'N',
        sourceUrl: 'https://example.org/left-pad?a=1&b=2',
        aliases: ['NULL', 'with,comma', 'with"quote', 'back\\slash', '{brace}'],
        updatedAt: '2026-02-03T04:05:06Z',
      });
      await store.writeEntities([entity]);
      expect(await store.findByName('npm', entity.name)).toEqual(entity);
      expect(await store.findByBareName('with"QUOTE', 5)).toEqual([entity]);
      expect(await store.findByBareName('null', 5)).toEqual([entity]);
    });

    it('folds names the same way everywhere: Unicode case and composition', async () => {
      await store.writeEntities([makeEntity({ registry: 'pypi', name: 'ÉCOLE', aliases: ['Straße'] })]);
      expect(await store.findByName('pypi', 'e\u0301cole')).toMatchObject({ name: 'ÉCOLE' });
      expect(await store.findByBareName('STRASSE', 5)).toEqual([]);
      expect(await store.findByBareName('straße', 5)).toHaveLength(1);
    });

    it('finds bare names through names and aliases, listing every match in a stable order', async () => {
      await store.writeEntities([
        makeEntity({ registry: 'pypi', name: 'Sharp' }),
        makeEntity({ registry: 'npm', name: 'sharp' }),
        makeEntity({ registry: 'web', name: 'OpenRouter', aliases: ['openrouter.ai'] }),
        makeEntity({ registry: 'github', name: 'lovell/sharp', aliases: ['sharp'] }),
      ]);
      expect((await store.findByBareName('SHARP', 10)).map((e) => e.registry)).toEqual(['github', 'npm', 'pypi']);
      expect((await store.findByBareName('OpenRouter.AI', 10)).map((e) => e.name)).toEqual(['OpenRouter']);
      expect(await store.findByBareName('nothing', 10)).toEqual([]);
      expect(await store.findByBareName('sharp', 2)).toHaveLength(2);
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
      expect(await store.deleteEntity('CRATES', 'SERDE')).toMatchObject({ name: 'serde' });
      expect([...(await store.listRegistries())]).toEqual(['npm']);
      expect(await store.deleteEntity('crates', 'serde')).toBeNull();
      expect(await store.countEntities()).toBe(1);
    });

    it('gives alternatives from the same category, its registry first, best first, ties by registry and name, without the entity', async () => {
      await store.writeEntities([
        makeEntity({ name: 'a', score: 50 }),
        makeEntity({ name: 'b', score: 90 }),
        makeEntity({ registry: 'crates', name: 'z', score: 70 }),
        makeEntity({ registry: 'pypi', name: 'y', score: 95 }),
        makeEntity({ name: 'c', score: 70 }),
        makeEntity({ name: 'd', score: 99, category: 'framework' }),
      ]);
      const alternatives = await store.findAlternatives(makeEntity({ name: 'A' }), 5);
      expect(alternatives.map((e) => `${e.registry}/${e.name}`)).toEqual(['npm/b', 'npm/c', 'pypi/y', 'crates/z']);
      expect((await store.findAlternatives(makeEntity({ name: 'A' }), 1)).map((e) => e.name)).toEqual(['b']);
      expect((await store.findAlternatives(makeEntity({ registry: 'crates', name: 'z' }), 2)).map((e) => e.name)).toEqual(['y', 'b']);
    });

    it('agrees with a model on alternatives for any catalogue: its registry first, then the category, best score first', async () => {
      let run = 0;
      const arbitraryEntity = fc.record({
        registry: fc.constantFrom('npm', 'crates', 'pypi'),
        name: fc.constantFrom('a', 'B', 'c', 'd', 'E', 'f', 'g'),
        category: fc.constantFrom('x', 'y'),
        score: fc.constantFrom(10, 50, 50.5, 90),
      });
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(arbitraryEntity, { selector: (e) => `${e.registry}/${e.name.toLowerCase()}`, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), async (records, limit) => {
          // Each run writes its own categories, so runs share the store without meeting.
          const prefix = `run${run++}-`;
          const entities = records.map((r) => makeEntity({ ...r, category: prefix + r.category }));
          await store.writeEntities(entities);
          const key = (e: Entity) => `${e.registry}/${e.name.toLowerCase()}`;
          for (const entity of entities) {
            const expected = entities
              .filter((e) => e.category === entity.category && key(e) !== key(entity))
              .sort((a, b) => Number(b.registry === entity.registry) - Number(a.registry === entity.registry) || b.score - a.score || (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0) || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1))
              .slice(0, limit)
              .map(key);
            expect((await store.findAlternatives(entity, limit)).map(key)).toEqual(expected);
          }
        }),
        { numRuns: 25 },
      );
    });

    it('searches by prefix of name, last name segment or alias, exact matches first', async () => {
      await store.writeEntities([
        makeEntity({ registry: 'github', name: 'haotian-liu/LLaVA', score: 71 }),
        makeEntity({ registry: 'pypi', name: 'llava-tools', score: 90 }),
        makeEntity({ registry: 'web', name: 'Other', aliases: ['llamas.ai'], score: 95 }),
      ]);
      const names = async (prefix: string) => (await store.searchEntities({ prefix }, 10)).entities.map((e) => e.name);
      expect(await names('LLAVA')).toEqual(['haotian-liu/LLaVA', 'llava-tools']);
      expect(await names('lla')).toEqual(['Other', 'llava-tools', 'haotian-liu/LLaVA']);
      expect(await store.searchEntities({ prefix: '' }, 10)).toEqual({ entities: [], total: 0, more: false });
      expect(await store.searchEntities({ prefix: 'lla' }, 1)).toMatchObject({ total: 3, more: false });
    });

    it('pages a search: every candidate exactly once, in the model order, whatever the page size', async () => {
      // A small alphabet so prefixes, ties of score and exact names are common; aliases too.
      const word = fc.stringMatching(/^[ab][ab/]{0,3}[ab]$/);
      const entity = fc.record({ registry: fc.constantFrom('npm', 'pypi', 'github'), name: word, score: fc.constantFrom(10, 50, 50.5, 90), aliases: fc.array(word, { maxLength: 2 }) });
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(entity, { selector: (e) => `${e.registry}/${e.name.toLowerCase()}`, maxLength: 30 }), fc.stringMatching(/^[ab][ab/]{0,2}$/), fc.integer({ min: 1, max: 7 }), fc.option(fc.constantFrom('npm', 'github'), { nil: undefined }),
          async (entities, prefix, size, registry) => {
            await store.writeEntities(entities.map((e) => makeEntity(e)));
            const key = foldName(prefix);
            const starts = (text: string) => foldName(text).startsWith(key);
            const rankOf = (e: { name: string }) => (foldName(e.name) === key ? 2 : foldShortName(e.name) === key ? 1 : 0);
            const model = entities
              .filter((e) => (registry === undefined ? starts(e.name) || starts(foldShortName(e.name)) || e.aliases.some(starts) : e.registry === registry && starts(e.name)))
              .sort((a, b) => rankOf(b) - rankOf(a) || b.score - a.score || (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0) || (foldName(a.name) < foldName(b.name) ? -1 : 1))
              .map((e) => `${e.registry}/${foldName(e.name)}`);
            const seen: string[] = [];
            let after: SearchPosition | undefined;
            for (let pages = 0; pages <= model.length; pages++) {
              const page = await store.searchEntities({ prefix, registry, after }, size);
              expect([page.total, page.more]).toEqual([model.length, false]);
              seen.push(...page.entities.map((e) => `${e.registry}/${foldName(e.name)}`));
              if (page.entities.length < size) break;
              after = searchPosition(page.entities.at(-1)!, key);
            }
            expect(seen).toEqual(model);
            await store.writeEntities([]);
            for (const e of entities) await store.deleteEntity(e.registry, e.name);
          }),
        { numRuns: 40 },
      );
    });

    it('keeps dependency sets by id, notes the day each was last asked for, and drops the forgotten ones', async () => {
      const purls = ['pkg:npm/a@1.0.0', 'pkg:pypi/b', 'pkg:npm/%40s/c'];
      expect(await store.saveSet('set-one', purls, '2026-01-01')).toBe(true);
      expect(await store.saveSet('set-one', purls, '2026-01-02')).toBe(false);
      expect(await store.saveSet('set-two', ['pkg:cargo/serde'], '2026-01-01')).toBe(true);
      expect(await store.readSet('set-one', '2026-03-01')).toEqual(purls);
      expect(await store.readSet('nothing', '2026-03-01')).toBeNull();
      // set-one was asked for on 2026-03-01, set-two last on 2026-01-01.
      expect(await store.dropSetsBefore('2026-02-01')).toBe(1);
      expect(await store.readSet('set-two', '2026-03-02')).toBeNull();
      expect(await store.readSet('set-one', '2026-03-02')).toEqual(purls);
      // Asked for again (saved anew) later: it stays past a drop of older ones.
      expect(await store.saveSet('set-one', purls, '2026-06-01')).toBe(false);
      expect(await store.dropSetsBefore('2026-05-01')).toBe(0);
      expect(await store.dropSetsBefore('2026-06-02')).toBe(1);
      expect(await store.readSet('set-one', '2026-06-03')).toBeNull();
    });

    it('keeps seals: read back as written, updated unless revoked, revoked once, kept across a reopen', async () => {
      const seal: Seal = {
        id: 'AAAAAAAAAAAAAAAAAAAAAA', registry: 'npm', name: 'left-pad', vendor: 'Acme Ltd',
        origins: ['https://acme.example', 'https://*.acme.example'], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
        expiresAt: null, revokedAt: null,
      };
      await store.insertSeal(seal);
      await expect(store.insertSeal(seal)).rejects.toThrow();
      expect(await store.readSeal(seal.id)).toEqual(seal);
      expect(await store.readSeal('BBBBBBBBBBBBBBBBBBBBBB')).toBeNull();
      const changed = { ...seal, vendor: 'Acme', origins: ['http://127.0.0.1:8080'], updatedAt: '2026-02-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' };
      expect(await store.updateSeal(changed)).toBe(true);
      expect(await store.readSeal(seal.id)).toEqual(changed);
      expect(await store.updateSeal({ ...changed, id: 'BBBBBBBBBBBBBBBBBBBBBB' })).toBe(false);
      const revoked = { ...changed, updatedAt: '2026-03-01T00:00:00Z', revokedAt: '2026-03-01T00:00:00Z' };
      expect(await store.revokeSeal(seal.id, '2026-03-01T00:00:00Z')).toEqual(revoked);
      // Once: a second revocation keeps the first time, and no update brings the seal back.
      expect(await store.revokeSeal(seal.id, '2026-04-01T00:00:00Z')).toEqual(revoked);
      expect(await store.updateSeal({ ...changed, updatedAt: '2026-05-01T00:00:00Z' })).toBe(false);
      expect(await store.revokeSeal('BBBBBBBBBBBBBBBBBBBBBB', '2026-04-01T00:00:00Z')).toBeNull();
      store = await harness.reopen(store);
      expect(await store.readSeal(seal.id)).toEqual(revoked);
    });

    it('finds many by registry and name at once, in the order asked, as one lookup each would', async () => {
      const word = fc.stringMatching(/^[ab][ab/]{0,2}[ab]$/);
      const entity = fc.record({ registry: fc.constantFrom('npm', 'pypi'), name: word, score: fc.constantFrom(10, 90) });
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(entity, { selector: (e) => `${e.registry}/${e.name.toLowerCase()}`, maxLength: 15 }),
          fc.array(fc.record({ registry: fc.constantFrom('npm', 'NPM', 'pypi', 'crates'), name: fc.oneof(word, word.map((w) => w.toUpperCase())) }), { maxLength: 12 }),
          async (entities, refs) => {
            await store.writeEntities(entities.map((e) => makeEntity(e)));
            const one = await Promise.all(refs.map((ref) => store.findByName(ref.registry, ref.name)));
            expect(await store.findByNames(refs)).toEqual(one);
            for (const e of entities) await store.deleteEntity(e.registry, e.name);
          }),
        { numRuns: 30 },
      );
      expect(await store.findByNames([])).toEqual([]);
    });

    it('finds entities by any of many exact keys (name, last segment, alias), as a model does: the typo lookup', async () => {
      const word = fc.stringMatching(/^[ab][ab/]{0,2}[ab]$/);
      const entity = fc.record({ registry: fc.constantFrom('npm', 'pypi', 'github'), name: word, score: fc.constantFrom(10, 50, 50.5, 90), aliases: fc.array(word, { maxLength: 2 }) });
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(entity, { selector: (e) => `${e.registry}/${e.name.toLowerCase()}`, maxLength: 25 }), fc.array(word, { maxLength: 6 }), fc.integer({ min: 1, max: 8 }), fc.option(fc.constantFrom('npm', 'github'), { nil: undefined }),
          async (entities, keys, limit, registry) => {
            await store.writeEntities(entities.map((e) => makeEntity(e)));
            const asked = new Set(keys.map(foldName));
            const model = entities
              .filter((e) => (registry === undefined
                ? asked.has(foldName(e.name)) || asked.has(foldShortName(e.name)) || e.aliases.some((a) => asked.has(foldName(a)))
                : e.registry === registry && asked.has(foldName(e.name))))
              .sort((a, b) => b.score - a.score || (a.registry < b.registry ? -1 : a.registry > b.registry ? 1 : 0) || (foldName(a.name) < foldName(b.name) ? -1 : 1))
              .map((e) => `${e.registry}/${foldName(e.name)}`)
              .slice(0, limit);
            const found = await store.findByNameKeys({ keys: keys.map((k) => k.toUpperCase()), registry }, limit);
            expect(found.map((e) => `${e.registry}/${foldName(e.name)}`)).toEqual(model);
            for (const e of entities) await store.deleteEntity(e.registry, e.name);
          }),
        { numRuns: 40 },
      );
    });

    it('ranks the first SEARCH_CANDIDATES of a kind in name order and says there are more, on every page', async () => {
      await store.writeEntities(many(SEARCH_CANDIDATES + 5, (i) => ({ name: `bulk-${String(i).padStart(3, '0')}`, score: 50 })));
      await store.writeEntities([makeEntity({ registry: 'pypi', name: 'other', aliases: ['bulk-alias'], score: 99 })]);
      for (const registry of [undefined, 'npm']) {
        const first = await store.searchEntities({ prefix: 'bulk', registry }, 10);
        expect([first.total, first.more]).toEqual([registry === undefined ? SEARCH_CANDIDATES + 1 : SEARCH_CANDIDATES, true]);
        const last = await store.searchEntities({ prefix: 'bulk', registry, after: searchPosition(first.entities.at(-1)!, 'bulk') }, 1_000);
        expect([last.total, last.more, first.entities.length + last.entities.length]).toEqual([first.total, true, first.total]);
        // In name order: the last five names are past the candidates.
        expect(last.entities.map((e) => e.name)).not.toContain(`bulk-${SEARCH_CANDIDATES + 4}`);
      }
      expect(await store.searchEntities({ prefix: 'bulk-1' }, 1)).toMatchObject({ total: 100, more: false });
      expect(await store.searchEntities({ prefix: 'zzz' }, 10)).toEqual({ entities: [], total: 0, more: false });
    });

    it('searches one registry by name prefix, whole names with their slashes, exact match first', async () => {
      await store.writeEntities([
        makeEntity({ registry: 'github', name: 'haotian-liu/LLaVA', score: 71 }),
        makeEntity({ registry: 'github', name: 'haotian-liu/LLaVA-NeXT', score: 95 }),
        makeEntity({ registry: 'github', name: 'haotian-liu-fork/tools', score: 50 }),
        makeEntity({ registry: 'npm', name: 'sharp', score: 81 }),
        makeEntity({ registry: 'pypi', name: 'sharp', score: 60 }),
        makeEntity({ registry: 'npm', name: 'sharpie', score: 99 }),
      ]);
      const names = async (prefix: string, registry: string) => (await store.searchEntities({ prefix, registry }, 10)).entities.map((e) => `${e.registry}/${e.name}`);
      expect(await names('haotian-liu/', 'github')).toEqual(['github/haotian-liu/LLaVA-NeXT', 'github/haotian-liu/LLaVA']);
      expect(await names('HAOTIAN-LIU/llava', 'GitHub')).toEqual(['github/haotian-liu/LLaVA', 'github/haotian-liu/LLaVA-NeXT']);
      expect(await names('sha', 'npm')).toEqual(['npm/sharpie', 'npm/sharp']);
      expect(await names('sharp', 'npm')).toEqual(['npm/sharp', 'npm/sharpie']);
      expect(await names('llava', 'github')).toEqual([]);
      expect(await names('sharp', 'crates')).toEqual([]);
    });

    it('finds stored entities whatever the order of a re-import: the same, reversed, with new ones between', async () => {
      const first = many(40, (i) => ({ score: i }));
      await store.writeEntities(first);
      const changed = (e: Entity, i: number) => ({ ...e, score: i % 3 === 0 ? e.score + 1 : e.score, updatedAt: '2026-11-02T00:00:00Z' });
      const sameOrder = first.map(changed);
      expect(counts(await store.writeEntities(sameOrder))).toEqual({ inserted: 0, updated: 40, unchanged: 0 });
      const reversed = [...sameOrder].reverse();
      expect(counts(await store.writeEntities(reversed))).toEqual({ inserted: 0, updated: 0, unchanged: 40 });
      const mixed = sameOrder.flatMap((e, i) => (i % 7 === 0 ? [makeEntity({ name: `new-${i}`, score: 50 }), { ...e, score: 99 }] : [e]));
      expect(counts(await store.writeEntities(mixed))).toEqual({ inserted: 6, updated: 6, unchanged: 34 });
      for (const [i, e] of sameOrder.entries()) {
        expect((await store.findByName('npm', e.name))?.score, e.name).toBe(i % 7 === 0 ? 99 : e.score);
      }
      expect(await store.countEntities()).toBe(46);
    });

    it('counts a repeated entity in one write like consecutive upserts, keeping the last line', async () => {
      const summary = await store.writeEntities([makeEntity({ score: 10 }), makeEntity({ score: 20 }), makeEntity({ score: 20 }), makeEntity({ name: 'x' })]);
      expect(counts(summary)).toEqual({ inserted: 2, updated: 1, unchanged: 1 });
      expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 20 });
      // A later line that undoes an earlier one is still an update of it.
      expect(counts(await store.writeEntities([makeEntity({ score: 30 }), makeEntity({ score: 20 })]))).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
      expect(counts(await store.writeEntities([makeEntity({ score: 20 }), makeEntity({ score: 20 })]))).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    });

    it('leaves the store exactly as it was when the source fails midway', async () => {
      await store.writeEntities([makeEntity({ score: 10, aliases: ['lp'] })]);
      async function* failing() {
        yield makeEntity({ score: 99, aliases: ['other'] });
        yield makeEntity({ registry: 'crates', name: 'new-one' });
        throw new Error('line 3 is bad');
      }
      await expect(store.writeEntities(failing())).rejects.toThrow('line 3 is bad');
      expect(await store.countEntities()).toBe(1);
      expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 10, aliases: ['lp'] });
      expect(await store.findByBareName('lp', 5)).toHaveLength(1);
      expect(await store.listRegistries()).toEqual(new Set(['npm']));
    });

    it('keeps a write invisible to readers until it commits', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const reading = new Promise<void>((resolve) => (started = resolve));
      async function* slow() {
        yield makeEntity({ name: 'pending' });
        started();
        await gate;
      }
      const writing = store.writeEntities(slow());
      await reading;
      expect(await store.findByName('npm', 'pending')).toBeNull();
      release();
      await writing;
      expect(await store.findByName('npm', 'pending')).not.toBeNull();
    });

    it('loads a large import into an empty store in one piece, repeats and aliases included', async () => {
      const entities = many(12_000, (i) => (i % 1000 === 0 ? { aliases: [`alias-${i}`] } : {}));
      entities.push(makeEntity({ name: 'pkg-5', score: 1 }), makeEntity({ name: 'pkg-7', score: 0.7 }));
      expect(counts(await store.writeEntities(entities))).toEqual({ inserted: 12_000, updated: 1, unchanged: 1 });
      expect(await store.countEntities()).toBe(12_000);
      expect(await store.findByName('npm', 'pkg-5')).toMatchObject({ score: 1 });
      expect(await store.findByBareName('alias-3000', 5)).toMatchObject([{ name: 'pkg-3000' }]);
      // The unique key holds afterwards: the next write updates, never duplicates.
      expect(counts(await store.writeEntities([makeEntity({ name: 'pkg-1', score: 50 })]))).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.countEntities()).toBe(12_000);
    });

    it('leaves an empty store empty and usable when a large import fails late', async () => {
      async function* failingLate() {
        yield* many(11_000);
        throw new Error('line 11001 is bad');
      }
      await expect(store.writeEntities(failingLate())).rejects.toThrow('line 11001 is bad');
      expect(await store.countEntities()).toBe(0);
      expect(await store.listRegistries()).toEqual(new Set());
      await store.writeEntities([makeEntity(), makeEntity()]);
      expect(await store.countEntities()).toBe(1);
    });

    it('keeps its data across reopening', async () => {
      await store.writeEntities([makeEntity()]);
      store = await harness.reopen(store);
      expect(await store.countEntities()).toBe(1);
    });

    describe('change notices', () => {
      let changes: StoreChange[];
      let stop: () => void;
      beforeEach(() => {
        changes = [];
        stop = store.watchChanges((change) => changes.push(change));
      });
      afterEach(() => stop());
      // An engine may also announce `all` when it (re)connects to its notices; only lists are exact.
      const listed = () => changes.filter((c) => c.kind === 'entities');

      it('announces, by the time a write returns, exactly the keys it touched: names, new and old aliases', async () => {
        await store.writeEntities([makeEntity({ aliases: ['lp-old'] }), makeEntity({ registry: 'pypi', name: 'Other' })]);
        changes.length = 0;
        await store.writeEntities([makeEntity({ aliases: ['LP-new'] }), makeEntity({ registry: 'pypi', name: 'Other' })]);
        expect(keysOf(listed())).toEqual(new Set(['npm/left-pad', 'npm/lp-new', 'npm/lp-old']));
        changes.length = 0;
        await store.deleteEntity('pypi', 'other');
        expect(keysOf(listed())).toEqual(new Set(['pypi/other']));
      });

      it('announces every seal write by the time it returns, as the seal pseudo-registry and its id', async () => {
        const seal: Seal = {
          id: 'CCCCCCCCCCCCCCCCCCCCCC', registry: 'npm', name: 'left-pad', vendor: 'V', origins: ['https://v.example'],
          createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', expiresAt: null, revokedAt: null,
        };
        await store.insertSeal(seal);
        expect(keysOf(listed())).toEqual(new Set([`${SEAL_CHANGES}/${seal.id}`]));
        changes.length = 0;
        await store.updateSeal({ ...seal, vendor: 'W' });
        expect(keysOf(listed())).toEqual(new Set([`${SEAL_CHANGES}/${seal.id}`]));
        changes.length = 0;
        await store.revokeSeal(seal.id, '2026-02-01T00:00:00Z');
        expect(keysOf(listed())).toEqual(new Set([`${SEAL_CHANGES}/${seal.id}`]));
      });

      it('announces nothing for a write that changed nothing', async () => {
        await store.writeEntities([makeEntity()]);
        changes.length = 0;
        await store.writeEntities([makeEntity()]);
        await store.deleteEntity('npm', 'absent');
        expect(listed()).toEqual([]);
      });

      it('announces `all` for a write too large to list', async () => {
        await store.writeEntities(many(MAX_LISTED_CHANGES + 1));
        expect(changes.some((c) => c.kind === 'all')).toBe(true);
      });
    });

    it('imports NDJSON all or nothing: a bad line late in a large file changes nothing', async () => {
      await store.writeEntities([makeEntity({ score: 10 })]);
      const lines = many(4_000).map((e) => JSON.stringify({ registry: e.registry, name: e.name, category: e.category, score: e.score }));
      lines[3_998] = '{"registry":"npm","name":"bad","category":"library","score":101}';
      const error = await importNdjson(store, Readable.from([lines.join('\n')]), () => FIXED_NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).extra).toMatchObject({ line: 3_999 });
      expect(await store.countEntities()).toBe(1);
      expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 10 });
    });

    describe('score history', () => {
      const at = (day: string, time = '12:00:00') => `${day}T${time}Z`;
      const pointsOf = async (name = 'left-pad') => (await store.getHistory('npm', name, '1970-01-01')).map((p) => [p.day, p.score]);
      const ndjson = (records: object[]) => Readable.from([records.map((r) => JSON.stringify(r)).join('\n')]);

      it('starts with the first score, adds a point per change of score or a dimension, none otherwise', async () => {
        await store.writeEntities([makeEntity({ score: 70, updatedAt: at('2026-03-01') })]);
        await store.writeEntities([makeEntity({ score: 64, updatedAt: at('2026-04-01') })]);
        await store.writeEntities([makeEntity({ score: 64, dimensions: { security: 50 }, updatedAt: at('2026-05-01') })]);
        // Only the description and date move: no point.
        await store.writeEntities([makeEntity({ score: 64, dimensions: { security: 50 }, description: 'now described', updatedAt: at('2026-06-01') })]);
        // Nothing moves at all: unchanged, no point.
        const same = await store.writeEntities([makeEntity({ score: 64, dimensions: { security: 50 }, description: 'now described', updatedAt: at('2026-06-01') })]);
        expect(same.unchanged).toBe(1);
        expect(await pointsOf()).toEqual([['2026-03-01', 70], ['2026-04-01', 64], ['2026-05-01', 64]]);
        const [, , last] = await store.getHistory('NPM', 'Left-Pad', '2026-01-01');
        expect(last).toEqual({ day: '2026-05-01', updated_at: at('2026-05-01'), score: 64, dimensions: { security: 50 } });
        expect((await store.getHistory('npm', 'left-pad', '2026-04-01')).map((p) => p.day)).toEqual(['2026-04-01', '2026-05-01']);
        expect(await store.getHistory('npm', 'nothing-here', '1970-01-01')).toEqual([]);
      });

      it('keeps one point per day: the day\'s last write wins', async () => {
        await store.writeEntities([makeEntity({ score: 70, updatedAt: at('2026-03-01', '08:00:00') })]);
        await store.writeEntities([makeEntity({ score: 60, updatedAt: at('2026-03-01', '09:00:00') })]);
        await store.writeEntities([makeEntity({ score: 55, updatedAt: at('2026-03-01', '23:59:59') })]);
        expect(await store.getHistory('npm', 'left-pad', '1970-01-01')).toEqual([
          { day: '2026-03-01', updated_at: at('2026-03-01', '23:59:59'), score: 55, dimensions: {} },
        ]);
      });

      it('refuses a write dated before the stored one, and changes nothing', async () => {
        await store.writeEntities([makeEntity({ score: 70, updatedAt: at('2026-03-01') })]);
        const error = await store.writeEntities([makeEntity({ name: 'other', score: 1, updatedAt: at('2026-01-01') }), makeEntity({ score: 20, updatedAt: at('2026-02-01') })]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StaleWriteError);
        expect(error).toMatchObject({ position: 2, stored: at('2026-03-01'), given: at('2026-02-01') });
        expect(await store.findByName('npm', 'left-pad')).toMatchObject({ score: 70 });
        expect(await store.findByName('npm', 'other')).toBeNull();
        expect(await pointsOf()).toEqual([['2026-03-01', 70]]);
      });

      it('refuses an import that goes back in time with its line number, and adds no point', async () => {
        await store.writeEntities([makeEntity({ score: 70, updatedAt: at('2026-03-01') })]);
        const records = [
          { registry: 'npm', name: 'fresh', category: 'library', score: 50, updated_at: at('2026-04-01') },
          { registry: 'npm', name: 'left-pad', category: 'library', score: 30, updated_at: at('2026-04-01') },
        ];
        await importNdjson(store, ndjson(records), () => FIXED_NOW);
        const backwards = [{ registry: 'npm', name: 'fresh', category: 'library', score: 40, updated_at: at('2026-05-01') }, {}, { registry: 'npm', name: 'left-pad', category: 'library', score: 90, updated_at: at('2026-02-01') }];
        const lines = backwards.map((r) => (Object.keys(r).length === 0 ? '' : JSON.stringify(r))).join('\n');
        const error = await importNdjson(store, Readable.from([lines]), () => FIXED_NOW).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'invalid_import', extra: { line: 3 } });
        expect((error as AppError).detail).toMatch(/^line 3: updated_at must not be earlier than the stored 2026-04-01T12:00:00Z/);
        expect(await pointsOf('fresh')).toEqual([['2026-04-01', 50]]);
        expect(await pointsOf()).toEqual([['2026-03-01', 70], ['2026-04-01', 30]]);
      });

      it('adds no point for a failed import, and none for an unchanged re-import', async () => {
        const records = many(300, (i) => ({ updatedAt: at('2026-03-01'), score: (i % 100) + 0.5 }));
        const lines = records.map((e) => JSON.stringify({ registry: e.registry, name: e.name, category: e.category, score: e.score, updated_at: e.updatedAt }));
        await importNdjson(store, Readable.from([lines.join('\n')]), () => FIXED_NOW);
        const changed = lines.map((line) => line.replace('"updated_at":"2026-03-01T12:00:00Z"', '"updated_at":"2026-04-01T12:00:00Z"').replace(/"score":(\d+)\.5/, '"score":$1.7'));
        const broken = [...changed.slice(0, 299), '{"registry":"npm","name":"bad","category":"library","score":101}'];
        await expect(importNdjson(store, Readable.from([broken.join('\n')]), () => FIXED_NOW)).rejects.toMatchObject({ code: 'invalid_import' });
        expect(await pointsOf('pkg-7')).toEqual([['2026-03-01', 7.5]]);
        const again = await importNdjson(store, Readable.from([lines.join('\n')]), () => FIXED_NOW);
        expect(again.unchanged).toBe(300);
        expect(await pointsOf('pkg-7')).toEqual([['2026-03-01', 7.5]]);
        await importNdjson(store, Readable.from([changed.join('\n')]), () => FIXED_NOW);
        expect(await pointsOf('pkg-7')).toEqual([['2026-03-01', 7.5], ['2026-04-01', 7.7]]);
      });

      it('drops points past retention as an entity is written, but never its newest', async () => {
        await store.writeEntities([makeEntity({ score: 10, updatedAt: at('2019-01-01') })]);
        await store.writeEntities([makeEntity({ score: 20, updatedAt: at('2019-06-01') })]);
        expect(await pointsOf()).toEqual([['2019-06-01', 20]]);
        await store.writeEntities([makeEntity({ score: 30, updatedAt: at('2026-03-01') })]);
        expect(await pointsOf()).toEqual([['2026-03-01', 30]]);
        await store.writeEntities([makeEntity({ score: 40, updatedAt: at('2026-04-01') })]);
        expect(await pointsOf()).toEqual([['2026-03-01', 30], ['2026-04-01', 40]]);
      });

      it('deletes an entity\'s history with it: written again, it starts afresh', async () => {
        await store.writeEntities([makeEntity({ score: 70, updatedAt: at('2026-03-01') })]);
        await store.writeEntities([makeEntity({ score: 60, updatedAt: at('2026-04-01') })]);
        await store.deleteEntity('npm', 'left-pad');
        expect(await pointsOf()).toEqual([]);
        await store.writeEntities([makeEntity({ score: 50, updatedAt: at('2026-01-01') })]);
        expect(await pointsOf()).toEqual([['2026-01-01', 50]]);
      });

      it('gives every entity of a bulk load into an empty store its first point', async () => {
        await store.writeEntities(many(12_000, (i) => ({ updatedAt: at('2026-02-03'), score: (i % 100) + 0.5 })));
        expect(await pointsOf('pkg-11999')).toEqual([['2026-02-03', 99.5]]);
        expect(await pointsOf('pkg-0')).toEqual([['2026-02-03', 0.5]]);
      });

      it('keeps a catalogue version per import (time and counts), not per single write', async () => {
        expect(await store.latestCatalogueVersion()).toBeNull();
        const a = { registry: 'npm', name: 'a', category: 'library', score: 50, updated_at: '2026-10-01T00:00:00Z' };
        await importNdjson(store, ndjson([a]), () => new Date('2026-11-01T10:00:00.500Z'));
        await store.writeEntities([makeEntity()]);
        const first = await store.latestCatalogueVersion();
        expect(first).toMatchObject({ imported_at: '2026-11-01T10:00:00Z', inserted: 1, updated: 0, unchanged: 0 });
        await importNdjson(store, ndjson([a, { registry: 'npm', name: 'b', category: 'library', score: 5 }]), () => FIXED_NOW);
        const second = await store.latestCatalogueVersion();
        expect(second).toMatchObject({ inserted: 1, unchanged: 1 });
        expect(second!.version).toBeGreaterThan(first!.version);
        // A failed import records no version.
        await expect(importNdjson(store, ndjson([{ registry: 'npm', name: 'c', category: 'library', score: 500 }]), () => FIXED_NOW)).rejects.toBeInstanceOf(AppError);
        expect((await store.latestCatalogueVersion())!.version).toBe(second!.version);
      });
    });
  });
}
