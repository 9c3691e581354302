// Loads the shipped fonts once, as Buffers kept for the process's life: satori caches parsed
// fonts by Buffer identity, so a fresh Buffer per render would cost ~6x (shared/RENDERING.md).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FONT_FAMILY } from './tokens.js';

export interface BadgeFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

export function loadFonts(fontsDir: string): readonly BadgeFont[] {
  return Object.freeze([
    { name: FONT_FAMILY, data: readFileSync(join(fontsDir, FONT_FILES.regular)), weight: 400, style: 'normal' },
    { name: FONT_FAMILY, data: readFileSync(join(fontsDir, FONT_FILES.bold)), weight: 700, style: 'normal' },
  ]);
}
