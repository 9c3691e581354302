// The vendor seal in every kind × size × theme: well-formed accessible SVG, 2× PNG, AA contrast of every
// text, no grade on a grey seal, ellipsis, repeatability, and goldens in golden-seal/ (rewritten only with GOLDEN_UPDATE=1).

import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { canDraw } from '../../src/domain/badge-options.js';
import { AA_MIN_RATIO, contrastRatio } from '../../src/domain/contrast.js';
import { GRADES } from '../../src/domain/grade.js';
import { GRADE_COLORS, THEMES, type Theme } from '../../src/domain/palette.js';
import { readGlyphCoverage } from '../../src/render/font-coverage.js';
import { loadFonts } from '../../src/render/fonts.js';
import { createSealRenderer } from '../../src/render/render-seal.js';
import { SEAL_DIMENSIONS_PX, SEAL_PAINTS, SEAL_SIZES, SealTemplate, type SealSize, type SealView } from '../../src/render/templates/seal.js';
import { parseSvg } from '../helpers/svg.js';
import { COLOR_THRESHOLD, describeGoldens } from './golden-pictures.js';
import { decodePng, hexAt } from './png-inspect.js';

const GOLDEN_DIR = join(import.meta.dirname, 'golden-seal');

// The font files themselves, not the app's helpers: the renderer's only input besides the view.
const fonts = loadFonts(join(import.meta.dirname, '../../fonts'));
const render = createSealRenderer(fonts);

type ValidView = Extract<SealView, { kind: 'valid' }>;
const validView = (size: SealSize, theme: Theme, grade: keyof typeof GRADE_COLORS = 'B'): ValidView =>
  Object.freeze({
    kind: 'valid', title: 'OpenRouter & Co: grade B, 74.0/100, verified by trustbadge for vendor.example', size, theme,
    serviceName: 'trustbadge', name: 'OpenRouter & Co', grade, gradeColor: GRADE_COLORS[grade], score: '74.0',
    domain: 'vendor.example', date: '2026-11-24',
  });
const greyView = (size: SealSize, theme: Theme, name: string | null = 'OpenRouter'): SealView =>
  Object.freeze({
    kind: 'grey', title: 'trustbadge seal: not valid here <vendor.example>', size, theme, serviceName: 'trustbadge', name,
    headline: name === null ? 'unknown seal' : 'not valid here', detail: 'valid only on vendor.example', date: '2026-11-24',
  });

const variants = SEAL_SIZES.flatMap((size) => THEMES.map((theme) => ({ size, theme })));
const matrix = (['valid', 'grey'] as const).flatMap((kind) =>
  variants.map(({ size, theme }) => ({ kind, size, theme, view: kind === 'valid' ? validView(size, theme) : greyView(size, theme) })),
);

const GOLDENS: Record<string, SealView> = {
  'valid-large-light.png': validView('large', 'light'),
  'grey-small-dark.png': greyView('small', 'dark'),
};

/** One text of the template with the colour it is drawn in and the nearest background under it. */
interface TextRun {
  text: string;
  color: string;
  background: string;
}

/** The template's element tree with function components called, as Satori lays it out. */
function expand(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(expand);
  if (node === null || typeof node !== 'object') return node;
  const element = node as { type: unknown; props: Record<string, unknown> };
  if (typeof element.type === 'function') return expand(element.type(element.props));
  return { ...element, props: { ...element.props, children: expand(element.props.children) } };
}

function textRuns(node: unknown, color = '', background = ''): TextRun[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (typeof node === 'string' || typeof node === 'number') return [{ text: String(node), color, background }];
  if (Array.isArray(node)) return node.flatMap((child) => textRuns(child, color, background));
  const { style = {}, children } = (node as { props: { style?: Record<string, string>; children?: unknown } }).props;
  return textRuns(children, style.color ?? color, style.backgroundColor ?? background);
}

const runsOf = (view: SealView) => textRuns(expand(SealTemplate({ view })));

/** Whether a `side`×`side` block of exactly `hex` pixels is painted anywhere: a filled shape, not glyph strokes. */
function hasSolidBlock(png: PNG, hex: string, side: number): boolean {
  const heights = new Array<number>(png.width).fill(0);
  for (let y = 0; y < png.height; y++) {
    let run = 0;
    for (let x = 0; x < png.width; x++) {
      heights[x] = hexAt(png, x, y) === hex && png.data[(y * png.width + x) * 4 + 3] === 255 ? heights[x]! + 1 : 0;
      run = heights[x]! >= side ? run + 1 : 0;
      if (run >= side) return true;
    }
  }
  return false;
}

describe('vendor seal', () => {
  if (describeGoldens('seal', GOLDEN_DIR, GOLDENS, (view: SealView) => render(view, 'png'))) return;

  it.each(matrix)('$kind / $size / $theme: SVG with its title and size, PNG at 2×', async ({ size, view }) => {
    const { width, height } = SEAL_DIMENSIONS_PX[size];
    const svg = parseSvg((await render(view, 'svg')).toString('utf8'));
    expect(svg.title).toBe(view.title);
    expect(svg.attributes['aria-label']).toBe(view.title);
    expect(svg.attributes.role).toBe('img');
    expect([svg.width, svg.height]).toEqual([width, height]);
    const png = decodePng(await render(view, 'png'));
    expect([png.width, png.height]).toEqual([width * 2, height * 2]);
  });

  it.each(matrix)('$kind / $size / $theme: the same view gives the same bytes', async ({ view }) => {
    for (const format of ['svg', 'png'] as const) {
      const [a, b] = await Promise.all([render(view, format), render(view, format)]);
      expect(a.equals(b), format).toBe(true);
    }
  });

  it.each(variants)(
    '$size / $theme: every text reaches AA on what it sits on, for every grade and grey seal',
    ({ size, theme }) => {
      const views = [...GRADES.map((grade) => validView(size, theme, grade)), greyView(size, theme), greyView(size, theme, null)];
      for (const view of views) {
        const runs = runsOf(view);
        expect(runs.length).toBeGreaterThan(3);
        for (const run of runs) {
          expect(contrastRatio(run.color, run.background), `${view.kind} ${JSON.stringify(run)}`).toBeGreaterThanOrEqual(AA_MIN_RATIO);
        }
      }
    },
  );

  it('draws the grade in its colour on light, and on a chip of its colour on dark where it would not read', () => {
    for (const grade of GRADES) {
      const letterOn = (theme: Theme) => runsOf(validView('large', theme, grade)).find((run) => run.text === grade)!;
      expect(letterOn('light')).toEqual({ text: grade, color: GRADE_COLORS[grade], background: SEAL_PAINTS.light.surface });
      expect(contrastRatio(GRADE_COLORS[grade], SEAL_PAINTS.dark.surface)).toBeLessThan(AA_MIN_RATIO);
      expect(letterOn('dark').background).toBe(GRADE_COLORS[grade]);
    }
  });

  it.each(SEAL_SIZES)('%s: Resvg paints the dark chip under the letter, and no chip on light', async (size) => {
    const solid = async (theme: Theme) => hasSolidBlock(decodePng(await render(validView(size, theme, 'A'), 'png')), GRADE_COLORS.A, 20);
    expect(await solid('dark')).toBe(true);
    expect(await solid('light')).toBe(false);
  });

  it.each(matrix.filter((m) => m.kind === 'grey'))('grey / $size / $theme: no grade colour, letter or score anywhere', async ({ size, theme, view }) => {
    const tree = JSON.stringify(expand(SealTemplate({ view }))).toLowerCase();
    const svg = (await render(view, 'svg')).toString('utf8').toLowerCase();
    const valid = (await render(validView(size, theme), 'svg')).toString('utf8').toLowerCase();
    expect(valid).toContain(GRADE_COLORS.B); // the check below can see a grade colour in Satori's output
    for (const color of Object.values(GRADE_COLORS)) {
      expect(tree).not.toContain(color);
      expect(svg).not.toContain(color);
    }
    for (const { text } of runsOf(view)) {
      expect(text).not.toMatch(/^\s*[A-F]\s*$/);
      expect(text).not.toMatch(/\d+\.\d\b/);
    }
  });

  it('shows the name on a grey seal when known, only the date when not', () => {
    expect(runsOf(greyView('small', 'light')).map((r) => r.text)).toContain('OpenRouter');
    const unknown = runsOf(greyView('small', 'light', null)).map((r) => r.text.trim());
    expect(unknown).toContain('2026-11-24');
    expect(unknown.some((text) => text.includes('·'))).toBe(false);
  });

  it('draws every character its texts use with the shipped fonts', () => {
    const glyphs = readGlyphCoverage(fonts);
    for (const { view } of matrix) for (const { text } of runsOf(view)) expect(canDraw(text, glyphs), text).toBe(true);
    expect(canDraw('…', glyphs)).toBe(true); // Satori's ellipsis
  });

  describe.each(variants)('a long name and domain, $size / $theme', ({ size, theme }) => {
    const long = (tail: string, date = '2026-11-24'): SealView => ({
      ...validView(size, theme),
      name: `haotian-liu/LLaVA-${'very-long-'.repeat(20)}${tail}`,
      domain: `*.${'sub-domain.'.repeat(20)}vendor.example`,
      date,
    });

    it('ends in an ellipsis: what overflows is not drawn, and nothing reaches the right padding', async () => {
      const a = await render(long('one'), 'png');
      expect(a.equals(await render(long('two'), 'png'))).toBe(true);
      const png = decodePng(a);
      const { surface } = SEAL_PAINTS[theme];
      // The 4 CSS px inside the right border, on every row clear of the rounded corners (2× pixels).
      for (let x = png.width - 10; x < png.width - 2; x++) for (let y = 16; y < png.height - 16; y++) expect(hexAt(png, x, y), `${x},${y}`).toBe(surface);
    });

    it('keeps the date whole when the domain gives way', async () => {
      const [a, b] = await Promise.all([render(long('x'), 'png'), render(long('x', '2026-11-25'), 'png')]);
      const [pa, pb] = [decodePng(a), decodePng(b)];
      expect(pixelmatch(pa.data, pb.data, undefined, pa.width, pa.height, { threshold: COLOR_THRESHOLD })).toBeGreaterThan(10);
    });
  });
});
