// The typo fallback's keys: every key one edit away, and nothing further. Checked against an
// independent distance (optimal string alignment, by dynamic programming) on any input.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TYPO_CHARS, MIN_TYPO_CHARS, nearKeys } from '../../src/domain/near-keys.js';

/** Edits (a character missing, extra, changed, or two neighbours swapped) from `a` to `b`, by code point. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

const asciiChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.');
const nameChar = fc.oneof(asciiChar, fc.constantFrom(...'/é日'));
const key = (min: number, max: number, char = nameChar) => fc.array(char, { minLength: min, maxLength: max }).map((chars) => chars.join(''));

/** One edit of `text` at `at` (a fraction of its length), with `c` where a character is added or changed. */
function edit(text: string, kind: number, at: number, c: string): string {
  const chars = [...text];
  const i = Math.min(chars.length - 1, Math.floor(at * chars.length));
  switch (kind) {
    case 0: chars.splice(i, 1); break;
    case 1: chars.splice(i, 0, c); break;
    case 2: chars[i] = c; break;
    default: if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  }
  return chars.join('');
}

describe('nearKeys', () => {
  // The name meant is of letters, digits and `-_.`, or of the characters typed; the typo may be anything.
  it('holds every key one edit away from what was typed', () => {
    fc.assert(fc.property(fc.oneof(key(2, MAX_TYPO_CHARS + 1, asciiChar), key(2, 8)), fc.nat(3), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), nameChar, (meant, kind, at, c) => {
      const typed = edit(meant, kind, at, c);
      const length = [...typed].length;
      fc.pre(typed !== meant && length >= MIN_TYPO_CHARS && length <= MAX_TYPO_CHARS);
      fc.pre([...meant].every((m) => /[a-z0-9._-]/.test(m) || typed.includes(m)));
      expect(nearKeys(typed)).toContain(meant);
    }), { numRuns: 2_000 });
  });

  it('holds nothing but keys exactly one edit away, each once', () => {
    fc.assert(fc.property(key(MIN_TYPO_CHARS, 12), (typed) => {
      const near = nearKeys(typed);
      expect(new Set(near).size).toBe(near.length);
      for (const k of near) expect(editDistance(typed, k)).toBe(1);
    }), { numRuns: 200 });
  });

  it('looks up nothing for keys too short to tell apart or too long to vary', () => {
    expect(nearKeys('ab')).toEqual([]);
    expect(nearKeys('a'.repeat(MAX_TYPO_CHARS + 1))).toEqual([]);
    expect(nearKeys('reakt')).toContain('react');
    expect(nearKeys('raect')).toContain('react');
    expect(nearKeys('tensorflw')).toContain('tensorflow');
  });
});
