// Load-generation pieces of `npm run bench` (and the batches `bench:store` shares): a Zipf sampler,
// an autocannon run with per-request paths, package-URL batches, and readers for a server's own
// counters. Bench-only: it imports dev dependencies.

import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { formatPurl } from '../src/cli/check/purl.js';
import { REGISTRY_REFS } from '../src/domain/ref-rules.js';

/** wrk (C, from Debian's packages) loads a server with far less CPU than autocannon: preferred. */
export const WRK = '/usr/bin/wrk';
export const loadTool = (): string => (existsSync(WRK) ? 'wrk' : 'autocannon');

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** Ranks 0..n-1 drawn with probability ∝ 1/(rank+1)^s: a few very hot badges, a long tail. */
export function createZipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A small deterministic PRNG (mulberry32), so two runs send the same mix. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Paths to request in turn, wrapping around; omitted: the URL's own path. */
  paths?: string[];
  /**
   * Where in `paths` to begin (default 0). A run that goes on from where the last one stopped sees
   * the stream's continuation, not a replay of what the last one already cached.
   */
  startAt?: number;
  /** Request headers besides Accept-Encoding (a seal's Referer). */
  headers?: Record<string, string>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  return existsSync(WRK) ? runWrk(options) : runAutocannon(options);
}

const WRK_SCRIPT = `
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = tonumber(args[2]) % #paths
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`;

async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.durationSeconds}s`, '--latency', '-H', 'Accept-Encoding: gzip, br'];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  const extra: string[] = [];
  if (options.paths !== undefined) {
    const script = join(tmpdir(), `trustbadge-bench-${process.pid}.lua`);
    const pathsFile = join(tmpdir(), `trustbadge-bench-${process.pid}.paths`);
    writeFileSync(script, WRK_SCRIPT);
    writeFileSync(pathsFile, `${options.paths.join('\n')}\n`);
    args.push('-s', script);
    extra.push('--', pathsFile, String(options.startAt ?? 0));
  }
  const { stdout } = await promisify(execFile)(WRK, [...args, options.url, ...extra], { maxBuffer: 1 << 20 });
  const latency = (p: string): number => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(stdout);
    if (match === null) return NaN;
    return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  };
  const number = (pattern: RegExp): number => Number(pattern.exec(stdout)?.[1] ?? 0);
  return {
    requestsPerSecond: number(/^Requests\/sec:\s+([\d.]+)/m),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    errors: number(/Socket errors: connect (\d+)/) + number(/read (\d+), write/) + number(/timeout (\d+)/),
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
    total: number(/^\s+(\d+) requests in/m),
  };
}

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  let next = options.startAt ?? 0;
  const paths = options.paths;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { 'accept-encoding': 'gzip, br', ...options.headers },
    ...(paths !== undefined
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[next++ % paths.length]! }) }] }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Latencies of requests sent one after another at a steady pace, e.g. cold renders under load. */
export async function probeLatencies(urls: string[], intervalMs: number, signal: AbortSignal): Promise<number[]> {
  const latencies: number[] = [];
  for (const url of urls) {
    if (signal.aborted) break;
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status === 200) latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return latencies;
}

/** POSTs each JSON body to `url` in turn; the latencies (ms, body read) of those after the first `warmUp`. Any answer but 200 throws. */
export async function postLatencies(url: string, bodies: readonly string[], warmUp: number): Promise<number[]> {
  const latencies: number[] = [];
  for (const [i, body] of bodies.entries()) {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`POST ${url} answered ${response.status}`);
    if (i >= warmUp) latencies.push(ms);
  }
  return latencies;
}

/** Items in one POST /v1/preflight: the server's default BATCH_MAX_TARGETS, and what `trustbadge check` sends. */
export const BATCH_SIZE = 1_000;
/** Every this-many-th item of a batch names no entity: 5 %. */
const ABSENT_EVERY = 20;

const PURL_TYPES: ReadonlyMap<string, string> = new Map(REGISTRY_REFS.flatMap((row) => (row.purlType === null ? [] : [[row.registry, row.purlType] as const])));
/** Purl types whose packages always have a namespace (maven's group, composer's vendor, an owner). */
const NAMESPACED_TYPES: ReadonlySet<string> = new Set(['maven', 'composer', 'github', 'golang']);

/**
 * The package URL of a catalogue entity, as `trustbadge check` writes them (formatPurl); null for a
 * registry without a purl type, or a name without the namespace its type needs (the synthetic
 * catalogue's packagist names and its shared maven names have none).
 */
export function packageUrlOf(registry: string, name: string): string | null {
  const type = PURL_TYPES.get(registry);
  if (type === undefined) return null;
  const cut = type === 'maven' ? name.indexOf(':') : name.lastIndexOf('/');
  if (cut < 0) return NAMESPACED_TYPES.has(type) ? null : formatPurl(type, null, name, null);
  return formatPurl(type, name.slice(0, cut), name.slice(cut + 1), null);
}

/**
 * A batch of BATCH_SIZE package URLs of entities `draw` gives (drawn again when one has none);
 * every twentieth names an entity the catalogue lacks (`-absent` added to its name). `absent`: how many.
 */
export function packageUrlBatch(draw: () => { registry: string; name: string }): { purls: string[]; absent: number } {
  const purls: string[] = [];
  let absent = 0;
  while (purls.length < BATCH_SIZE) {
    const { registry, name } = draw();
    const missing = purls.length % ABSENT_EVERY === ABSENT_EVERY - 1;
    const purl = packageUrlOf(registry, missing ? `${name}-absent` : name);
    if (purl === null) continue;
    purls.push(purl);
    if (missing) absent++;
  }
  return { purls, absent };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Resident memory of a process, from /proc (Linux): the peak, and now split into the process's
 * own (anonymous) pages and file-backed ones (e.g. the SQLite file mapped into memory, which is
 * page cache the kernel can take back).
 */
export async function residentMemory(pid: number): Promise<{ peakBytes: number; anonBytes: number; fileBytes: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { peakBytes: kb('VmHWM'), anonBytes: kb('RssAnon'), fileBytes: kb('RssFile') };
}
