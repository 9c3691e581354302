// Every retained byte counts against a configured bound: the compiled service, in its own process
// with production's heap setting, takes 200,000 unique URLs from 500 clients each under its rate
// budget, and its peak RSS stays under its base plus the configured cache bounds plus the heap's
// headroom (docs/operations.md, "Memory"). Regression: rendered bytes kept as views of larger
// buffers and answers kept outside the bound once grew RSS from 289 MB to 1,236 MB.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecord } from '../../tools/synthetic-catalogue.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { checkEntityRecord } from '../../src/domain/entity-record.js';
import { buildService, type BuiltService } from '../helpers/build.js';
import { FIXED_NOW } from '../helpers/test-app.js';

const MiB = 1024 * 1024;
const CACHE_MAX_BYTES = 32 * MiB;
const LOOKUP_CACHE_MAX_BYTES = 16 * MiB;
/** The production heap settings: what `npm start`, the Dockerfile and the bench all set (checked below). */
const NODE_OPTIONS = '--max-old-space-size=768 --max-semi-space-size=4';
/**
 * What the process may hold beyond its base and the caches' bounds: garbage between V8's
 * collections, per-client limiter state, sockets and parsers in flight (docs/operations.md).
 */
const HEADROOM_BYTES = 96 * MiB;
const ENTITIES = 20_000;
const URLS = 200_000;
const CLIENTS = 500;
const CONCURRENCY = 32;
let built: BuiltService;
let child: ChildProcess;
let port: number;

function vmKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}

const records = Array.from({ length: ENTITIES }, (_, i) => syntheticRecord(i, { seed: 7, asOf: FIXED_NOW }));
const entityPath = (i: number) => {
  const record = records[i % ENTITIES]!;
  return [record.registry, ...record.name.split('/')].map(encodeURIComponent).join('/');
};
const STYLES = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'];

/** Unknown targets share a hundred labels: the state lane draws each once, then serves it from memory. */
const STATE_LABELS = 100;

/**
 * The i-th URL, every one new: one in a hundred a badge with a label of its own (a render each,
 * 2,000 in all, past the badge cache's share of the bound), and otherwise every other way a URL
 * can be new: a found badge in a new style, a new spelling, a report, an unknown target.
 */
function urlFor(i: number): string {
  if (i % 100 === 2) return `/badge/${entityPath(i % 50)}.svg?label=l${i}`;
  switch (i % 10) {
    case 0:
      return `/badge/nobody-${i}.png?label=n${Math.floor(i / 10) % STATE_LABELS}`;
    case 1:
      return `/badge/${entityPath(i)}.svg?utm_source=${i}`;
    case 3:
      return `/v1/entities/${entityPath(i)}`;
    case 4:
      return `/badge/nobody-${i}/x.svg`;
    default:
      return `/badge/${entityPath(i)}.svg?style=${STYLES[i % 5]}&theme=${i % 2 === 0 ? 'dark' : 'light'}`;
  }
}

async function drive(from: number, to: number): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses = new Map<number, number>();
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const i = next++;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: urlFor(i), agent, headers: { 'X-Forwarded-For': `198.18.${(i % CLIENTS) >> 8}.${i % CLIENTS % 256}`, 'Accept-Encoding': 'br, gzip' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return statuses;
}

beforeAll(async () => {
  built = await buildService();
  const store = openSqliteStore(join(built.dir, 'memory.db'));
  await store.writeEntities(records.map((record) => {
    const checked = checkEntityRecord(record, FIXED_NOW);
    if (!checked.ok) throw new Error(`synthetic record ${record.name} is invalid`);
    return checked.entity;
  }));
  await store.close();
  port = await freePort();
  child = spawn(process.execPath, [join(built.dist, 'main.js')], {
    env: built.env({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(built.dir, 'memory.db')}`,
      SEED_SAMPLE_DATA: 'false',
      LOG_LEVEL: 'warn',
      CACHE_MAX_BYTES: String(CACHE_MAX_BYTES),
      LOOKUP_CACHE_MAX_BYTES: String(LOOKUP_CACHE_MAX_BYTES),
      TRUST_PROXY: 'loopback',
      NODE_OPTIONS,
    }),
    // Warnings only: an access line per request would cost the client more than the server.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', () => reject(new Error('the service exited before answering'))));
  for (;;) {
    const up = await Promise.race([fetch(`http://127.0.0.1:${port}/livez`).then((res) => res.ok, () => false), exited]);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
}

afterAll(() => {
  child?.kill('SIGKILL');
  built?.remove();
});

describe('memory under 200,000 unique URLs', () => {
  it('stays within its base plus the configured bounds', async () => {
    // The base: started, every kind of request answered a few hundred times.
    await drive(0, 2_000);
    const base = vmKb(child.pid!, 'VmRSS');
    const statuses = await drive(2_000, URLS);
    const peak = vmKb(child.pid!, 'VmHWM');
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      cache: { bytes: number; maxBytes: number };
      hot_path: { bytes: number; maxBytes: number };
      lookups: { bytes: number; maxBytes: number };
      memory_bytes: { rss: number; external: number };
    };
    const report = { baseMb: base / MiB, peakMb: peak / MiB, health, statuses: Object.fromEntries(statuses) };
    // Every client stayed under its budget: nothing was refused, nothing failed.
    expect([...statuses.keys()], JSON.stringify(report)).toEqual([200]);
    expect(health.cache.bytes).toBeLessThanOrEqual(health.cache.maxBytes);
    expect(health.hot_path.bytes).toBeLessThanOrEqual(health.hot_path.maxBytes);
    expect(health.cache.maxBytes + health.hot_path.maxBytes).toBe(CACHE_MAX_BYTES);
    expect(health.lookups.bytes).toBeLessThanOrEqual(LOOKUP_CACHE_MAX_BYTES);
    // Buffers live outside V8's heap and its limit: the badge cache's bound is theirs.
    expect(health.memory_bytes.external, JSON.stringify(report)).toBeLessThan(CACHE_MAX_BYTES + 48 * MiB);
    expect(peak, JSON.stringify(report)).toBeLessThan(base + CACHE_MAX_BYTES + LOOKUP_CACHE_MAX_BYTES + HEADROOM_BYTES);
    console.log(`memory-bound: ${JSON.stringify(report)}`);
  }, 300_000);
});

describe('the production heap settings', () => {
  it('are the same for npm start, the Docker image and the bench', () => {
    const root = join(import.meta.dirname, '../..');
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain(`NODE_OPTIONS=\${NODE_OPTIONS:-${NODE_OPTIONS}}`);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(`ENV NODE_OPTIONS="${NODE_OPTIONS}"`);
    expect(readFileSync(join(root, 'tools/bench.ts'), 'utf8')).toContain(`const SERVICE_NODE_OPTIONS = '${NODE_OPTIONS}';`);
  });
});
