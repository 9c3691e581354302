// Reads rendered badge PNGs the way a reviewer looks at them: where the parts are, where text ink is.
// Decodes with pngjs; it knows the two layouts (two-part, social), not any style's numbers.

import { PNG } from 'pngjs';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

export function pixelAt(png: PNG, x: number, y: number): Rgba {
  const i = (y * png.width + x) * 4;
  return { r: png.data[i]!, g: png.data[i + 1]!, b: png.data[i + 2]!, a: png.data[i + 3]! };
}

export function hexAt(png: PNG, x: number, y: number): string {
  const { r, g, b } = pixelAt(png, x, y);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

const distance = (p: Rgba, q: Rgba): number => Math.max(Math.abs(p.r - q.r), Math.abs(p.g - q.g), Math.abs(p.b - q.b), Math.abs(p.a - q.a));

/** A horizontal span of columns, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Columns in [span.start, span.end) holding text ink: pixels within `tolerance` of the text colour
 * (glyph cores; rims, borders, shadows and glosses are far from it).
 */
export function inkColumns(png: PNG, span: Span, rows: Span, textColor: string, tolerance = 60): Span | null {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(textColor.slice(i, i + 2), 16)) as [number, number, number];
  const ink = { r, g, b, a: 255 };
  let first = -1;
  let last = -1;
  for (let x = span.start; x < span.end; x++) {
    for (let y = rows.start; y < rows.end; y++) {
      if (distance(pixelAt(png, x, y), ink) <= tolerance) {
        if (first < 0) first = x;
        last = x;
        break;
      }
    }
  }
  return first < 0 ? null : { start: first, end: last + 1 };
}

/** Two-part badges: the first column, scanning row `y` from `fromX`, whose colour leaves the label fill. */
export function partBoundary(png: PNG, y: number, fromX: number): number {
  const label = pixelAt(png, fromX, y);
  for (let x = fromX + 1; x < png.width; x++) if (distance(pixelAt(png, x, y), label) > 8) return x;
  return png.width;
}

/** Social badges: the transparent gutter between button and bubble, found on row `y`. */
export function transparentGap(png: PNG, y: number): Span | null {
  let start = -1;
  for (let x = 0; x < png.width; x++) {
    const clear = pixelAt(png, x, y).a === 0;
    if (clear && start < 0) start = x;
    if (!clear && start >= 0) return { start, end: x };
  }
  return null;
}
