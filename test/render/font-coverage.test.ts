// What the shipped fonts draw (read from their cmap), and what happens to a label they cannot:
// the 400 badge, while right-to-left scripts the fonts cover are drawn.

import { describe, expect, it } from 'vitest';
import { canDraw, defaultBadgeOptions, parseBadgeOptions } from '../../src/domain/badge-options.js';
import { specForState } from '../../src/domain/badge-spec.js';
import { readCmapRanges, readGlyphCoverage } from '../../src/render/font-coverage.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { testFonts } from '../helpers/test-app.js';
import { parseSvg } from '../helpers/svg.js';

const fonts = testFonts();
const glyphs = readGlyphCoverage(fonts);
const covers = (codePoint: number, ranges = glyphs.ranges) => ranges.some(([first, last]) => codePoint >= first && codePoint <= last);

describe('glyph coverage of the shipped fonts', () => {
  it('draws Latin, Latin Extended, Greek and Cyrillic in full', () => {
    const blocks: [string, number, number][] = [
      ['Basic Latin', 0x20, 0x7e],
      ['Latin-1', 0xa0, 0xff],
      ['Latin Extended-A', 0x100, 0x17f],
      ['Greek', 0x391, 0x3a1],
      ['Greek lower', 0x3b1, 0x3c9],
      ['Cyrillic', 0x400, 0x4ff],
    ];
    for (const [name, first, last] of blocks) {
      const missing = Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((c) => !covers(c));
      expect(missing, name).toEqual([]);
    }
  });

  it.each([
    'Zażółć gęślą jaźń', 'Příliš žluťoučký kůň', 'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία', 'Съешь же ещё этих мягких булок',
    'Tiếng Việt', 'Şişli İstanbul', 'Ærøskøbing', 'straße', 'שלום', 'سلام', '★ ✓ ♥ © ™',
  ])('can draw %s (in capitals too)', (text) => {
    expect(canDraw(text.normalize('NFC'), glyphs)).toBe(true);
  });

  it('draws the trend arrows a badge message carries (↑ ↓ →), in both weights', () => {
    for (const font of fonts) {
      const ranges = readCmapRanges(font.data);
      for (const arrow of ['↑', '↓', '→']) expect(covers(arrow.codePointAt(0)!, ranges), arrow).toBe(true);
    }
    expect(canDraw('B · 74 ↑3 ↓5 →', glyphs)).toBe(true);
  });

  it.each(['中文', '日本語', '한국어', 'ไทย', 'हिन्दी', '🇫🇷', '👍'])('cannot draw %s', (text) => {
    expect(canDraw(text, glyphs)).toBe(false);
  });

  it('keeps only what both weights draw: the bold-only and regular-only mathematical letters drop out', () => {
    const [regular, bold] = fonts.map((f) => readCmapRanges(f.data)) as [[number, number][], [number, number][]];
    const sansRegularA = 0x1d5a0;
    const sansBoldA = 0x1d5d4;
    expect([covers(sansRegularA, regular), covers(sansRegularA, bold)]).toEqual([true, false]);
    expect([covers(sansBoldA, regular), covers(sansBoldA, bold)]).toEqual([false, true]);
    expect([covers(sansRegularA), covers(sansBoldA)]).toEqual([false, false]);
  });

  it('reads sorted, disjoint ranges and never maps the missing glyph', () => {
    for (let i = 1; i < glyphs.ranges.length; i++) expect(glyphs.ranges[i]![0]).toBeGreaterThan(glyphs.ranges[i - 1]![1] + 1);
    expect(covers(0xffff)).toBe(false);
    expect(covers(0x4e2d)).toBe(false);
  });
});

describe('labels the fonts cannot draw', () => {
  it('are an invalid label, answered with the error badge rather than empty boxes', () => {
    const parsed = parseBadgeOptions({ label: 'trust 中文' }, 'svg', glyphs);
    expect(!parsed.ok && parsed.problem.param).toBe('label');
  });

  it('right-to-left labels render, shaped and in order (Satori runs bidi and Arabic joining)', async () => {
    const render = createBadgeRenderer(fonts);
    const widthOf = async (label: string) => parseSvg((await render(specForState('unknown', { ...defaultBadgeOptions('svg'), label }))).toString()).width;
    const plain = await widthOf('ab');
    expect(await widthOf('abשלום')).toBeGreaterThan(plain + 20);
    expect(await widthOf('abسلام')).toBeGreaterThan(plain + 15);
  });
});
