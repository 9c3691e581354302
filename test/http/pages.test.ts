// The HTML pages through the real app: builder (/), report (/entity/…) and their notices,
// parsed into elements. One source: what a page shows is what the JSON report says.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/domain/entity.js';
import { entityTag } from '../../src/services/purge-tag.js';
import { createTestApp, makeEntity } from '../helpers/test-app.js';
import { attr, byId, classesOf, descendants, parseHtml, query, textOf, type El } from './pages-dom.js';

const HOSTILE_NAME = '<img src=x onerror=alert(1)> "q" \'s\' ](x) [y] & <b>';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://badges.example.org' }, [
    makeEntity({ registry: 'npm', name: HOSTILE_NAME, category: 'odd', score: 81, description: '</p><script>alert(2)</script>' }),
  ]);
});
afterAll(async () => t.close());

async function page(path: string, status = 200): Promise<El> {
  const res = await request(t.app).get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.text.startsWith('<!doctype html>')).toBe(true);
  const root = parseHtml(res.text);
  expectCleanPage(root);
  return root;
}

/** What every page must hold: language, skip link, one h1, ordered headings, labels, no inline code. */
function expectCleanPage(root: El): void {
  const all = descendants(root);
  expect(attr(query(root, 'html')[0]!, 'lang')).toBe('en');
  const skip = query(root, 'a', { class: 'skip-link' })[0]!;
  expect(byId(root, attr(skip, 'href').slice(1)).tag).toBe('main');
  expect(query(root, 'h1')).toHaveLength(1);
  const levels = all.filter((el) => /^h[1-6]$/.test(el.tag)).map((el) => Number(el.tag[1]));
  levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
  for (const field of all.filter((el) => ['input', 'select', 'textarea'].includes(el.tag) && el.attrs.type !== 'hidden')) {
    const { id } = field.attrs;
    const labelled = field.parent?.tag === 'label' || (typeof id === 'string' && query(root, 'label', { attrs: { for: id } }).length === 1);
    expect(labelled, `label for <${field.tag} id=${String(field.attrs.id)}>`).toBe(true);
  }
  for (const el of all) {
    expect(Object.keys(el.attrs).filter((name) => name === 'style' || name.startsWith('on')), el.tag).toEqual([]);
    // Code only from the site's own assets; a JSON-LD data block is data (never executed) and must parse.
    if (el.tag === 'script' && el.attrs.type === 'application/ld+json') expect(() => JSON.parse(textOf(el))).not.toThrow();
    else if (el.tag === 'script') expect(el.attrs.src, 'inline script').toMatch(/^\/assets\//);
    if (el.tag === 'style') throw new Error('inline <style>');
    for (const name of ['src', 'srcset'] as const) {
      if (typeof el.attrs[name] === 'string') expect(el.attrs[name], `${el.tag} ${name} must be same-origin`).toMatch(/^\/(?!\/)/);
    }
  }
  for (const img of query(root, 'img')) expect(typeof img.attrs.alt, 'img alt').toBe('string');
}

describe('GET / (badge builder)', () => {
  it('offers a search form that works without JavaScript', async () => {
    const root = await page('/');
    const form = query(root, 'form', { attrs: { role: 'search' } })[0]!;
    expect([attr(form, 'action'), attr(form, 'method')]).toEqual(['/', 'get']);
    expect(query(form, 'input', { attrs: { name: 'q' } })).toHaveLength(1);
    expect(query(root, 'form', { attrs: { id: 'builder' } })).toEqual([]);
  });

  it('pages the results without JavaScript: says how many, and links the next page', async () => {
    await t.store.writeEntities(Array.from({ length: 25 }, (_, i) => makeEntity({ registry: 'npm', name: `paging-${i}`, category: 'paging-test', score: 50 + (i % 3) })));
    const first = await page('/?q=paging');
    expect(textOf(byId(first, 'results-status'))).toMatch(/^(\d+) matches for “paging”, exact names first, then best score\.$/);
    const total = Number(/^\d+/.exec(textOf(byId(first, 'results-status')))![0]);
    expect(total).toBeGreaterThan(10); // more than one page
    const targets = (root: El) => query(byId(root, 'search-results'), 'a', { class: 'result' }).map((a) => attr(a, 'href'));
    const seen = targets(first);
    let next = query(byId(first, 'search-results'), 'p', { class: 'more-results' });
    while (next.length > 0) {
      const href = attr(query(next[0]!, 'a')[0]!, 'href');
      expect(href).toMatch(/^\/\?q=paging&cursor=[\w-]+#search-results$/);
      const root = await page(href.replace(/#.*/, ''));
      seen.push(...targets(root));
      next = query(byId(root, 'search-results'), 'p', { class: 'more-results' });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    // A cursor from another search: the first page, and a sentence saying so.
    expect(textOf(byId(await page('/?q=pag&cursor=AAAA'), 'results-status'))).toMatch(/not one for this search/);
    for (let i = 0; i < 25; i++) await t.store.deleteEntity('npm', `paging-${i}`);
  });

  it('renders search results server-side, case-insensitively, best score first, across registries', async () => {
    const lower = await page('/?q=sha');
    const upper = await page('/?q=SHA');
    const results = (root: El) =>
      query(byId(root, 'search-results'), 'a', { class: 'result' }).map((a) => ({
        href: attr(a, 'href'),
        name: textOf(query(a, 'span', { class: 'result-name' })[0]!),
        meta: textOf(query(a, 'span', { class: 'result-meta' })[0]!),
        grade: textOf(query(a, 'span', { class: 'grade' })[0]!),
        score: Number(textOf(query(a, 'span', { class: 'result-score' })[0]!).replace('score ', '')),
      }));
    const hits = results(lower);
    // The same results; each pick keeps the query as typed.
    expect(results(upper).map(({ href, ...rest }) => rest)).toEqual(hits.map(({ href, ...rest }) => rest));
    expect(results(upper).map((h) => h.href)).toEqual(['/?q=SHA&target=npm/sharp#preview', '/?q=SHA&target=pypi/sharp#preview']);
    expect(hits.map((h) => h.href)).toEqual(['/?q=sha&target=npm/sharp#preview', '/?q=sha&target=pypi/sharp#preview']);
    expect(hits.map((h) => h.meta.split(' · ')[0])).toEqual(['npm', 'pypi']);
    expect(hits.map((h) => h.grade)).toEqual(['grade B', 'grade D']);
    expect(hits.map((h) => h.score)).toEqual([78.6, 44]);
  });

  it('says so when nothing matches, and when the query is not usable', async () => {
    expect(textOf(byId(await page('/?q=zzzz-nothing'), 'results-status'))).toMatch(/^Nothing starts with/);
    expect(textOf(byId(await page(`/?q=${'x'.repeat(101)}`), 'results-status'))).toMatch(/1 to 100 characters/);
    const control = await page('/?q=a%00b');
    expect(textOf(byId(control, 'results-status'))).toMatch(/without control or invisible characters \(q must not contain/);
    expect(attr(byId(control, 'q'), 'value')).toBe('ab');
  });

  it('builds the badge for a picked entity with the chosen style, metric and theme', async () => {
    const root = await page('/?target=web/OpenRouter&style=for-the-badge&metric=security&theme=dark');
    const preview = new URL(attr(byId(root, 'badge-preview'), 'src'), 'http://x');
    expect(preview.pathname).toBe('/badge/web/OpenRouter.svg');
    expect(Object.fromEntries(preview.searchParams)).toEqual({ style: 'for-the-badge', metric: 'security', theme: 'dark' });
    const checked = query(root, 'input', { attrs: { checked: true } }).map((i) => `${attr(i, 'name')}=${attr(i, 'value')}`);
    expect(checked.filter((c) => /^(style|theme)=/.test(c)).sort()).toEqual(['style=for-the-badge', 'theme=dark']);
    expect(textOf(query(root, 'option', { attrs: { selected: true } })[0]!)).toBe('security');
    expect(classesOf(byId(root, 'preview-stage'))).toContain('theme-dark');
    const badge = await request(t.app).get(`${preview.pathname}${preview.search}`);
    expect(badge.status).toBe(200);
  });

  it('shows the same snippets as /v1/embed, each linking to the report page', async () => {
    const root = await page('/?target=openrouter&style=plastic');
    const { body: embed } = await request(t.app).get('/v1/embed/openrouter?style=plastic');
    // The builder adds bare URLs and shields' endpoint (test/http/builder-page.test.ts), and the image size to HTML.
    const fields = query(root, 'textarea').filter((f) => Object.hasOwn(embed.badge, attr(f, 'data-snippet')));
    expect(fields.map((f) => attr(f, 'data-snippet'))).toEqual(['markdown', 'html', 'picture', 'rst', 'asciidoc']);
    for (const field of fields) {
      const kind = attr(field, 'data-snippet');
      expect(textOf(field).replace(/ width="\d+" height="\d+"/g, '')).toBe(embed.badge[kind].replace(/\s+/g, ' '));
      expect(query(root, 'button', { attrs: { 'data-copy': attr(field, 'id') } })).toHaveLength(1);
    }
    const snippet = parseHtml(embed.badge.html);
    expect(attr(query(snippet, 'a')[0]!, 'href')).toBe('https://badges.example.org/entity/web/OpenRouter');
    expect(query(root, 'a', { attrs: { href: '/entity/web/OpenRouter' } }).length).toBeGreaterThan(0);
  });

  it('marks metrics the entity has no score for', async () => {
    const root = await page('/?target=github/haotian-liu/LLaVA');
    const options = query(byId(root, 'metric'), 'option').map(textOf);
    expect(options[0]).toBe('trust');
    expect(options.slice(1).every((text) => text.endsWith('(not rated)'))).toBe(true);
  });

  it('falls back to defaults with a message for a bad option, never a 500', async () => {
    const root = await page('/?target=web/OpenRouter&style=wavy');
    expect(textOf(query(root, 'p', { class: 'problem' })[0]!)).toMatch(/^style must be one of/);
    expect(attr(byId(root, 'badge-preview'), 'src')).toBe('/badge/web/OpenRouter.svg');
  });

  it('answers unknown and ambiguous picks with the way forward', async () => {
    expect(textOf(query(await page('/?target=github/nobody/nothing'), 'h2', { attrs: { id: 'pick-heading' } })[0]!)).toMatch(/^No entity/);
    const ambiguous = await page('/?target=sharp');
    expect(query(ambiguous, 'a', { class: 'result' }).map((a) => attr(a, 'href'))).toEqual(['/?target=npm/sharp#preview', '/?target=pypi/sharp#preview']);
  });
});

describe('GET /entity/{target} (report page)', () => {
  it('shows the JSON report: identity, score, grade, verified, chart, alternatives, dates and links', async () => {
    const res = await request(t.app).get('/entity/web/OpenRouter');
    // The entity, and each alternative whose score the page shows.
    const tags = res.headers['surrogate-key']!.split(' ');
    expect(tags.slice(0, 2)).toEqual(['all', entityTag('web', 'OpenRouter')]);
    const root = await page('/entity/web/OpenRouter');
    const { body: report } = await request(t.app).get('/v1/preflight?target=web/OpenRouter');
    expect(tags.slice(2)).toEqual((report.alternatives as { registry: string; name: string }[]).map((alt) => entityTag(alt.registry, alt.name)));

    expect(textOf(query(root, 'h1')[0]!)).toBe(`Is ${report.entity.name} safe?`);
    expect(textOf(byId(root, 'entity-name'))).toBe(report.entity.name);
    expect(textOf(query(root, 'p', { class: 'eyebrow' })[0]!)).toBe('web · ai tool');
    expect(textOf(query(root, 'p', { class: 'description' })[0]!)).toBe(report.entity.description);
    expect(textOf(byId(root, 'entity-grade'))).toBe(`Grade ${report.grade}`);
    expect(classesOf(byId(root, 'entity-grade'))).toContain('grade-b');
    expect(textOf(query(root, 'p', { class: 'score-number' })[0]!)).toBe('74.0 / 100');
    expect(classesOf(query(root, 'p', { class: 'verified' })[0]!)).toContain('is-verified');

    const rows = query(root, 'tr', { class: 'chart-row' });
    expect(rows.map((row) => textOf(query(row, 'th')[0]!).toLowerCase())).toEqual([...DIMENSIONS]);
    for (const row of rows) {
      const dimension = attr(row, 'data-dimension') as keyof typeof report.dimensions;
      const bar = query(row, 'rect', { class: 'bar-fill' })[0]!;
      expect(Number(attr(bar, 'width'))).toBe(report.dimensions[dimension]);
      expect(textOf(query(row, 'td', { class: 'chart-value' })[0]!)).toMatch(new RegExp(`^${report.dimensions[dimension]} \\([A-F]\\)$`));
    }

    const alternatives = query(query(root, 'table', { class: 'alternatives' })[0]!, 'tr').slice(1);
    expect(alternatives.map((row) => textOf(query(row, 'a')[0]!))).toEqual(report.alternatives.map((a: { name: string }) => a.name));
    for (const [i, row] of alternatives.entries()) {
      expect(attr(query(row, 'a')[0]!, 'href')).toBe(`/entity/${report.alternatives[i].target}`);
      expect(attr(query(row, 'img')[0]!, 'src')).toBe(`/badge/${report.alternatives[i].target}.svg`);
    }
    expect(attr(query(query(root, 'section', { class: 'how-made' })[0]!, 'time')[0]!, 'datetime')).toBe(report.updated_at);
    const links = query(root, 'a', { attrs: { type: 'application/json' } }).map((a) => attr(a, 'href'));
    expect(links).toEqual(['/v1/entities/web/OpenRouter', '/v1/preflight?target=web/OpenRouter']);
    expect(query(root, 'a', { class: 'button', attrs: { href: '/?target=web/OpenRouter#preview' } })).toHaveLength(1);
  });

  it('says "not rated" for missing dimensions and "not verified" below the threshold', async () => {
    const root = await page('/entity/pulsemcp/ChuckNorris%20(L1B3RT4S%20Prompt%20Enhancer)');
    expect(query(root, 'tr', { class: 'not-rated' }).map((row) => textOf(query(row, 'td', { class: 'chart-value' })[0]!))).toEqual(
      DIMENSIONS.map(() => 'not rated'),
    );
    expect(query(root, 'rect', { class: 'bar-fill' })).toEqual([]);
    expect(classesOf(query(root, 'p', { class: 'verified' })[0]!)).toContain('not-verified');
  });

  it('keeps a hostile name and description as text everywhere', async () => {
    const path = `/entity/npm/${encodeURIComponent(HOSTILE_NAME)}`;
    const root = await page(path);
    expect(textOf(byId(root, 'entity-name'))).toBe(HOSTILE_NAME);
    expect(textOf(query(root, 'p', { class: 'description' })[0]!)).toBe('</p><script>alert(2)</script>');
    expect(query(root, 'b')).toEqual([]);
    expect(query(root, 'script').every((s) => typeof s.attrs.src === 'string' || s.attrs.type === 'application/ld+json')).toBe(true);
    // In the JSON-LD block the name is data: it cannot close the block, and reads back intact.
    const jsonLd = JSON.parse(textOf(query(root, 'script', { attrs: { type: 'application/ld+json' } })[0]!));
    expect(jsonLd.mainEntity[0].name).toContain(HOSTILE_NAME);
    expect(attr(query(root, 'meta', { attrs: { property: 'og:title' } })[0]!, 'content')).toContain(HOSTILE_NAME);
    const builder = await page(`/?target=${encodeURIComponent(`npm/${HOSTILE_NAME}`)}`);
    const html = parseHtml(textOf(byId(builder, 'snippet-html')));
    expect(query(html, '*').map((el) => el.tag)).toEqual(['a', 'img']);
  });

  it('answers an unknown entity with a 404 page that offers search', async () => {
    const root = await page('/entity/github/nobody/nothing', 404);
    const input = query(query(root, 'form', { attrs: { role: 'search' } })[0]!, 'input', { attrs: { name: 'q' } })[0]!;
    expect(attr(input, 'value')).toBe('nothing');
  });

  it('answers an ambiguous name with the candidates: registry, description, score and grade, badge', async () => {
    const root = await page('/entity/sharp', 300);
    const items = query(query(root, 'ul', { class: 'candidate-list' })[0]!, 'li');
    expect(items.map((li) => attr(query(li, 'a')[0]!, 'href'))).toEqual(['/entity/npm/sharp', '/entity/pypi/sharp']);
    expect(items.map((li) => attr(query(li, 'img')[0]!, 'src'))).toEqual(['/badge/npm/sharp.svg', '/badge/pypi/sharp.svg']);
    expect(items.map((li) => textOf(query(li, 'span', { class: 'candidate-score' })[0]!))).toEqual(['grade B 78.6/100', 'grade D 44.0/100']);
    expect(textOf(query(items[1]!, 'span', { class: 'candidate-description' })[0]!)).toMatch(/sharpness-aware minimization/);
  });

  it('lists every candidate of a name shared by many, up to 50, and points to search for the rest', async () => {
    const registries = Array.from({ length: 12 }, (_, i) => `reg${String(i).padStart(2, '0')}`);
    await t.store.writeEntities(registries.map((registry) => makeEntity({ registry, name: 'twelvefold', category: 'twelvefold-test' })));
    const items = query(query(await page('/entity/twelvefold', 300), 'ul', { class: 'candidate-list' })[0]!, 'li');
    expect(items.map((li) => attr(query(li, 'a')[0]!, 'href'))).toEqual(registries.map((r) => `/entity/${r}/twelvefold`));
    const json = await request(t.app).get('/v1/preflight?target=twelvefold');
    expect([json.status, json.body.candidates.length, json.body.more_candidates]).toEqual([409, 12, false]);
    await t.store.writeEntities(Array.from({ length: 45 }, (_, i) => makeEntity({ registry: `more${String(i).padStart(2, '0')}`, name: 'twelvefold', category: 'twelvefold-test' })));
    const crowded = await page('/entity/twelvefold', 300);
    expect(query(query(crowded, 'ul', { class: 'candidate-list' })[0]!, 'li')).toHaveLength(50);
    expect(query(crowded, 'a').map((a) => attr(a, 'href'))).toContain('/?q=twelvefold#search-results');
    expect((await request(t.app).get('/v1/preflight?target=twelvefold')).body.more_candidates).toBe(true);
    for (const registry of registries) await t.store.deleteEntity(registry, 'twelvefold');
    for (let i = 0; i < 45; i++) await t.store.deleteEntity(`more${String(i).padStart(2, '0')}`, 'twelvefold');
  });

  it('lists the closest names on a 404, with their purge tags: react finds facebook/react', async () => {
    const res = await request(t.app).get('/entity/react');
    expect(res.status).toBe(404);
    const root = parseHtml(res.text);
    expect(textOf(query(root, 'h1')[0]!)).toBe('No entity called “react”');
    const hits = query(byId(root, 'search-results'), 'a', { class: 'result' }).map((a) => attr(a, 'href'));
    expect(hits).toContain('/?q=react&target=github/facebook/react#preview');
    expect(textOf(byId(root, 'results-status'))).toMatch(/^\d+ match(es)? for “react”/);
    // The matches show scores: a write to one of them must be able to purge this page.
    expect(res.headers['surrogate-key']).toContain(entityTag('github', 'facebook/react'));
  });

  it('offers the names one typo away on a 404 that search cannot help: facebook/reakt finds facebook/react', async () => {
    const res = await request(t.app).get('/entity/github/facebook/reakt');
    expect(res.status).toBe(404);
    const root = parseHtml(res.text);
    const hits = query(byId(root, 'search-results'), 'a', { class: 'result' }).map((a) => attr(a, 'href'));
    expect(hits).toContain('/?q=reakt&target=github/facebook/react#preview');
    expect(textOf(byId(root, 'results-status'))).toMatch(/^Nothing starts with “reakt”\. Did you mean .*one letter away\.$/);
    expect(res.headers['surrogate-key']).toContain(entityTag('github', 'facebook/react'));
    // The no-JavaScript search says the same.
    const search = parseHtml((await request(t.app).get('/?q=raect')).text);
    expect(query(byId(search, 'search-results'), 'a', { class: 'result' }).map((a) => attr(a, 'href'))).toContain('/?q=raect&target=github/facebook/react#preview');
  });

  it.each([
    ['/entity/%E0%A4%A', /not valid/],
    ['/entity/npm/a%01b', /^The target is not valid: target .*control/],
  ])('answers the invalid target %s with a 400 page that says what is wrong', async (path, reason) => {
    const root = await page(path, 400);
    expect(textOf(query(query(root, 'section', { class: 'notice' })[0]!, 'p')[0]!)).toMatch(reason);
  });

  it.each(['/entity/..', '/entity/'])('answers the invalid target %s with a 400 page', async (path) => {
    await page(path, 400);
  });

  it('resolves bare names and aliases like the JSON routes', async () => {
    expect(textOf(byId(await page('/entity/openrouter.ai'), 'entity-name'))).toBe('OpenRouter');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await request(t.app).head('/entity/web/OpenRouter');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it('compresses itself as the client accepts, under a strong ETag per coding, and answers a current copy with 304', async () => {
    const path = '/entity/web/OpenRouter';
    const plain = await request(t.app).get(path).set('Accept-Encoding', 'identity');
    const br = await request(t.app).get(path).set('Accept-Encoding', 'gzip, br');
    const gzip = await request(t.app).get(path).set('Accept-Encoding', 'gzip');
    expect([plain.headers['content-encoding'], br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual([undefined, 'br', 'gzip']);
    // supertest decodes: every coding carries the same page.
    expect(br.text).toBe(plain.text);
    expect(gzip.text).toBe(plain.text);
    for (const res of [plain, br, gzip]) {
      expect(res.headers.vary).toContain('Accept-Encoding');
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    }
    expect(new Set([plain.headers.etag, br.headers.etag, gzip.headers.etag]).size).toBe(3);
    expect(Number(br.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text) / 2);
    const again = await request(t.app).get(path).set('Accept-Encoding', 'gzip').set('If-None-Match', br.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    const notice = await request(t.app).get('/entity/npm/no-such-entity').set('If-None-Match', '*');
    expect(notice.status).toBe(404);
  });
});
