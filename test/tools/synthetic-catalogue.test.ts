// The synthetic catalogue: repeatable from its seed, always importable, and as varied as the real one
// (registries, grades, gaps, aliases, shared bare names, skewed popularity).

import { describe, expect, it } from 'vitest';
import { checkEntityRecord } from '../../src/domain/entity-record.js';
import { foldName } from '../../src/domain/entity.js';
import { DEFAULT_GRADE_SCALE, gradeFor } from '../../src/domain/grade.js';
import { SHARED_NAMES, SYNTHETIC_REGISTRIES, syntheticLines, syntheticRecord } from '../../tools/synthetic-catalogue.js';

const options = { seed: 7, asOf: new Date('2026-11-01T00:00:00Z') };
const COUNT = 20_000;
const records = Array.from({ length: COUNT }, (_, i) => syntheticRecord(i, options));

describe('synthetic catalogue', () => {
  it('is repeatable: a seed and an index name one record; another seed another catalogue', () => {
    expect(syntheticRecord(1234, options)).toEqual(records[1234]);
    expect([...syntheticLines(10, 12, options)]).toEqual([`${JSON.stringify(records[10])}\n`, `${JSON.stringify(records[11])}\n`]);
    expect(syntheticRecord(1234, { ...options, seed: 8 })).not.toEqual(records[1234]);
  });

  it('writes only records the importer accepts, none dated after asOf', () => {
    const rejected = records.map((r) => checkEntityRecord(JSON.parse(JSON.stringify(r)), options.asOf)).filter((c) => !c.ok);
    expect(rejected).toEqual([]);
    expect(records.every((r) => Date.parse(r.updated_at) <= options.asOf.getTime())).toBe(true);
  });

  it('never names one entity twice (registry + case-folded name)', () => {
    const keys = new Set(records.map((r) => `${r.registry}\n${foldName(r.name)}`));
    expect(keys.size).toBe(COUNT);
  });

  it('spreads over all 18 registries, every grade, with gaps, aliases and bare names shared across registries', () => {
    expect(new Set(records.map((r) => r.registry))).toEqual(new Set(SYNTHETIC_REGISTRIES.map((r) => r.name)));
    expect(SYNTHETIC_REGISTRIES).toHaveLength(18);
    expect(new Set(records.map((r) => gradeFor(r.score, DEFAULT_GRADE_SCALE)))).toEqual(new Set(['A', 'B', 'C', 'D', 'F']));
    expect(records.filter((r) => Object.keys(r.dimensions).length < 6).length).toBeGreaterThan(COUNT / 10);
    expect(records.filter((r) => Object.keys(r.dimensions).length === 0).length).toBeGreaterThan(0);
    expect(records.filter((r) => r.aliases.length > 0).length).toBeGreaterThan(COUNT / 50);
    const registriesOf = (name: string) => new Set(records.filter((r) => foldName(r.name) === name).map((r) => r.registry));
    expect(registriesOf(SHARED_NAMES[0]!).size).toBeGreaterThan(5);
    expect(records.some((r) => r.registry === 'github' && /^[^/]+\/[^/]+$/.test(r.name))).toBe(true);
    expect(records.some((r) => r.registry === 'npm' && r.name.startsWith('@'))).toBe(true);
  });

  it('skews popularity: most entities are obscure, a few are everywhere', () => {
    const popularity = records.map((r) => r.dimensions.popularity).filter((p): p is number => p !== undefined).sort((a, b) => a - b);
    const median = popularity[Math.floor(popularity.length / 2)]!;
    expect(median).toBeLessThan(25);
    expect(popularity.filter((p) => p >= 90).length).toBeGreaterThan(0);
  });
});
