import { describe, expect, it } from 'vitest';
import { MAX_LABEL_CHARS, parseBadgeOptions, STYLES } from '../../src/domain/badge-options.js';

describe('parseBadgeOptions', () => {
  it('gives the contract defaults for an empty query and ignores unknown parameters', () => {
    const parsed = parseBadgeOptions({ utm_source: 'x', cacheBust: '123' }, 'svg');
    expect(parsed).toEqual({
      ok: true,
      options: { format: 'svg', style: 'flat', metric: 'trust', show: 'both', label: null, labelColor: null, theme: 'light', scale: 1 },
    });
  });

  it('reads every parameter', () => {
    const parsed = parseBadgeOptions(
      { style: 'for-the-badge', metric: 'security', show: 'grade', label: 'sec', labelColor: 'abc', theme: 'dark', scale: '3' },
      'png',
    );
    expect(parsed.ok && parsed.options).toEqual({
      format: 'png', style: 'for-the-badge', metric: 'security', show: 'grade', label: 'sec', labelColor: '#aabbcc', theme: 'dark', scale: 3,
    });
  });

  it('accepts every style, an empty label and named colours', () => {
    for (const style of STYLES) expect(parseBadgeOptions({ style }, 'svg').ok).toBe(true);
    const parsed = parseBadgeOptions({ label: '', labelColor: 'informational' }, 'svg');
    expect(parsed.ok && parsed.options.label).toBe('');
    expect(parsed.ok && parsed.options.labelColor).toBe('#007ec6');
  });

  it('ignores scale on SVG, where it could only split the cache', () => {
    const parsed = parseBadgeOptions({ scale: '9' }, 'svg');
    expect(parsed.ok && parsed.options.scale).toBe(1);
  });

  it.each([
    [{ style: 'neon' }, 'style'],
    [{ metric: 'vibes' }, 'metric'],
    [{ show: 'all' }, 'show'],
    [{ theme: 'sepia' }, 'theme'],
    [{ labelColor: 'url(javascript:alert(1))' }, 'labelColor'],
    [{ labelColor: '#12345' }, 'labelColor'],
    [{ label: 'x'.repeat(MAX_LABEL_CHARS + 1) }, 'label'],
    [{ label: 'a\u0007b' }, 'label'],
    [{ style: ['flat', 'plastic'] }, 'style'],
  ])('reports %j as a problem with %s', (query, param) => {
    const parsed = parseBadgeOptions(query, 'svg');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.param).toBe(param);
  });

  it.each(['0', '5', '9', '1.5', '2x', '-1', ''])('rejects PNG scale %j', (scale) => {
    const parsed = parseBadgeOptions({ scale }, 'png');
    expect(!parsed.ok && parsed.problem.param).toBe('scale');
  });

  it('keeps the valid options as the fallback for drawing the error badge', () => {
    const parsed = parseBadgeOptions({ style: 'for-the-badge', theme: 'dark', scale: '9' }, 'png');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fallback).toMatchObject({ style: 'for-the-badge', theme: 'dark', scale: 1 });
  });

  it('accepts a label of exactly the maximum length, counted in characters', () => {
    expect(parseBadgeOptions({ label: 'é'.repeat(MAX_LABEL_CHARS) }, 'svg').ok).toBe(true);
    expect(parseBadgeOptions({ label: '😀'.repeat(MAX_LABEL_CHARS) }, 'svg').ok).toBe(true);
  });
});
