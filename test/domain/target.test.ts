import { describe, expect, it } from 'vitest';
import { MAX_TARGET_CHARS, parseTarget, splitSearch, splitTarget } from '../../src/domain/target.js';

const registries = new Set(['github', 'npm', 'web']);

function problemOf(raw: string): string | null {
  const parsed = parseTarget(raw);
  return parsed.ok ? null : parsed.problem;
}

describe('parseTarget', () => {
  it('keeps slashes inside names as segments', () => {
    const parsed = parseTarget('github/haotian-liu/LLaVA');
    expect(parsed).toEqual({ ok: true, target: { text: 'github/haotian-liu/LLaVA', segments: ['github', 'haotian-liu', 'LLaVA'] } });
  });

  it('accepts names with spaces, parentheses and unicode letters, normalised to NFC', () => {
    expect(problemOf('ChuckNorris (L1B3RT4S Prompt Enhancer)')).toBeNull();
    const decomposed = 'cafe\u0301';
    const parsed = parseTarget(decomposed);
    expect(parsed.ok && parsed.target.text).toBe('caf\u00e9');
    expect(problemOf('日本語/ライブラリ')).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['..', 'bad-segment'],
    ['github/..', 'bad-segment'],
    ['github/../etc/passwd', 'bad-segment'],
    ['./x', 'bad-segment'],
    ['/leading', 'bad-segment'],
    ['trailing/', 'bad-segment'],
    ['a//b', 'bad-segment'],
    [' padded', 'bad-character'],
    ['a/ b', 'bad-segment'],
    ['tab\there', 'bad-character'],
    ['new\nline', 'bad-character'],
    ['nul\u0000', 'bad-character'],
    ['rtl\u202eoverride', 'bad-character'],
    ['zero\u200bwidth', 'bad-character'],
    ['lone\ud800surrogate', 'bad-character'],
    ['x'.repeat(1000), 'too-long'],
    ['x'.repeat(MAX_TARGET_CHARS + 1), 'too-long'],
  ])('rejects %j as %s', (raw, problem) => {
    expect(problemOf(raw)).toBe(problem);
  });

  it('accepts exactly the maximum length, counted in characters not UTF-16 units', () => {
    expect(problemOf('x'.repeat(MAX_TARGET_CHARS))).toBeNull();
    expect(problemOf('😀'.repeat(MAX_TARGET_CHARS))).toBeNull();
  });
});

describe('splitTarget', () => {
  const split = (raw: string) => {
    const parsed = parseTarget(raw);
    if (!parsed.ok) throw new Error(raw);
    return splitTarget(parsed.target, registries);
  };

  it('reads a known first segment as the registry, case-insensitively', () => {
    expect(split('github/haotian-liu/LLaVA')).toEqual({ registry: 'github', name: 'haotian-liu/LLaVA' });
    expect(split('GitHub/haotian-liu/LLaVA')).toEqual({ registry: 'github', name: 'haotian-liu/LLaVA' });
    expect(split('npm/@types/node')).toEqual({ registry: 'npm', name: '@types/node' });
  });

  it('treats an unknown first segment, or a lone segment, as part of a bare name', () => {
    expect(split('haotian-liu/LLaVA')).toEqual({ registry: null, name: 'haotian-liu/LLaVA' });
    expect(split('github')).toEqual({ registry: null, name: 'github' });
    expect(split('openrouter')).toEqual({ registry: null, name: 'openrouter' });
  });
});

describe('splitSearch', () => {
  it('reads a known first segment as the registry and the rest, slashes and all, as a name prefix', () => {
    expect(splitSearch('npm/sha', registries)).toEqual({ registry: 'npm', prefix: 'sha' });
    expect(splitSearch('GitHub/haotian-liu/', registries)).toEqual({ registry: 'github', prefix: 'haotian-liu/' });
    expect(splitSearch('github/haotian-liu/LLaVA', registries)).toEqual({ registry: 'github', prefix: 'haotian-liu/LLaVA' });
  });

  it('leaves a plain prefix alone: no slash, an unknown registry, or nothing after it', () => {
    for (const text of ['sharp', 'haotian-liu/LLaVA', 'github/', '/sharp', 'github']) expect(splitSearch(text, registries)).toBeNull();
  });
});
