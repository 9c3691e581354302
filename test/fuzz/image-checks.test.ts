// The fuzz's own checker must be able to fail: it refuses each known SVG attack, and it accepts
// the real output of every style, theme and state (which is where its allow-list comes from).

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLES } from '../../src/domain/badge-options.js';
import { THEMES } from '../../src/domain/palette.js';
import { createTestApp } from '../helpers/test-app.js';
import { checkImage, checkSvg, SVG_ATTRIBUTES, SVG_ELEMENTS } from './image-checks.js';

const wrap = (inner: string, rootAttributes = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="x" width="10" height="10"${rootAttributes}><title>x</title>${inner}</svg>`;

describe('the SVG checker', () => {
  it('accepts a minimal badge', () => {
    expect(checkSvg(wrap('<rect width="10" height="10" fill="#555555"/>')).title).toBe('x');
  });

  it.each([
    ['a script element', wrap('<script>alert(1)</script>')],
    ['an event handler', wrap('<rect width="1" height="1" onload="alert(1)"/>')],
    ['an event handler on the root', wrap('', ' onload="alert(1)"')],
    ['a link', wrap('<a href="https://evil.example"><rect width="1" height="1"/></a>')],
    ['an href on an allowed element', wrap('<path d="M0 0" href="https://evil.example"/>')],
    ['an external image', wrap('<image href="https://evil.example/x.png"/>')],
    ['a filter image', wrap('<filter id="f"><feImage href="https://evil.example/x.png"/></filter>')],
    ['a reference to another document', wrap('<rect width="1" height="1" fill="url(https://evil.example/#g)"/>')],
    ['a foreign object', wrap('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>')],
    ['a style element', wrap('<style>@import url(https://evil.example)</style>')],
    ['a style attribute', wrap('<rect width="1" height="1" style="fill:url(https://evil.example)"/>')],
    ['a CDATA section', wrap('<path d="M0 0"/><![CDATA[ <script>alert(1)</script> ]]>')],
    ['a comment', wrap('<!-- hello -->')],
    ['a DOCTYPE with entities', `<!DOCTYPE svg [<!ENTITY x "y">]>${wrap('')}`],
    ['markup that does not parse', wrap('<title>a<b</title>')],
    ['an unescaped ampersand', wrap('<title>a & b</title>')],
    ['a root outside the SVG namespace', '<svg xmlns="http://www.w3.org/1999/xhtml"><title>x</title></svg>'],
    ['no title', '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'],
    ['two roots', `${wrap('')}${wrap('')}`],
  ])('refuses %s', (_what, svg) => {
    expect(() => checkSvg(svg)).toThrow();
  });

  it('has nothing in its allow-lists that can load or run anything', () => {
    for (const element of ['script', 'foreignObject', 'image', 'feImage', 'use', 'a', 'style', 'iframe', 'animate', 'set', 'text', 'textPath']) {
      expect(SVG_ELEMENTS.has(element), element).toBe(false);
    }
    for (const attribute of ['href', 'xlink:href', 'style', 'onload', 'onclick', 'onerror', 'onbegin', 'xml:base', 'src']) {
      expect(SVG_ATTRIBUTES.has(attribute), attribute).toBe(false);
    }
  });

  it('refuses what is neither an SVG nor a PNG', () => {
    expect(() => checkImage('application/json; charset=utf-8', Buffer.from('{}'))).toThrow();
    expect(() => checkImage('image/png', Buffer.from('not a png'))).toThrow();
  });
});

describe('real badges', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '0' });
  });
  afterAll(async () => t.close());

  it('of every style, theme and state pass the checker', async () => {
    const seen = new Set<string>();
    const targets = ['openrouter', 'github/haotian-liu/LLaVA', 'nobody-at-all', 'sharp', '..'];
    for (const style of STYLES) {
      for (const theme of THEMES) {
        for (const target of targets) {
          for (const extra of ['', '&labelColor=navy', '&label=', '&metric=privacy', '&show=grade']) {
            const res = await request(t.app).get(`/badge/${target}.svg?style=${style}&theme=${theme}${extra}`).set('Accept-Encoding', 'identity');
            const svg = res.text ?? (res.body as Buffer).toString('utf8');
            for (const element of checkSvg(svg).elements) seen.add(element);
          }
        }
      }
    }
    // The styles do use gradients, patterns, filters and clipping: the list is not merely wide, it is used.
    for (const element of ['svg', 'title', 'path', 'defs', 'linearGradient', 'stop', 'filter', 'clipPath']) expect(seen, element).toContain(element);
  });
});
