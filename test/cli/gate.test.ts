// The gate of `trustbadge check`: which packages --ignore skips, each verdict, and the report's order.

import { describe, expect, it } from 'vitest';
import type { Dependency, Gate } from '../../src/cli/check/check-report.js';
import { buildReport, isIgnored, judge } from '../../src/cli/check/gate.js';
import { withoutVersion } from '../../src/domain/package-url.js';
import type { BatchItem } from '../../src/schema/answers.js';

const dependency = (purl: string): Dependency => ({ purl, name: purl, version: null, direct: null, file: 'package-lock.json', line: null });
const found = (score: number, grade: 'A' | 'B' | 'C' | 'D' | 'F'): BatchItem => ({
  input: 'x', status: 'found', target: 'npm/x', entity: { registry: 'npm', name: 'x', category: 'library' }, score, grade, verified: score >= 70, report: 'https://t.example/entity/npm/x',
});
const GATE: Gate = { minGrade: 'C', minScore: 50, unknown: 'warn', ignore: [] };

describe('the gate', () => {
  it('ignores a package by its URL with or without version, encoded or not', () => {
    expect(withoutVersion('pkg:npm/%40types/node@20.1.0')).toBe('pkg:npm/%40types/node');
    expect(withoutVersion('pkg:npm/@types/node')).toBe('pkg:npm/@types/node');
    expect(withoutVersion('pkg:golang/github.com/a/b@v1.0.0?x=1')).toBe('pkg:golang/github.com/a/b');
    expect(isIgnored('pkg:npm/%40types/node@20.1.0', ['pkg:npm/@types/node'])).toBe(true);
    expect(isIgnored('pkg:npm/%40types/node@20.1.0', ['pkg:npm/@types/node@20.1.0'])).toBe(true);
    expect(isIgnored('pkg:npm/%40types/node@20.1.0', ['pkg:npm/@types/node@22.0.0'])).toBe(false);
    expect(isIgnored('pkg:npm/left-pad-two@1.0.0', ['pkg:npm/left-pad'])).toBe(false);
  });

  it('fails below the grade or the score, treats what the catalogue lacks as --unknown says', () => {
    expect(judge(dependency('pkg:npm/a'), found(62, 'C'), GATE)).toMatchObject({ verdict: 'pass', reasons: [] });
    expect(judge(dependency('pkg:npm/a'), found(45, 'D'), GATE)).toMatchObject({ verdict: 'fail', reasons: ['grade D is below C', 'score 45 is below 50'] });
    const unknown: BatchItem = { input: 'pkg:npm/a', status: 'unknown', target: 'npm/a' };
    expect(judge(dependency('pkg:npm/a'), unknown, GATE).verdict).toBe('warn');
    expect(judge(dependency('pkg:npm/a'), unknown, { ...GATE, unknown: 'fail' }).verdict).toBe('fail');
    expect(judge(dependency('pkg:npm/a'), unknown, { ...GATE, unknown: 'ignore' }).verdict).toBe('ignored');
    expect(judge(dependency('pkg:npm/a'), found(10, 'F'), { ...GATE, ignore: ['pkg:npm/a'] }).verdict).toBe('ignored');
    const unsupported: BatchItem = { input: 'pkg:swift/x', status: 'unsupported', reason: 'no swift' };
    expect(judge(dependency('pkg:swift/x'), unsupported, GATE).reasons).toEqual(['its kind of package is not in the catalogue: no swift']);
  });

  it('orders the report weakest first and passes only without a failure', () => {
    const items = [
      judge(dependency('pkg:npm/ok'), found(90, 'A'), GATE),
      judge(dependency('pkg:npm/low'), found(20, 'F'), GATE),
      judge(dependency('pkg:npm/lower'), found(10, 'F'), GATE),
      judge(dependency('pkg:npm/gone'), { input: 'x', status: 'unknown', target: 'npm/gone' }, GATE),
    ];
    const report = buildReport(['package-lock.json'], 'https://t.example', GATE, items);
    expect(report.items.map((i) => i.dependency.purl)).toEqual(['pkg:npm/lower', 'pkg:npm/low', 'pkg:npm/gone', 'pkg:npm/ok']);
    expect([report.counts, report.passed]).toEqual([{ fail: 2, warn: 1, pass: 1, ignored: 0 }, false]);
    expect(buildReport([], 'https://t.example', GATE, items.slice(0, 1)).passed).toBe(true);
  });
});
