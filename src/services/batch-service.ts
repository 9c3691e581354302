// POST /v1/preflight: many targets or package URLs answered in one request, each on its own (one
// bad item never fails the batch), with a summary a CI gate can read. Qualified names are read in
// one store round trip; bare names resolve as /v1/preflight?target= resolves them.

import { foldName, type Entity } from '../domain/entity.js';
import { GRADES, gradeFor, isVerified, type Grade, type GradeScale } from '../domain/grade.js';
import { parseEntityRef } from '../domain/package-ref.js';
import { pypiSpellings } from '../domain/package-url.js';
import { parseTarget, splitTarget } from '../domain/target.js';
import { BATCH_STATUSES, type BatchAnswer, type BatchItem, type SearchResult } from '../schema/answers.js';
import type { Store } from '../store/store.js';
import { entityPath } from './entity-links.js';
import { readStore } from './report-service.js';
import { MAX_CANDIDATES, type Lookup } from './resolve-target.js';

export interface BatchServiceDeps {
  store: Store;
  gradeScale: GradeScale;
  toSearchResult: (entity: Entity) => SearchResult;
}

/** What one item asks for once read: a lookup, or why there is none. */
type Asked = { input: string; lookup: Lookup } | { input: string; refused: 'invalid' | 'unsupported'; reason: string };

/**
 * An item read on its own: a package URL or registry address, else a target (`npm/sharp`,
 * `openrouter`), whose first segment is a registry only if the store has it (read once, when a
 * target needs it: a batch of package URLs reads no registry list).
 */
async function readItem(input: string, registries: () => Promise<ReadonlySet<string>>): Promise<Asked> {
  const ref = parseEntityRef(input);
  if (ref !== null) {
    if (!ref.ok) return { input, refused: ref.problem, reason: ref.reason };
    return { input, lookup: { registry: ref.target.registry.toLowerCase(), name: ref.target.name } };
  }
  const parsed = parseTarget(input);
  if (!parsed.ok) return { input, refused: 'invalid', reason: parsed.message };
  return { input, lookup: splitTarget(parsed.target, await registries()) };
}

export function createBatchService(deps: BatchServiceDeps) {
  const { store, gradeScale } = deps;

  function found(input: string, entity: Entity, baseUrl: string): BatchItem {
    const { registry, name, category, score } = entity;
    const target = entityPath(entity);
    return {
      input, status: 'found', target, entity: { registry, name, category }, score,
      grade: gradeFor(score, gradeScale), verified: isVerified(score, gradeScale), report: `${baseUrl}/entity/${target}`,
    };
  }

  /** Every item's outcome in input order, and the summary. A store failure fails the batch (store_unavailable): a part would be a guess. */
  async function check(inputs: readonly string[], baseUrl: string): Promise<BatchAnswer> {
    let registries: Promise<ReadonlySet<string>> | null = null;
    const listRegistries = () => (registries ??= readStore(() => store.listRegistries()));
    const asked = await Promise.all(inputs.map((input) => readItem(input, listRegistries)));
    const qualified: { index: number; registry: string; name: string }[] = [];
    const bare: { index: number; name: string }[] = [];
    asked.forEach((item, index) => {
      if (!('lookup' in item)) return;
      if (item.lookup.registry !== null) qualified.push({ index, registry: item.lookup.registry, name: item.lookup.name });
      else bare.push({ index, name: item.lookup.name });
    });
    const [entities, matches] = await readStore(() => Promise.all([
      qualified.length === 0 ? [] : store.findByNames(qualified),
      // One read per distinct bare name, however often it is repeated.
      Promise.all([...new Set(bare.map((b) => foldName(b.name)))].map(async (key) => [key, await store.findByBareName(key, MAX_CANDIDATES + 1)] as const)),
    ]));
    const byIndex = new Map<number, Entity[]>();
    qualified.forEach((q, i) => byIndex.set(q.index, entities[i] === null || entities[i] === undefined ? [] : [entities[i]]));
    for (const [index, entity] of await pypiRespelled(qualified.filter((q) => byIndex.get(q.index)!.length === 0))) byIndex.set(index, [entity]);
    const byBareName = new Map(matches);
    for (const b of bare) byIndex.set(b.index, byBareName.get(foldName(b.name)) ?? []);
    const results = asked.map((item, index): BatchItem => {
      const { input } = item;
      if (!('lookup' in item)) return { input, status: item.refused, reason: item.reason };
      const candidates = byIndex.get(index) ?? [];
      if (candidates.length === 1) return found(input, candidates[0]!, baseUrl);
      if (candidates.length === 0) return { input, status: 'unknown', target: item.lookup.registry === null ? item.lookup.name : `${item.lookup.registry}/${item.lookup.name}` };
      return { input, status: 'ambiguous', candidates: candidates.slice(0, MAX_CANDIDATES).map(deps.toSearchResult), more_candidates: candidates.length > MAX_CANDIDATES };
    });
    return { results, summary: summarise(results, gradeScale) };
  }

  /**
   * pypi names the catalogue spells with `_` or `.` where the purl has `-`: all of a batch's
   * unfound pypi names' spellings in one read (pypiSpellings); each name takes its best-scored match.
   */
  async function pypiRespelled(unfound: readonly { index: number; registry: string; name: string }[]): Promise<Map<number, Entity>> {
    const spellings = new Map(unfound.filter((q) => q.registry === 'pypi').map((q) => [q.index, pypiSpellings(foldName(q.name))] as const).filter(([, keys]) => keys.length > 0));
    const keys = [...new Set([...spellings.values()].flat())];
    const respelled = new Map<number, Entity>();
    if (keys.length === 0) return respelled;
    const byKey = new Map<string, Entity>();
    // Best score first: the first entity of a key is the one kept.
    for (const entity of await readStore(() => store.findByNameKeys({ keys, registry: 'pypi' }, keys.length))) if (!byKey.has(foldName(entity.name))) byKey.set(foldName(entity.name), entity);
    for (const [index, names] of spellings) {
      const match = names.map((name) => byKey.get(name)).find((entity) => entity !== undefined);
      if (match !== undefined) respelled.set(index, match);
    }
    return respelled;
  }

  return { check };
}

export type BatchService = ReturnType<typeof createBatchService>;

/** Counts per outcome and grade, the lowest grade found, and how many found items are below the trust threshold. */
export function summarise(results: readonly BatchItem[], gradeScale: GradeScale): BatchAnswer['summary'] {
  const statuses = Object.fromEntries(BATCH_STATUSES.map((s) => [s, 0])) as Record<(typeof BATCH_STATUSES)[number], number>;
  const grades = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  let lowest: Grade | null = null;
  let below = 0;
  for (const result of results) {
    statuses[result.status]++;
    if (result.status !== 'found') continue;
    grades[result.grade]++;
    if (lowest === null || GRADES.indexOf(result.grade) > GRADES.indexOf(lowest)) lowest = result.grade;
    if (!result.verified) below++;
  }
  return { items: results.length, ...statuses, grades, lowest_grade: lowest, below_threshold: below, threshold: gradeScale.trustThreshold };
}
