// The display size of a rendered badge, for an <img>'s width and height: an SVG's root width and
// height attributes, or a PNG's pixels (its IHDR chunk) over its scale; and a bounded memory of the
// sizes of badge texts, for pages that list many badges.

import { LRUCache } from 'lru-cache';
import type { Format } from '../../domain/badge-options.js';
import type { BadgeSpec } from '../../domain/badge-spec.js';
import type { RenderBadge } from '../../render/render-badge.js';
import type { ImageSize } from '../../services/entity-links.js';
import { html, type SafeHtml } from './html-escape.js';

/** A badge's display size in CSS pixels (the snippets' type, one declaration). */
export type BadgeSize = ImageSize;

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

/** Sizes of the badges a page lists, by entity path; a missing one is drawn unsized. */
export type BadgeSizes = ReadonlyMap<string, BadgeSize | null>;

/** ` width="…" height="…"` for an <img>, or nothing when the size is unknown (the image then sizes itself). */
export function sizeAttributes(size: BadgeSize | null | undefined): SafeHtml | null {
  return size === null || size === undefined ? null : html` width="${size.width}" height="${size.height}"`;
}

/** Distinct badge texts remembered; the default badge has one per grade and whole score (~500). */
const SIZER_ENTRIES = 2048;

/**
 * The size of a badge, for pages that show many (a report's alternatives, an ambiguous name's
 * candidates) without drawing each entity's: a badge's size follows from what it shows (style,
 * scale, label, message), so each distinct text is drawn once and remembered, bounded.
 */
export function createBadgeSizer(render: RenderBadge): (spec: BadgeSpec) => Promise<BadgeSize | null> {
  const sizes = new LRUCache<string, Promise<BadgeSize | null>>({ max: SIZER_ENTRIES });
  return (spec) => {
    const key = JSON.stringify([spec.format, spec.scale, spec.style, spec.label, spec.message]);
    let size = sizes.get(key);
    if (size === undefined) {
      size = render(spec).then(
        (body) => badgeSize(body, spec.format, spec.scale),
        (error: unknown) => {
          // Not remembered: the next page asks again. A page without sizes still shows its badges.
          sizes.delete(key);
          throw error;
        },
      );
      sizes.set(key, size);
    }
    return size.catch(() => null);
  };
}
