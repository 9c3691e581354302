// The last-resort badge, for when the renderer itself is broken: a plain grey box with an accessible
// name, written by hand (SVG) and encoded here (PNG). Must depend on neither Satori, Resvg nor the fonts.

import { crc32, deflateSync } from 'node:zlib';
import type { Format } from '../domain/badge-options.js';
import { TONE_PALETTES } from '../domain/palette.js';

const LAST_RESORT = { width: 90, height: 20, title: 'badge: unavailable' } as const;

export function drawLastResort(format: Format): Buffer {
  const { width, height, title } = LAST_RESORT;
  const fill = TONE_PALETTES.neutral.fill;
  if (format === 'png') return encodeSolidPng(width, height, fill);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}"><title>${title}</title><rect width="${width}" height="${height}" rx="3" fill="${fill}"/></svg>`,
    'utf8',
  );
}

/** A width × height PNG of one RGB colour (8-bit truecolour, no interlace). */
function encodeSolidPng(width: number, height: number, hex: string): Buffer {
  const rgb = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const frame = Buffer.alloc(4 + body.length + 4);
    frame.writeUInt32BE(data.length, 0);
    body.copy(frame, 4);
    frame.writeUInt32BE(crc32(body), 4 + body.length);
    return frame;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
