// What the badge does with a label colour, for the builder to say before anyone pastes it: the
// fill it paints (deepened where white text needs it), the text colour it picks, and the contrast.

import type { BadgeOptions } from '../../domain/badge-options.js';
import { specForState } from '../../domain/badge-spec.js';
import { AA_MIN_RATIO, worstContrast } from '../../domain/contrast.js';
import { backgroundsUnderText, paintBadge } from '../../render/paint.js';
import { STYLE_TOKENS } from '../../render/tokens.js';

export interface LabelContrast {
  /** The colour asked for (#rrggbb), or null for the style and theme's own. */
  asked: string | null;
  /** The label's background as drawn. */
  fill: string;
  text: string;
  /** The lowest contrast of the text against its fill, gloss included (what the renderer holds to AA). */
  ratio: number;
  /** At least AA_MIN_RATIO: always, by the renderer's rule; said so the page need not take it on trust. */
  meetsAa: boolean;
}

export function labelContrast(options: BadgeOptions): LabelContrast {
  // The label's paint depends on style, theme and label colour alone: a state spec has all three.
  const paint = paintBadge(specForState('unknown', options)).label;
  const tokens = STYLE_TOKENS[options.style];
  const ratio = worstContrast(paint.text, backgroundsUnderText(paint.fill, tokens, tokens.label));
  return { asked: options.labelColor, fill: paint.fill, text: paint.text, ratio, meetsAa: ratio >= AA_MIN_RATIO };
}
