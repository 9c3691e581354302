// `npm run bench`: generates (or reuses) a large catalogue with a year of score history, starts the
// built service on it as `npm start` does, and drives it with wrk or autocannon: plain node:http
// baselines vs a cached badge, a Zipf mix over the catalogue with cold renders probed alongside,
// JSON reports, then report pages, cold share cards and batches of 1,000 package URLs one at a time,
// and the built `trustbadge check` on 2,000-package lockfiles. Prints the figures; asserts nothing.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingHttpHeaders } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { measureValidation, processCpuNs } from './bench-validation.js';
import { BATCH_SIZE, loadTool, createZipfSampler, packageUrlBatch, residentMemory, percentile, probeLatencies, runLoad, seededRandom, type LoadResult } from './bench-load.js';
import { snapshotPaths } from './write-catalogue.js';

/** The project's root, from dist-tools/tools/ where this runs compiled. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The production build, as `npm start` runs it: the bench measures that, never a copy compiled for tools. */
const DIST = join(ROOT, 'dist');
const DATA_DIR = join(ROOT, 'bench-data');
const USAGE = 'usage: npm run bench -- [--entities N] [--seconds S] [--connections C] [--prepare]\n';

interface BenchOptions {
  entities: number;
  seconds: number;
  connections: number;
  /** Only build the bench's store (bench-data/), measuring nothing: the slow part, done ahead of a quiet machine. */
  prepare: boolean;
}

function parseBenchArgs(args: string[]): BenchOptions | string {
  const options: BenchOptions = { entities: 1_000_000, seconds: 10, connections: 32, prepare: false };
  for (let i = 0; i < args.length; i += 2) {
    if (args[i] === '--prepare') {
      options.prepare = true;
      i--;
      continue;
    }
    const name = args[i]?.replace(/^--/, '') as Exclude<keyof BenchOptions, 'prepare'>;
    const value = Number(args[i + 1]);
    if (!(name in options) || !Number.isSafeInteger(value) || value < 1) return `bad option ${args[i]} ${args[i + 1] ?? ''}`;
    options[name] = value;
  }
  return options;
}

const BENCH = parseBenchArgs(process.argv.slice(2));
if (typeof BENCH === 'string') {
  process.stderr.write(`${BENCH}\n${USAGE}`);
  process.exit(2);
}
const { entities: ENTITIES, seconds: SECONDS, connections: CONNECTIONS, prepare: PREPARE_ONLY } = BENCH;
const ZIPF_S = 1.1;
const WARMUP_SECONDS = 5;
/** Requests sampled ahead of the run; the load tool cycles through them. */
const ZIPF_PATHS = 500_000;
/** Report pages timed after a quarter as many warm them, and share cards drawn cold. */
const PAGE_PROBES = 4_000;
/** Then report pages from wrk on one connection, for this long. */
const PAGE_SECONDS = 5;
const CARD_PROBES = 300;
/** Batches of BATCH_SIZE package URLs timed one at a time, after a warm-up of others. */
const BATCH_PROBES = 200;
const BATCH_WARM_UP = 20;
/** `trustbadge check` runs, each on a lockfile of this many npm packages not checked before. */
const CHECK_RUNS = 5;
const CHECK_PACKAGES = 2_000;
/** Attestations probed beside the same reports, and signatures timed in process. */
const ATTESTATION_PROBES = 2_000;
const SIGNATURES = 10_000;
const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const SEAL_ORIGIN = 'https://vendor.example';
const VARIANTS = ['.svg', '.svg', '.svg', '.svg', '.svg', '.svg', '.png?scale=2', '.svg?style=for-the-badge', '.svg?style=flat-square', '.svg?theme=dark'];

/** bench-signing.ts in its own process: p50 and p99 of SIGNATURES signatures of `payload` (a report's JSON). */
async function measureSigning(payload: string): Promise<{ p50Ms: number; p99Ms: number }> {
  return JSON.parse(await childOutput('bench-signing.js', [String(SIGNATURES)], payload)) as { p50Ms: number; p99Ms: number };
}

/** What a tool of this folder, run in a process of its own with `input` on stdin, prints; it must exit 0. */
async function childOutput(script: string, args: readonly string[], input: string): Promise<string> {
  const child = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(input);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return out;
}

/**
 * probeLatencies in a lean process of its own (probe-child.ts says why); the latencies of its 200
 * answers. With `['--post', url, warmUp]`, the lines are JSON bodies POSTed to url.
 */
async function probeInChild(lines: readonly string[], args: readonly string[] = []): Promise<number[]> {
  return JSON.parse(await childOutput('probe-child.js', args, lines.join('\n'))) as number[];
}

/**
 * Issues a seal through the admin API, bound to SEAL_ORIGIN, for the first of `targets` whose
 * score meets the trust threshold (below it a seal shows grey); its id.
 */
async function issueSeal(base: string, targets: readonly string[]): Promise<string> {
  for (const target of targets.slice(0, 100)) {
    const res = await fetch(`${base}/v1/seals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target, vendor: 'Bench Ltd', origins: [SEAL_ORIGIN] }),
    });
    if (res.status !== 201) throw new Error(`issuing a seal answered ${res.status}: ${await res.text()}`);
    const id = ((await res.json()) as { id: string }).id;
    const state = (await fetch(`${base}/seal/${id}.svg`, { headers: { referer: `${SEAL_ORIGIN}/` } })).headers.get('x-seal-state');
    if (state === 'valid') return id;
  }
  throw new Error('none of the first 100 targets meets the trust threshold');
}

function step(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Monthly snapshots the bench's store is built from, so reports and cards show a year of history. */
const SNAPSHOTS = 12;

function prepareStore(): { catalogue: string; database: string } {
  mkdirSync(DATA_DIR, { recursive: true });
  const stem = join(DATA_DIR, `catalogue-${ENTITIES}-history.ndjson`);
  const snapshots = snapshotPaths(stem, SNAPSHOTS);
  // The last snapshot is the catalogue itself (the file `gen` writes without --snapshots).
  const catalogue = snapshots.at(-1)!;
  const database = join(DATA_DIR, `store-${ENTITIES}-history.db`);
  if (existsSync(database)) return { catalogue, database };
  if (!snapshots.every((file) => existsSync(file))) {
    step(`generating ${ENTITIES} entities as ${SNAPSHOTS} monthly snapshots`);
    execFileSync(process.execPath, [join(import.meta.dirname, 'gen.js'), '--count', String(ENTITIES), '--out', stem, '--snapshots', String(SNAPSHOTS)], { stdio: 'inherit' });
  }
  const partial = `${database}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  for (const [i, file] of snapshots.entries()) {
    step(`importing snapshot ${i + 1} of ${SNAPSHOTS} into SQLite`);
    execFileSync(process.execPath, [join(DIST, 'cli/import.js'), file], { stdio: 'inherit', env: { DATABASE_URL: `sqlite:${partial}` } });
  }
  renameSync(partial, database);
  // Only the catalogue is read again (for the targets): the older snapshots are 12 × its size.
  for (const file of snapshots.slice(0, -1)) rmSync(file);
  return { catalogue, database };
}

async function readTargets(catalogue: string): Promise<string[]> {
  const targets: string[] = [];
  for await (const line of createInterface({ input: createReadStream(catalogue) })) {
    const { registry, name } = JSON.parse(line) as { registry: string; name: string };
    targets.push(`${registry}/${name.split('/').map(encodeURIComponent).join('/')}`);
  }
  return targets;
}

/** A target as readTargets writes it (`registry/segment/…`, each segment URL-encoded), as registry and name. */
function entityOf(target: string): { registry: string; name: string } {
  const [registry, ...segments] = target.split('/');
  return { registry: registry!, name: segments.map(decodeURIComponent).join('/') };
}

/** A package-lock.json (lockfileVersion 3) whose project depends directly on each of `names`. */
function packageLock(names: readonly string[]): string {
  const version = '1.0.0';
  const packages: Record<string, unknown> = { '': { name: 'bench-project', version, dependencies: Object.fromEntries(names.map((name) => [name, `^${version}`])) } };
  for (const name of names) {
    const file = name.slice(name.lastIndexOf('/') + 1);
    packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${file}-${version}.tgz`, license: 'MIT' };
  }
  return `${JSON.stringify({ name: 'bench-project', version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

/** Runs a child to its end: its exit code and what it wrote. */
async function runToEnd(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/**
 * The built `trustbadge check`, as a user runs it (its own process, JSON report), CHECK_RUNS times,
 * each on a new package-lock.json of CHECK_PACKAGES npm entities of the catalogue drawn at random, so
 * no run finds its packages in the service's lookup cache from the run before. Wall seconds of each.
 */
async function timeChecks(base: string, targets: readonly string[], random: () => number): Promise<{ seconds: number[]; codes: (number | null)[]; packages: number }> {
  const npm = targets.filter((target) => target.startsWith('npm/')).map((target) => entityOf(target).name);
  for (let i = npm.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [npm[i], npm[j]] = [npm[j]!, npm[i]!];
  }
  // A small catalogue has fewer npm entities than the runs need: the lockfiles then share some.
  const packages = Math.min(CHECK_PACKAGES, npm.length);
  const dir = mkdtempSync(join(tmpdir(), 'trustbadge-bench-check-'));
  const seconds: number[] = [];
  const codes: (number | null)[] = [];
  try {
    for (let run = 0; run < CHECK_RUNS; run++) {
      const file = join(dir, `run-${run + 1}`, 'package-lock.json');
      mkdirSync(join(dir, `run-${run + 1}`));
      writeFileSync(file, packageLock(Array.from({ length: packages }, (_, i) => npm[(run * packages + i) % npm.length]!)));
      const started = performance.now();
      const { code, stdout, stderr } = await runToEnd([join(DIST, 'cli/trustbadge.js'), 'check', file, '--server', base, '--format', 'json'], {});
      seconds.push((performance.now() - started) / 1000);
      codes.push(code);
      // 0: the gate holds, 1: it does not; 2 (usage, input) and 3 (server unreachable) mean the run measured nothing.
      if (code !== 0 && code !== 1) throw new Error(`trustbadge check exited with ${code}: ${stderr.slice(0, 500)}`);
      const report = JSON.parse(stdout) as { items: { outcome: { status: string } }[] };
      const found = report.items.filter((item) => item.outcome.status === 'found').length;
      if (report.items.length !== packages || found !== packages) throw new Error(`trustbadge check reported ${report.items.length} packages, ${found} found, of ${packages}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { seconds, codes, packages };
}

/**
 * Starts a process that prints `{"port":N,...}` when listening; resolves with it and the port.
 * Its environment is exactly `env`: the figures must not depend on the caller's shell.
 */
async function startListening(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const port = /"port":(\d+)/.exec(line)?.[1];
      if (port !== undefined && line.includes('listening')) resolve(Number(port));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { child, port };
}

/**
 * The baseline: plain node:http writing the same bytes and headers with `writeHead` + `end`. With
 * `express` it first lets an Express app answer /express a few times, as node's HTTP code in the
 * service's process also meets Express's request and response objects (docs/performance.md).
 */
const BASELINE_SERVER = `
const http = require('node:http');
const body = Buffer.from(process.argv[1], 'base64');
const headers = JSON.parse(process.argv[2]);
const plain = (req, res) => { res.writeHead(200, headers); res.end(body); };
let handler = plain;
if (process.argv[3] === 'express') {
  const app = require('express')();
  app.get('/express', (req, res) => res.json({ ok: true }));
  handler = (req, res) => (req.url === '/express' ? app(req, res) : plain(req, res));
}
const server = http.createServer(handler);
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port: server.address().port })));
`;
/** Requests Express answers in the baseline process before it is measured. */
const EXPRESS_WARM_REQUESTS = 5;
/**
 * Each side-by-side run is repeated, alternating, and the best kept: noise here only slows a run
 * down. This machine's speed shifts by up to a third within seconds (one server measured 33,500 and
 * 48,800 req/s in consecutive rounds), so two rounds often caught one side only in a slow spell;
 * five shorter ones give each side more chances at the machine's own speed for a little more time.
 */
const ROUNDS = 5;
/** Seconds per side-by-side run: half a Zipf run's (15 runs of them). */
const SIDE_BY_SIDE_SECONDS = Math.max(1, Math.round(SECONDS / 2));
/** The service's heap limits, as `npm start` and the Dockerfile set them. */
const SERVICE_NODE_OPTIONS = '--max-old-space-size=768 --max-semi-space-size=4';

/** Set by node on every answer, the service's and the baselines' alike. */
const PER_CONNECTION_HEADERS = ['date', 'connection', 'keep-alive'];

/** The exact bytes and headers a server sends for the bench's Accept-Encoding (fetch would decode them). */
function getRaw(url: string): Promise<{ body: Buffer; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: res.headers }));
    }).on('error', reject);
  });
}

/**
 * Starts the service on a free port with its log (at info) going to /dev/null: the figures are the
 * server's own cost, not that of whatever would read its log on this same 2-core machine.
 */
async function startService(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(DIST, 'main.js')], {
    env: { NODE_OPTIONS: SERVICE_NODE_OPTIONS, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the service exited with ${code}`))));
  for (;;) {
    const up = fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (await Promise.race([up, exited])) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function withoutPerConnection(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_CONNECTION_HEADERS.includes(name)));
}

async function expectSameAnswer(url: string, body: Buffer, headers: IncomingHttpHeaders): Promise<void> {
  const answer = await getRaw(url);
  if (!answer.body.equals(body) || !isDeepStrictEqual(withoutPerConnection(answer.headers), headers)) {
    throw new Error(`${url} does not answer the service's bytes and headers`);
  }
}

async function serverStats(base: string): Promise<Record<string, Record<string, number>>> {
  return (await (await fetch(`${base}/healthz`)).json()) as Record<string, Record<string, number>>;
}

async function eventLoopLagP99Ms(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text)?.[1]) * 1000;
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

function row(name: string, r: LoadResult): string {
  return `| ${name} | ${Math.round(r.requestsPerSecond).toLocaleString('en')} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors + r.non2xx} |`;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!.toFixed(2);
  const { catalogue, database } = prepareStore();
  if (PREPARE_ONLY) return;
  const targets = await readTargets(catalogue);
  step(`${targets.length} targets read`);

  const service = await startService({ HOST: '127.0.0.1', DATABASE_URL: `sqlite:${database}`,
    SEED_SAMPLE_DATA: 'false', CACHE_MAX_BYTES: '64MiB', LOG_LEVEL: 'info',
    // One client sends all the load here: abuse control would measure itself, not the service.
    // 0 turns the miss limit off, so batches (charged per item read) are never refused either.
    RATE_LIMIT_MISSES_PER_MINUTE: '0', ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
  });
  const base = `http://127.0.0.1:${service.port}`;
  const hotPath = `/badge/${targets[0]}.svg`;
  const warm = await getRaw(`${base}${hotPath}`);
  // The request id is the one header that differs per request: the baselines send the warm-up's.
  const headers = withoutPerConnection(warm.headers);
  const baselineArgs = ['-e', BASELINE_SERVER, warm.body.toString('base64'), JSON.stringify(headers)];
  const baseline = await startListening(baselineArgs, {});
  const withExpress = await startListening([...baselineArgs, 'express'], {});
  for (const { port } of [baseline, withExpress]) await expectSameAnswer(`http://127.0.0.1:${port}${hotPath}`, warm.body, headers);
  for (let i = 0; i < EXPRESS_WARM_REQUESTS; i++) await (await fetch(`http://127.0.0.1:${withExpress.port}/express`)).text();
  // A vendor seal for the first target, asked for from its own origin (a Referer the seal is bound to).
  const sealPath = `/seal/${await issueSeal(base, targets)}.svg`;
  const sealHeaders = { Referer: `${SEAL_ORIGIN}/pricing` };
  const sideBySide = { plain: [] as LoadResult[], withExpress: [] as LoadResult[], cached: [] as LoadResult[], seal: [] as LoadResult[] };
  for (let round = 1; round <= ROUNDS; round++) {
    step(`side by side, round ${round} of ${ROUNDS}: plain node:http, the same after Express, cached badge, seal for its origin`);
    sideBySide.plain.push(await runLoad({ url: `http://127.0.0.1:${baseline.port}${hotPath}`, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS }));
    sideBySide.withExpress.push(await runLoad({ url: `http://127.0.0.1:${withExpress.port}${hotPath}`, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS }));
    sideBySide.cached.push(await runLoad({ url: `${base}${hotPath}`, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS }));
    sideBySide.seal.push(await runLoad({ url: `${base}${sealPath}`, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS, headers: sealHeaders }));
  }
  baseline.child.kill();
  withExpress.child.kill();
  const best = (runs: LoadResult[]): LoadResult => runs.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const plain = best(sideBySide.plain);
  const plainAfterExpress = best(sideBySide.withExpress);
  const cached = best(sideBySide.cached);
  const seal = best(sideBySide.seal);

  step(`Zipf mix over ${targets.length} entities`);
  const random = seededRandom(7);
  const zipf = createZipfSampler(targets.length, ZIPF_S, random);
  const paths = Array.from({ length: ZIPF_PATHS }, () => `/badge/${targets[zipf()]}${VARIANTS[Math.floor(random() * VARIANTS.length)]}`);
  // Warm-up: the first seconds render every badge variant once; the figures are the steady state
  // after, measured on the stream's continuation (a replay of the warm-up would find it cached).
  step(`warm-up, ${WARMUP_SECONDS} s`);
  const warmUp = await runLoad({ url: base, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS, paths });
  step('measuring');
  const before = await serverStats(base);
  const probes = new AbortController();
  const coldUrls = Array.from({ length: 10_000 }, (_, i) => `${base}/badge/${targets[i]}.png?scale=2&label=cold-${i}`);
  const coldLatencies = probeLatencies(coldUrls, 20, probes.signal);
  const mix = await runLoad({ url: base, connections: CONNECTIONS, durationSeconds: SECONDS, paths, startAt: warmUp.total });
  probes.abort();
  const cold = await coldLatencies;
  const after = await serverStats(base);
  const lagMs = await eventLoopLagP99Ms(base);
  // The process's high-water mark after each phase: which one took memory where.
  const peaks: [string, number][] = [['badges and the mix', (await residentMemory(service.child.pid!)).peakBytes]];

  // The JSON report's CPU per request, as the service spends it (Zipf over the catalogue, lookups
  // warm), and what validating its query from the schema adds to it beside the hand-written check.
  step(`JSON reports (/v1/preflight), ${SIDE_BY_SIDE_SECONDS} s after ${WARMUP_SECONDS} s warm-up, and their request validation`);
  const reportPaths = Array.from({ length: ZIPF_PATHS / 10 }, () => `/v1/preflight?target=${targets[zipf()]}`);
  const reportWarmUp = await runLoad({ url: base, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS, paths: reportPaths });
  const cpuBefore = processCpuNs(service.child.pid!);
  const reports = await runLoad({ url: base, connections: CONNECTIONS, durationSeconds: SIDE_BY_SIDE_SECONDS, paths: reportPaths, startAt: reportWarmUp.total });
  const reportCpuNs = (processCpuNs(service.child.pid!) - cpuBefore) / Math.max(1, reports.total);
  const validation = measureValidation(targets.slice(0, 50_000));
  peaks.push(['JSON reports', (await residentMemory(service.child.pid!)).peakBytes]);

  // What one reader waits for, with nothing else running: a report page (lookup, a year of
  // history, alternatives, the page) for Zipf-drawn targets, and share cards never drawn before.
  // Under the saturating mix either would mostly measure the queue in front of it.
  step(`report pages (${PAGE_PROBES} after ${PAGE_PROBES / 4} to warm up) and ${CARD_PROBES} cold share cards, one at a time`);
  const pageUrls = Array.from({ length: PAGE_PROBES * 1.25 }, () => `${base}/entity/${targets[zipf()]}`);
  await probeInChild(pageUrls.slice(0, PAGE_PROBES / 4));
  const pages = await probeInChild(pageUrls.slice(PAGE_PROBES / 4));
  // The same, from wrk on one connection: a client with no garbage collector of its own. Node's
  // fetch adds a tail of its own (plain node:http's p99 read 4.3 ms through it); new Zipf targets.
  const pagePaths = Array.from({ length: PAGE_PROBES * 4 }, () => `/entity/${targets[zipf()]}`);
  const pagesWrk = await runLoad({ url: base, connections: 1, durationSeconds: PAGE_SECONDS, paths: pagePaths });
  peaks.push(['report pages', (await residentMemory(service.child.pid!)).peakBytes]);
  const cards = await probeInChild(Array.from({ length: CARD_PROBES }, (_, i) => `${base}/card/${targets[targets.length - 1 - i]}.png`));
  peaks.push(['share cards', (await residentMemory(service.child.pid!)).peakBytes]);

  // Attestations beside the same reports, one at a time (lookups warm from the report probes):
  // what signing adds to a report; and the signature alone, in this process.
  step(`${ATTESTATION_PROBES} attestations beside the same reports, one at a time; ${SIGNATURES} signatures in process`);
  const attested = Array.from({ length: ATTESTATION_PROBES }, () => targets[zipf()]!);
  const plainReports = await probeInChild(attested.map((target) => `${base}/v1/entities/${target}`));
  const attestations = await probeInChild(attested.map((target) => `${base}/v1/attestations/${target}`));
  const signing = await measureSigning(await (await fetch(`${base}/v1/entities/${targets[0]}`)).text());

  // Batches as `trustbadge check` sends them, one at a time with nothing else running: package URLs
  // (5 % of them absent) of entities drawn at random, others in each batch, so most items are read
  // from the store rather than the lookup cache. From the lean child, as pages are.
  step(`${BATCH_PROBES} batches of ${BATCH_SIZE} package URLs (POST /v1/preflight) after ${BATCH_WARM_UP} to warm up, one at a time`);
  const batchRandom = seededRandom(11);
  const drawEntity = () => entityOf(targets[Math.floor(batchRandom() * targets.length)]!);
  const bodies = Array.from({ length: BATCH_WARM_UP + BATCH_PROBES }, () => JSON.stringify({ targets: packageUrlBatch(drawEntity).purls }));
  const batches = await probeInChild(bodies, ['--post', `${base}/v1/preflight`, String(BATCH_WARM_UP)]);
  peaks.push(['batches', (await residentMemory(service.child.pid!)).peakBytes]);
  step(`trustbadge check, ${CHECK_RUNS} runs on lockfiles of ${CHECK_PACKAGES} npm packages`);
  const checks = await timeChecks(base, targets, seededRandom(13));
  const memory = await residentMemory(service.child.pid!);
  service.child.kill('SIGTERM');

  const batchRow: LoadResult = {
    requestsPerSecond: (1000 * batches.length) / batches.reduce((sum, ms) => sum + ms, 0),
    p50Ms: percentile(batches, 50), p99Ms: percentile(batches, 99), errors: 0, non2xx: 0, total: batches.length,
  };
  const checkSeconds = [...checks.seconds].sort((a, b) => a - b);
  const checkMedian = checkSeconds[Math.floor(checkSeconds.length / 2)]!;
  const ratio = (hits: number, misses: number) => `${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)} %`;
  const delta = (group: string, key: string) => (after[group]?.[key] ?? 0) - (before[group]?.[key] ?? 0);
  const lines = [
    `trustbadge bench — ${targets.length.toLocaleString('en')} entities, c=${CONNECTIONS}, ${SIDE_BY_SIDE_SECONDS} s per side-by-side run, ` +
      `${SECONDS} s for the mix, ${loadTool()}, node ${process.version} (service and baselines alike), ` +
      `${availableParallelism()} cores, load average ${loadAtStart} at start`,
    '',
    '| run | req/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|',
    row('plain node:http, same bytes', plain),
    row(`plain node:http, same bytes, after Express answered ${EXPRESS_WARM_REQUESTS} requests in that process`, plainAfterExpress),
    row('cached badge (hot path)', cached),
    row('vendor seal, asked for from its own origin (Referer)', seal),
    row(`Zipf mix (svg/png, styles), after ${WARMUP_SECONDS} s warm-up`, mix),
    row(`JSON report /v1/preflight, Zipf targets, after ${WARMUP_SECONDS} s warm-up`, reports),
    row(`POST /v1/preflight, batches of ${BATCH_SIZE.toLocaleString('en')} package URLs, one at a time (req/s: batches/s)`, batchRow),
    `| trustbadge check, ${checks.packages.toLocaleString('en')}-package package-lock.json, wall of ${CHECK_RUNS} runs (p50: median, p99: slowest) | — | ` +
      `${(checkMedian * 1000).toFixed(0)} | ${(checkSeconds.at(-1)! * 1000).toFixed(0)} | 0 |`,
    '',
    `side by side: best of ${ROUNDS} alternating runs each; all req/s of each: ` +
      Object.entries(sideBySide).map(([name, runs]) => `${name} ${runs.map((r) => Math.round(r.requestsPerSecond)).join(', ')}`).join('; '),
    `cached badge ÷ plain node:http: ${(cached.requestsPerSecond / plain.requestsPerSecond).toFixed(2)}×; ` +
      `÷ plain node:http after Express: ${(cached.requestsPerSecond / plainAfterExpress.requestsPerSecond).toFixed(2)}×`,
    `vendor seal ÷ cached badge: ${(seal.requestsPerSecond / cached.requestsPerSecond).toFixed(2)}×`,
    `attestations vs the same reports (/v1/entities), one at a time: ${attestations.length} each, p50 ${percentile(attestations, 50).toFixed(2)} vs ` +
      `${percentile(plainReports, 50).toFixed(2)} ms, p99 ${percentile(attestations, 99).toFixed(2)} vs ${percentile(plainReports, 99).toFixed(2)} ms; ` +
      `one signature in process (Ed25519, a report's payload): p50 ${signing.p50Ms.toFixed(3)} ms, p99 ${signing.p99Ms.toFixed(3)} ms`,
    `Zipf mix hit ratios: hot path ${ratio(delta('hot_path', 'hits'), mix.total - delta('hot_path', 'hits'))}, ` +
      `target lookups ${ratio(delta('lookups', 'hits'), delta('lookups', 'misses'))}, renders ${ratio(delta('cache', 'hits'), delta('cache', 'misses'))}`,
    `renders drawn during the mix: ${delta('cache', 'renders')}; refused as busy: ${delta('render_queue', 'rejected')}`,
    `cold renders probed under the mix: ${cold.length}, p50 ${percentile(cold, 50).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms`,
    `report pages (/entity, Zipf targets, a year of history), one at a time: ${pages.length} by fetch, p50 ${percentile(pages, 50).toFixed(1)} ms, p99 ${percentile(pages, 99).toFixed(1)} ms; ${pagesWrk.total} by wrk, p50 ${pagesWrk.p50Ms.toFixed(1)} ms, p99 ${pagesWrk.p99Ms.toFixed(1)} ms`,
    `share cards (/card/….png, each drawn cold), one at a time: ${cards.length}, p50 ${percentile(cards, 50).toFixed(1)} ms, p99 ${percentile(cards, 99).toFixed(1)} ms`,
    `batches of ${BATCH_SIZE.toLocaleString('en')} package URLs (POST /v1/preflight, 5 % absent, random entities), one at a time: ${batches.length} after ${BATCH_WARM_UP}, ` +
      `p50 ${percentile(batches, 50).toFixed(1)} ms, p99 ${percentile(batches, 99).toFixed(1)} ms`,
    `trustbadge check on a ${checks.packages.toLocaleString('en')}-package package-lock.json (built CLI, its own process, --format json, a new lockfile each run): ` +
      `${CHECK_RUNS} runs, wall min / median / max ${checkSeconds[0]!.toFixed(2)} / ${checkMedian.toFixed(2)} / ${checkSeconds.at(-1)!.toFixed(2)} s, exit codes ${checks.codes.join(', ')}`,
    `event-loop lag p99 (server): ${lagMs.toFixed(1)} ms`,
    `JSON report: ${(reportCpuNs / 1000).toFixed(0)} µs of server CPU per request; its query validated from the schema ` +
      `${(validation.schemaNs / 1000).toFixed(2)} µs, by the hand-written check ${(validation.handWrittenNs / 1000).toFixed(2)} µs ` +
      `(both with the target parse): the schema adds ${((100 * (validation.schemaNs - validation.handWrittenNs)) / reportCpuNs).toFixed(2)} % of the report's CPU`,
    `server peak RSS: ${mb(memory.peakBytes)} MB; at the end ${mb(memory.anonBytes)} MB its own (RssAnon) + ` +
      `${mb(memory.fileBytes)} MB file-backed (RssFile: code, fonts, and the SQLite file when SQLITE_MMAP_BYTES maps it)`,
    `server peak RSS after each phase: ${[...peaks, ['trustbadge check', memory.peakBytes] as const].map(([phase, bytes]) => `${phase} ${mb(bytes)} MB`).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
