// The API's conventions, as a developer meets them: RFC 9457 problem details for every JSON error,
// strong ETags and 304s on JSON answers, and a shields endpoint that shields draws right.

import { makeBadge } from 'badge-maker';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AA_MIN_RATIO, contrastRatio } from '../../src/domain/contrast.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { createTestApp } from '../helpers/test-app.js';

const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };

describe('errors are RFC 9457 problem details', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests' });
  });
  afterAll(() => t.close());

  const problemOf = async (res: request.Response) => {
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const body = res.body as Record<string, unknown>;
    expect(body.status).toBe(res.status);
    expect(body.title).toBe(ERROR_CODES[body.code as keyof typeof ERROR_CODES].text);
    expect(body.type).toBe(`http://${res.request.url.split('/')[2]}/docs/api#problem-${String(body.code)}`);
    expect(body.instance).toBe(`urn:trustbadge:request:${res.headers['x-request-id']}`);
    expect(typeof body.detail).toBe('string');
    return body;
  };

  it('names the query parameter at fault, and ignores unknown ones', async () => {
    const body = await problemOf(await request(t.app).get('/v1/search?q=open&limit=99&utm_source=x'));
    expect(body).toMatchObject({ code: 'invalid_query', errors: [{ in: 'query', name: 'limit', detail: 'limit must be a whole number from 1 to 20' }] });
    expect((await request(t.app).get('/v1/search?q=open&utm_source=x')).status).toBe(200);
  });

  it('names a target in the query or in the path, with the rule it broke', async () => {
    const inQuery = await problemOf(await request(t.app).get('/v1/preflight?target=a%00b'));
    expect(inQuery).toMatchObject({ code: 'invalid_target', problem: 'bad-character', errors: [{ in: 'query', name: 'target' }] });
    const inPath = await problemOf(await request(t.app).get('/v1/entities/web/..'));
    expect(inPath).toMatchObject({ code: 'invalid_target', problem: 'bad-segment', errors: [{ in: 'path', name: 'target' }] });
    const badEscape = await problemOf(await request(t.app).get('/v1/embed/%E0%A4%A'));
    expect(badEscape).toMatchObject({ code: 'invalid_target', errors: [{ in: 'path', name: 'target', detail: 'target is not valid percent-encoding' }] });
    const twice = await problemOf(await request(t.app).get('/v1/preflight?target=a&target=b'));
    expect(twice).toMatchObject({ errors: [{ in: 'query', name: 'target', detail: 'target may be given once' }] });
  });

  it('names a badge parameter of /v1/embed', async () => {
    const body = await problemOf(await request(t.app).get('/v1/embed/web/OpenRouter?style=round'));
    expect(body).toMatchObject({ code: 'invalid_parameter', errors: [{ in: 'query', name: 'style' }] });
  });

  it('lists every field of a bad PUT body', async () => {
    const res = await request(t.app).put('/v1/entities/npm/left-pad').set(ADMIN).type('json').send({ category: 'library', score: 101, scroe: 1 });
    const body = await problemOf(res);
    expect(body.code).toBe('invalid_entity');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', name: 'score', detail: 'must be a number from 0 to 100' },
        { in: 'body', name: 'scroe', detail: 'is not a known field' },
      ]),
    );
  });

  it('answers unknown, ambiguous, unknown routes and refused tokens alike', async () => {
    expect(await problemOf(await request(t.app).get('/v1/preflight?target=npm/no-such-thing'))).toMatchObject({ code: 'not_found' });
    expect(await problemOf(await request(t.app).get('/v1/preflight?target=sharp'))).toMatchObject({ code: 'ambiguous', candidates: [{ target: 'npm/sharp' }, { target: 'pypi/sharp' }] });
    expect(await problemOf(await request(t.app).get('/v2/nothing'))).toMatchObject({ code: 'route_not_found', status: 404 });
    expect(await problemOf(await request(t.app).delete('/v1/entities/npm/sharp'))).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('keeps answering images on image routes', async () => {
    const res = await request(t.app).get('/badge/web/OpenRouter.svg?style=round');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('has a section on the docs page for every problem type', async () => {
    const page = await request(t.app).get('/docs/api');
    expect(page.status).toBe(200);
    for (const code of Object.keys(ERROR_CODES)) expect(page.text, code).toContain(`id="problem-${code}"`);
  });
});

describe('JSON answers are conditional: strong ETags and 304s', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    // One origin for every request (supertest listens on a new port each time, and links name the host).
    t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests', PUBLIC_URL: 'https://badges.example.org' });
  });
  afterAll(() => t.close());

  const PATHS = ['/v1/entities/web/OpenRouter', '/v1/preflight?target=openrouter', '/v1/search?q=sharp', '/v1/embed/npm/sharp?style=flat-square', '/v1/shields/npm/sharp.json'];

  it.each(PATHS)('%s: a strong ETag, 304 to it, with the caching and purge headers of the 200', async (path) => {
    const first = await request(t.app).get(path);
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await request(t.app).get(path).set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    for (const name of ['etag', 'cache-control', 'surrogate-key']) expect(again.headers[name], name).toBe(first.headers[name]);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=/);
  });

  it('names each content coding by its own ETag, and a copy validated under one coding is current under all', async () => {
    const plain = await request(t.app).get('/v1/entities/web/OpenRouter').set('Accept-Encoding', 'identity');
    const gzip = await request(t.app).get('/v1/entities/web/OpenRouter').set('Accept-Encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toBe('Accept-Encoding');
    expect(gzip.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-gz"`);
    expect(gzip.body).toEqual(plain.body);
    const crossed = await request(t.app).get('/v1/entities/web/OpenRouter').set('Accept-Encoding', 'br').set('If-None-Match', String(plain.headers.etag));
    expect(crossed.status).toBe(304);
  });

  it('stops matching once a write changes the answer', async () => {
    const before = await request(t.app).get('/v1/entities/npm/sharp');
    const put = await request(t.app).put('/v1/entities/npm/sharp').set(ADMIN).type('json').send({ category: 'library', score: 41.5 });
    expect(put.status).toBe(200);
    const after = await request(t.app).get('/v1/entities/npm/sharp').set('If-None-Match', String(before.headers.etag));
    expect(after.status).toBe(200);
    expect(after.body.score).toBe(41.5);
  });
});

/** shields' endpoint rules (shields.io/badges/endpoint-badge): what its endpoint service accepts. */
const ShieldsEndpointRules = z.object({
  schemaVersion: z.literal(1),
  label: z.string(),
  message: z.string().min(1),
  color: z.string().optional(),
  labelColor: z.string().optional(),
  isError: z.boolean().optional(),
  cacheSeconds: z.int().min(0).optional(),
});

describe('the shields endpoint draws right', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The body, held to shields' rules and drawn by shields' own badge-maker; every colour reaches AA under white text. */
  const shields = async (path: string) => {
    const res = await request(t.app).get(path);
    expect(res.status, path).toBe(200);
    const body = ShieldsEndpointRules.parse(res.body);
    expect(body.color, 'a hex colour').toMatch(/^[0-9a-f]{6}$/);
    expect(contrastRatio(`#${body.color}`, '#ffffff')).toBeGreaterThanOrEqual(AA_MIN_RATIO);
    const svg = makeBadge({ label: body.label, message: body.message, color: body.color! });
    expect(svg).toContain(`fill="#${body.color}"`);
    const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    expect(svg).toContain(`<title>${body.label === '' ? '' : `${escaped(body.label)}: `}${escaped(body.message)}</title>`);
    return body;
  };

  it('shows the grade and score of a found entity, in its grade colour', async () => {
    expect(await shields('/v1/shields/npm/sharp.json')).toEqual({ schemaVersion: 1, label: 'trust', message: 'B · 78', color: '4d7c0f', cacheSeconds: 300 });
  });

  it('applies metric, show and label as /badge does', async () => {
    const security = await shields('/v1/shields/pypi/sharp.json?metric=security');
    expect(security).toMatchObject({ label: 'security', message: 'D · 50' });
    expect(await shields('/v1/shields/pypi/sharp.json?metric=security&show=grade&label=sec')).toMatchObject({ label: 'sec', message: 'D' });
    expect(await shields('/v1/shields/npm/sharp.json?show=score&label=')).toMatchObject({ label: '', message: '78' });
    expect(await shields('/v1/shields/pypi/sharp.json?metric=privacy')).toMatchObject({ label: 'privacy', message: 'n/a' });
  });

  it('answers unknown and ambiguous with isError in an AA grey', async () => {
    expect(await shields('/v1/shields/npm/no-such-package.json')).toMatchObject({ message: 'unknown', isError: true, color: '656d76' });
    expect(await shields('/v1/shields/sharp.json')).toMatchObject({ message: 'ambiguous', isError: true, color: '656d76' });
  });

  it('answers an invalid target or parameter with 200, isError and a message naming what is wrong', async () => {
    expect((await shields('/v1/shields/a%00b.json')).message).toMatch(/^target must not contain invisible or control characters/);
    expect((await shields('/v1/shields/web/...json')).message).toMatch(/^target must not/);
    expect((await shields('/v1/shields/%E0%A4%A.json')).message).toBe('target is not valid percent-encoding');
    expect(await shields('/v1/shields/npm/sharp.json?metric=vibes')).toMatchObject({ isError: true, message: expect.stringMatching(/^metric must be one of trust, security/) });
  });

  it('answers found badges from memory: shields asking for all its users never meets the rate limit', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '0' });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await request(limited.app).get('/v1/shields/npm/sharp.json?metric=security');
        expect(res.status).toBe(200);
        expect(res.body.message).toBe('B · 76');
      }
    } finally {
      await limited.close();
    }
  });
});
