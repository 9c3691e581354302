// WCAG 2 relative luminance and contrast ratio for #rrggbb colours, and alpha blending.
// Pure arithmetic; used to choose readable text on any background a badge may get.

/** WCAG 2 AA for normal-size text; badge text (10–11 px) is never "large". */
export const AA_MIN_RATIO = 4.5;

export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The lowest contrast of `text` against any of the backgrounds it sits on. */
export function worstContrast(text: string, backgrounds: readonly string[]): number {
  return Math.min(...backgrounds.map((background) => contrastRatio(text, background)));
}

/** Of the candidate text colours, the one that reads best on `background`. */
export function pickTextColor(background: string, candidates: readonly string[]): string {
  let best = candidates[0]!;
  for (const c of candidates) if (contrastRatio(c, background) > contrastRatio(best, background)) best = c;
  return best;
}

/**
 * The first candidate that reaches AA on every background (so the preferred colour wins when it
 * reads), else the one whose worst contrast is highest.
 */
export function chooseTextColor(backgrounds: readonly string[], candidates: readonly string[]): string {
  const passing = candidates.find((c) => worstContrast(c, backgrounds) >= AA_MIN_RATIO);
  if (passing !== undefined) return passing;
  let best = candidates[0]!;
  for (const c of candidates) if (worstContrast(c, backgrounds) > worstContrast(best, backgrounds)) best = c;
  return best;
}

/** `color` at `alpha` (0–1) painted over an opaque `base`, in sRGB as SVG renderers blend. */
export function blend(base: string, color: string, alpha: number): string {
  const under = channels(base);
  const over = channels(color);
  return `#${under.map((u, i) => Math.round(over[i]! * alpha + u * (1 - alpha)).toString(16).padStart(2, '0')).join('')}`;
}

function channels(hex: string): number[] {
  return [0, 1, 2].map((i) => parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16));
}
