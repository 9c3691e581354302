import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityTag, nameTag } from '../../src/services/purge-tag.js';
import { createTestApp } from '../helpers/test-app.js';
import { parseCacheControl } from '../helpers/headers.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://badges.example.org' });
});
afterAll(async () => t.close());

describe('GET /v1/preflight', () => {
  it('answers the contract report for OpenRouter', async () => {
    const res = await request(t.app).get('/v1/preflight?target=OpenRouter');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      target: 'OpenRouter',
      entity: {
        registry: 'web', name: 'OpenRouter', category: 'ai_tool',
        description: 'Unified API for accessing multiple AI models from different providers.', author: null, source_url: null,
      },
      score: 74, grade: 'B', verified: true, recommendation: 'recommended',
      dimensions: { security: 74, privacy: 74, reliability: 85, transparency: 50, maintenance: 60, popularity: 85 },
      updated_at: '2026-03-24T00:00:00Z',
    });
    // The entity, its bare name, and each alternative whose score the report shows.
    const alternatives = (res.body.alternatives as { registry: string; name: string }[]).map((alt) => entityTag(alt.registry, alt.name));
    expect(alternatives.length).toBeGreaterThan(0);
    expect(res.headers['surrogate-key']!.split(' ')).toEqual(['all', nameTag('openrouter'), entityTag('web', 'OpenRouter'), ...alternatives]);
    expect(parseCacheControl(res.headers['cache-control']).get('public')).toBe(true);
  });

  it('lists alternatives from the same category, best first, never the entity itself', async () => {
    const { body } = await request(t.app).get('/v1/preflight?target=OpenRouter');
    const alternatives = body.alternatives as { registry: string; name: string; score: number; grade: string }[];
    expect(alternatives.length).toBeGreaterThan(1);
    expect(alternatives.some((a) => a.name === 'haotian-liu/LLaVA' && a.grade === 'B' && a.score === 71.3)).toBe(true);
    expect(alternatives.some((a) => a.name === 'OpenRouter')).toBe(false);
    const scores = alternatives.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const alternative of alternatives) {
      const { body: report } = await request(t.app).get(`/v1/entities/${alternative.registry}/${alternative.name}`);
      expect(report.entity.category).toBe('ai_tool');
    }
  });

  it('gives badge URLs and snippets from PUBLIC_URL, percent-encoded', async () => {
    const { body } = await request(t.app).get('/v1/preflight?target=pulsemcp/ChuckNorris (L1B3RT4S Prompt Enhancer)');
    expect(body.badge.svg).toBe('https://badges.example.org/badge/pulsemcp/ChuckNorris%20%28L1B3RT4S%20Prompt%20Enhancer%29.svg');
    expect(body.badge.markdown).toBe(`[![trust: D · 46/100](${body.badge.svg})](${body.badge.report})`);
    expect(body.badge.html).toContain(`<img src="${body.badge.svg}" alt="trust: D · 46/100"`);
    const svg = await request(t.app).get(new URL(body.badge.svg).pathname);
    expect(svg.status).toBe(200);
    expect(svg.headers['surrogate-key']).toBe(`all ${entityTag('pulsemcp', 'ChuckNorris (L1B3RT4S Prompt Enhancer)')}`);
  });

  it('grades the sample catalogue per the contract scale', async () => {
    const cases: [string, string, boolean][] = [
      ['huggingface/wan22_i2v_14b_orbit_shot_lora', 'D', false],
      ['github/haotian-liu/LLaVA', 'B', true],
      ['pulsemcp/ChuckNorris (L1B3RT4S Prompt Enhancer)', 'D', false],
    ];
    for (const [target, grade, verified] of cases) {
      const { body } = await request(t.app).get('/v1/preflight').query({ target });
      expect([body.grade, body.verified]).toEqual([grade, verified]);
    }
  });

  it('answers 404 for an unknown entity and 409 with candidates for an ambiguous name', async () => {
    const unknown = await request(t.app).get('/v1/preflight?target=github/nobody/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'not_found', status: 404, title: 'No entity matches this target.' });
    const ambiguous = await request(t.app).get('/v1/preflight?target=sharp');
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ambiguous.body.code).toBe('ambiguous');
    expect(ambiguous.body.candidates.map((c: { target: string }) => c.target)).toEqual(['npm/sharp', 'pypi/sharp']);
    expect(ambiguous.body).not.toHaveProperty('score');
  });

  it.each([
    ['/v1/preflight', 400],
    ['/v1/preflight?target=', 400],
    ['/v1/preflight?target=a&target=b', 400],
    ['/v1/preflight?target=..', 400],
    ['/v1/preflight?target=' + 'x'.repeat(1000), 400],
  ])('answers %s with %i and a JSON error', async (path, status) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('invalid_target');
    expect(res.body.errors).toEqual([{ in: 'query', name: 'target', detail: expect.any(String) }]);
  });
});

describe('GET /v1/entities/{target}', () => {
  it('is the same report, REST style', async () => {
    const rest = await request(t.app).get('/v1/entities/web/OpenRouter');
    const query = await request(t.app).get('/v1/preflight?target=web/OpenRouter');
    expect(rest.body).toEqual(query.body);
  });

  it('answers a bad escape with 400, never 500', async () => {
    const res = await request(t.app).get('/v1/entities/%E0%A4%A');
    expect(res.status).toBe(400);
  });
});

describe('GET /v1/shields/{target}.json', () => {
  it('answers a valid shields endpoint body', async () => {
    const res = await request(t.app).get('/v1/shields/openrouter.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ schemaVersion: 1, label: 'trust', message: 'B · 74', color: '4d7c0f', cacheSeconds: 300 });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers unknown and ambiguous as grey error bodies shields can draw (AA under white text)', async () => {
    for (const [target, message] of [['nothing-here', 'unknown'], ['sharp', 'ambiguous']]) {
      const res = await request(t.app).get(`/v1/shields/${target}.json`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ schemaVersion: 1, message, color: '656d76', isError: true });
      expect(parseCacheControl(res.headers['cache-control']).get('max-age')).toBe('60');
    }
  });
});

describe('system routes', () => {
  it('GET /healthz reports the store and the cache', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: { engine: 'sqlite', ok: true } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /metrics speaks Prometheus text with request and cache series', async () => {
    await request(t.app).get('/badge/openrouter.svg');
    const res = await request(t.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^trustbadge_http_requests_total\{route="badge",status="200"\} \d+$/m);
    expect(res.text).toMatch(/^trustbadge_badge_cache_bytes \d+$/m);
  });

  it('answers an unknown route with a JSON 404 that echoes nothing', async () => {
    const res = await request(t.app).get('/nope/<script>');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toEqual({
      type: 'https://badges.example.org/docs/api#problem-route_not_found',
      title: 'No such route.',
      status: 404,
      detail: 'No such route.',
      instance: `urn:trustbadge:request:${res.headers['x-request-id']}`,
      code: 'route_not_found',
    });
    expect(res.text).not.toMatch(/nope|script/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
