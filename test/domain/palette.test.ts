import { describe, expect, it } from 'vitest';
import { blend, chooseTextColor, contrastRatio, pickTextColor, worstContrast } from '../../src/domain/contrast.js';
import { GRADES } from '../../src/domain/grade.js';
import {
  normalizeColor, TEXT_BLACK, TEXT_DARK, TEXT_LIGHT, THEME_SURFACES, TONE_PALETTES, TONES,
} from '../../src/domain/palette.js';

// Pairs as each style draws them, under its gloss, are held to AA in test/render/contrast.test.ts.
describe('palette', () => {
  it.each(TONES)('%s: white on its fill, its inks on the light and dark bubbles, all ≥ 4.5:1', (tone) => {
    const { fill, inkOnLight, inkOnDark } = TONE_PALETTES[tone];
    expect(contrastRatio(TEXT_LIGHT, fill)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(inkOnLight, THEME_SURFACES.light.bubble.fill)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(inkOnDark, THEME_SURFACES.dark.bubble.fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives every grade its own colour, and unknown a grey', () => {
    expect(new Set(GRADES.map((g) => TONE_PALETTES[g].fill)).size).toBe(GRADES.length);
    expect(new Set(GRADES.map((g) => TONE_PALETTES[g].inkOnDark)).size).toBe(GRADES.length);
    const channels = [1, 3, 5].map((i) => parseInt(TONE_PALETTES.neutral.fill.slice(i, i + 2), 16));
    expect(Math.max(...channels) - Math.min(...channels)).toBeLessThan(24); // a grey, not a hue
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

  it('prefers the first candidate that passes everywhere, else the one that comes closest', () => {
    expect(chooseTextColor(['#1a7f37', '#177234'], [TEXT_LIGHT, TEXT_DARK])).toBe(TEXT_LIGHT);
    expect(chooseTextColor(['#ffd700'], [TEXT_LIGHT, TEXT_DARK, TEXT_BLACK])).toBe(TEXT_DARK);
    // A mid grey: white and near-black both fall short, pure black reads best.
    expect(chooseTextColor(['#777777'], [TEXT_LIGHT, TEXT_DARK, TEXT_BLACK])).toBe(TEXT_BLACK);
    expect(worstContrast(TEXT_LIGHT, ['#ffffff', '#000000'])).toBeCloseTo(1, 5);
  });

  it('blends a translucent colour over an opaque one', () => {
    expect(blend('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(blend('#336699', '#000000', 0)).toBe('#336699');
    expect(blend('#336699', '#bbbbbb', 1)).toBe('#bbbbbb');
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
