// Design tokens every badge style shares: sizes, paddings, radii, type, glosses and shadows.
// Heights, paddings and text sizes follow shields.io's so mixed rows line up; colours live in domain/palette.ts.

import type { Style } from '../domain/badge-options.js';

export const FONT_FAMILY = 'DejaVu Sans';
/** DejaVu Sans' line box (hhea ascender 1901 + descender 483, per 2048 units): where a text run sits. */
export const LINE_HEIGHT_EM = (1901 + 483) / 2048;

/** One stop of a vertical gloss laid over a part's fill, top (0) to bottom (1). */
export interface GlossStop {
  offset: number;
  color: string;
  alpha: number;
}

export type TextCase = 'as-is' | 'upper' | 'capitalized';

export interface TextTokens {
  bold: boolean;
  textCase: TextCase;
  /** Space between the text and its part's edge, left and right. */
  paddingXPx: number;
  /** Whether this part's fill wears the style's gloss. */
  glossed: boolean;
}

export interface StyleTokens {
  /** `two-part`: label and message side by side; `social`: a button and a speech bubble. */
  layout: 'two-part' | 'social';
  heightPx: number;
  radiusPx: number;
  fontSizePx: number;
  letterSpacingPx: number;
  label: TextTokens;
  message: TextTokens;
  /** Laid over the fill of every part whose text tokens say `glossed`; null for flat colour. */
  gloss: readonly GlossStop[] | null;
  /** A 1 px shadow under text, by whether the text is lighter or darker than its fill; null for none. */
  shadow: { underLightText: string; underDarkText: string } | null;
  /** social: the space between the button and the bubble, which the bubble's notch points across. */
  gutterPx: number;
}

const textRun = (paddingXPx: number, bold = false, textCase: TextCase = 'as-is', glossed = true): TextTokens =>
  ({ bold, textCase, paddingXPx, glossed });

/** shields' 1 px, 30 % shadow: dark under light text, light grey under dark text. */
const SHIELDS_SHADOW = { underLightText: 'rgba(1,1,1,0.3)', underDarkText: 'rgba(204,204,204,0.3)' };

export const STYLE_TOKENS: Readonly<Record<Style, Readonly<StyleTokens>>> = Object.freeze({
  flat: {
    layout: 'two-part', heightPx: 20, radiusPx: 3, fontSizePx: 11, letterSpacingPx: 0,
    label: textRun(5), message: textRun(5),
    gloss: [{ offset: 0, color: '#bbbbbb', alpha: 0.1 }, { offset: 1, color: '#000000', alpha: 0.1 }],
    shadow: SHIELDS_SHADOW, gutterPx: 0,
  },
  'flat-square': {
    layout: 'two-part', heightPx: 20, radiusPx: 0, fontSizePx: 11, letterSpacingPx: 0,
    label: textRun(5), message: textRun(5),
    gloss: null, shadow: null, gutterPx: 0,
  },
  plastic: {
    layout: 'two-part', heightPx: 18, radiusPx: 4, fontSizePx: 11, letterSpacingPx: 0,
    label: textRun(5), message: textRun(5),
    gloss: [
      { offset: 0, color: '#ffffff', alpha: 0.7 },
      { offset: 0.1, color: '#aaaaaa', alpha: 0.1 },
      { offset: 0.9, color: '#000000', alpha: 0.3 },
      { offset: 1, color: '#000000', alpha: 0.5 },
    ],
    shadow: SHIELDS_SHADOW, gutterPx: 0,
  },
  'for-the-badge': {
    layout: 'two-part', heightPx: 28, radiusPx: 0, fontSizePx: 10, letterSpacingPx: 1.25,
    label: textRun(12, false, 'upper'), message: textRun(12, true, 'upper'),
    gloss: null, shadow: null, gutterPx: 0,
  },
  social: {
    layout: 'social', heightPx: 20, radiusPx: 2, fontSizePx: 11, letterSpacingPx: 0,
    label: textRun(5, true, 'capitalized'), message: textRun(4, true, 'as-is', false),
    gloss: [{ offset: 0, color: '#fcfcfc', alpha: 0 }, { offset: 1, color: '#000000', alpha: 0.1 }],
    // shields embosses social text with a white shadow; on a coloured label it doubles the text instead.
    shadow: null, gutterPx: 6,
  },
});

/** The text as the style draws it (for-the-badge in capitals, social's label with a capital). */
export function applyTextCase(text: string, textCase: TextCase): string {
  if (textCase === 'upper') return text.toUpperCase();
  if (textCase === 'capitalized') {
    const [first = '', ...rest] = text;
    return first.toUpperCase() + rest.join('');
  }
  return text;
}

/** The gloss as a CSS background-image for Satori. */
export function glossCss(gloss: readonly GlossStop[]): string {
  const stops = gloss.map(({ offset, color, alpha }) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    return `rgba(${r},${g},${b},${alpha}) ${offset * 100}%`;
  });
  return `linear-gradient(to bottom, ${stops.join(', ')})`;
}
