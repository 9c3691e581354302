// Draws a vendor seal: SealView → Satori SVG (shipped fonts, text as paths, a <title>) → Resvg PNG at 2×.
// Pure in its output: the same view and fonts give the same bytes; it reads nothing else.

import satori from 'satori';
import { compactSvg } from './compact-svg.js';
import type { BadgeFont } from './fonts.js';
import { renderPng } from './png.js';
import { addAccessibleName } from './svg.js';
import { SEAL_DIMENSIONS_PX, SealTemplate, type SealView } from './templates/seal.js';

/** Seals are small and shown on retina screens: the PNG carries two device pixels per CSS pixel. */
export const SEAL_PNG_SCALE = 2;

export type RenderSeal = (view: SealView, format: 'svg' | 'png') => Promise<Buffer>;

export function createSealRenderer(fonts: readonly BadgeFont[]): RenderSeal {
  return async (view, format) => {
    const { width, height } = SEAL_DIMENSIONS_PX[view.size];
    const raw = await satori(SealTemplate({ view }), { width, height, fonts: fonts as BadgeFont[] });
    const svg = addAccessibleName(compactSvg(raw), view.title);
    return format === 'svg' ? Buffer.from(svg, 'utf8') : renderPng(svg, SEAL_PNG_SCALE);
  };
}
