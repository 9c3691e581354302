// The one render path for both formats: spec → Satori SVG → (for PNG) Resvg.
// Pure in its output: the same spec and fonts give the same bytes.

import type { BadgeSpec } from '../domain/badge-spec.js';
import type { BadgeFont } from './fonts.js';
import { renderPng } from './png.js';
import { renderSvg } from './svg.js';

export type RenderBadge = (spec: BadgeSpec) => Promise<Buffer>;

export function createBadgeRenderer(fonts: readonly BadgeFont[]): RenderBadge {
  return async (spec) => {
    const svg = await renderSvg(spec, fonts);
    return spec.format === 'png' ? renderPng(svg, spec.scale) : Buffer.from(svg, 'utf8');
  };
}
