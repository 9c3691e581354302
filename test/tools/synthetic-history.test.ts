// `gen --snapshots`: monthly snapshots of the synthetic catalogue that import in order (dates never go
// backwards), drift as scores do (small steps, some months unchanged, a few sharp drops), end on
// the plain catalogue byte for byte, and hold only records the importer accepts.

import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEntityRecord } from '../../src/domain/entity-record.js';
import { shiftMonths } from '../../tools/score-drift.js';
import { syntheticRecord, type SyntheticRecord } from '../../tools/synthetic-catalogue.js';
import { snapshotDate, syntheticHistory, type SnapshotOptions } from '../../tools/synthetic-history.js';
import { snapshotPaths, writeCatalogue, writeSnapshots } from '../../tools/write-catalogue.js';
import { tempDir } from '../helpers/test-app.js';

const options: SnapshotOptions = { seed: 7, asOf: new Date('2026-11-01T00:00:00Z'), snapshots: 12 };
const COUNT = 10_000;
const histories = Array.from({ length: COUNT }, (_, i) => syntheticHistory(i, options));
/** Each entity's step from one snapshot to the next. */
const steps = histories.flatMap((h) => h.slice(1).map((record, k) => ({ before: h[k]!, after: record })));
const moved = steps.filter((s) => s.after.updated_at !== s.before.updated_at);
const sameScores = (a: SyntheticRecord, b: SyntheticRecord) => a.score === b.score && JSON.stringify(a.dimensions) === JSON.stringify(b.dimensions);

describe('synthetic snapshots', () => {
  it('are repeatable: a seed names every snapshot; fewer snapshots are the last of more', () => {
    expect(syntheticHistory(1234, options)).toEqual(histories[1234]);
    expect(syntheticHistory(1234, { ...options, seed: 8 })).not.toEqual(histories[1234]);
    expect(syntheticHistory(1234, { ...options, snapshots: 6 })).toEqual(histories[1234]!.slice(6));
  });

  it('end on the plain catalogue', () => {
    expect(histories.map((h) => h.at(-1))).toEqual(histories.map((_, i) => syntheticRecord(i, options)));
  });

  it('take one snapshot a month, ending at asOf', () => {
    const dates = Array.from({ length: 12 }, (_, k) => snapshotDate(k, options).toISOString());
    expect(dates[0]).toBe('2025-12-01T00:00:00.000Z');
    expect(dates[11]).toBe('2026-11-01T00:00:00.000Z');
  });

  it.each([
    ['the start of a month', options, 'calendar month'],
    ['the end of a long month', { ...options, asOf: new Date('2026-03-31T12:34:56Z') }, 'month'],
  ])('never move a date backwards; date every rescored record within its snapshot month (asOf %s)', (_, opts, window) => {
    const DAY_MS = 24 * 3600 * 1000;
    for (let i = 0; i < 2000; i++) {
      const history = opts === options ? histories[i]! : syntheticHistory(i, opts);
      const newest = history.at(-1)!;
      history.forEach((record, k) => {
        const at = Date.parse(record.updated_at);
        const takenAt = snapshotDate(k, opts).getTime();
        expect(at).toBeLessThanOrEqual(takenAt);
        if (k > 0) expect(at).toBeGreaterThanOrEqual(Date.parse(history[k - 1]!.updated_at));
        if (record === newest) return;
        // Rescored monthly on one day of the month: within 31 days of the snapshot, and inside the
        // calendar month when asOf starts one (a short month may otherwise fall between two rescorings).
        const monthStart = window === 'calendar month' ? shiftMonths(new Date(takenAt), -1).getTime() : takenAt - 31 * DAY_MS;
        expect(at).toBeGreaterThan(monthStart);
      });
    }
  });

  it('change only scores, dimensions and dates, never which dimensions are rated', () => {
    for (const history of histories.slice(0, 2000)) {
      const { score: _s, dimensions, updated_at: _u, ...identity } = history.at(-1)!;
      for (const record of history) {
        const { score: _rs, dimensions: rated, updated_at: _ru, ...rest } = record;
        expect(rest).toEqual(identity);
        expect(Object.keys(rated)).toEqual(Object.keys(dimensions));
      }
    }
  });

  it('drift as scores do: mostly small steps, many months unchanged, a few sharp drops, no sharp rises', () => {
    const change = (s: (typeof steps)[number]) => s.after.score - s.before.score;
    const drops = moved.filter((s) => change(s) <= -15);
    expect(moved.length).toBeGreaterThan(steps.length / 3);
    expect(moved.filter((s) => sameScores(s.before, s.after)).length / moved.length).toBeGreaterThan(0.25);
    expect(moved.filter((s) => Math.abs(change(s)) <= 3).length / moved.length).toBeGreaterThan(0.97);
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.length / moved.length).toBeLessThan(0.01);
    expect(moved.filter((s) => change(s) >= 15)).toEqual([]);
    // Entities rescored month after month whose scores never moved: they add no point at all.
    const frozen = histories.filter((h) => new Set(h.map((r) => r.updated_at)).size >= 4 && h.every((r) => sameScores(r, h[0]!)));
    expect(frozen.length).toBeGreaterThan(COUNT / 20);
  });

  it('hold only records the importer accepts', () => {
    const rejected = histories.slice(0, 3000).flat().map((r) => checkEntityRecord(JSON.parse(JSON.stringify(r)), options.asOf)).filter((c) => !c.ok);
    expect(rejected).toEqual([]);
  });
});

describe('gen --snapshots files', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('are named FILE.01 … FILE.N before the extension, oldest first', () => {
    expect(snapshotPaths('/tmp/cat.ndjson', 12).map((p) => basename(p))).toEqual(Array.from({ length: 12 }, (_, k) => `cat.${String(k + 1).padStart(2, '0')}.ndjson`));
    expect(snapshotPaths('/tmp/cat.ndjson', 120)[0]).toBe('/tmp/cat.001.ndjson');
    expect(snapshotPaths('cat', 2)).toEqual(['cat.01', 'cat.02']);
  });

  it('end with the file gen writes without --snapshots, byte for byte', async () => {
    const plain = join(dir.path, 'plain.ndjson');
    const output = createWriteStream(plain);
    await writeCatalogue(output, 3000, options);
    output.end();
    await once(output, 'finish');
    const paths = snapshotPaths(join(dir.path, 'cat.ndjson'), 4);
    await writeSnapshots(paths, 3000, { ...options, snapshots: 4 });
    expect(readdirSync(dir.path).sort()).toEqual(['cat.01.ndjson', 'cat.02.ndjson', 'cat.03.ndjson', 'cat.04.ndjson', 'plain.ndjson']);
    expect(readFileSync(paths[3]!, 'utf8')).toBe(readFileSync(plain, 'utf8'));
    const first = readFileSync(paths[0]!, 'utf8').split('\n').filter(Boolean);
    expect(first).toHaveLength(3000);
    expect(first.map((line) => JSON.parse(line) as SyntheticRecord)).toEqual(Array.from({ length: 3000 }, (_, i) => syntheticHistory(i, { ...options, snapshots: 4 })[0]));
  });
});
