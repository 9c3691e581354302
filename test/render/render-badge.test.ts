import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, STYLES, type BadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, specForInvalid, specForState } from '../../src/domain/badge-spec.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { addAccessibleName, escapeXml } from '../../src/render/svg.js';
import { STYLE_TOKENS } from '../../src/render/tokens.js';
import { makeEntity, testFonts } from '../helpers/test-app.js';
import { parseSvg } from '../helpers/svg.js';

const render = createBadgeRenderer(testFonts());
const options = (overrides: Partial<BadgeOptions> = {}): BadgeOptions => ({ ...defaultBadgeOptions('svg'), ...overrides });
const spec = (overrides: Partial<BadgeOptions> = {}, score = 74) =>
  specForEntity(makeEntity({ score }), options(overrides), DEFAULT_GRADE_SCALE);

describe('SVG badges', () => {
  it('are well-formed, accessible and sized by the style', async () => {
    for (const style of STYLES) {
      const svg = parseSvg((await render(spec({ style }))).toString('utf8'));
      expect(svg.attributes.role).toBe('img');
      expect(svg.attributes['aria-label']).toBe('trust: B · 74/100');
      expect(svg.title).toBe('trust: B · 74/100');
      expect(svg.height).toBe(STYLE_TOKENS[style].heightPx);
      expect(svg.width).toBeGreaterThan(40);
    }
  });

  it('escape hostile label text in the title and aria-label', async () => {
    const body = (await render(spec({ label: '<script>alert("x")</script> & co' }))).toString('utf8');
    const svg = parseSvg(body);
    // The parser decodes entities: reading back the original text proves it was escaped, not cut.
    expect(svg.attributes['aria-label']).toBe('<script>alert("x")</script> & co: B · 74/100');
    expect(svg.title).toBe('<script>alert("x")</script> & co: B · 74/100');
    expect(body).toContain('aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co: B · 74/100"');
    expect(body).not.toContain('<script');
    expect(body).not.toMatch(/ on\w+=/);
  });

  it('are byte-identical for the same spec', async () => {
    const a = await render(spec({ style: 'plastic' }));
    const b = await render(spec({ style: 'plastic' }));
    expect(a.equals(b)).toBe(true);
  });

  it('grow with the label instead of clipping it', async () => {
    const short = parseSvg((await render(spec({ label: 'ab' }))).toString());
    const long = parseSvg((await render(spec({ label: 'a much longer label text here' }))).toString());
    expect(long.width).toBeGreaterThan(short.width + 100);
  });

  it('keep the flat style small', async () => {
    expect((await render(spec())).length).toBeLessThanOrEqual(8 * 1024);
  });

  it('draw the message alone when the label is empty', async () => {
    const withLabel = parseSvg((await render(spec())).toString());
    const alone = parseSvg((await render(spec({ label: '' }))).toString());
    expect(alone.width).toBeLessThan(withLabel.width - 20);
    expect(alone.title).toBe('trust: B · 74/100');
  });

  it('say unknown, ambiguous and what is invalid', async () => {
    expect(parseSvg((await render(specForState('unknown', options()))).toString()).title).toBe('trust: unknown');
    expect(parseSvg((await render(specForState('ambiguous', options()))).toString()).title).toBe('trust: ambiguous');
    expect(parseSvg((await render(specForInvalid('style', options()))).toString()).title).toBe('trust: invalid style');
  });
});

describe('PNG badges', () => {
  it('decode, and are exactly scale times the SVG size', async () => {
    const svg = parseSvg((await render(spec())).toString());
    for (const scale of [1, 2, 4]) {
      const png = PNG.sync.read(await render({ ...spec(), format: 'png', scale }));
      expect([png.width, png.height]).toEqual([svg.width * scale, svg.height * scale]);
    }
  });

  it('rasterise text from the vector at every scale (sharp edges, not an upscaled bitmap)', async () => {
    // An upscaled 1x image holds runs of identical 2x2 blocks; a 2x render has detail within them.
    const png = PNG.sync.read(await render({ ...spec(), format: 'png', scale: 2 }));
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
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});
