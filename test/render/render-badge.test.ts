// The render path end to end: SVG grammar and accessibility, sizes per style, colours on the pixels,
// determinism and PNG scale. Reads the output with an XML parser and pngjs, never by substring.

import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, METRICS, STYLES, type BadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, type BadgeSpec } from '../../src/domain/badge-spec.js';
import { DIMENSIONS } from '../../src/domain/entity.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { THEME_SURFACES, THEMES, TONE_PALETTES } from '../../src/domain/palette.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { escapeMarkup } from '../../src/domain/markup.js';
import { addAccessibleName } from '../../src/render/svg.js';
import { STYLE_TOKENS } from '../../src/render/tokens.js';
import { makeEntity, testFonts } from '../helpers/test-app.js';
import { parseSvg } from '../helpers/svg.js';
import { decodePng, hexAt } from './png-inspect.js';

const render = createBadgeRenderer(testFonts());
const options = (overrides: Partial<BadgeOptions> = {}): BadgeOptions => ({ ...defaultBadgeOptions('svg'), ...overrides });
const spec = (overrides: Partial<BadgeOptions> = {}, score = 74) =>
  specForEntity(makeEntity({ score }), options(overrides), DEFAULT_GRADE_SCALE);
const svgOf = async (s: BadgeSpec) => parseSvg((await render(s)).toString('utf8'));
const pngOf = async (s: BadgeSpec, scale = 1) => decodePng(await render({ ...s, format: 'png', scale }));
const VARIANTS = STYLES.flatMap((style) => THEMES.map((theme) => ({ style, theme })));

describe('SVG badges', () => {
  it.each(VARIANTS)('$style/$theme is well-formed, accessible and as high as its style', async ({ style, theme }) => {
    const svg = await svgOf(spec({ style, theme }));
    expect(svg.attributes.role).toBe('img');
    expect(svg.attributes['aria-label']).toBe('trust: B · 74/100');
    expect(svg.title).toBe('trust: B · 74/100');
    expect(svg.height).toBe(STYLE_TOKENS[style].heightPx);
    expect(svg.width).toBeGreaterThan(40);
  });

  it.each(STYLES)('%s escapes hostile label text in the title and aria-label', async (style) => {
    const body = (await render(spec({ style, label: '<script>alert("x")</script> & co' }))).toString('utf8');
    const svg = parseSvg(body);
    // The parser decodes entities: reading back the original text proves it was escaped, not cut.
    expect(svg.attributes['aria-label']).toBe('<script>alert("x")</script> & co: B · 74/100');
    expect(svg.title).toBe('<script>alert("x")</script> & co: B · 74/100');
    expect(body).toContain('aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co: B · 74/100"');
    expect(body).not.toContain('<script');
    expect(body).not.toMatch(/ on\w+=/);
  });

  it.each(STYLES)('%s gives byte-identical SVG and PNG for the same spec, whatever was rendered before', async (style) => {
    const first = [await render(spec({ style })), await render({ ...spec({ style }), format: 'png', scale: 2 })];
    await render(spec({ style: 'social', label: 'something else', theme: 'dark' }));
    const again = [await render(spec({ style })), await render({ ...spec({ style }), format: 'png', scale: 2 })];
    expect(again[0]!.equals(first[0]!)).toBe(true);
    expect(again[1]!.equals(first[1]!)).toBe(true);
  });

  it('keeps every flat badge the service draws with its own labels (and a trend) within 8 KB', async () => {
    const rated = makeEntity({ score: 74, dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, 55])) });
    let largest = 0;
    for (const theme of THEMES) {
      for (const metric of METRICS) {
        const o = options({ theme, metric });
        for (const s of [
          specForEntity(rated, o, DEFAULT_GRADE_SCALE),
          specForEntity(rated, { ...o, trend: '365d' }, DEFAULT_GRADE_SCALE, -55),
          specForEntity(makeEntity(), o, DEFAULT_GRADE_SCALE),
          specForState('ambiguous', o),
          specForState('unavailable', o),
          specForInvalid('labelColor', o),
        ]) {
          largest = Math.max(largest, (await render(s)).length);
        }
      }
    }
    expect(largest).toBeLessThanOrEqual(8 * 1024);
  });

  it.each(STYLES)('%s draws a trend as part of the message, named in words', async (style) => {
    const plain = await svgOf(spec({ style }));
    const trend = await svgOf(specForEntity(makeEntity({ score: 74 }), options({ style, trend: '30d' }), DEFAULT_GRADE_SCALE, 3));
    expect(trend.width).toBeGreaterThan(plain.width + 10);
    expect(trend.height).toBe(plain.height);
    expect(trend.title).toBe('trust: B · 74/100, up 3 points in 30 days');
    expect(trend.attributes['aria-label']).toBe(trend.title);
  });

  it.each(STYLES)('%s draws the message alone when the label is empty', async (style) => {
    const withLabel = await svgOf(spec({ style }));
    const alone = await svgOf(spec({ style, label: '' }));
    expect(alone.width).toBeLessThan(withLabel.width - 20);
    expect(alone.height).toBe(withLabel.height);
    expect(alone.title).toBe('trust: B · 74/100');
  });

  it('says unknown, ambiguous, unavailable, busy, not rated and what is invalid, in every style', async () => {
    for (const style of STYLES) {
      expect((await svgOf(specForState('unknown', options({ style })))).title).toBe('trust: unknown');
      expect((await svgOf(specForState('ambiguous', options({ style })))).title).toBe('trust: ambiguous');
      expect((await svgOf(specForState('unavailable', options({ style })))).title).toBe('trust: unavailable');
      expect((await svgOf(specForState('busy', options({ style })))).title).toBe('trust: busy');
      expect((await svgOf(specForInvalid('style', options({ style })))).title).toBe('trust: invalid style');
      expect((await svgOf(spec({ style, metric: 'privacy' })))).toMatchObject({ title: 'privacy: not rated' });
    }
  });
});

describe('colours on the pixels', () => {
  // flat-square has no gloss and no outline in the light theme: its fills are exact.
  const fills = async (s: BadgeSpec) => {
    const png = await pngOf(s);
    return { label: hexAt(png, 1, 1), message: hexAt(png, png.width - 2, 1), edge: hexAt(png, 0, 10), png };
  };

  it('paints a dimension in its own grade colour, and a missing one grey', async () => {
    const entity = makeEntity({ score: 92, dimensions: { security: 45, privacy: 75 } });
    const of = (metric: BadgeOptions['metric']) => specForEntity(entity, options({ style: 'flat-square', metric }), DEFAULT_GRADE_SCALE);
    expect((await fills(of('trust'))).message).toBe(TONE_PALETTES.A.fill);
    expect((await fills(of('security'))).message).toBe(TONE_PALETTES.D.fill);
    expect((await fills(of('privacy'))).message).toBe(TONE_PALETTES.B.fill);
    expect((await fills(of('reliability'))).message).toBe(TONE_PALETTES.neutral.fill);
    expect(of('security')).toMatchObject({ label: 'security', message: 'D · 45', title: 'security: D · 45/100' });
  });

  it('paints invalid requests red and unknown ones grey', async () => {
    expect((await fills(specForInvalid('scale', options({ style: 'flat-square' })))).message).toBe(TONE_PALETTES.invalid.fill);
    expect((await fills(specForState('unknown', options({ style: 'flat-square' })))).message).toBe(TONE_PALETTES.neutral.fill);
  });

  it('gives the dark theme its own label side and a rim that stands off a dark page', async () => {
    const light = await fills(spec({ style: 'flat-square' }));
    const dark = await fills(spec({ style: 'flat-square', theme: 'dark' }));
    expect(light.label).toBe(THEME_SURFACES.light.labelFill);
    expect(light.edge).toBe(THEME_SURFACES.light.labelFill);
    expect(dark.edge).toBe(THEME_SURFACES.dark.outline);
    expect(hexAt(dark.png, 2, 2)).toBe(THEME_SURFACES.dark.labelFill);
    expect(dark.message).toBe(TONE_PALETTES.B.fill);
  });

  it('honours labelColor and turns the label text dark on a light one', async () => {
    const gold = await fills(spec({ style: 'flat-square', labelColor: '#ffd700' }));
    expect(gold.label).toBe('#ffd700');
    const darkest = (png: typeof gold.png) => {
      let min = 255;
      for (let x = 0; x < 20; x++) for (let y = 0; y < png.height; y++) min = Math.min(min, png.data[(y * png.width + x) * 4]!);
      return min;
    };
    expect(darkest(gold.png)).toBeLessThan(80);
    expect(darkest((await fills(spec({ style: 'flat-square', labelColor: '#000080' }))).png)).toBe(0);
  });
});

describe('PNG badges', () => {
  it.each(STYLES)('%s decodes, and is exactly scale times the SVG size at scales 1 to 4', async (style) => {
    const svg = await svgOf(spec({ style }));
    for (const scale of [1, 2, 3, 4]) {
      const png = await pngOf(spec({ style }), scale);
      expect([png.width, png.height]).toEqual([svg.width * scale, svg.height * scale]);
    }
  });

  it('rasterises text from the vector at every scale (sharp edges, not an upscaled bitmap)', async () => {
    // An upscaled 1x image holds runs of identical 2x2 blocks; a 2x render has detail within them.
    const png = await pngOf(spec(), 2);
    let blocksWithDetail = 0;
    for (let y = 0; y + 1 < png.height; y += 2) {
      for (let x = 0; x + 1 < png.width; x += 2) {
        const at = (dx: number, dy: number) => png.data.readUInt32BE(((y + dy) * png.width + x + dx) * 4);
        if (at(0, 0) !== at(1, 0) || at(0, 0) !== at(0, 1) || at(0, 0) !== at(1, 1)) blocksWithDetail++;
      }
    }
    expect(blocksWithDetail).toBeGreaterThan(50);
  });
});

describe('addAccessibleName', () => {
  it('adds role, aria-label and title to the root and escapes them', () => {
    const svg = addAccessibleName('<svg width="1" height="1" xmlns="http://www.w3.org/2000/svg"><rect/></svg>', `a"<&>'`);
    expect(parseSvg(svg).attributes['aria-label']).toBe(`a"<&>'`);
    expect(svg).toContain('aria-label="a&quot;&lt;&amp;&gt;&apos;"');
    expect(escapeMarkup(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});
