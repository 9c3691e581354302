// Reads a target and a format from the raw (still percent-encoded) tail of a request path.
// A path that does not decode is reported as null, never thrown.

import type { Format } from '../../domain/badge-options.js';

export function decodeTargetPath(rawTail: string): string | null {
  try {
    return decodeURIComponent(rawTail);
  } catch {
    return null;
  }
}

/** `/badge/{target}.svg`, `.png`, or no extension (SVG). */
export function splitBadgePath(rawTail: string): { target: string | null; format: Format } {
  const match = /\.(svg|png)$/i.exec(rawTail);
  const format = (match?.[1]?.toLowerCase() ?? 'svg') as Format;
  const tail = match === null ? rawTail : rawTail.slice(0, -match[0].length);
  return { target: decodeTargetPath(tail), format };
}
