// Draws a share card: CardView → Satori SVG (shipped fonts, text as paths) → Resvg PNG at 1×.
// Pure in its output: the same view and fonts give the same bytes; it reads nothing else.

import satori from 'satori';
import { compactSvg } from './compact-svg.js';
import type { BadgeFont } from './fonts.js';
import { renderPng } from './png.js';
import { addAccessibleName } from './svg.js';
import { CARD_HEIGHT_PX, CARD_WIDTH_PX, CardTemplate, type CardView } from './templates/card.js';

export type RenderCard = (view: CardView) => Promise<Buffer>;

export function createCardRenderer(fonts: readonly BadgeFont[]): RenderCard {
  return async (view) => {
    const svg = await satori(CardTemplate({ view }), { width: CARD_WIDTH_PX, height: CARD_HEIGHT_PX, fonts: fonts as BadgeFont[] });
    return renderPng(addAccessibleName(compactSvg(svg), view.title), 1);
  };
}
