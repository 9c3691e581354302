// Long labels in every style: the PNG shows each text run a padding in from its part's edges,
// so nothing clips at the right edge and widths come from the real font layout.

import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, MAX_LABEL_CHARS, STYLES, type Style } from '../../src/domain/badge-options.js';
import { specForInvalid, specForState, type BadgeSpec } from '../../src/domain/badge-spec.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { paintBadge } from '../../src/render/paint.js';
import { LINE_HEIGHT_EM, STYLE_TOKENS } from '../../src/render/tokens.js';
import { testFonts } from '../helpers/test-app.js';
import { decodePng, inkColumns, partBoundary, transparentGap, type Span } from './png-inspect.js';

const render = createBadgeRenderer(testFonts());
const SCALE = 2;

/** Wide letters, a wide capital, Greek and Cyrillic: the longest labels the contract allows. */
const LONG_LABELS = [
  'W'.repeat(MAX_LABEL_CHARS),
  'mmmm wwww MMMM WWWW @@@@ %%%% ЖЖЖЖ ШШШШ',
  'Ωμέγα Привет Ærøskøbing ﬃ Zażółć gęślą',
];

interface Measured {
  /** Each part's columns, and the columns its text ink covers (at SCALE). */
  parts: { span: Span; ink: Span | null }[];
  width: number;
}

async function measure(spec: BadgeSpec): Promise<Measured> {
  const png = decodePng(await render({ ...spec, format: 'png', scale: SCALE }));
  const tokens = STYLE_TOKENS[spec.style];
  const paint = paintBadge(spec);
  let spans: Span[];
  if (tokens.layout === 'social') {
    const gap = transparentGap(png, SCALE);
    if (gap === null) throw new Error('social badge without a gutter');
    spans = [{ start: 0, end: gap.start }, { start: gap.end, end: png.width }];
  } else {
    const boundary = partBoundary(png, SCALE, (tokens.radiusPx + 1) * SCALE);
    spans = [{ start: 0, end: boundary }, { start: boundary, end: png.width }];
  }
  // The line box Satori centres the text in: glyphs live there, plastic's bright top edge does not.
  const lineHeightPx = tokens.fontSizePx * LINE_HEIGHT_EM;
  const topPx = (tokens.heightPx - lineHeightPx) / 2;
  const rows = { start: Math.floor(topPx * SCALE), end: Math.ceil((topPx + lineHeightPx) * SCALE) };
  const parts = spans.map((span, i) => ({ span, ink: inkColumns(png, span, rows, i === 0 ? paint.label.text : paint.message.text) }));
  return { parts, width: png.width };
}

/** Text starts and ends about one padding in from its part's edges: never clipped, never lost in space. */
function expectPadded(part: Measured['parts'][number], paddingPx: number, trailingPx: number): void {
  expect(part.ink).not.toBeNull();
  const left = part.ink!.start - part.span.start;
  const right = part.span.end - part.ink!.end;
  expect(left).toBeGreaterThanOrEqual(paddingPx * SCALE);
  expect(right).toBeGreaterThanOrEqual(paddingPx * SCALE);
  expect(left).toBeLessThanOrEqual((paddingPx + 2) * SCALE);
  expect(right).toBeLessThanOrEqual((paddingPx + trailingPx + 2) * SCALE);
}

const cases = STYLES.flatMap((style) => LONG_LABELS.map((label) => ({ style, label })));

describe('text never clips or overflows', () => {
  it.each(cases)('$style with label $label', async ({ style, label }) => {
    const tokens = STYLE_TOKENS[style];
    const spec = specForState('unavailable', { ...defaultBadgeOptions('png'), style, label });
    const { parts, width } = await measure(spec);
    const [labelPart, messagePart] = parts as [Measured['parts'][number], Measured['parts'][number]];
    // Satori leaves letter spacing after the last letter too, as shields counts it; social parts have a border.
    const border = tokens.layout === 'social' ? 1 : 0;
    expectPadded(labelPart, tokens.label.paddingXPx + border, tokens.letterSpacingPx);
    expectPadded(messagePart, tokens.message.paddingXPx + border, tokens.letterSpacingPx);
    expect(messagePart.span.end).toBe(width);
  });

  it.each(STYLES)('%s: the longest error message fits, in the dark theme too', async (style: Style) => {
    const spec = specForInvalid('labelColor', { ...defaultBadgeOptions('png'), style, theme: 'dark', metric: 'transparency' });
    const { parts } = await measure(spec);
    const tokens = STYLE_TOKENS[style];
    expectPadded(parts[1]!, tokens.message.paddingXPx + (tokens.layout === 'social' ? 1 : 0), tokens.letterSpacingPx);
  });
});
