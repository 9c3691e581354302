// Design tokens shared by every badge style: sizes, paddings, radii, gradients, type.
// Heights, paddings and the 11 px text match shields.io's so mixed rows of badges line up.

import type { Style } from '../domain/badge-options.js';

export const FONT_FAMILY = 'DejaVu Sans';

export interface StyleTokens {
  heightPx: number;
  radiusPx: number;
  fontSizePx: number;
  paddingXPx: number;
  letterSpacingPx: number;
  uppercase: boolean;
  messageBold: boolean;
  /** A CSS gradient laid over both halves, or null for a flat fill. */
  gloss: string | null;
  /** Text shadow that lifts light text off the fill (shields' 1 px, 30 % shadow). */
  textShadow: string | null;
}

const SHADOW = '0 1px 0 rgba(1,1,1,0.3)';

export const STYLE_TOKENS: Readonly<Record<Style, StyleTokens>> = Object.freeze({
  flat: {
    heightPx: 20, radiusPx: 3, fontSizePx: 11, paddingXPx: 6, letterSpacingPx: 0,
    uppercase: false, messageBold: false,
    gloss: 'linear-gradient(to bottom, rgba(187,187,187,0.1), rgba(0,0,0,0.1))', textShadow: SHADOW,
  },
  'flat-square': {
    heightPx: 20, radiusPx: 0, fontSizePx: 11, paddingXPx: 6, letterSpacingPx: 0,
    uppercase: false, messageBold: false, gloss: null, textShadow: null,
  },
  plastic: {
    heightPx: 18, radiusPx: 4, fontSizePx: 11, paddingXPx: 6, letterSpacingPx: 0,
    uppercase: false, messageBold: false,
    gloss: 'linear-gradient(to bottom, rgba(255,255,255,0.7) 0%, rgba(170,170,170,0.1) 10%, rgba(0,0,0,0.3) 100%)',
    textShadow: SHADOW,
  },
  'for-the-badge': {
    heightPx: 28, radiusPx: 0, fontSizePx: 10, paddingXPx: 12, letterSpacingPx: 1.25,
    uppercase: true, messageBold: true, gloss: null, textShadow: null,
  },
  social: {
    heightPx: 20, radiusPx: 4, fontSizePx: 11, paddingXPx: 7, letterSpacingPx: 0,
    uppercase: false, messageBold: true,
    gloss: 'linear-gradient(to bottom, rgba(255,255,255,0.15), rgba(0,0,0,0.05))', textShadow: null,
  },
});
