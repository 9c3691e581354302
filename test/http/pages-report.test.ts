// The report page's sections on sample entities — the answer, findings, the D/F warning, how the
// score is made, alternatives, FAQ and its JSON-LD, canonical and share meta — and /methodology
// drawn from the configured scale. Each figure is checked against the JSON report, not copied.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/domain/entity.js';
import { parseCacheControl } from '../helpers/headers.js';
import { createTestApp } from '../helpers/test-app.js';
import { attr, byId, classesOf, parseHtml, query, textOf, type El } from './pages-dom.js';

const BASE = 'https://badges.example.org';
const OPENROUTER = '/entity/web/OpenRouter';
const LLAVA = '/entity/github/haotian-liu/LLaVA';
const EVENT_STREAM = '/entity/npm/event-stream';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: BASE });
});
afterAll(async () => t.close());

async function page(path: string, app = t.app): Promise<El> {
  const res = await request(app).get(path);
  expect(res.status, path).toBe(200);
  return parseHtml(res.text);
}

const findings = (root: El): string[] => query(query(root, 'ul', { class: 'finding-list' })[0]!, 'li').map(textOf);
const meta = (root: El, key: string): string => {
  const found = [...query(root, 'meta', { attrs: { property: key } }), ...query(root, 'meta', { attrs: { name: key } })];
  expect(found, key).toHaveLength(1);
  return attr(found[0]!, 'content');
};
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('the answer first', () => {
  it.each([
    [OPENROUTER, 'Is OpenRouter safe?', 'verdict-yes', /^YES — 74\.0\/100 \(B\), meets the 70\+ trust threshold\.$/, 'recommended'],
    [LLAVA, 'Is haotian-liu/LLaVA safe?', 'verdict-yes', /^YES — 71\.3\/100 \(B\), meets the 70\+ trust threshold, but the score rests on little published evidence/, 'recommended'],
    ['/entity/github/modelcontextprotocol/servers', 'Is modelcontextprotocol/servers safe?', 'verdict-caution', /^WITH CAUTION — 68\.4\/100 \(C\), below the 70\+ trust threshold/, 'use_with_caution'],
    ['/entity/pypi/sharp', 'Is sharp safe?', 'verdict-no', /^NO — 44\.0\/100 \(D\)/, 'not_recommended'],
    [EVENT_STREAM, 'Is event-stream safe?', 'verdict-no', /^NO — 12\.3\/100 \(F\), the lowest grade/, 'not_recommended'],
  ])('%s asks and answers in one sentence, as its JSON recommends', async (path, question, kind, sentence, recommendation) => {
    const root = await page(path);
    expect(textOf(query(root, 'h1')[0]!)).toBe(question);
    const verdict = byId(root, 'verdict');
    expect(classesOf(verdict)).toContain(kind);
    expect(textOf(verdict)).toMatch(sentence);
    const { body: report } = await request(t.app).get(path.replace(/^\/entity\//, '/v1/entities/'));
    expect(report.recommendation).toBe(recommendation);
  });
});

describe('key findings and the warning', () => {
  it('OpenRouter: strongest and weakest with scores, those below the threshold, verified because of the score', async () => {
    const root = await page(OPENROUTER);
    const { body: report } = await request(t.app).get('/v1/entities/web/OpenRouter');
    const scores = Object.values(report.dimensions as Record<string, number>);
    const list = findings(root);
    expect(list).toContain(`Strongest: reliability and popularity, ${Math.max(...scores)}/100 (A).`);
    expect(list).toContain(`Weakest: transparency, ${Math.min(...scores)}/100 (D).`);
    expect(list).toContain('Below the trust threshold of 70: transparency (50) and maintenance (60).');
    expect(list).toContain('All 6 dimensions are rated.');
    expect(list.some((f) => f.startsWith('Verified because the overall score, 74.0, is at or above 70'))).toBe(true);
    expect(query(root, 'section', { class: 'warning' })).toEqual([]);
  });

  it('LLaVA: every dimension unrated, said plainly, and what that leaves of "verified"', async () => {
    const root = await page(LLAVA);
    const list = findings(root);
    expect(list[0]).toMatch(/^None of the 6 dimensions is rated/);
    expect(list.find((f) => f.startsWith('Verified'))).toMatch(/rests on little published evidence/);
    expect(list.some((f) => /^(Strongest|Weakest)/.test(f))).toBe(false);
    expect(query(root, 'section', { class: 'warning' })).toEqual([]);
  });

  it('event-stream (F): a warning panel, the best dimension named as still failing, and no badge button', async () => {
    const root = await page(EVENT_STREAM);
    const warning = byId(root, 'warning');
    expect(classesOf(warning)).toContain('warning');
    expect(warning.attrs.role).toBeUndefined();
    expect(textOf(query(warning, 'h2')[0]!)).toMatch(/Warning: event-stream is rated F$/);
    expect(textOf(warning)).toContain('security 4/100');
    // The warning comes before the findings.
    const sections = query(root, 'section').map((s) => s.attrs.id ?? attr(s, 'aria-labelledby'));
    expect(sections.indexOf('warning')).toBeLessThan(sections.indexOf('findings-heading'));
    const list = findings(root);
    expect(list).toContain('Even the best-rated dimension, maintenance, scores only 10/100 (F).');
    expect(list).toContain('Weakest: security, 4/100 (F).');
    expect(list.find((f) => f.startsWith('Not rated:'))).toMatch(/^Not rated: privacy, reliability, transparency and popularity \(4 of 6\)/);
    // The builder stays reachable, but as a quiet link, not a button.
    expect(query(root, 'a', { class: 'button' })).toEqual([]);
    expect(query(root, 'a', { class: 'quiet-link', attrs: { href: '/?target=npm/event-stream#preview' } })).toHaveLength(1);
  });

  it('a D gets the warning too, with its badge button demoted', async () => {
    const root = await page('/entity/pypi/sharp');
    expect(textOf(query(byId(root, 'warning'), 'h2')[0]!)).toMatch(/rated D$/);
    expect(classesOf(query(root, 'a', { class: 'button', attrs: { href: '/?target=pypi/sharp#preview' } })[0]!)).toContain('secondary');
  });
});

describe('how the score is made', () => {
  it('OpenRouter: equal weights, and the gap between the published score and the dimension mean said plainly', async () => {
    const root = await page(OPENROUTER);
    const { body: report } = await request(t.app).get('/v1/entities/web/OpenRouter');
    const rows = query(query(root, 'table', { class: 'weights' })[0]!, 'tr').slice(1);
    expect(rows.map((r) => attr(r, 'data-dimension'))).toEqual([...DIMENSIONS]);
    for (const row of rows) expect(textOf(query(row, 'td')[1]!)).toBe('16.7%');
    const dims = report.dimensions as Record<string, number>;
    const all = mean(Object.values(dims));
    const withoutPopularity = mean(Object.entries(dims).filter(([d]) => d !== 'popularity').map(([, v]) => v));
    const note = textOf(byId(root, 'score-versus-mean'));
    expect(note).toContain(`average ${all.toFixed(1)} (${withoutPopularity.toFixed(1)} leaving out popularity`);
    expect(note).toContain(`the published score, 74.0, is ${(74 - all).toFixed(1)} points higher`);
    expect([all.toFixed(1), withoutPopularity.toFixed(1)]).toEqual(['71.3', '68.6']);
  });

  it('shows the scale and threshold in force, last reviewed, and links to the methodology', async () => {
    const root = await page(OPENROUTER);
    const scale = query(root, 'table', { class: 'grade-scale' })[0]!;
    expect(query(scale, 'tr').slice(1).map((r) => `${attr(r, 'data-grade')} ${textOf(query(r, 'td')[0]!)}`)).toEqual([
      'A 80 – 100', 'B 70 – below 80', 'C 60 – below 70', 'D 40 – below 60', 'F 0 – below 40',
    ]);
    const section = query(root, 'section', { class: 'how-made' })[0]!;
    expect(attr(query(section, 'time')[0]!, 'datetime')).toBe('2026-03-24T00:00:00Z');
    expect(query(section, 'a', { attrs: { href: '/methodology' } })).toHaveLength(1);
    const { body: report } = await request(t.app).get('/v1/entities/web/OpenRouter');
    const version = byId(root, 'data-version');
    expect(textOf(query(version, 'dd')[0]!)).toMatch(new RegExp(`^Catalogue import ${report.data_version.version}, `));
    expect(attr(query(version, 'time')[0]!, 'datetime')).toBe(report.data_version.imported_at);
  });

  it('LLaVA: no weights to give, and nothing backing the score', async () => {
    const root = await page(LLAVA);
    const rows = query(query(root, 'table', { class: 'weights' })[0]!, 'tr').slice(1);
    expect(rows.map((r) => [...query(r, 'th'), ...query(r, 'td')].map(textOf).join(' | '))).toEqual(DIMENSIONS.map((d) => `${d[0]!.toUpperCase()}${d.slice(1)} | not rated | none`));
    expect(textOf(byId(root, 'score-versus-mean'))).toMatch(/^No dimension is rated/);
  });

  it('follows a configured scale', async () => {
    const custom = await createTestApp({ GRADE_THRESHOLDS: 'A=90,B=75,C=60,D=45', TRUST_THRESHOLD: '75' });
    try {
      const root = await page(OPENROUTER, custom.app);
      expect(textOf(byId(root, 'verdict'))).toMatch(/^WITH CAUTION — 74\.0\/100 \(C\), below the 75\+ trust threshold/);
      const rows = query(query(root, 'table', { class: 'grade-scale' })[0]!, 'tr').slice(1);
      expect(rows.map((r) => textOf(query(r, 'td')[0]!))).toEqual(['90 – 100', '75 – below 90', '60 – below 75', '45 – below 60', '0 – below 45']);
    } finally {
      await custom.close();
    }
  });
});

describe('alternatives', () => {
  it('give score, grade and registry as text beside each badge, linking to their reports', async () => {
    const root = await page(OPENROUTER);
    const { body: report } = await request(t.app).get('/v1/entities/web/OpenRouter');
    const rows = query(query(root, 'table', { class: 'alternatives' })[0]!, 'tr').slice(1);
    expect(rows).toHaveLength(report.alternatives.length);
    for (const [i, row] of rows.entries()) {
      const alt = report.alternatives[i] as { registry: string; score: number; grade: string; target: string };
      expect(attr(query(row, 'a')[0]!, 'href')).toBe(`/entity/${alt.target}`);
      expect(textOf(query(row, 'td', { class: 'alt-registry' })[0]!)).toBe(alt.registry);
      expect(textOf(query(row, 'td', { class: 'alt-score' })[0]!)).toBe(`grade ${alt.grade} ${alt.score.toFixed(1)}/100`);
    }
  });
});

describe('FAQ, JSON-LD and disclaimer', () => {
  it('holds 3 to 5 visible questions, the same as a schema.org FAQPage', async () => {
    for (const path of [OPENROUTER, LLAVA, EVENT_STREAM]) {
      const root = await page(path);
      const faq = query(root, 'div', { class: 'faq-item' });
      const visible = faq.map((item) => ({ q: textOf(query(item, 'h3')[0]!), a: textOf(query(item, 'p')[0]!) }));
      expect(visible.length).toBeGreaterThanOrEqual(3);
      expect(visible.length).toBeLessThanOrEqual(5);
      const blocks = query(root, 'script', { attrs: { type: 'application/ld+json' } });
      expect(blocks).toHaveLength(1);
      const data = JSON.parse(textOf(blocks[0]!));
      expect([data['@context'], data['@type']]).toEqual(['https://schema.org', 'FAQPage']);
      const structured = (data.mainEntity as { '@type': string; name: string; acceptedAnswer: { '@type': string; text: string } }[]).map((q) => {
        expect([q['@type'], q.acceptedAnswer['@type']]).toEqual(['Question', 'Answer']);
        return { q: q.name, a: q.acceptedAnswer.text };
      });
      expect(structured).toEqual(visible);
      expect(textOf(byId(root, 'disclaimer'))).toMatch(/not endorsements, audits or guarantees/);
    }
  });

  it('answers from the data: what the grade means, verified, when reviewed, how to embed', async () => {
    const root = await page(LLAVA);
    const answers = query(root, 'div', { class: 'faq-item' }).map(textOf);
    const { body: report } = await request(t.app).get('/v1/entities/github/haotian-liu/LLaVA');
    expect(answers[0]).toContain('grade B on this service\'s scale: A ≥ 80, B ≥ 70, C ≥ 60, D ≥ 40, F below 40');
    expect(answers[1]).toMatch(/^Is haotian-liu\/LLaVA verified\? Yes\..*None of its 6 dimensions is rated/);
    expect(answers[2]).toContain('last reviewed on 11 February 2026');
    expect(answers[3]).toContain(report.badge.markdown);
  });
});

describe('head: canonical link and share meta', () => {
  it.each(['/entity/openrouter', '/entity/openrouter.ai', '/entity/web/OpenRouter', '/entity/WEB/openrouter'])('%s names one canonical URL', async (path) => {
    const root = await page(path);
    const canonical = query(root, 'link', { attrs: { rel: 'canonical' } });
    expect(canonical).toHaveLength(1);
    expect(attr(canonical[0]!, 'href')).toBe(`${BASE}/entity/web/OpenRouter`);
    expect(meta(root, 'og:url')).toBe(`${BASE}/entity/web/OpenRouter`);
  });

  it('carries Open Graph and Twitter meta with the card image', async () => {
    const root = await page('/entity/openrouter');
    expect(meta(root, 'og:type')).toBe('website');
    expect(meta(root, 'og:title')).toMatch(/^Is OpenRouter safe\? B · 74\.0\/100/);
    expect(meta(root, 'og:description')).toBe(textOf(byId(root, 'verdict')));
    expect(meta(root, 'og:image')).toBe(`${BASE}/card/web/OpenRouter.png`);
    expect(meta(root, 'twitter:card')).toBe('summary_large_image');
    expect(meta(root, 'twitter:image')).toBe(meta(root, 'og:image'));
    expect(new URL(meta(root, 'og:image')).pathname).toBe('/card/web/OpenRouter.png');
  });

  it('uses the request origin when PUBLIC_URL is not set, and encodes names with slashes per segment', async () => {
    const local = await createTestApp();
    try {
      const res = await request(local.app).get('/entity/llava').set('Host', 'trust.test:8080');
      const root = parseHtml(res.text);
      expect(attr(query(root, 'link', { attrs: { rel: 'canonical' } })[0]!, 'href')).toBe('http://trust.test:8080/entity/github/haotian-liu/LLaVA');
      expect(meta(root, 'og:image')).toBe('http://trust.test:8080/card/github/haotian-liu/LLaVA.png');
    } finally {
      await local.close();
    }
  });
});

describe('links', () => {
  it('lead to the methodology, the JSON and the API docs', async () => {
    const root = await page(OPENROUTER);
    const hrefs = query(root, 'a').map((a) => attr(a, 'href'));
    expect(hrefs).toEqual(expect.arrayContaining(['/methodology', '/v1/entities/web/OpenRouter', '/docs/api']));
    const json = await request(t.app).get('/v1/entities/web/OpenRouter');
    expect(json.status).toBe(200);
  });
});

describe('GET /methodology', () => {
  it('explains dimensions, grades, not rated and change, cached like other pages', async () => {
    const res = await request(t.app).get('/methodology');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(parseCacheControl(res.headers['cache-control']).get('max-age')).toBe('60');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const root = parseHtml(res.text);
    expect(textOf(query(root, 'h1')[0]!)).toBe('How trust scores are made');
    expect(query(root, 'dl', { class: 'dimension-list' }).flatMap((dl) => query(dl, 'dt').map(textOf))).toEqual(DIMENSIONS.map((d) => `${d[0]!.toUpperCase()}${d.slice(1)}`));
    const text = textOf(root);
    expect(text).toContain('not rated');
    expect(text).toContain('one point per entity per day');
    expect(text).toMatch(/re-imported/);
    expect(textOf(byId(root, 'trust-threshold'))).toBe('70');
  });

  it('shows the grade scale and threshold in force from the configuration', async () => {
    const custom = await createTestApp({ GRADE_THRESHOLDS: 'A=90,B=75,C=60,D=45', TRUST_THRESHOLD: '65' });
    try {
      const root = await page('/methodology', custom.app);
      expect(textOf(byId(root, 'trust-threshold'))).toBe('65');
      const rows = query(query(root, 'table', { class: 'grade-scale' })[0]!, 'tr').slice(1);
      expect(rows.map((r) => query(r, 'td').map(textOf).join(' | '))).toEqual([
        '90 – 100 | yes', '75 – below 90 | yes', '60 – below 75 | from 65', '45 – below 60 | no', '0 – below 45 | no',
      ]);
    } finally {
      await custom.close();
    }
  });

  it('is linked from the builder and every report', async () => {
    for (const path of ['/', OPENROUTER, LLAVA, EVENT_STREAM]) {
      const root = await page(path);
      expect(query(root, 'a', { attrs: { href: '/methodology' } }).length, path).toBeGreaterThan(0);
    }
  });
});
