// `npm run bench:store`: the store at catalogue scale. Generates (or reuses) a synthetic catalogue,
// then per engine (a fresh SQLite file, a fresh PostgreSQL schema): an import failing at its
// next-to-last line, the import (child process: time, peak RSS), size, store-level lookups and
// batches of package URLs as the service answers them, the failing import again, re-imports
// unchanged and all changed. Prints a table; times nothing in tests.
// With `--snapshots M`, score history instead: M monthly snapshots imported in order, the growth
// of the store per snapshot, an unchanged re-import (no point may be added) and history reads.
import { execFile, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_SEED, seededRandom, syntheticLines, syntheticRecord, type CatalogueOptions } from './synthetic-catalogue.js';
import { BATCH_SIZE, packageUrlBatch, percentile } from './bench-load.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { DEFAULT_GRADE_SCALE } from '../src/domain/grade.js';
import { createBatchService } from '../src/services/batch-service.js';
import { createReportService } from '../src/services/report-service.js';
import { foldShortName } from '../src/domain/entity.js';
import { MIN_TYPO_CHARS, nearKeys } from '../src/domain/near-keys.js';
import { snapshotPaths } from './write-catalogue.js';

const run = promisify(execFile);
const AS_OF = new Date('2026-11-01T00:00:00Z');
const DAY_MS = 24 * 3600 * 1000;
/** The mapped-reads comparison: more than the whole file. */
const MAPPED_BYTES = 4 * 1024 ** 3;
/** Batches answered before the timed ones, each of other entities. */
const BATCH_WARM_UP = 20;

interface BenchArgs {
  count: number;
  dir: string;
  engines: string[];
  databaseUrl: string | null;
  lookups: number;
  /** Batches of BATCH_SIZE package URLs timed per engine. */
  batches: number;
  /** History mode: this many monthly snapshots; null for the catalogue bench. */
  snapshots: number | null;
  /** `--lookups-only`: one import per engine, then the lookups; no failing imports or re-imports. */
  lookupsOnly: boolean;
}

interface ImportRun {
  seconds: number;
  maxRssBytes: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

function parseArgs(argv: string[]): BenchArgs {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  return {
    count: Number(value('--count') ?? 1_800_000),
    dir: value('--dir') ?? join(tmpdir(), 'trustbadge-bench'),
    engines: (value('--engines') ?? 'sqlite,postgres').split(','),
    databaseUrl: value('--database-url') ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null,
    lookups: Number(value('--lookups') ?? 20_000),
    batches: Number(value('--batches') ?? 200),
    snapshots: value('--snapshots') === undefined ? null : Number(value('--snapshots')),
    lookupsOnly: argv.includes('--lookups-only'),
  };
}

/** The catalogue file for these options, written once and reused by later runs. */
/** With `badLine`, that line (1-based) is replaced by one that fails validation. */
async function catalogue(dir: string, count: number, options: CatalogueOptions, badLine?: number): Promise<string> {
  const bad = badLine === undefined ? '' : `-bad${badLine}`;
  const file = join(dir, `catalogue-${count}-seed${options.seed}-${options.asOf.toISOString().slice(0, 10)}${bad}.ndjson`);
  if (existsSync(file)) return file;
  const started = Date.now();
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let block = '';
  let number = 0;
  for (const line of syntheticLines(0, count, options)) {
    block += ++number === badLine ? '{"registry":"npm","name":"broken","category":"library","score":101}\n' : line;
    if (block.length < 256 * 1024) continue;
    if (!out.write(block)) await once(out, 'drain');
    block = '';
  }
  out.end(block);
  await once(out, 'finish');
  renameSync(partial, file);
  console.log(`generated ${file} (${mb(statSync(file).size)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** The young generation `npm run import` gives the importing process (package.json's `import` script). */
const IMPORT_NODE_OPTIONS = ['--max-semi-space-size=4'];

async function importInChild(databaseUrl: string, file: string): Promise<ImportRun> {
  const child = join(import.meta.dirname, 'import-child.js');
  const { stdout } = await run(process.execPath, [...IMPORT_NODE_OPTIONS, child, databaseUrl, file], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ImportRun;
}

/** Runs an import that must fail at `line`; returns its seconds. */
async function failingImport(databaseUrl: string, file: string, line: number): Promise<number> {
  const started = Date.now();
  const failure = await importInChild(databaseUrl, file).then(
    () => null,
    (error: { stderr?: string }) => error.stderr ?? '',
  );
  if (failure === null || !failure.includes(`line ${line}:`)) throw new Error(`expected the import to fail at line ${line}, got ${failure}`);
  return (Date.now() - started) / 1000;
}

/** p50 and p99 in microseconds of `call` over `samples`, after a warm-up pass over a tenth of them. */
async function timeCalls<T>(samples: T[], call: (sample: T) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (const sample of samples.slice(0, Math.ceil(samples.length / 10))) await call(sample);
  const micros: number[] = [];
  for (const sample of samples) {
    const started = process.hrtime.bigint();
    await call(sample);
    micros.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return { p50: percentile(micros, 50), p99: percentile(micros, 99) };
}

async function timeLookups(store: Store, args: BenchArgs, options: CatalogueOptions) {
  // A fixed stride through the catalogue: repeatable, and spread over every part of it.
  const targets = Array.from({ length: args.lookups }, (_, i) => syntheticRecord(Math.floor((i * 7_919_993) % args.count), options));
  const byName = await timeCalls(targets, async (t) => {
    if ((await store.findByName(t.registry, t.name)) === null) throw new Error(`missing ${t.registry}/${t.name}`);
  });
  const bare = await timeCalls(targets, (t) => store.findByBareName(t.name, 10));
  const entities = await Promise.all(targets.slice(0, 2_000).map((t) => store.findByName(t.registry, t.name)));
  const alternatives = await timeCalls(entities, (e) => store.findAlternatives(e!, 5));
  // Search as the service asks it (a page of ten, and one more to know of a next page): what a
  // user types, the first 3 to 6 characters of a name, across registries and in the entity's own.
  const typed = targets.map((t, i) => ({ registry: t.registry, prefix: t.name.slice(0, 3 + (i % 4)) }));
  const search = await timeCalls(typed, (q) => store.searchEntities({ prefix: q.prefix }, 11));
  const qualified = await timeCalls(typed, (q) => store.searchEntities({ prefix: q.prefix, registry: q.registry }, 11));
  // The typo fallback as the service asks it: the last segment typed with one mistake (a letter
  // dropped, added, changed or two swapped), its variants looked up, the best ten kept.
  const typos = targets.map((t, i) => ({ i, target: t, typed: misspell(foldShortName(t.name), i) }));
  const found = new Set<number>();
  const typo = await timeCalls(typos, async ({ i, target, typed }) => {
    const near = await store.findByNameKeys({ keys: nearKeys(typed) }, 10);
    if (near.some((e) => e.registry === target.registry && e.name === target.name)) found.add(i);
  });
  const batch = await timeBatches(store, args, options);
  return { byName, bare, alternatives, search, qualified, typo, typoFound: found.size / typos.length, batch };
}

/**
 * POST /v1/preflight's work without HTTP: the batch service, as the app builds it, answering batches
 * of package URLs (5 % absent) of entities drawn at random, over the raw store. The service's lookup
 * cache is left out, so every item is read from the store. p50 and p99 in ms, after a warm-up.
 */
async function timeBatches(store: Store, args: BenchArgs, options: CatalogueOptions): Promise<{ p50: number; p99: number }> {
  const reports = createReportService({ store, gradeScale: DEFAULT_GRADE_SCALE, shieldsCacheSeconds: 300, glyphs: { ranges: [] }, now: () => AS_OF });
  const service = createBatchService({ store, gradeScale: DEFAULT_GRADE_SCALE, toSearchResult: reports.toSearchResult });
  const random = seededRandom(DEFAULT_SEED, -1);
  const draw = () => syntheticRecord(Math.floor(random() * args.count), options);
  const batches = Array.from({ length: BATCH_WARM_UP + args.batches }, () => packageUrlBatch(draw));
  const millis: number[] = [];
  for (const [i, batch] of batches.entries()) {
    const started = performance.now();
    const { summary } = await service.check(batch.purls, 'http://bench.invalid');
    const elapsed = performance.now() - started;
    if (summary.unknown !== batch.absent || summary.found !== BATCH_SIZE - batch.absent) {
      throw new Error(`a batch was answered ${JSON.stringify(summary)}; expected ${batch.absent} unknown, the rest found`);
    }
    if (i >= BATCH_WARM_UP) millis.push(elapsed);
  }
  return { p50: percentile(millis, 50), p99: percentile(millis, 99) };
}

/** `word` with one mistake, chosen by `i`: a letter dropped, one added, one changed, or two neighbours swapped. */
function misspell(word: string, i: number): string {
  const chars = [...word];
  const at = (i * 7) % chars.length;
  const letter = 'etaoinshrdlu'[i % 12]!;
  switch (i % 4) {
    case 0: if (chars.length > MIN_TYPO_CHARS) chars.splice(at, 1); else chars.push(letter); break;
    case 1: chars.splice(at, 0, letter); break;
    case 2: chars[at] = chars[at] === letter ? 'q' : letter; break;
    default: if (at + 1 < chars.length && chars[at] !== chars[at + 1]) [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!]; else chars.push(letter);
  }
  return chars.join('');
}

/** `work` on a connection of its own to `url`, closed however it ends. */
async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function postgresSize(url: string, schema: string): Promise<number> {
  const { rows } = await withPgClient(url, (client) =>
    client.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    ),
  );
  return Number(rows[0]!.bytes);
}

async function dropSchema(url: string, schema: string): Promise<void> {
  await withPgClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`));
}

/** A fresh database for `engine`: its URL, its size, and how to drop it. */
function benchDatabase(engine: string, args: BenchArgs) {
  const schema = `bench_${process.pid}`;
  let databaseUrl: string;
  if (engine === 'sqlite') {
    databaseUrl = `sqlite:${join(args.dir, `bench-${process.pid}.db`)}`;
  } else {
    if (args.databaseUrl === null) throw new Error('postgres needs --database-url (or BENCH_DATABASE_URL / TEST_DATABASE_URL)');
    const url = new URL(args.databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.href;
  }
  const path = databaseUrl.slice('sqlite:'.length);
  return {
    databaseUrl,
    path,
    size: async () => (engine === 'sqlite' ? statSync(path).size : postgresSize(args.databaseUrl!, schema)),
    open: async (): Promise<Store> => (engine === 'sqlite' ? openSqliteStore(path) : openPostgresStore(databaseUrl)),
    /** Rows in a table, read straight from the database. */
    count: async (table: string): Promise<number> => {
      if (engine === 'sqlite') {
        const db = new Database(path, { readonly: true });
        try {
          return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
        } finally {
          db.close();
        }
      }
      return withPgClient(databaseUrl, async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);
    },
    /**
     * What autovacuum does between imports on a server with default settings (`VACUUM (ANALYZE)`, so
     * the next import finds the old row versions' room free), done here so every run is alike: a server
     * with autovacuum off (as CI's is) never does it, and one with it on may do it during an import.
     * Answers its seconds; SQLite needs nothing.
     */
    vacuum: async (): Promise<number> => {
      if (engine === 'sqlite') return 0;
      const started = Date.now();
      await withPgClient(databaseUrl, (client) => client.query('VACUUM (ANALYZE) entities, aliases, score_history'));
      return (Date.now() - started) / 1000;
    },
    drop: async () => {
      if (engine === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      else await dropSchema(args.databaseUrl!, schema);
    },
  };
}

async function benchEngine(engine: string, args: BenchArgs, files: { first: string; changed: string; bad: string }, options: CatalogueOptions) {
  const { databaseUrl, path, size, drop } = benchDatabase(engine, args);
  try {
    // A bad line at the end of a full import into the empty store (the bulk path) leaves it empty:
    // the import that follows must insert every entity.
    const failedEmpty = await failingImport(databaseUrl, files.bad, args.count - 1);
    console.log(`${engine}: import failing at line ${args.count - 1} into the empty store: ${failedEmpty.toFixed(1)} s`);
    const first = await importInChild(databaseUrl, files.first);
    console.log(`${engine}: first import ${first.seconds.toFixed(1)} s, peak RSS ${mb(first.maxRssBytes)} MB`);
    const bytes = await size();
    const store = engine === 'sqlite' ? openSqliteStore(path) : await openPostgresStore(databaseUrl);
    const lookups = await timeLookups(store, args, options);
    await store.close();
    if (engine === 'sqlite') {
      // The service's default reads through SQLite's page cache; mapping the file is the faster option.
      const mapped = openSqliteStore(path, { mmapBytes: MAPPED_BYTES });
      const { byName, bare, batch } = await timeLookups(mapped, args, options);
      await mapped.close();
      console.log(`sqlite: lookups with SQLITE_MMAP_BYTES=4GiB, by name p50 / p99 ${us(byName)} µs, bare name ${us(bare)} µs, batch of 1,000 ${ms(batch)} ms`);
    }
    const failedFull = await failingImport(databaseUrl, files.bad, args.count - 1);
    console.log(`${engine}: import failing at line ${args.count - 1} into the full store: ${failedFull.toFixed(1)} s`);
    // …and into the full store (the merge path) changes nothing: the next re-import finds every row unchanged.
    const again = await importInChild(databaseUrl, files.first);
    console.log(`${engine}: unchanged re-import ${again.seconds.toFixed(1)} s`);
    const changed = await importInChild(databaseUrl, files.changed);
    console.log(`${engine}: every-row-changed re-import ${changed.seconds.toFixed(1)} s, peak RSS ${mb(changed.maxRssBytes)} MB`);
    if (first.inserted !== args.count || again.unchanged !== args.count || changed.updated !== args.count) {
      throw new Error(`${engine}: unexpected summaries ${JSON.stringify({ first, again, changed })}`);
    }
    return { engine, first, again, changed, failedEmpty, failedFull, lookups, bytes, bytesAfterUpdates: await size() };
  } finally {
    await drop();
  }
}

/** The snapshots for `--snapshots M`, written once by `gen` and reused by later runs. */
function snapshotFiles(args: BenchArgs, snapshots: number): string[] {
  const out = join(args.dir, `history-${args.count}-seed${DEFAULT_SEED}.ndjson`);
  const paths = snapshotPaths(out, snapshots);
  if (!paths.every((path) => existsSync(path))) {
    execFileSync(process.execPath, [join(import.meta.dirname, 'gen.js'), '--count', String(args.count), '--out', out, '--snapshots', String(snapshots)], { stdio: 'inherit' });
  }
  return paths;
}

/** Score history at scale: the snapshots imported in order, then an unchanged re-import and history reads. */
async function benchHistory(engine: string, args: BenchArgs, files: string[]) {
  const database = benchDatabase(engine, args);
  try {
    const imports: (ImportRun & { vacuumSeconds: number; bytes: number; points: number })[] = [];
    for (const [i, file] of files.entries()) {
      const result = await importInChild(database.databaseUrl, file);
      const vacuumSeconds = await database.vacuum();
      imports.push({ ...result, vacuumSeconds, bytes: await database.size(), points: await database.count('score_history') });
      console.log(
        `${engine}: snapshot ${i + 1} of ${files.length}: ${result.seconds.toFixed(1)} s, peak RSS ${mb(result.maxRssBytes)} MB, ` +
          `${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged; ${mb(imports.at(-1)!.bytes)} MB, ${imports.at(-1)!.points} history points` +
          (engine === 'sqlite' ? '' : `; VACUUM (ANALYZE) after it ${vacuumSeconds.toFixed(1)} s`),
      );
    }
    const again = await importInChild(database.databaseUrl, files.at(-1)!);
    const pointsAfter = await database.count('score_history');
    if (again.unchanged !== args.count || pointsAfter !== imports.at(-1)!.points) {
      throw new Error(`${engine}: the unchanged re-import changed something: ${JSON.stringify(again)}, ${pointsAfter} points`);
    }
    console.log(`${engine}: unchanged re-import of the last snapshot ${again.seconds.toFixed(1)} s, no point added`);
    const store = await database.open();
    const since = new Date(AS_OF.getTime() - 365 * DAY_MS).toISOString().slice(0, 10);
    const options = { seed: DEFAULT_SEED, asOf: AS_OF };
    const targets = Array.from({ length: args.lookups }, (_, i) => syntheticRecord(Math.floor((i * 7_919_993) % args.count), options));
    const history = await timeCalls(targets, (t) => store.getHistory(t.registry, t.name, since));
    await store.close();
    console.log(`${engine}: history of one entity, 365 days, p50 / p99 ${us(history)} µs`);
    return { engine, imports, again, history };
  } finally {
    await database.drop();
  }
}

async function mainHistory(args: BenchArgs, snapshots: number): Promise<void> {
  const files = snapshotFiles(args, snapshots);
  const results = [];
  for (const engine of args.engines) results.push(await benchHistory(engine, args, files));
  const millions = args.count / 1e6;
  console.log(`\nhistory bench: ${args.count.toLocaleString('en-US')} entities, ${snapshots} monthly snapshots imported in order, ${args.lookups} history reads of 365 days\n`);
  console.log('| engine | first import (s) | later imports, median / slowest (s) | peak RSS, later imports (MB) | VACUUM (ANALYZE) after each, median (s) | unchanged re-import (s), points added | points after | store growth per snapshot (MB per million entities) | history read p50 / p99 (µs) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const later = r.imports.slice(1);
    const seconds = later.map((i) => i.seconds).sort((a, b) => a - b);
    const growth = later.length === 0 ? 0 : (r.imports.at(-1)!.bytes - r.imports[0]!.bytes) / later.length / millions;
    console.log(
      `| ${r.engine} | ${r.imports[0]!.seconds.toFixed(1)} | ${lowerMedian(seconds).toFixed(1)} / ${(seconds.at(-1) ?? 0).toFixed(1)} | ` +
        `${mb(Math.max(0, ...later.map((i) => i.maxRssBytes)))} | ${lowerMedian(r.imports.map((i) => i.vacuumSeconds)).toFixed(1)} | ${r.again.seconds.toFixed(1)}, 0 | ${r.imports.at(-1)!.points} | ${mb(growth)} | ${us(r.history)} |`,
    );
  }
}

/** `--lookups-only`: the lookups table alone, each engine's store loaded once. */
async function mainLookups(args: BenchArgs, file: string, options: CatalogueOptions): Promise<void> {
  const rows: string[] = [];
  for (const engine of args.engines) {
    const database = benchDatabase(engine, args);
    try {
      await importInChild(database.databaseUrl, file);
      const store = await database.open();
      const r = await timeLookups(store, args, options);
      await store.close();
      rows.push(`| ${engine} | ${us(r.byName)} | ${us(r.bare)} | ${us(r.alternatives)} | ${us(r.search)}; ${us(r.qualified)} | ${us(r.typo)}, ${(r.typoFound * 100).toFixed(0)}% | ${ms(r.batch)} |`);
    } finally {
      await database.drop();
    }
  }
  console.log(`\nstore lookups: ${args.count.toLocaleString('en-US')} entities, ${args.lookups} lookups, ${batchesNote(args)}\n`);
  console.log('| engine | by name p50 / p99 (µs) | bare name p50 / p99 (µs) | alternatives p50 / p99 (µs) | search, prefix / qualified, p50 / p99 (µs) | typo fallback p50 / p99 (µs), intended entity found | batch of 1,000, p50 / p99 (ms) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

/** The middle value (of two, the lower); 0 for none. */
function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function us(t: { p50: number; p99: number }): string {
  return `${t.p50.toFixed(1)} / ${t.p99.toFixed(1)}`;
}

function ms(t: { p50: number; p99: number }): string {
  return `${t.p50.toFixed(2)} / ${t.p99.toFixed(2)}`;
}

function batchesNote(args: BenchArgs): string {
  return `${args.batches} batches of ${BATCH_SIZE.toLocaleString('en-US')} package URLs (5 % absent) through the batch service, no lookup cache, after ${BATCH_WARM_UP}`;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.dir, { recursive: true });
  if (args.snapshots !== null) return mainHistory(args, args.snapshots);
  const options = { seed: DEFAULT_SEED, asOf: AS_OF };
  // The same entities a day later: every row's updated_at differs, nothing else.
  const dayLater = { ...options, asOf: new Date(AS_OF.getTime() + DAY_MS) };
  const files = {
    first: await catalogue(args.dir, args.count, options),
    changed: await catalogue(args.dir, args.count, dayLater),
    // Every row changed, and the next-to-last line bad: applying any of it would show.
    bad: await catalogue(args.dir, args.count, dayLater, args.count - 1),
  };
  if (args.lookupsOnly) return mainLookups(args, files.first, options);
  const results = [];
  for (const engine of args.engines) results.push(await benchEngine(engine, args, files, options));
  const millions = args.count / 1e6;
  console.log(`\nstore bench: ${args.count.toLocaleString('en-US')} entities (${mb(statSync(files.first).size)} MB NDJSON), ${args.lookups} lookups, ${batchesNote(args)}\n`);
  console.log('| engine | import (s) | rate (/s) | peak RSS (MB) | failed import, empty / full store (s) | re-import unchanged (s) | re-import all changed (s) | by name p50 / p99 (µs) | bare name p50 / p99 (µs) | alternatives p50 / p99 (µs) | search, prefix / qualified, p50 / p99 (µs) | typo fallback p50 / p99 (µs), intended entity found | batch of 1,000, p50 / p99 (ms) | size (MB) | MB per million | size after re-imports (MB) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.engine} | ${r.first.seconds.toFixed(1)} | ${Math.round(args.count / r.first.seconds).toLocaleString('en-US')} | ${mb(r.first.maxRssBytes)} | ` +
        `${r.failedEmpty.toFixed(1)} / ${r.failedFull.toFixed(1)} | ${r.again.seconds.toFixed(1)} | ${r.changed.seconds.toFixed(1)} | ${us(r.lookups.byName)} | ${us(r.lookups.bare)} | ${us(r.lookups.alternatives)} | ${us(r.lookups.search)}; ${us(r.lookups.qualified)} | ${us(r.lookups.typo)}, ${(r.lookups.typoFound * 100).toFixed(0)}% | ${ms(r.lookups.batch)} | ` +
        `${mb(r.bytes)} | ${mb(r.bytes / millions)} | ${mb(r.bytesAfterUpdates)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
