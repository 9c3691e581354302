// The display size of a rendered badge, for an <img>'s width and height: an SVG's root width and
// height attributes, or a PNG's pixels (its IHDR chunk) over its scale. Reads bytes; draws nothing.

import type { Format } from '../../domain/badge-options.js';

export interface BadgeSize {
  width: number;
  height: number;
}

/** The root element's attributes are all a badge needs: it is the first tag of every SVG we draw. */
const SVG_ROOT = /^<svg\s[^>]*>/;
/** The PNG signature (8 bytes), then the IHDR chunk's length and type (8): width and height follow. */
const PNG_SIZE_OFFSET = 16;

/** Null when the bytes hold no size (never for a badge this service drew). */
export function badgeSize(body: Buffer, format: Format, scale: number): BadgeSize | null {
  if (format === 'png') {
    if (body.length < PNG_SIZE_OFFSET + 8) return null;
    return { width: Math.round(body.readUInt32BE(PNG_SIZE_OFFSET) / scale), height: Math.round(body.readUInt32BE(PNG_SIZE_OFFSET + 4) / scale) };
  }
  const root = SVG_ROOT.exec(body.subarray(0, 2048).toString('utf8'))?.[0] ?? '';
  const width = /\swidth="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  const height = /\sheight="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  return width === undefined || height === undefined ? null : { width: Math.round(Number(width)), height: Math.round(Number(height)) };
}
