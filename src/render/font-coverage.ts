// Reads which code points the shipped fonts can draw, from their TrueType `cmap` (formats 4 and 12).
// It only reads the bytes it is given; it never substitutes fonts or guesses a glyph.

import type { GlyphCoverage } from '../domain/badge-options.js';
import type { BadgeFont } from './fonts.js';

type Range = readonly [first: number, last: number];

/** Code points every font in the list draws: a label must read the same in every weight. */
export function readGlyphCoverage(fonts: readonly BadgeFont[]): GlyphCoverage {
  const [first, ...rest] = fonts.map((font) => readCmapRanges(font.data));
  if (first === undefined) return { ranges: [] };
  return { ranges: rest.reduce(intersectRanges, first) };
}

/** Sorted, merged ranges of the code points the font maps to a real glyph (not glyph 0). */
export function readCmapRanges(font: Buffer): Range[] {
  const cmap = findTable(font, 'cmap');
  const subtable = pickSubtable(font, cmap);
  const codePoints = font.readUInt16BE(subtable) === 12 ? readFormat12(font, subtable) : readFormat4(font, subtable);
  return toRanges(codePoints);
}

function findTable(font: Buffer, tag: string): number {
  const tableCount = font.readUInt16BE(4);
  for (let i = 0; i < tableCount; i++) {
    const record = 12 + i * 16;
    if (font.toString('latin1', record, record + 4) === tag) return font.readUInt32BE(record + 8);
  }
  throw new Error(`font has no ${tag} table`);
}

/** Prefers the full-Unicode subtable (3,10 or 0,4+: format 12) over the BMP one (3,1 or 0,3: format 4). */
function pickSubtable(font: Buffer, cmap: number): number {
  const candidates: { rank: number; offset: number }[] = [];
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    const format = font.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || format === 4)) candidates.push({ rank: format === 12 ? 0 : 1, offset });
  }
  const best = candidates.sort((a, b) => a.rank - b.rank)[0];
  if (best === undefined) throw new Error('font has no Unicode cmap subtable in format 4 or 12');
  return best.offset;
}

function readFormat4(font: Buffer, table: number): number[] {
  const segments = font.readUInt16BE(table + 6) / 2;
  const ends = table + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  const codePoints: number[] = [];
  for (let s = 0; s < segments; s++) {
    const end = font.readUInt16BE(ends + s * 2);
    const start = font.readUInt16BE(starts + s * 2);
    const delta = font.readInt16BE(deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const raw = font.readUInt16BE(rangeOffsetAt + rangeOffset + (c - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) codePoints.push(c);
    }
  }
  return codePoints;
}

function readFormat12(font: Buffer, table: number): number[] {
  const groups = font.readUInt32BE(table + 12);
  const codePoints: number[] = [];
  for (let g = 0; g < groups; g++) {
    const group = table + 16 + g * 12;
    const start = font.readUInt32BE(group);
    const end = font.readUInt32BE(group + 4);
    const firstGlyph = font.readUInt32BE(group + 8);
    for (let c = start; c <= end; c++) if (firstGlyph + (c - start) !== 0) codePoints.push(c);
  }
  return codePoints;
}

function toRanges(codePoints: number[]): Range[] {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const c of sorted) {
    const last = ranges.at(-1);
    if (last !== undefined && c === last[1] + 1) last[1] = c;
    else ranges.push([c, c]);
  }
  return ranges;
}

function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFirst, aLast] = a[i]!;
    const [bFirst, bLast] = b[j]!;
    const first = Math.max(aFirst, bFirst);
    const last = Math.min(aLast, bLast);
    if (first <= last) out.push([first, last]);
    if (aLast < bLast) i++;
    else j++;
  }
  return out;
}
