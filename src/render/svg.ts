// Lays a badge out with Satori (text as paths, shipped fonts only) and makes it accessible.
// Every string that reaches markup outside Satori's own output goes through escapeMarkup (src/domain/markup.ts).

import { escapeMarkup } from '../domain/markup.js';
import satori from 'satori';
import type { BadgeSpec } from '../domain/badge-spec.js';
import { BadgeTemplate } from './badge-template.js';
import { compactSvg } from './compact-svg.js';
import type { BadgeFont } from './fonts.js';
import { STYLE_TOKENS } from './tokens.js';

export async function renderSvg(spec: BadgeSpec, fonts: readonly BadgeFont[]): Promise<string> {
  const svg = await satori(BadgeTemplate({ spec }), {
    height: STYLE_TOKENS[spec.style].heightPx,
    fonts: fonts as BadgeFont[],
  });
  return addAccessibleName(compactSvg(svg), spec.title);
}

/** Satori adds no title or role: give the root `role="img"`, `aria-label` and a `<title>`. */
export function addAccessibleName(svg: string, title: string): string {
  const text = escapeMarkup(title);
  const open = svg.indexOf('>');
  if (!svg.startsWith('<svg') || open < 0) throw new Error('satori returned something other than an <svg> element');
  return `<svg role="img" aria-label="${text}"${svg.slice(4, open)}><title>${text}</title>${svg.slice(open + 1)}`;
}

