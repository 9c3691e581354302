// The import's parser threads (`parseInWorker`, what `npm run import` uses) against the import parsing
// in the importing thread: for any input (records, repeats, blank lines, CRLF, a refused or a
// backdated line anywhere, across many batches) the same summary or the same error, and the same
// store; on SQLite (entities from one thread) and PostgreSQL (rows encoded on two, store.ts:
// BulkWriter). The threads' module exists only compiled, so that side runs the service as built.

import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importNdjson } from '../../src/services/import-entities.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { buildService, type BuiltService } from '../helpers/build.js';
import { dropSchema, openTestPostgresStore, postgresTitle, testDatabaseUrl, truncateStore, uniqueSchema } from '../helpers/postgres.js';
import { FIXED_NOW } from '../helpers/test-app.js';

type Import = typeof importNdjson;
type OpenSqlite = typeof openSqliteStore;
type OpenPostgres = typeof openPostgresStore;

let built: BuiltService;
let builtImport: Import;
let builtOpen: OpenSqlite;
let builtOpenPostgres: OpenPostgres;

beforeAll(async () => {
  built = await buildService();
  builtImport = ((await import(join(built.dist, 'services/import-entities.js'))) as { importNdjson: Import }).importNdjson;
  builtOpen = ((await import(join(built.dist, 'store/sqlite/sqlite-store.js'))) as { openSqliteStore: OpenSqlite }).openSqliteStore;
  builtOpenPostgres = ((await import(join(built.dist, 'store/postgres/postgres-store.js'))) as { openPostgresStore: OpenPostgres }).openPostgresStore;
}, 120_000);
afterAll(() => built.remove());

const NAMES = Array.from({ length: 60 }, (_, i) => `pkg-${i}`);
const DATES = ['2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z', '2026-11-02T12:00:00Z'];

const record = fc.record({
  registry: fc.constantFrom('npm', 'pypi'),
  name: fc.constantFrom(...NAMES),
  category: fc.constant('library'),
  score: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
  dimensions: fc.option(fc.record({ security: fc.integer({ min: 0, max: 100 }) }), { nil: undefined }),
  description: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
  aliases: fc.option(fc.uniqueArray(fc.constantFrom('a-1', 'b-2', 'c-3'), { maxLength: 2 }), { nil: undefined }),
  updated_at: fc.constantFrom(...DATES),
});

const line = fc.oneof(
  { weight: 40, arbitrary: record.map((r) => JSON.stringify(r)) },
  { weight: 2, arbitrary: fc.constantFrom('', '   ', '\t') },
  { weight: 1, arbitrary: fc.constantFrom('{"registry":"npm","name":"bad","category":"library","score":"high"}', '{not json', '{"registry":"npm","name":"x","category":"library","score":5,"score":6}') },
);

const input = fc.record({
  seed: fc.array(record, { maxLength: 40 }),
  // size 'max': lengths up to maxLength (fast-check's default keeps arrays to about ten), so inputs span batches.
  lines: fc.array(line, { minLength: 1, maxLength: 600, size: 'max' }),
  crlf: fc.boolean(),
});

/** The summary without the change list (its order is the engine's), or the error's detail. */
async function outcome(run: () => Promise<{ inserted: number; updated: number; unchanged: number; lines: number }>) {
  try {
    const { inserted, updated, unchanged, lines } = await run();
    return { inserted, updated, unchanged, lines };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function contents(store: Store) {
  const rows = [];
  for (const registry of ['npm', 'pypi']) {
    for (const name of NAMES) {
      const entity = await store.findByName(registry, name);
      rows.push(entity === null ? null : { entity, history: await store.getHistory(registry, name, '2026-01-01') });
    }
  }
  return rows;
}

describe('import parsing in a worker thread', () => {
  it('answers and stores exactly what parsing in the importing thread does, for any input', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(input, async ({ seed, lines, crlf }) => {
        run++;
        const text = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
        const seedText = seed.map((r) => JSON.stringify({ ...r, updated_at: DATES[0] })).join('\n');
        const here = openSqliteStore(join(built.dir, `here-${run}.db`));
        const there = builtOpen(join(built.dir, `there-${run}.db`));
        try {
          await importNdjson(here, Readable.from([seedText]), () => FIXED_NOW);
          await builtImport(there, Readable.from([seedText]), () => FIXED_NOW);
          // Small chunks, so a line is often split across them and the batches are many.
          const chunks = (size: number) => Readable.from(Buffer.from(text).toString('latin1').match(new RegExp(`[^]{1,${size}}`, 'g'))!.map((c) => Buffer.from(c, 'latin1')));
          const expected = await outcome(() => importNdjson(here, chunks(4096), () => FIXED_NOW));
          const actual = await outcome(() => builtImport(there, chunks(1000), () => FIXED_NOW, { parseInWorker: true }));
          expect(actual).toEqual(expected);
          expect(await contents(there)).toEqual(await contents(here));
        } finally {
          await here.close();
          await there.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('ends its thread with the import, when the store refuses it too', async () => {
    const store = builtOpen(join(built.dir, 'refused.db'));
    try {
      const first = `${JSON.stringify({ registry: 'npm', name: 'a', category: 'library', score: 5, updated_at: DATES[2] })}\n`;
      await builtImport(store, Readable.from([first]), () => FIXED_NOW, { parseInWorker: true });
      // A backdated record in the third batch and beyond: the store's refusal names its line.
      const filler = Array.from({ length: 400 }, (_, i) => JSON.stringify({ registry: 'npm', name: `f-${i}`, category: 'library', score: 1, updated_at: DATES[1] }));
      const text = [...filler.slice(0, 300), '', JSON.stringify({ registry: 'npm', name: 'a', category: 'library', score: 9, updated_at: DATES[0] }), ...filler.slice(300)].join('\n');
      await expect(builtImport(store, Readable.from([text]), () => FIXED_NOW, { parseInWorker: true })).rejects.toThrow(/^line 302: updated_at must not be earlier than the stored 2026-11-02T12:00:00Z/);
      expect(await store.countEntities()).toBe(1);
    } finally {
      await store.close();
    }
  });
});

const url = testDatabaseUrl();

describe.skipIf(url === null)(postgresTitle('import rows encoded on parser threads, into PostgreSQL'), () => {
  const schemas = { here: uniqueSchema('import_here'), there: uniqueSchema('import_there') };
  let here: Store;
  let there: Store;

  beforeAll(async () => {
    here = await openTestPostgresStore(url!, schemas.here);
    there = await builtOpenPostgres(url!, { schema: schemas.there, maxConnections: 4 });
  });
  afterAll(async () => {
    await here?.close();
    await there?.close();
    for (const schema of Object.values(schemas)) await dropSchema(url!, schema);
  });

  // Long lines, so an input spans many of the threads' batches and both threads answer several.
  const padded = record.map((r) => JSON.stringify({ ...r, description: `${r.description ?? ''}${'·'.repeat(600)}` }));
  const longInput = fc.record({
    seed: fc.array(record, { maxLength: 40 }),
    lines: fc.array(fc.oneof({ weight: 40, arbitrary: padded }, { weight: 1, arbitrary: line }), { minLength: 1, maxLength: 1500, size: 'max' }),
    crlf: fc.boolean(),
  });

  it('answers and stores exactly what parsing and encoding in the importing thread does, for any input', async () => {
    await fc.assert(
      fc.asyncProperty(longInput, async ({ seed, lines, crlf }) => {
        await truncateStore(url!, schemas.here);
        await truncateStore(url!, schemas.there);
        const text = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
        const seedText = seed.map((r) => JSON.stringify({ ...r, updated_at: DATES[0] })).join('\n');
        await importNdjson(here, Readable.from([seedText]), () => FIXED_NOW);
        await builtImport(there, Readable.from([seedText]), () => FIXED_NOW);
        const expected = await outcome(() => importNdjson(here, Readable.from([text]), () => FIXED_NOW));
        const actual = await outcome(() => builtImport(there, Readable.from([Buffer.from(text)]), () => FIXED_NOW, { parseInWorker: true }));
        expect(actual).toEqual(expected);
        expect(await contents(there)).toEqual(await contents(here));
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('names the line of a backdated record the server refuses, past blank lines and many batches', async () => {
    await truncateStore(url!, schemas.there);
    const first = `${JSON.stringify({ registry: 'npm', name: 'a', category: 'library', score: 5, updated_at: DATES[2] })}\n`;
    await builtImport(there, Readable.from([first]), () => FIXED_NOW, { parseInWorker: true });
    const filler = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ registry: 'npm', name: `f-${i}`, category: 'library', score: 1, description: 'x'.repeat(200), updated_at: DATES[1] }));
    const text = [...filler.slice(0, 2500), '', '  ', JSON.stringify({ registry: 'npm', name: 'a', category: 'library', score: 9, updated_at: DATES[0] }), ...filler.slice(2500)].join('\n');
    await expect(builtImport(there, Readable.from([text]), () => FIXED_NOW, { parseInWorker: true })).rejects.toThrow(/^line 2503: updated_at must not be earlier than the stored 2026-11-02T12:00:00Z/);
    expect(await there.countEntities()).toBe(1);
  });
});
