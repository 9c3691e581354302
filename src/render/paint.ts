// Turns a spec's tone, theme and label colour into the concrete colours its style paints.
// Text colours are chosen against the fill as the gloss leaves it under the text, never the bare fill.

import { LRUCache } from 'lru-cache';
import type { BadgeSpec } from '../domain/badge-spec.js';
import { AA_MIN_RATIO, blend, chooseTextColor, relativeLuminance, worstContrast } from '../domain/contrast.js';
import { TEXT_BLACK, TEXT_DARK, TEXT_LIGHT, THEME_SURFACES, TONE_PALETTES } from '../domain/palette.js';
import { LINE_HEIGHT_EM, STYLE_TOKENS, type GlossStop, type StyleTokens, type TextTokens } from './tokens.js';

export interface PartPaint {
  fill: string;
  text: string;
  /** CSS colour of the 1 px text shadow, or null. */
  shadow: string | null;
}

export interface BadgePaint {
  /** social: the button. */
  label: PartPaint;
  /** social: the bubble (its fill is the theme's, its text the tone's ink). */
  message: PartPaint;
  /** two-part: a rim around the whole badge, or null; social: the button and bubble border. */
  border: string | null;
}

/** Near-black first; pure black only rescues mid-tones. */
const DARK_TEXTS = [TEXT_DARK, TEXT_BLACK] as const;

/** Paints worked out; a user's label colour makes the set open-ended, so it is bounded. */
const MAX_REMEMBERED_PAINTS = 1024;
const paints = new LRUCache<string, BadgePaint>({ max: MAX_REMEMBERED_PAINTS });

/**
 * The same four inputs always paint the same, and sampling the gloss for contrast costs ~130 µs
 * (a fifteenth of a render): each distinct paint is worked out once and shared, frozen.
 */
export function paintBadge(spec: BadgeSpec): BadgePaint {
  const key = `${spec.style} ${spec.theme} ${spec.tone} ${spec.labelColor ?? ''}`;
  let paint = paints.get(key);
  if (paint === undefined) {
    paint = freezePaint(computePaint(spec));
    paints.set(key, paint);
  }
  return paint;
}

function freezePaint(paint: BadgePaint): BadgePaint {
  Object.freeze(paint.label);
  Object.freeze(paint.message);
  return Object.freeze(paint);
}

function computePaint(spec: BadgeSpec): BadgePaint {
  const tokens = STYLE_TOKENS[spec.style];
  const surfaces = THEME_SURFACES[spec.theme];
  const tone = TONE_PALETTES[spec.tone];
  if (tokens.layout === 'social') {
    const button = surfaces.button;
    return {
      label: spec.labelColor === null ? part(tokens, button.fill, button.text) : readablePart(spec.labelColor, tokens, tokens.label),
      message: part(tokens, surfaces.bubble.fill, tone[surfaces.ink]),
      border: button.border,
    };
  }
  return {
    label: readablePart(spec.labelColor ?? surfaces.labelFill, tokens, tokens.label),
    message: readablePart(tone.fill, tokens, tokens.message),
    border: surfaces.outline,
  };
}

/** Fills deepen towards black in 2 % steps; up to 6 steps (12 %) keep white text before dark text wins. */
const DEEPENING_STEP = 0.02;
const QUIET_DEEPENING_STEPS = 6;

/**
 * The fill with the text colour that reads on it all the way down the gloss. White wins where it
 * passes, also after deepening the fill a little (shields' own blue, #007ec6, needs 4 %); then
 * dark text; and where nothing passes (a few mid-tones under plastic), the fill is deepened until
 * white does. A user's colour bends a little; contrast never does.
 */
function readablePart(fill: string, tokens: StyleTokens, textTokens: TextTokens): PartPaint {
  const deepened = (steps: number) => blend(fill, '#000000', steps * DEEPENING_STEP);
  const whiteReadsOn = (candidate: string) => worstContrast(TEXT_LIGHT, backgroundsUnderText(candidate, tokens, textTokens)) >= AA_MIN_RATIO;
  for (let steps = 0; steps <= QUIET_DEEPENING_STEPS; steps++) {
    if (whiteReadsOn(deepened(steps))) return part(tokens, deepened(steps), TEXT_LIGHT);
  }
  const backgrounds = backgroundsUnderText(fill, tokens, textTokens);
  const dark = chooseTextColor(backgrounds, DARK_TEXTS);
  if (worstContrast(dark, backgrounds) >= AA_MIN_RATIO) return part(tokens, fill, dark);
  for (let steps = QUIET_DEEPENING_STEPS + 1; steps * DEEPENING_STEP < 1; steps++) {
    if (whiteReadsOn(deepened(steps))) return part(tokens, deepened(steps), TEXT_LIGHT);
  }
  return part(tokens, '#000000', TEXT_LIGHT);
}

function part(tokens: StyleTokens, fill: string, text: string): PartPaint {
  const light = relativeLuminance(text) > relativeLuminance(fill);
  const shadow = tokens.shadow === null ? null : light ? tokens.shadow.underLightText : tokens.shadow.underDarkText;
  return { fill, text, shadow };
}

/**
 * The colours a part's text can sit on: its fill under the gloss, sampled every half pixel down
 * the line box that Satori centres in the part.
 */
export function backgroundsUnderText(fill: string, tokens: StyleTokens, textTokens: TextTokens): string[] {
  if (tokens.gloss === null || !textTokens.glossed) return [fill];
  const lineHeightPx = tokens.fontSizePx * LINE_HEIGHT_EM;
  const topPx = (tokens.heightPx - lineHeightPx) / 2;
  const samples: string[] = [];
  for (let y = topPx; y <= topPx + lineHeightPx; y += 0.5) {
    const { color, alpha } = glossAt(tokens.gloss, y / tokens.heightPx);
    samples.push(blend(fill, color, alpha));
  }
  return samples;
}

/** The gloss at `t` (0 top, 1 bottom), interpolated between its stops. */
function glossAt(gloss: readonly GlossStop[], t: number): { color: string; alpha: number } {
  const after = gloss.findIndex((stop) => stop.offset >= t);
  if (after <= 0) return after === 0 ? gloss[0]! : gloss.at(-1)!;
  const a = gloss[after - 1]!;
  const b = gloss[after]!;
  const k = (t - a.offset) / (b.offset - a.offset);
  // Premultiplied, as resvg interpolates: a stop at alpha 0 lends no colour.
  const alpha = a.alpha + (b.alpha - a.alpha) * k;
  const weight = alpha === 0 ? 0 : (b.alpha * k) / alpha;
  return { color: blend(a.color, b.color, weight), alpha };
}
