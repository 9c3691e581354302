// Dependency sets: stored by POST /v1/sets, answered as a badge (`dependencies | 142 ok · 3 below
// C`), a page (weakest first) and JSON, each worked out afresh from the set's packages through the
// batch service, so a set follows score changes like any badge.

import { dayOf, dayNumber } from '../domain/history.js';
import { GRADES, type Grade } from '../domain/grade.js';
import { createHash } from 'node:crypto';
import { readSetPurls, SET_ID, SET_RETENTION_DAYS, type SetPurlsRead } from '../domain/dependency-set.js';
import type { SetCounts } from '../domain/badge-spec.js';
import type { BatchAnswer } from '../schema/answers.js';
import type { Store } from '../store/store.js';
import type { BatchService } from './batch-service.js';
import { ALL_TAG, entityTag, registryTag, MAX_LISTED_TAGS, UNKNOWN_TAG } from './purge-tag.js';
import { readStore } from './report-service.js';

export interface SetServiceDeps {
  store: Store;
  batch: BatchService;
  now: () => Date;
}

export interface EvaluatedSet {
  id: string;
  purls: string[];
  answer: BatchAnswer;
  /** What a change to any of its packages purges: each entity, or past MAX_LISTED_TAGS their registries. */
  purgeTags: string[];
}

export function createSetService(deps: SetServiceDeps) {
  const today = (): string => deps.now().toISOString().slice(0, 10);

  /** Stores the set (or notes it asked for again); drops the sets forgotten for SET_RETENTION_DAYS. */
  async function create(values: readonly string[]): Promise<(SetPurlsRead & { ok: false }) | { ok: true; id: string; purls: string[]; created: boolean }> {
    const read = readSetPurls(values);
    if (!read.ok) return read;
    const id = setIdOf(read.purls);
    const day = today();
    const created = await readStore(() => deps.store.saveSet(id, read.purls, day));
    await readStore(() => deps.store.dropSetsBefore(dayOf(dayNumber(day) - SET_RETENTION_DAYS)));
    return { ok: true, id, purls: read.purls, created };
  }

  /** null for an id of the wrong shape, or no such set (never stored, or dropped). */
  async function evaluate(id: string, baseUrl: string): Promise<EvaluatedSet | null> {
    if (!SET_ID.test(id)) return null;
    const purls = await readStore(() => deps.store.readSet(id, today()));
    if (purls === null) return null;
    const answer = await deps.batch.check(purls, baseUrl);
    return { id, purls, answer, purgeTags: tagsForSet(answer) };
  }

  return { create, evaluate };
}

export type SetService = ReturnType<typeof createSetService>;

/** A set's id: 22 base64url characters (132 bits) of the SHA-256 of its package URLs, one a line, in order. */
export function setIdOf(purls: readonly string[]): string {
  return createHash('sha256').update(purls.join('\n')).digest('base64url').slice(0, 22);
}

/**
 * Every entity a set shows (or would, once it exists), as tags; a set too large to list them
 * within a header's room is tagged by registry instead: every write names the registries it touched.
 */
export function tagsForSet(answer: BatchAnswer): string[] {
  const entities = answer.results.flatMap((r) => (r.status === 'found' ? [[r.entity.registry, r.entity.name]] : r.status === 'unknown' && r.target.includes('/') ? [r.target.split(/\/(.*)/s).slice(0, 2)] : []));
  const tags = new Set([ALL_TAG, ...(answer.summary.unknown + answer.summary.ambiguous > 0 ? [UNKNOWN_TAG] : [])]);
  if (entities.length <= MAX_LISTED_TAGS) for (const [registry, name] of entities) tags.add(entityTag(registry!, name!));
  else for (const [registry] of entities) tags.add(registryTag(registry!));
  return [...tags];
}

/** The badge's counts for a floor grade: found at or above it, below it, and not found. */
export function setCounts(answer: BatchAnswer, minGrade: Grade): SetCounts {
  const floor = GRADES.indexOf(minGrade);
  let ok = 0;
  let below = 0;
  for (const result of answer.results) {
    if (result.status !== 'found') continue;
    if (GRADES.indexOf(result.grade) <= floor) ok++;
    else below++;
  }
  const { unknown, ambiguous, unsupported, invalid } = answer.summary;
  return { ok, below, unknown: unknown + ambiguous + unsupported + invalid, lowest: answer.summary.lowest_grade };
}
