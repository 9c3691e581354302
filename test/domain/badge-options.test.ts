import { describe, expect, it } from 'vitest';
import { canDraw, MAX_LABEL_CHARS, parseBadgeOptions as parseWith, STYLES, TREND_PERIODS, trendWindow, type GlyphCoverage } from '../../src/domain/badge-options.js';
import { TREND_WINDOWS } from '../../src/domain/history.js';

/** A made-up font: printable ASCII, é, and one astral letter (U+1D538, double-struck A). */
const GLYPHS: GlyphCoverage = { ranges: [[0x20, 0x7e], [0xc9, 0xc9], [0xe9, 0xe9], [0x1d538, 0x1d538]] };
const parseBadgeOptions = (query: Record<string, unknown>, format: 'svg' | 'png') => parseWith(query, format, GLYPHS);

describe('parseBadgeOptions', () => {
  it('gives the contract defaults for an empty query and ignores unknown parameters', () => {
    const parsed = parseBadgeOptions({ utm_source: 'x', cacheBust: '123' }, 'svg');
    expect(parsed).toEqual({
      ok: true,
      options: { format: 'svg', style: 'flat', metric: 'trust', show: 'both', label: null, labelColor: null, theme: 'light', scale: 1, trend: null },
    });
  });

  it('reads every parameter', () => {
    const parsed = parseBadgeOptions(
      { style: 'for-the-badge', metric: 'security', show: 'grade', label: 'sec', labelColor: 'abc', theme: 'dark', scale: '3', trend: '90d' },
      'png',
    );
    expect(parsed.ok && parsed.options).toEqual({
      format: 'png', style: 'for-the-badge', metric: 'security', show: 'grade', label: 'sec', labelColor: '#aabbcc', theme: 'dark', scale: 3, trend: '90d',
    });
  });

  it('accepts every style, an empty label and named colours', () => {
    for (const style of STYLES) expect(parseBadgeOptions({ style }, 'svg').ok).toBe(true);
    const parsed = parseBadgeOptions({ label: '', labelColor: 'informational' }, 'svg');
    expect(parsed.ok && parsed.options.label).toBe('');
    expect(parsed.ok && parsed.options.labelColor).toBe('#007ec6');
  });

  it('reads every trend period, one per trend window', () => {
    expect(TREND_PERIODS.map(trendWindow)).toEqual([...TREND_WINDOWS]);
    for (const trend of TREND_PERIODS) {
      const parsed = parseBadgeOptions({ trend }, 'svg');
      expect(parsed.ok && parsed.options.trend).toBe(trend);
    }
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
    [{ label: ' lead' }, 'label'],
    [{ label: 'trail\u00a0' }, 'label'],
    [{ style: ['flat', 'plastic'] }, 'style'],
    [{ trend: '7d' }, 'trend'],
    [{ trend: '30' }, 'trend'],
    [{ trend: '30D' }, 'trend'],
    [{ trend: '' }, 'trend'],
    [{ trend: ['30d', '90d'] }, 'trend'],
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
    expect(parseBadgeOptions({ label: '𝔸'.repeat(MAX_LABEL_CHARS) }, 'svg').ok).toBe(true);
    expect(parseBadgeOptions({ label: '𝔸'.repeat(MAX_LABEL_CHARS + 1) }, 'svg').ok).toBe(false);
  });

  it('refuses a label with characters the fonts cannot draw, naming the label', () => {
    for (const label of ['信任', 'ok 😀', 'ñ']) {
      const parsed = parseBadgeOptions({ label, style: 'plastic' }, 'svg');
      expect(!parsed.ok && parsed.problem.param).toBe('label');
      if (!parsed.ok) expect(parsed.fallback).toMatchObject({ style: 'plastic', label: null });
    }
  });

  it('checks the capitals too, which for-the-badge draws', () => {
    // GLYPHS has é and É; a font with é alone could not draw the label in capitals.
    expect(canDraw('é', GLYPHS)).toBe(true);
    expect(canDraw('é', { ranges: [[0xe9, 0xe9]] })).toBe(false);
  });

  it('reads the label in NFC, so a decomposed é is the drawable é', () => {
    const parsed = parseBadgeOptions({ label: 'e\u0301' }, 'svg');
    expect(parsed.ok && parsed.options.label).toBe('é');
  });
});
