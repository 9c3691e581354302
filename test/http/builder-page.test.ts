// The builder (/) offers every badge parameter: each control reaches the preview's URL and every
// snippet that can carry it, a bad value is a message on a 200 page (never a 500), every image has
// its size, and the home page shows an example badge before any pick.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, MAX_LABEL_CHARS, MAX_SCALE, METRICS, SHOWS, STYLES, TREND_PERIODS } from '../../src/domain/badge-options.js';
import { contrastRatio } from '../../src/domain/contrast.js';
import { NAMED_COLORS, THEMES } from '../../src/domain/palette.js';
import { EXAMPLE_TARGET } from '../../src/http/pages/api-docs-page.js';
import { BUILDER_SNIPPET_KINDS, RETINA_SCALE, SHIELDS_ENDPOINT, type BuilderSnippetKind } from '../../src/services/entity-links.js';
import { createTestApp } from '../helpers/test-app.js';
import { attr, byId, descendants, parseHtml, query, textOf, type El } from './pages-dom.js';

const BASE = 'https://badges.example.org';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: BASE });
});
afterAll(async () => t.close());

async function page(path: string): Promise<El> {
  const res = await request(t.app).get(path);
  expect(res.status, path).toBe(200);
  const root = parseHtml(res.text);
  for (const img of query(root, 'img')) {
    expect(Number(attr(img, 'width')), `${path}: width of ${attr(img, 'src')}`).toBeGreaterThan(0);
    expect(Number(attr(img, 'height')), `${path}: height of ${attr(img, 'src')}`).toBeGreaterThan(0);
  }
  return root;
}

const snippet = (root: El, kind: BuilderSnippetKind): string => textOf(byId(root, `snippet-${kind}`));

/**
 * The badge image URLs a snippet carries, read by its own grammar; for shields' endpoint, our body
 * URL with shields' own parameters (style, labelColor) added to it, as shields would apply them.
 */
function imagesOf(kind: BuilderSnippetKind, text: string): URL[] {
  switch (kind) {
    case 'markdown':
      return [new URL(/^\[!\[(?:\\.|[^\\\]])*\]\(([^()\s]+)\)\]\([^()\s]+\)$/.exec(text)![1]!)];
    case 'html':
    case 'picture': {
      const fragment = parseHtml(text);
      return [...query(fragment, 'source').map((s) => attr(s, 'srcset')), ...query(fragment, 'img').map((i) => attr(i, 'src'))].map((u) => new URL(u));
    }
    case 'rst':
      return [new URL(/^\.\. image:: (\S+)/.exec(text)![1]!)];
    case 'asciidoc':
      return [new URL(/^image:([^[]+)\[/.exec(text)![1]!)];
    case 'svg-url':
    case 'png-url':
      return [new URL(text)];
    case 'shields-url': {
      const endpoint = new URL(text);
      const body = new URL(endpoint.searchParams.get('url')!);
      for (const own of ['style', 'labelColor']) if (endpoint.searchParams.has(own)) body.searchParams.set(own, endpoint.searchParams.get(own)!);
      return [body];
    }
  }
}

/** What shields' endpoint badge can carry: our body reads metric, show and label; shields itself styles it. */
const SHIELDS_CARRIES = new Set(['metric', 'show', 'label', 'style', 'labelColor']);

interface ControlCase {
  form: string;
  /** The badge query parameter and value every carrying image URL must hold. */
  param: string;
  value: string;
}

const CONTROL_CASES: ControlCase[] = [
  { form: 'style=social', param: 'style', value: 'social' },
  { form: 'metric=security', param: 'metric', value: 'security' },
  { form: 'show=grade', param: 'show', value: 'grade' },
  { form: 'label=safety', param: 'label', value: 'safety' },
  { form: 'label=&nolabel=1', param: 'label', value: '' },
  { form: 'labelColor=0b3d91', param: 'labelColor', value: '0b3d91' },
  { form: 'labelColor=navy', param: 'labelColor', value: NAMED_COLORS.navy!.slice(1) },
  { form: 'theme=dark', param: 'theme', value: 'dark' },
  { form: 'trend=90d', param: 'trend', value: '90d' },
];

describe('GET / (badge builder) controls', () => {
  it('offers every value the badge options schema allows, and nothing else', async () => {
    const root = await page('/?target=web/OpenRouter');
    const radios = (name: string) => query(byId(root, 'builder'), 'input', { attrs: { type: 'radio', name } }).map((i) => attr(i, 'value'));
    expect(radios('style')).toEqual([...STYLES]);
    expect(radios('show')).toEqual([...SHOWS]);
    expect(radios('theme')).toEqual([...THEMES]);
    expect(radios('trend')).toEqual(['', ...TREND_PERIODS]);
    expect(radios('format')).toEqual([...FORMATS]);
    expect(query(byId(root, 'metric'), 'option').map((o) => attr(o, 'value'))).toEqual([...METRICS]);
    expect(query(byId(root, 'scale'), 'option').map((o) => Number(attr(o, 'value')))).toEqual(Array.from({ length: MAX_SCALE }, (_, i) => i + 1));
    expect(attr(byId(root, 'label'), 'maxlength')).toBe(String(MAX_LABEL_CHARS));
    expect(query(byId(root, 'label-colours'), 'option').map((o) => attr(o, 'value'))).toEqual(Object.keys(NAMED_COLORS));
    // A plain GET form that lands on the preview.
    const form = byId(root, 'builder');
    expect([attr(form, 'action'), attr(form, 'method')]).toEqual(['/#preview', 'get']);
    expect(byId(root, 'preview').tag).toBe('figure');
  });

  it.each(CONTROL_CASES)('reflects $form in the preview and in every snippet that can carry it', async ({ form, param, value }) => {
    const root = await page(`/?target=web/OpenRouter&${form}`);
    const preview = new URL(attr(byId(root, 'badge-preview'), 'src'), BASE);
    expect(preview.searchParams.get(param)).toBe(value);
    expect(textOf(byId(root, 'builder-problem'))).toBe('');
    for (const kind of BUILDER_SNIPPET_KINDS) {
      const images = imagesOf(kind, snippet(root, kind));
      if (kind === 'shields-url') {
        expect(images[0]!.pathname).toBe('/v1/shields/web/OpenRouter.json');
        expect(images[0]!.searchParams.get(param), kind).toBe(SHIELDS_CARRIES.has(param) ? value : null);
        continue;
      }
      for (const image of images) {
        expect(image.pathname, kind).toMatch(/^\/badge\/web\/OpenRouter\.svg$|^\/badge\/web\/OpenRouter\.png$/);
        // The <picture> pairs a light image with a dark source, whatever theme is picked.
        const expected = kind === 'picture' && param === 'theme' ? (image.searchParams.has('theme') ? 'dark' : null) : value;
        expect(image.searchParams.get(param), `${kind} ${image.href}`).toBe(expected);
      }
    }
  });

  it('reflects format and scale: PNG snippets at the scale asked, with the 1× size in HTML; the bare URLs stay SVG and 2× PNG', async () => {
    const svg = await page('/?target=web/OpenRouter&format=svg&scale=3');
    expect(new URL(attr(byId(svg, 'badge-preview'), 'src'), BASE).pathname).toBe('/badge/web/OpenRouter.svg');
    expect(new URL(attr(byId(svg, 'badge-preview'), 'src'), BASE).searchParams.has('scale')).toBe(false);
    const oneX = [attr(byId(svg, 'badge-preview'), 'width'), attr(byId(svg, 'badge-preview'), 'height')];

    const root = await page('/?target=web/OpenRouter&format=png&scale=3');
    const preview = new URL(attr(byId(root, 'badge-preview'), 'src'), BASE);
    expect([preview.pathname, preview.searchParams.get('scale')]).toEqual(['/badge/web/OpenRouter.png', '3']);
    expect([attr(byId(root, 'badge-preview'), 'width'), attr(byId(root, 'badge-preview'), 'height')]).toEqual(oneX);
    for (const kind of ['markdown', 'html', 'picture', 'rst', 'asciidoc'] as const) {
      for (const image of imagesOf(kind, snippet(root, kind))) {
        expect([image.pathname.endsWith('.png'), image.searchParams.get('scale')], kind).toEqual([true, '3']);
      }
    }
    const html = query(parseHtml(snippet(root, 'html')), 'img')[0]!;
    expect([attr(html, 'width'), attr(html, 'height')]).toEqual(oneX);
    expect(imagesOf('svg-url', snippet(root, 'svg-url'))[0]!.href).toBe(`${BASE}/badge/web/OpenRouter.svg`);
    expect(imagesOf('png-url', snippet(root, 'png-url'))[0]!.href).toBe(`${BASE}/badge/web/OpenRouter.png?scale=${RETINA_SCALE}`);
    const image = await request(t.app).get(`${preview.pathname}${preview.search}`);
    expect([image.status, image.headers['content-type']]).toEqual([200, 'image/png']);
  });

  it("points shields' endpoint at our body and passes style and label colour as shields' own parameters", async () => {
    const root = await page('/?target=web/OpenRouter&style=for-the-badge&labelColor=0b3d91&metric=security&theme=dark');
    const endpoint = new URL(snippet(root, 'shields-url'));
    expect(`${endpoint.origin}${endpoint.pathname}`).toBe(SHIELDS_ENDPOINT);
    expect([endpoint.searchParams.get('style'), endpoint.searchParams.get('labelColor')]).toEqual(['for-the-badge', '0b3d91']);
    const body = new URL(endpoint.searchParams.get('url')!);
    expect(Object.fromEntries(body.searchParams)).toEqual({ metric: 'security' });
    const answer = await request(t.app).get(`${body.pathname}${body.search}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ schemaVersion: 1, label: 'security' });
  });

  it('says what text colour a label colour gets, and the contrast the badge keeps', async () => {
    for (const [labelColor, textWord] of [['ffd700', 'near-black'], ['0b3d91', 'white']] as const) {
      const note = textOf(byId(await page(`/?target=web/OpenRouter&labelColor=${labelColor}`), 'label-contrast'));
      expect(note).toContain(`#${labelColor}`);
      expect(note).toContain(`${textWord} text`);
      expect(Number(/contrast (\d+\.\d):1/.exec(note)![1])).toBeGreaterThanOrEqual(4.5);
    }
    // shields' blue needs deepening before white text reads on it: the page says which colour it becomes.
    const root = await page('/?target=web/OpenRouter&labelColor=007ec6');
    const note = byId(root, 'label-contrast');
    const fill = attr(query(note, 'rect')[0]!, 'fill');
    expect(fill).not.toBe('#007ec6');
    expect(textOf(note)).toContain(`${fill}, #007ec6 deepened`);
    expect(contrastRatio(fill, attr(query(note, 'text')[0]!, 'fill'))).toBeGreaterThanOrEqual(4.5);
  });

  it('previews all five styles side by side, each in the page scheme with a dark twin', async () => {
    const root = await page('/?target=web/OpenRouter&style=plastic&metric=security&theme=dark');
    for (const style of STYLES) {
      const picture = byId(root, `style-preview-${style}`);
      const light = new URL(attr(query(picture, 'img')[0]!, 'src'), BASE);
      const dark = new URL(attr(query(picture, 'source')[0]!, 'srcset'), BASE);
      expect(attr(query(picture, 'source')[0]!, 'media')).toBe('(prefers-color-scheme: dark)');
      expect([light.searchParams.get('style') ?? 'flat', light.searchParams.get('metric'), light.searchParams.get('theme')]).toEqual([style, 'security', null]);
      expect([dark.searchParams.get('style') ?? 'flat', dark.searchParams.get('theme')]).toEqual([style, 'dark']);
      // The style's name labels its radio; the image repeats the preview's words, so it is decorative here.
      expect(attr(query(picture, 'img')[0]!, 'alt')).toBe('');
    }
  });

  it.each([
    ['style=wavy', /^style must be one of flat, /],
    ['show=all', /^show must be one of both, /],
    ['metric=speed', /^metric must be one of trust, /],
    ['trend=7d', /^trend must be one of 30d, /],
    ['theme=sepia', /^theme must be one of light, dark/],
    ['labelColor=notacolour', /^labelColor must be a hex colour/],
    [`label=${'x'.repeat(MAX_LABEL_CHARS + 1)}`, new RegExp(`^label must be at most ${MAX_LABEL_CHARS} characters`)],
    ['label=a&label=b', /^label may be given once/],
    ['format=gif', /^format must be one of svg, png/],
    ['format=png&scale=9', /^scale must be a whole number from 1 to 4/],
  ])('answers %s with a message and a working preview, not a 500', async (form, message) => {
    const root = await page(`/?target=web/OpenRouter&${form}`);
    expect(textOf(byId(root, 'builder-problem'))).toMatch(message);
    expect(attr(byId(root, 'builder-problem'), 'role')).toBe('alert');
    const preview = attr(byId(root, 'badge-preview'), 'src');
    expect((await request(t.app).get(preview)).status).toBe(200);
  });
});

describe('GET / (badge builder) picking', () => {
  it('keeps the query and lands on the preview', async () => {
    const ambiguous = await page('/?q=sha&target=sharp');
    // The search results for “sha”, then the candidates for “sharp”: every pick keeps the query.
    expect(query(ambiguous, 'a', { class: 'result' }).map((a) => attr(a, 'href'))).toEqual([
      '/?q=sha&target=npm/sharp#preview',
      '/?q=sha&target=pypi/sharp#preview',
      '/?q=sha&target=npm/sharp#preview',
      '/?q=sha&target=pypi/sharp#preview',
    ]);
    const picked = await page('/?q=sha&target=npm/sharp');
    expect(attr(byId(picked, 'q'), 'value')).toBe('sha');
    expect(attr(query(byId(picked, 'builder'), 'input', { attrs: { type: 'hidden', name: 'q' } })[0]!, 'value')).toBe('sha');
  });

  it('shows an example badge before any pick, in the reader’s scheme, linking to its builder', async () => {
    const root = await page('/');
    const example = query(root, 'p', { class: 'example-badge' })[0]!;
    const link = query(example, 'a')[0]!;
    expect(attr(link, 'href')).toBe(`/?target=${EXAMPLE_TARGET}#preview`);
    const img = query(link, 'img')[0]!;
    expect(attr(img, 'src')).toBe(`/badge/${EXAMPLE_TARGET}.svg`);
    expect(attr(img, 'alt')).toMatch(/^trust: [A-F] · \d+\/100$/);
    expect(new URL(attr(query(link, 'source')[0]!, 'srcset'), BASE).searchParams.get('theme')).toBe('dark');
    expect((await request(t.app).get(attr(img, 'src'))).status).toBe(200);
  });

  it('sets a width and height on every image of the builder', async () => {
    for (const path of ['/', '/?q=sha', '/?target=web/OpenRouter', '/?target=web/OpenRouter&style=for-the-badge&format=png&scale=2', '/?target=sharp']) {
      const root = await page(path);
      expect(descendants(root).filter((el) => el.tag === 'img').length, path).toBeGreaterThan(0);
    }
  });
});
