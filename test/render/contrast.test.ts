// WCAG AA for every text/background pair of every style × theme × tone, and for label colours users
// pick; then checks that the contrast model (fill under the gloss) is what Resvg actually paints.

import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, STYLES } from '../../src/domain/badge-options.js';
import { specForEntity, specForState, type BadgeSpec } from '../../src/domain/badge-spec.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { AA_MIN_RATIO, contrastRatio, worstContrast } from '../../src/domain/contrast.js';
import { NAMED_COLORS, TEXT_LIGHT, THEME_SURFACES, THEMES, TONES } from '../../src/domain/palette.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { backgroundsUnderText, paintBadge } from '../../src/render/paint.js';
import { LINE_HEIGHT_EM, STYLE_TOKENS } from '../../src/render/tokens.js';
import { makeEntity, testFonts } from '../helpers/test-app.js';
import { decodePng, pixelAt } from './png-inspect.js';

const base = (overrides: Partial<BadgeSpec>): BadgeSpec => ({ ...specForState('unknown', defaultBadgeOptions('svg')), ...overrides });

/** The lowest text/background contrast of each part, over every colour its text sits on. */
function partContrasts(spec: BadgeSpec): { label: number; message: number } {
  const tokens = STYLE_TOKENS[spec.style];
  const paint = paintBadge(spec);
  return {
    label: worstContrast(paint.label.text, backgroundsUnderText(paint.label.fill, tokens, tokens.label)),
    message: worstContrast(paint.message.text, backgroundsUnderText(paint.message.fill, tokens, tokens.message)),
  };
}

const hex = (n: number) => n.toString(16).padStart(2, '0');
/** Label colours users may pick: every named colour, every grey, and a 6×6×6 cube of the rest. */
const USER_LABEL_COLORS = [
  ...Object.values(NAMED_COLORS),
  ...Array.from({ length: 256 }, (_, v) => `#${hex(v).repeat(3)}`),
  ...[0, 51, 102, 153, 204, 255].flatMap((r) => [0, 51, 102, 153, 204, 255].flatMap((g) => [0, 51, 102, 153, 204, 255].map((b) => `#${hex(r)}${hex(g)}${hex(b)}`))),
];

describe('WCAG AA contrast on every variant', () => {
  const variants = STYLES.flatMap((style) => THEMES.flatMap((theme) => TONES.map((tone) => ({ style, theme, tone }))));

  it.each(variants)('$style / $theme / $tone: label and message text ≥ 4.5:1', ({ style, theme, tone }) => {
    const { label, message } = partContrasts(base({ style, theme, tone }));
    expect(label).toBeGreaterThanOrEqual(AA_MIN_RATIO);
    expect(message).toBeGreaterThanOrEqual(AA_MIN_RATIO);
  });

  it.each(STYLES.flatMap((style) => THEMES.map((theme) => ({ style, theme }))))(
    '$style / $theme: any label colour a user picks still gets readable text',
    ({ style, theme }) => {
      const failing = USER_LABEL_COLORS.filter((labelColor) => partContrasts(base({ style, theme, labelColor })).label < AA_MIN_RATIO);
      expect(failing).toEqual([]);
    },
  );

  it("would catch shields' own palette: white on its brightgreen fails, so we draw dark text there", () => {
    expect(contrastRatio(TEXT_LIGHT, NAMED_COLORS.brightgreen!)).toBeLessThan(AA_MIN_RATIO);
    expect(paintBadge(base({ labelColor: NAMED_COLORS.brightgreen! })).label.text).not.toBe(TEXT_LIGHT);
  });

  it('shares one frozen paint per style, theme, tone and label colour, whatever the text', () => {
    const spec = base({ style: 'plastic', labelColor: '#336699' });
    const paint = paintBadge(spec);
    expect(paintBadge({ ...spec, label: 'another label', message: 'A · 99', title: 'x' })).toBe(paint);
    expect([paint, paint.label, paint.message].every((part) => Object.isFrozen(part))).toBe(true);
    for (const other of [{ labelColor: '#336698' }, { labelColor: null }, { theme: 'dark' as const }, { style: 'flat' as const }, { tone: 'A' as const }]) {
      expect(paintBadge({ ...spec, ...other })).not.toBe(paint);
    }
  });

  it('paints a trend as the rest of the message: the same paint, so the same contrast', () => {
    const rated = makeEntity({ score: 64 });
    for (const style of STYLES) {
      for (const theme of THEMES) {
        const o = { ...defaultBadgeOptions('svg'), style, theme };
        const plain = specForEntity(rated, o, DEFAULT_GRADE_SCALE);
        for (const change of [7, -7, 0]) {
          const trend = specForEntity(rated, { ...o, trend: '90d' }, DEFAULT_GRADE_SCALE, change);
          expect(trend.message).not.toBe(plain.message);
          expect(trend.tone).toBe(plain.tone);
          expect(paintBadge(trend)).toBe(paintBadge(plain));
        }
      }
    }
  });

  it('keeps the dark theme rim and social borders visible on their page (WCAG 1.4.11, ≥ 3:1)', () => {
    const { page, outline, button } = THEME_SURFACES.dark;
    expect(contrastRatio(outline!, page)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(button.border, page)).toBeGreaterThanOrEqual(3);
  });
});

describe('the contrast model matches the pixels', () => {
  const render = createBadgeRenderer(testFonts());

  // The text colours are chosen from backgroundsUnderText: it must describe what Resvg paints.
  it.each(STYLES)('%s: the fill under the text, read from the PNG, is what the model computed', async (style) => {
    const tokens = STYLE_TOKENS[style];
    const spec = base({ style, format: 'png', scale: 1, labelColor: '#336699' });
    const png = decodePng(await render(spec));
    const modelled = backgroundsUnderText(paintBadge(spec).label.fill, tokens, tokens.label);
    const lineTopPx = (tokens.heightPx - tokens.fontSizePx * LINE_HEIGHT_EM) / 2;
    // Column 2: inside the label's left padding, past any rounded corner or border.
    for (let y = Math.ceil(lineTopPx); y < lineTopPx + tokens.fontSizePx * LINE_HEIGHT_EM - 1; y++) {
      const model = modelled[Math.min(modelled.length - 1, Math.round((y + 0.5 - lineTopPx) * 2))]!;
      const { r, g, b } = pixelAt(png, 2, y);
      const channels = [1, 3, 5].map((i) => parseInt(model.slice(i, i + 2), 16));
      expect(Math.max(Math.abs(r - channels[0]!), Math.abs(g - channels[1]!), Math.abs(b - channels[2]!)), `row ${y}`).toBeLessThanOrEqual(3);
    }
  });
});
