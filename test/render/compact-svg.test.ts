// The SVG compaction keeps every glyph point and every pixel: path data is read back and
// compared, and Satori's raw SVG and the compact one rasterise to the same PNG.

import satori from 'satori';
import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, STYLES } from '../../src/domain/badge-options.js';
import { specForState } from '../../src/domain/badge-spec.js';
import { BadgeTemplate } from '../../src/render/badge-template.js';
import { compactPathData, compactSvg, dropUnusedMasks } from '../../src/render/compact-svg.js';
import type { BadgeFont } from '../../src/render/fonts.js';
import { renderPng } from '../../src/render/png.js';
import { STYLE_TOKENS } from '../../src/render/tokens.js';
import { testFonts } from '../helpers/test-app.js';

/** Reads path data (absolute or relative, implicit repeats) back into absolute points, in tenths. */
function absolutePoints(data: string): number[][] {
  const points: number[][] = [];
  let [x, y, startX, startY] = [0, 0, 0, 0];
  let letter = '';
  const tokens = data.match(/[MLQZmlqzhv]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const take = () => Math.round(Number(tokens.shift()) * 10);
  while (tokens.length > 0) {
    if (/[a-zA-Z]/.test(tokens[0]!)) letter = tokens.shift()!;
    const [baseX, baseY] = letter === letter.toLowerCase() ? [x, y] : [0, 0];
    const command = letter.toLowerCase();
    if (command === 'm' || command === 'l') {
      [x, y] = [take() + baseX, take() + baseY];
      if (command === 'm') [startX, startY] = [x, y];
      points.push([x, y]);
    } else if (command === 'h') {
      x = take() + baseX;
      points.push([x, y]);
    } else if (command === 'v') {
      y = take() + baseY;
      points.push([x, y]);
    } else if (command === 'q') {
      const control = [take() + baseX, take() + baseY];
      [x, y] = [take() + baseX, take() + baseY];
      points.push(control, [x, y]);
    } else if (command === 'z') {
      [x, y] = [startX, startY];
      points.push([]);
    } else throw new Error(`unexpected ${letter}`);
  }
  return points;
}

describe('compactPathData', () => {
  it('keeps every point of a glyph outline exactly, minus lines to where the pen already is', () => {
    const original = 'M10.7 8.1L10.7 8.1Q11.1 7.5 11.6 7.2L11.6 7.2L14.8 7.2L14.8 13L-0.5 13L6 7Z M20 0L20.1 0.1Z';
    const compact = compactPathData(original)!;
    expect(compact.length).toBeLessThan(original.length * 0.75);
    const dedupe = (points: number[][]) => points.filter((p, i) => i === 0 || p.join() !== points[i - 1]!.join());
    expect(absolutePoints(compact)).toEqual(dedupe(absolutePoints(original)));
  });

  it('leaves alone what it does not recognise', () => {
    expect(compactPathData('M1.25 2L3 4Z')).toBeNull();
    expect(compactPathData('M1 2L3')).toBeNull();
    const shape = '<path d="M2,0 h40 a2,2 0 0 1 2,2"/>';
    expect(compactSvg(shape)).toBe(shape);
  });

  it('drops masks nothing uses, keeping the ones something does', () => {
    const svg = '<mask id="a"><rect/></mask><mask id="b"><rect mask="url(#a)"/></mask><mask id="c"><rect/></mask><g mask="url(#c)"/>';
    expect(dropUnusedMasks(svg)).toBe('<mask id="c"><rect/></mask><g mask="url(#c)"/>');
  });
});

describe('compactSvg on real badges', () => {
  it.each(STYLES)('%s: the same pixels as Satori drew, in fewer bytes', async (style) => {
    const spec = specForState('unknown', { ...defaultBadgeOptions('svg'), style, label: 'Ωμέγα maintenance' });
    const raw = await satori(BadgeTemplate({ spec }), { height: STYLE_TOKENS[style].heightPx, fonts: testFonts() as BadgeFont[] });
    const compact = compactSvg(raw);
    expect(compact.length).toBeLessThan(raw.length * 0.85);
    expect((await renderPng(compact, 2)).equals(await renderPng(raw, 2))).toBe(true);
  });
});
