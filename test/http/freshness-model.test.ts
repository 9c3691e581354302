// The product's promise, checked against a model: once a write is acknowledged (to its writer, or
// to this replica by the store's change notice), no answer reflects the state before it. fast-check
// commands interleave badge and report reads (sequential and in flight), PUT, DELETE, imports and
// another replica's writes; its scheduler decides when each store read and each render resolves,
// so reads that began before a write finish after it in every order. The real app, real SQLite
// and real sockets; a small catalogue of colliding names, so writes keep changing what names mean.
//
// CI replays a fixed seed; explore further with e.g.
//   FUZZ_SEED=$RANDOM FUZZ_RUNS=2000 npx vitest run test/http/freshness-model.test.ts

import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { parseBadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, specForState } from '../../src/domain/badge-spec.js';
import { foldName } from '../../src/domain/entity.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { readGlyphCoverage } from '../../src/render/font-coverage.js';
import { createApp } from '../../src/app.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { decorateStore } from '../../src/store/decorate-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { fuzzOptions, fuzzTimeoutMs, listen } from '../fuzz/fuzz-settings.js';
import { parseSvg } from '../helpers/svg.js';
import { FIXED_NOW, makeEntity, tempDir, testFonts } from '../helpers/test-app.js';

const RUNS = 50;
const TOKEN = 'freshness-model-admin-token-0123';
const AUTH = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

// ---------------------------------------------------------------------------------------------
// The model: entities by registry and folded name, and how the contract resolves a target.

interface ModelEntity {
  registry: string;
  name: string;
  score: number;
  aliases: string[];
}
type Snapshot = ReadonlyMap<string, ModelEntity>;
type Resolved = { kind: 'found'; entity: ModelEntity } | { kind: 'unknown' } | { kind: 'ambiguous' };

const keyOf = (registry: string, name: string): string => `${registry}\n${foldName(name)}`;

/** CONTRACT.md's rule, written from scratch: a first segment naming a registry the store holds, else a bare name. */
function resolveInModel(snapshot: Snapshot, target: string): Resolved {
  const segments = target.split('/');
  const registries = new Set([...snapshot.values()].map((e) => e.registry));
  const first = segments[0]!.toLowerCase();
  if (segments.length > 1 && registries.has(first)) {
    const entity = snapshot.get(keyOf(first, segments.slice(1).join('/')));
    return entity === undefined ? { kind: 'unknown' } : { kind: 'found', entity };
  }
  const key = foldName(target);
  const matches = [...snapshot.values()].filter((e) => foldName(e.name) === key || e.aliases.some((a) => foldName(a) === key));
  if (matches.length === 0) return { kind: 'unknown' };
  return matches.length === 1 ? { kind: 'found', entity: matches[0]! } : { kind: 'ambiguous' };
}

const glyphs = readGlyphCoverage(testFonts());

/** The `<title>` the badge for `target` with `query` must carry in `snapshot` (the real domain functions draw it). */
function expectedTitle(snapshot: Snapshot, target: string, query: Record<string, string>): string {
  const parsed = parseBadgeOptions(query, 'svg', glyphs);
  if (!parsed.ok) throw new Error(`test variant is not a valid badge: ${JSON.stringify(query)}`);
  const resolved = resolveInModel(snapshot, target);
  if (resolved.kind !== 'found') return specForState(resolved.kind, parsed.options).title;
  return specForEntity(makeEntity(resolved.entity), parsed.options, DEFAULT_GRADE_SCALE).title;
}

/** What /v1/preflight must say of `target` in `snapshot`, in the words observeReport() uses. */
function expectedReport(snapshot: Snapshot, target: string): string {
  const resolved = resolveInModel(snapshot, target);
  return resolved.kind === 'found' ? `found ${resolved.entity.registry}/${resolved.entity.name} ${resolved.entity.score}` : resolved.kind;
}

class Model {
  /** Every acknowledged state, oldest first: an answer in flight may show any state of its lifetime. */
  readonly history: Snapshot[];
  constructor(initial: ModelEntity[]) {
    this.history = [new Map(initial.map((e) => [keyOf(e.registry, e.name), e]))];
  }
  get version(): number {
    return this.history.length - 1;
  }
  get now(): Snapshot {
    return this.history.at(-1)!;
  }
  apply(change: (next: Map<string, ModelEntity>) => void): void {
    const next = new Map(this.now);
    change(next);
    this.history.push(next);
  }
}

// ---------------------------------------------------------------------------------------------
// The real system: the app on a SQLite file whose reads and renders the scheduler releases, and a
// second store on the same file standing for another replica.

interface Real {
  origin: string;
  /** A store of another process on the same file: its writes reach the app by change notice only. */
  replica: Store;
  /** Resolves once the app's store has announced a change it did not make itself. */
  nextNotice: () => Promise<void>;
  scheduler: fc.Scheduler;
  inFlight: { done: Promise<string>; fromVersion: number; target: string; variant: number }[];
  /** Badges started in flight, settled or not: asked for again afterwards, they must be the current answer. */
  started: { target: string; variant: number }[];
}

const INITIAL: ModelEntity[] = [
  { registry: 'web', name: 'OpenRouter', score: 74, aliases: ['openrouter.ai'] },
  { registry: 'npm', name: 'sharp', score: 78, aliases: [] },
  { registry: 'github', name: 'foo/bar', score: 45, aliases: [] },
];

/** Dated as the app dates its own writes (FIXED_NOW): a replica's write is never older than one made here. */
const toEntity = (e: ModelEntity) => makeEntity({ registry: e.registry, name: e.name, score: e.score, aliases: e.aliases, category: 'library', updatedAt: '2026-11-24T12:00:00Z' });

async function startReal(scheduler: fc.Scheduler, dir: string): Promise<Real & { close: () => Promise<void> }> {
  const path = join(dir, `model-${Date.now()}-${Math.random()}.db`);
  const raw = openSqliteStore(path, { changePollMs: 5 });
  await raw.writeEntities(INITIAL.map(toEntity));
  const replica = openSqliteStore(path);
  const schedule = <T>(label: string, work: Promise<T>): Promise<T> => scheduler.schedule(work, label);
  const store = decorateStore(raw, {
    listRegistries: () => schedule('registries', raw.listRegistries()),
    findByName: (registry, name) => schedule(`name ${registry}/${name}`, raw.findByName(registry, name)),
    findByNames: (refs) => schedule(`names ${refs.length}`, raw.findByNames(refs)),
    findByBareName: (name, limit) => schedule(`bare ${name}`, raw.findByBareName(name, limit)),
    findAlternatives: (entity, limit) => schedule('alternatives', raw.findAlternatives(entity, limit)),
  });
  const render = createBadgeRenderer(testFonts());
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_TOKEN: TOKEN, RATE_LIMIT_MISSES_PER_MINUTE: '0' });
  const app = createApp({ config, store, fonts: testFonts(), logger: pino({ level: 'silent' }), now: () => FIXED_NOW, renderBadge: (spec) => schedule(`render ${spec.title}`, render(spec)) });
  const server = await listen({ handler: app.handler, adminHandler: null, config });
  let noticed: () => void = () => undefined;
  let notice = Promise.resolve();
  const stopWatching = raw.watchChanges(() => noticed());
  return {
    origin: `http://127.0.0.1:${server.port}`,
    replica,
    scheduler,
    inFlight: [],
    started: [],
    nextNotice: () => {
      notice = new Promise<void>((resolve) => (noticed = resolve));
      return notice;
    },
    close: async () => {
      stopWatching();
      server.closeAllConnections();
      server.close();
      app.close();
      await replica.close();
      await raw.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// What a client sees.

/** Variant 0 is the plain badge; the others carry labels of their own, so a badge in flight is often drawn cold. */
const BADGE_VARIANTS: Record<string, string>[] = [{}, ...Array.from({ length: 15 }, (_, i) => ({ label: `nat${i + 1}`, ...(i % 2 === 0 ? { style: 'social' } : {}) }))];
const TARGETS = ['openrouter', 'OpenRouter.ai', 'sharp', 'npm/sharp', 'web/openrouter', 'foo/bar', 'bar', 'npm/openrouter'];

const encodeTarget = (target: string): string => target.split('/').map(encodeURIComponent).join('/');

async function observeBadge(real: Real, target: string, variant: number): Promise<string> {
  const query = new URLSearchParams(BADGE_VARIANTS[variant]!).toString();
  const res = await fetch(`${real.origin}/badge/${encodeTarget(target)}.svg${query === '' ? '' : `?${query}`}`);
  if (res.status !== 200) throw new Error(`badge ${target} answered ${res.status}`);
  return parseSvg(await res.text()).title;
}

async function observeReport(real: Real, target: string): Promise<string> {
  const res = await fetch(`${real.origin}/v1/preflight?target=${encodeURIComponent(target)}`);
  if (res.status === 404) return 'unknown';
  if (res.status === 409) return 'ambiguous';
  if (res.status !== 200) throw new Error(`report ${target} answered ${res.status}`);
  const body = (await res.json()) as { entity: { registry: string; name: string }; score: number };
  return `found ${body.entity.registry}/${body.entity.name} ${body.score}`;
}

/** Package URLs name their registry outright: found or unknown, whatever registries the store holds. */
function expectedBatchItem(snapshot: Snapshot, input: string): string {
  const purl = /^pkg:(npm|github)\/(.+)$/.exec(input);
  if (purl === null) return expectedReport(snapshot, input);
  const found = snapshot.get(keyOf(purl[1]!, purl[2]!));
  return found === undefined ? 'unknown' : `found ${found.registry}/${found.name} ${found.score}`;
}

/** POST /v1/preflight, each item in observeReport()'s words. */
async function observeBatch(real: Real, inputs: string[]): Promise<string[]> {
  const res = await fetch(`${real.origin}/v1/preflight`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ targets: inputs }) });
  if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
  const body = (await res.json()) as { results: { status: string; entity?: { registry: string; name: string }; score?: number }[] };
  return body.results.map((r) => (r.status === 'found' ? `found ${r.entity!.registry}/${r.entity!.name} ${r.score}` : r.status));
}

// ---------------------------------------------------------------------------------------------
// Commands.

type Cmd = fc.AsyncCommand<Model, Real>;

class GetBadge implements Cmd {
  constructor(readonly target: string, readonly variant: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const seen = await r.scheduler.waitFor(observeBadge(r, this.target, this.variant));
    expect(seen, `badge ${this.target} ${JSON.stringify(BADGE_VARIANTS[this.variant])} after version ${m.version}`).toBe(
      expectedTitle(m.now, this.target, BADGE_VARIANTS[this.variant]!),
    );
  }
  toString = () => `GetBadge(${this.target}, ${this.variant})`;
}

class GetReport implements Cmd {
  constructor(readonly target: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const seen = await r.scheduler.waitFor(observeReport(r, this.target));
    expect(seen, `report ${this.target} after version ${m.version}`).toBe(expectedReport(m.now, this.target));
  }
  toString = () => `GetReport(${this.target})`;
}

class GetBatch implements Cmd {
  constructor(readonly inputs: string[]) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const seen = await r.scheduler.waitFor(observeBatch(r, this.inputs));
    expect(seen, `batch ${this.inputs.join(' ')} after version ${m.version}`).toEqual(this.inputs.map((input) => expectedBatchItem(m.now, input)));
  }
  toString = () => `GetBatch(${JSON.stringify(this.inputs)})`;
}

/** A badge request left in flight: its reads and render resolve when the scheduler says, maybe after writes. */
class StartBadge implements Cmd {
  constructor(readonly target: string, readonly variant: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (r.inFlight.length >= 4) return;
    const done = observeBadge(r, this.target, this.variant);
    done.catch(() => undefined);
    r.inFlight.push({ done, fromVersion: m.version, target: this.target, variant: this.variant });
    r.started.push({ target: this.target, variant: this.variant });
  }
  toString = () => `StartBadge(${this.target}, ${this.variant})`;
}

/** Asks again for a badge that was (or is) in flight: whatever it answered or will, this is the current answer. */
class GetStarted implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const picked = r.started[this.pick % Math.max(1, r.started.length)];
    if (picked !== undefined) await new GetBadge(picked.target, picked.variant).run(m, r);
  }
  toString = () => `GetStarted(${this.pick})`;
}

/** Lets an answer in flight finish: it may show any state acknowledged during its lifetime, none older. */
class Settle implements Cmd {
  constructor(readonly pick: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    if (r.inFlight.length === 0) return;
    const { done, fromVersion, target, variant } = r.inFlight.splice(this.pick % r.inFlight.length, 1)[0]!;
    const seen = await r.scheduler.waitFor(done);
    const allowed = m.history.slice(fromVersion).map((snapshot) => expectedTitle(snapshot, target, BADGE_VARIANTS[variant]!));
    expect(allowed, `badge ${target} ${variant}, in flight from version ${fromVersion} to ${m.version}`).toContain(seen);
  }
  toString = () => `Settle(${this.pick})`;
}

/** Releases a few scheduled reads or renders, in the scheduler's order, so some finish before the next write. */
class Step implements Cmd {
  constructor(readonly count: number) {}
  check = () => true;
  async run(_m: Model, r: Real) {
    const n = Math.min(this.count, r.scheduler.count());
    if (n > 0) await r.scheduler.waitNext(n);
  }
  toString = () => `Step(${this.count})`;
}

class Put implements Cmd {
  constructor(readonly entity: ModelEntity) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const { registry, name, score, aliases } = this.entity;
    // Awaited as it is: acknowledged while reads in flight stay unresolved.
    const res = await fetch(`${r.origin}/v1/entities/${registry}/${encodeTarget(name)}`, { method: 'PUT', headers: AUTH, body: JSON.stringify({ category: 'library', score, aliases }) });
    expect([200, 201]).toContain(res.status);
    await res.arrayBuffer();
    m.apply((next) => void next.set(keyOf(registry, name), this.entity));
  }
  toString = () => `Put(${JSON.stringify(this.entity)})`;
}

class Delete implements Cmd {
  constructor(readonly registry: string, readonly name: string) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await fetch(`${r.origin}/v1/entities/${this.registry}/${encodeTarget(this.name)}`, { method: 'DELETE', headers: AUTH });
    await res.arrayBuffer();
    const key = keyOf(this.registry, this.name);
    expect(res.status).toBe(m.now.has(key) ? 204 : 404);
    if (res.status === 204) m.apply((next) => void next.delete(key));
  }
  toString = () => `Delete(${this.registry}/${this.name})`;
}

class Import implements Cmd {
  constructor(readonly entities: ModelEntity[]) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const body = this.entities.map((e) => JSON.stringify({ registry: e.registry, name: e.name, category: 'library', score: e.score, aliases: e.aliases })).join('\n');
    const res = await fetch(`${r.origin}/v1/import`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/x-ndjson' }, body });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    m.apply((next) => {
      for (const e of this.entities) next.set(keyOf(e.registry, e.name), e);
    });
  }
  toString = () => `Import(${JSON.stringify(this.entities)})`;
}

/** Another replica writes to the same catalogue: acknowledged here when this replica's store announces it. */
class ReplicaPut implements Cmd {
  constructor(readonly entity: ModelEntity) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const noticed = r.nextNotice();
    const result = await r.replica.writeEntities([toEntity(this.entity)]);
    if (result.inserted + result.updated === 0) return;
    await noticed;
    m.apply((next) => void next.set(keyOf(this.entity.registry, this.entity.name), this.entity));
  }
  toString = () => `ReplicaPut(${JSON.stringify(this.entity)})`;
}

const registry = fc.constantFrom('npm', 'web', 'foo', 'github');
const name = fc.constantFrom('openrouter', 'OpenRouter', 'sharp', 'bar', 'foo/bar');
const entity: fc.Arbitrary<ModelEntity> = fc.record({
  registry,
  name,
  score: fc.constantFrom(12, 45, 74, 91.5),
  aliases: fc.subarray(['openrouter.ai', 'sharp', 'bar'], { maxLength: 2 }),
});
const target = fc.constantFrom(...TARGETS);
const variant = fc.nat({ max: BADGE_VARIANTS.length - 1 });

const commands = fc.commands(
  [
    fc.tuple(target, variant).map(([t, v]) => new GetBadge(t, v)),
    fc.tuple(target, variant).map(([t, v]) => new StartBadge(t, v)),
    fc.tuple(target, variant).map(([t, v]) => new StartBadge(t, v)),
    target.map((t) => new GetReport(t)),
    fc.array(fc.oneof(target, fc.constantFrom('pkg:npm/sharp', 'pkg:npm/openrouter', 'pkg:github/foo/bar', 'pkg:npm/bar')), { minLength: 1, maxLength: 5 }).map((ts) => new GetBatch(ts)),
    fc.nat(8).map((i) => new Settle(i)),
    fc.nat(8).map((i) => new GetStarted(i)),
    fc.nat(8).map((i) => new GetStarted(i)),
    fc.integer({ min: 1, max: 4 }).map((n) => new Step(n)),
    entity.map((e) => new Put(e)),
    fc.tuple(registry, name).map(([reg, n]) => new Delete(reg, n)),
    fc.array(entity, { minLength: 1, maxLength: 3 }).map((es) => new Import(es)),
    entity.map((e) => new ReplicaPut(e)),
  ],
  { maxCommands: 30 },
);

describe('freshness, against a model of the catalogue', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => dir.remove());

  it(
    'never answers from the state before an acknowledged write',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), commands, async (scheduler, cmds) => {
          const real = await startReal(scheduler, dir.path);
          try {
            const model = new Model(INITIAL);
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            // Everything left in flight finishes, then every badge and report reads the final state.
            while (real.inFlight.length > 0) await new Settle(0).run(model, real);
            for (const { target: t, variant: v } of real.started) await new GetBadge(t, v).run(model, real);
            for (const t of TARGETS) {
              for (const v of [0, 1]) await new GetBadge(t, v).run(model, real);
              await new GetReport(t).run(model, real);
            }
            await new GetBatch([...TARGETS, 'pkg:npm/sharp', 'pkg:github/foo/bar']).run(model, real);
          } finally {
            await real.close();
          }
        }),
        fuzzOptions(RUNS),
      );
    },
    fuzzTimeoutMs(RUNS) * 4,
  );
});
