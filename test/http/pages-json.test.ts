// The JSON behind the pages: /v1/search (the builder's live search) and /v1/embed (its snippets),
// and the report's badge links now pointing readers at the report page.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName, foldShortName } from '../../src/domain/entity.js';
import { entityTag, nameTag } from '../../src/services/purge-tag.js';
import { parseCacheControl } from '../helpers/headers.js';
import { parseSvg } from '../helpers/svg.js';
import { createTestApp } from '../helpers/test-app.js';
import { attr, parseHtml, query } from './pages-dom.js';

const BASE = 'https://badges.example.org';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: BASE });
});
afterAll(async () => t.close());

interface Result {
  registry: string;
  name: string;
  category: string;
  score: number;
  grade: string;
  target: string;
}

/** `[![alt](img)](link)` with CommonMark backslash escapes in the alt text. */
function parseMarkdownBadge(markdown: string): { alt: string; img: string; link: string } {
  const match = /^\[!\[((?:\\.|[^\\\]])*)\]\(([^()\s]+)\)\]\(([^()\s]+)\)$/.exec(markdown);
  if (match === null) throw new Error(`not a linked Markdown image: ${markdown}`);
  return { alt: match[1]!.replace(/\\(.)/g, '$1'), img: match[2]!, link: match[3]! };
}

const svgTitle = async (url: string): Promise<string> => {
  const { pathname, search } = new URL(url);
  const res = await request(t.app).get(`${pathname}${search}`);
  expect(res.status).toBe(200);
  return parseSvg(res.text ?? (res.body as Buffer).toString('utf8')).title;
};

describe('GET /v1/search', () => {
  it('finds by name prefix, case-insensitively, across registries, with grade and target', async () => {
    const res = await request(t.app).get('/v1/search?q=SHA');
    expect(res.status).toBe(200);
    const results = res.body.results as Result[];
    expect(results.map((r) => `${r.registry}/${r.name}`)).toEqual(['npm/sharp', 'pypi/sharp']);
    expect(results[0]).toEqual({
      registry: 'npm', name: 'sharp', category: 'library', score: 78.6, grade: 'B', target: 'npm/sharp',
      description: 'High performance Node.js image processing using libvips to resize JPEG, PNG, WebP, AVIF and TIFF images.',
    });
    expect([res.body.total, res.body.more, res.body.next_cursor]).toEqual([2, false, null]);
  });

  it('matches the last name segment, best score first, and every target resolves', async () => {
    const results = (await request(t.app).get('/v1/search?q=lla')).body.results as Result[];
    expect(results.length).toBeGreaterThan(2);
    for (const r of results) expect(foldName(r.name).startsWith('lla') || foldShortName(r.name).startsWith('lla')).toBe(true);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const r of results) {
      const report = await request(t.app).get(`/v1/entities/${r.target}`);
      expect([report.status, report.body.entity.name, report.body.grade]).toEqual([200, r.name, r.grade]);
    }
  });

  it('reads a registry before the prefix as a qualified search: one registry, whole names, exact first', async () => {
    const names = async (q: string) => ((await request(t.app).get(`/v1/search?q=${encodeURIComponent(q)}`)).body.results as Result[]).map((r) => r.target);
    expect(await names('npm/sharp')).toEqual(['npm/sharp']);
    expect(await names('PyPI/sha')).toEqual(['pypi/sharp']);
    expect(await names('github/haotian-liu/LLaVA')).toEqual(['github/haotian-liu/LLaVA']);
    expect(await names('github/haotian')).toEqual(['github/haotian-liu/LLaVA']);
    expect(await names('crates/sharp')).toEqual([]);
  });

  it('reads a pasted registry address or package URL as the entity it names, first', async () => {
    const first = async (q: string) => ((await request(t.app).get(`/v1/search?q=${encodeURIComponent(q)}`)).body.results as Result[]).map((r) => r.target)[0] ?? null;
    expect(await first('https://github.com/haotian-liu/LLaVA')).toBe('github/haotian-liu/LLaVA');
    expect(await first('https://github.com/haotian-liu/LLaVA/tree/main/docs')).toBe('github/haotian-liu/LLaVA');
    expect(await first('github.com/haotian-liu/LLaVA')).toBe('github/haotian-liu/LLaVA');
    expect(await first('https://www.npmjs.com/package/sharp')).toBe('npm/sharp');
    expect(await first('https://pypi.org/project/sharp/')).toBe('pypi/sharp');
    expect(await first('pkg:npm/sharp@0.33.0')).toBe('npm/sharp');
    expect(await first('pkg:huggingface/meta-llama/Llama-3.1-8B')).toBe('huggingface/meta-llama/Llama-3.1-8B');
    // A purl type or site the catalogue has no registry for names nothing here.
    expect(await first('pkg:deb/debian/curl')).toBeNull();
    expect(await first('https://example.com/sharp')).toBeNull();
  });

  it('pages with next_cursor: every match exactly once, as one big page orders them; a foreign cursor is a 400', async () => {
    const all = (await request(t.app).get('/v1/search?q=l&limit=20')).body as { results: Result[]; total: number; next_cursor: string | null };
    expect(all.next_cursor).toBeNull();
    expect(all.results).toHaveLength(all.total);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const body = (await request(t.app).get(`/v1/search?q=l&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)).body as { results: Result[]; total: number; next_cursor: string | null };
      expect(body.total).toBe(all.total);
      paged.push(...body.results.map((r) => r.target));
      cursor = body.next_cursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.results.map((r) => r.target));
    const second = (await request(t.app).get('/v1/search?q=l&limit=2')).body.next_cursor as string;
    for (const [q, bad] of [['la', second], ['l', 'not-a-cursor!'], ['l', Buffer.from('[1,2]').toString('base64url')]] as const) {
      const res = await request(t.app).get(`/v1/search?q=${q}&cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', name: 'cursor' })]);
    }
  });

  it('suggests the names one typo away when nothing matches, in the registry a query names, with their purge tags', async () => {
    const typo = async (q: string) => {
      const res = await request(t.app).get(`/v1/search?q=${encodeURIComponent(q)}`);
      expect([res.body.results, res.body.total, res.body.next_cursor]).toEqual([[], 0, null]);
      return res;
    };
    const swapped = await typo('raect');
    expect((swapped.body.suggestions as Result[]).map((r) => r.target)).toContain('github/facebook/react');
    expect(swapped.headers['surrogate-key']).toContain(entityTag('github', 'facebook/react'));
    expect((swapped.body.suggestions as Result[])[0]).toMatchObject({ grade: expect.any(String), description: expect.anything() });
    expect(((await typo('npm/sharpp')).body.suggestions as Result[]).map((r) => r.target)).toEqual(['npm/sharp']);
    expect(((await typo('pkg:pypi/sharpe')).body.suggestions as Result[]).map((r) => r.target)).toEqual(['pypi/sharp']);
    expect((await typo('crates/sharpp')).body.suggestions).toEqual([]);
    // Something matched: no suggestions, even where a typo would find more.
    expect((await request(t.app).get('/v1/search?q=sharp')).body.suggestions).toEqual([]);
  });

  it('honours limit and answers short-lived, CORS-readable JSON', async () => {
    const res = await request(t.app).get('/v1/search?q=l&limit=2');
    expect(res.body.results).toHaveLength(2);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(parseCacheControl(res.headers['cache-control']).get('max-age')).toBe('60');
    expect((await request(t.app).get(`/v1/search?q=${'z'.repeat(100)}`)).body).toEqual({ results: [], total: 0, more: false, next_cursor: null, suggestions: [] });
  });

  it.each([
    ['/v1/search', 'q'],
    ['/v1/search?q=', 'q'],
    ['/v1/search?q=%20%20', 'q'],
    ['/v1/search?q=a&q=b', 'q'],
    [`/v1/search?q=${'x'.repeat(101)}`, 'q'],
    ['/v1/search?q=a%00b', 'q'],
    ['/v1/search?q=a&limit=0', 'limit'],
    ['/v1/search?q=a&limit=21', 'limit'],
    ['/v1/search?q=a&limit=2.5', 'limit'],
    ['/v1/search?q=a&limit=ten', 'limit'],
  ])('answers %s with 400 invalid_query', async (path, param) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('invalid_query');
    expect(res.body.errors).toEqual([{ in: 'query', name: param, detail: expect.stringMatching(new RegExp(`^${param} `)) }]);
  });
});

describe('GET /v1/embed/{target}', () => {
  it('gives every snippet for the chosen options, alt text equal to the badge title', async () => {
    const res = await request(t.app).get('/v1/embed/openrouter?style=flat-square&metric=security&theme=dark&junk=1');
    expect(res.status).toBe(200);
    expect(res.headers['surrogate-key']!.split(' ')).toEqual(['all', nameTag('openrouter'), entityTag('web', 'OpenRouter')]);
    const { badge, alt } = res.body;
    expect(res.body).toMatchObject({ target: 'openrouter', entity: { registry: 'web', name: 'OpenRouter' }, grade: 'B', score: 74 });
    expect(Object.fromEntries(new URL(badge.svg).searchParams)).toEqual({ style: 'flat-square', metric: 'security', theme: 'dark' });
    expect(alt).toBe(await svgTitle(badge.svg));
    expect(badge.report).toBe(`${BASE}/entity/web/OpenRouter`);
    expect(badge.json).toBe(`${BASE}/v1/entities/web/OpenRouter`);

    expect(parseMarkdownBadge(badge.markdown)).toEqual({ alt, img: badge.svg, link: badge.report });
    const html = parseHtml(badge.html);
    expect(attr(query(html, 'a')[0]!, 'href')).toBe(badge.report);
    expect([attr(query(html, 'img')[0]!, 'src'), attr(query(html, 'img')[0]!, 'alt')]).toEqual([badge.svg, alt]);
    expect(badge.rst.split('\n')).toEqual([`.. image:: ${badge.svg}`, `   :target: ${badge.report}`, `   :alt: ${alt}`]);
    expect(badge.asciidoc).toBe(`image:${badge.svg}[pass:[${alt}],link="${badge.report}"]`);
  });

  it('gives a <picture> that shows the dark badge to dark-mode readers and the light one otherwise', async () => {
    const { body } = await request(t.app).get('/v1/embed/web/OpenRouter?style=social&theme=dark');
    const picture = parseHtml(body.badge.picture);
    expect(attr(query(picture, 'a')[0]!, 'href')).toBe(body.badge.report);
    const source = query(picture, 'source')[0]!;
    expect(attr(source, 'media')).toBe('(prefers-color-scheme: dark)');
    const dark = new URL(attr(source, 'srcset'));
    const light = new URL(attr(query(picture, 'img')[0]!, 'src'));
    expect([dark.searchParams.get('theme'), dark.searchParams.get('style')]).toEqual(['dark', 'social']);
    expect([light.searchParams.get('theme'), light.searchParams.get('style')]).toEqual([null, 'social']);
    expect(await svgTitle(dark.href)).toBe(await svgTitle(light.href));
  });

  it('keeps snippets well-formed for a name with spaces, parentheses and brackets', async () => {
    const { body } = await request(t.app).get('/v1/embed/pulsemcp/ChuckNorris%20(L1B3RT4S%20Prompt%20Enhancer)?label=a%20%5Bb%5D%20*c*');
    const parsed = parseMarkdownBadge(body.badge.markdown);
    expect(parsed.alt).toBe(body.alt);
    expect(body.alt).toBe('a [b] *c*: D · 46/100');
    expect(await svgTitle(parsed.img)).toBe(body.alt);
    expect(new URL(parsed.link).pathname).toBe('/entity/pulsemcp/ChuckNorris%20%28L1B3RT4S%20Prompt%20Enhancer%29');
  });

  it('answers unknown with 404, ambiguous with 409 and candidates, a bad option with 400 naming it', async () => {
    expect((await request(t.app).get('/v1/embed/github/nobody/nothing')).status).toBe(404);
    const ambiguous = await request(t.app).get('/v1/embed/sharp');
    expect([ambiguous.status, ambiguous.body.code, ambiguous.body.candidates.map((c: Result) => c.target)]).toEqual([409, 'ambiguous', ['npm/sharp', 'pypi/sharp']]);
    const bad = await request(t.app).get('/v1/embed/openrouter?style=wavy');
    expect([bad.status, bad.body.code, bad.body.errors.map((e: { in: string; name: string }) => [e.in, e.name])]).toEqual([400, 'invalid_parameter', [['query', 'style']]]);
  });
});

describe('report badge links', () => {
  it('link the badge to the report page and keep the JSON report as `json`', async () => {
    const { body } = await request(t.app).get('/v1/preflight?target=github/haotian-liu/LLaVA');
    expect(body.badge.report).toBe(`${BASE}/entity/github/haotian-liu/LLaVA`);
    expect(body.badge.json).toBe(`${BASE}/v1/entities/github/haotian-liu/LLaVA`);
    expect(parseMarkdownBadge(body.badge.markdown).link).toBe(body.badge.report);
    const page = await request(t.app).get(new URL(body.badge.report).pathname);
    expect(page.status).toBe(200);
    expect(body.alternatives.every((a: Result) => typeof a.target === 'string')).toBe(true);
  });
});
