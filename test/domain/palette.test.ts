import { describe, expect, it } from 'vitest';
import { contrastRatio, pickTextColor } from '../../src/domain/contrast.js';
import { GRADE_COLORS, LABEL_COLORS, normalizeColor, STATE_COLORS, TEXT_DARK, TEXT_LIGHT } from '../../src/domain/palette.js';

describe('palette', () => {
  const backgrounds = { ...GRADE_COLORS, ...STATE_COLORS, ...LABEL_COLORS };

  it.each(Object.entries(backgrounds))('%s (%s) carries white text at WCAG AA', (_name, color) => {
    expect(contrastRatio(TEXT_LIGHT, color)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives every grade its own colour', () => {
    expect(new Set(Object.values(GRADE_COLORS)).size).toBe(5);
  });
});

describe('contrast', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('picks dark text on a light label colour and light text on a dark one', () => {
    expect(pickTextColor('#ffd700', [TEXT_LIGHT, TEXT_DARK])).toBe(TEXT_DARK);
    expect(pickTextColor('#000080', [TEXT_LIGHT, TEXT_DARK])).toBe(TEXT_LIGHT);
  });
});

describe('normalizeColor', () => {
  it.each([
    ['abc', '#aabbcc'], ['#ABC', '#aabbcc'], ['0a0B0c', '#0a0b0c'], ['#0a0b0c', '#0a0b0c'], ['Green', '#97ca00'], ['navy', '#000080'],
  ])('%s → %s', (input, hex) => {
    expect(normalizeColor(input)).toBe(hex);
  });

  it.each(['', '#ab', 'ggg', 'red;fill:url(x)', '#1234567', 'constructor', '__proto__'])('rejects %j', (input) => {
    expect(normalizeColor(input)).toBeNull();
  });
});
