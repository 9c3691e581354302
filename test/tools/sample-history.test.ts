// The shipped sample's history (data/sample-history/): what `npm run gen:sample-history` writes, and
// importable before data/sample.ndjson: no date goes backwards, the last point leads to the sample's
// score, and the charts tell what they promise (a sharp drop, a steady rise, a flat line).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEntityRecord, type EntityRecord } from '../../src/domain/entity-record.js';
import { DEFAULTS } from '../../src/config.js';
import { HISTORY_MONTHS, STORIES, buildSampleHistory } from '../../tools/sample-history.js';

const HISTORY_DIR = join(DEFAULTS.sampleDataPath, '../sample-history');
const sampleText = readFileSync(DEFAULTS.sampleDataPath, 'utf8');
const parse = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as EntityRecord);
const keyOf = (r: EntityRecord) => `${r.registry}/${r.name}`;
const sample = new Map(parse(sampleText).map((r) => [keyOf(r), r]));
const names = readdirSync(HISTORY_DIR).sort();
const files = names.map((name) => ({ name, records: parse(readFileSync(join(HISTORY_DIR, name), 'utf8')) }));
/** Each entity's history points in import order, the sample's record last. */
const points = new Map([...sample.keys()].map((key) => [key, [...files.flatMap((f) => f.records.filter((r) => keyOf(r) === key)), sample.get(key)!]]));
const scoresOf = (key: string) => points.get(key)!.map((r) => r.score);

describe('the sample history files', () => {
  it('are what the script writes: regenerating changes nothing', () => {
    const built = buildSampleHistory(sampleText);
    expect(names).toEqual(built.map((f) => f.name));
    for (const file of built) expect(readFileSync(join(HISTORY_DIR, file.name), 'utf8')).toBe(file.text);
  });

  it('are monthly, named YYYY-MM.ndjson, within the year that ends with the sample', () => {
    const newestMonth = [...sample.values()].map((r) => r.updated_at.slice(0, 7)).sort().at(-1)!;
    expect(names.every((name) => /^\d{4}-\d{2}\.ndjson$/.test(name) && name.slice(0, 7) < newestMonth)).toBe(true);
    const [year, month] = newestMonth.split('-').map(Number) as [number, number];
    expect(names[0]).toBe(`${new Date(Date.UTC(year, month - HISTORY_MONTHS, 1)).toISOString().slice(0, 7)}.ndjson`);
    for (const file of files) expect(file.records.every((r) => r.updated_at.startsWith(file.name.slice(0, 7)))).toBe(true);
  });

  it('hold only records the importer accepts, of the sample entities, changed only in score, dimensions and date', () => {
    const newest = new Date(Math.max(...[...sample.values()].map((r) => Date.parse(r.updated_at))));
    for (const record of files.flatMap((f) => f.records)) {
      expect(checkEntityRecord(record, newest)).toMatchObject({ ok: true });
      const current = sample.get(keyOf(record));
      expect(current).toBeDefined();
      const { score: _s, dimensions, updated_at: _u, ...identity } = current!;
      const { score: _rs, dimensions: rated, updated_at: _ru, ...rest } = record;
      expect(rest).toEqual(identity);
      expect(Object.keys(rated)).toEqual(Object.keys(dimensions));
    }
  });

  it('give every seed entity history, each date before the next and before the sample record, one point a day at most', () => {
    for (const [key, history] of points) {
      expect(history.length, key).toBeGreaterThan(1);
      const days = history.map((r) => r.updated_at.slice(0, 10));
      for (let i = 1; i < history.length; i++) expect(Date.parse(history[i]!.updated_at), key).toBeGreaterThan(Date.parse(history[i - 1]!.updated_at));
      expect(new Set(days).size, key).toBe(days.length);
    }
  });

  it('lead to the sample score in a small last step, except where the story is a fall in the last month', () => {
    for (const key of points.keys()) {
      const story = STORIES.get(key);
      if (story?.kind === 'drop' && story.monthsBack === 1) continue;
      const [before, current] = scoresOf(key).slice(-2) as [number, number];
      expect(Math.abs(current - before), key).toBeLessThanOrEqual(3);
    }
  });

  it('tell their stories: event-stream and nginx fall sharply, ollama rises steadily, serde stays flat, langchain loses verified', () => {
    const steps = (key: string) => scoresOf(key).slice(1).map((score, i) => score - scoresOf(key)[i]!);
    expect(Math.min(...steps('npm/event-stream'))).toBeLessThanOrEqual(-30);
    expect(scoresOf('npm/event-stream').at(-1)).toBe(12.3);
    expect(steps('docker/library/nginx').at(-1)).toBeLessThanOrEqual(-10);
    expect(steps('github/ollama/ollama').every((step) => step > 0)).toBe(true);
    expect(scoresOf('github/ollama/ollama').length).toBeGreaterThanOrEqual(9);
    expect(scoresOf('github/ollama/ollama').at(-1)! - scoresOf('github/ollama/ollama')[0]!).toBeGreaterThanOrEqual(10);
    const serde = points.get('crates/serde')!;
    expect(serde.length).toBeGreaterThanOrEqual(9);
    expect(serde.every((r) => r.score === serde.at(-1)!.score && JSON.stringify(r.dimensions) === JSON.stringify(serde.at(-1)!.dimensions))).toBe(true);
    expect(scoresOf('github/langchain-ai/langchain')[0]).toBeGreaterThanOrEqual(70);
    expect(scoresOf('github/langchain-ai/langchain').at(-1)).toBeLessThan(70);
    for (const key of STORIES.keys()) expect(sample.has(key), key).toBe(true);
  });
});
