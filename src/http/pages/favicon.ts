// /favicon.ico, made once at start from the site's SVG icon: Resvg draws it at the sizes browsers
// ask for, and an ICO file holds those PNGs as they are (Windows Vista's format, read by every browser).

import { Resvg } from '@resvg/resvg-js';

/** Tab, taskbar and shortcut sizes, in pixels. */
export const FAVICON_SIZES_PX = [16, 32, 48] as const;

const ICO_HEADER_BYTES = 6;
const ICO_ENTRY_BYTES = 16;

export function makeFavicon(svg: Buffer): Buffer {
  const images = FAVICON_SIZES_PX.map((sizePx) => ({
    sizePx,
    png: new Resvg(svg, { fitTo: { mode: 'width', value: sizePx }, font: { loadSystemFonts: false }, logLevel: 'off' }).render().asPng(),
  }));
  const header = Buffer.alloc(ICO_HEADER_BYTES);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  let offset = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * images.length;
  const entries = images.map(({ sizePx, png }) => {
    const entry = Buffer.alloc(ICO_ENTRY_BYTES);
    entry.writeUInt8(sizePx, 0); // width (0 would mean 256)
    entry.writeUInt8(sizePx, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}
