import request from 'supertest';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityTag, nameTag } from '../../src/services/purge-tag.js';
import { createTestApp } from '../helpers/test-app.js';
import { parseCacheControl } from '../helpers/headers.js';
import { parseSvg, svgText, titleOf } from '../helpers/svg.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());


describe('GET /badge/{target}.svg', () => {
  it('answers the contract example with its headers', async () => {
    const res = await request(t.app).get('/badge/openrouter.svg');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(titleOf(res)).toBe('trust: B · 74/100');
    const cc = parseCacheControl(res.headers['cache-control']);
    expect(cc.get('public')).toBe(true);
    expect(cc.get('max-age')).toBe('300');
    expect(cc.get('s-maxage')).toBe('3600');
    expect(cc.get('stale-while-revalidate')).toBe('86400');
    expect(cc.get('stale-if-error')).toBe('604800');
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(res.headers['last-modified']).toBe('Tue, 24 Mar 2026 00:00:00 GMT');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers['access-control-allow-origin']).toBe('*');
    // A bare name: tagged with the entity, the name (another entity may take it) and the catch-all.
    expect(res.headers['surrogate-key']!.split(' ')).toEqual(['all', nameTag('openrouter'), entityTag('web', 'OpenRouter')]);
    expect(res.headers['cache-tag']!.split(',')).toEqual(['all', nameTag('openrouter'), entityTag('web', 'OpenRouter')]);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
  });

  it('resolves qualified, bare, aliased and differently-cased targets to the same entity', async () => {
    const tags = await Promise.all(
      ['/badge/web/OpenRouter.svg', '/badge/WEB/openrouter', '/badge/openrouter.ai.svg', '/badge/OPENROUTER.svg'].map(
        async (path) => (await request(t.app).get(path)).headers['surrogate-key'],
      ),
    );
    // Every spelling carries the entity's tag; bare and aliased ones their name's tag as well.
    expect(tags.map((tag) => tag!.split(' '))).toEqual([
      ['all', entityTag('web', 'OpenRouter')],
      ['all', entityTag('web', 'OpenRouter')],
      ['all', nameTag('openrouter.ai'), entityTag('web', 'OpenRouter')],
      ['all', nameTag('openrouter'), entityTag('web', 'OpenRouter')],
    ]);
  });

  it('serves names with slashes, spaces and parentheses', async () => {
    const llava = await request(t.app).get('/badge/github/haotian-liu/LLaVA.svg');
    expect(titleOf(llava)).toBe('trust: B · 71/100');
    const chuck = await request(t.app).get('/badge/pulsemcp/ChuckNorris%20(L1B3RT4S%20Prompt%20Enhancer).svg');
    expect(titleOf(chuck)).toBe('trust: D · 46/100');
    const encodedSlash = await request(t.app).get('/badge/github/haotian-liu%2FLLaVA.svg');
    expect(titleOf(encodedSlash)).toBe('trust: B · 71/100');
  });

  it('answers an unknown entity with a grey 200 badge and a short cache', async () => {
    const res = await request(t.app).get('/badge/github/nobody/nothing.svg');
    expect(res.status).toBe(200);
    expect(titleOf(res)).toBe('trust: unknown');
    expect(parseCacheControl(res.headers['cache-control'])).toEqual(new Map<string, string | true>([['public', true], ['max-age', '60']]));
    expect(res.headers['last-modified']).toBeUndefined();
    expect(res.headers['surrogate-key']).toBe(`all unknown ${entityTag('github', 'nobody/nothing')}`);
  });

  it('never shows a score for an ambiguous bare name', async () => {
    const res = await request(t.app).get('/badge/sharp.svg');
    expect(res.status).toBe(200);
    expect(titleOf(res)).toBe('trust: ambiguous');
    expect(parseCacheControl(res.headers['cache-control']).get('max-age')).toBe('60');
    const npm = await request(t.app).get('/badge/npm/sharp.svg');
    const pypi = await request(t.app).get('/badge/pypi/sharp.svg');
    expect(titleOf(npm)).not.toBe(titleOf(pypi));
  });

  it.each([
    ['/badge/openrouter.svg?style=neon', 'trust: invalid style'],
    ['/badge/openrouter.svg?label=' + 'x'.repeat(500), 'trust: invalid label'],
    ['/badge/openrouter.png?scale=9', 'trust: invalid scale'],
    ['/badge/github/../etc/passwd.svg', 'trust: invalid target'],
    ['/badge/%E0%A4%A.svg', 'trust: invalid target'],
    ['/badge/' + 'a'.repeat(1000) + '.svg', 'trust: invalid target'],
    ['/badge/.svg', 'trust: invalid target'],
  ])('answers %s with a 400 badge saying what is wrong', async (path, title) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBe(400);
    const type = res.headers['content-type'] ?? '';
    expect(type).toMatch(/^image\//);
    if (type.startsWith('image/svg')) expect(titleOf(res)).toBe(title);
    else expect(PNG.sync.read(res.body).height).toBe(20);
  });

  it('makes one cache entry per kind of mistake, not per bad value', async () => {
    await request(t.app).get('/badge/openrouter.svg?style=a1');
    const before = t.cache.stats().entries;
    for (let i = 0; i < 20; i++) await request(t.app).get(`/badge/openrouter.svg?style=junk${i}&utm=${i}`);
    for (let i = 0; i < 20; i++) await request(t.app).get(`/badge/x/../${i}.svg`);
    expect(t.cache.stats().entries - before).toBeLessThanOrEqual(1);
  });

  it('ignores unknown parameters: no new cache entry, same bytes', async () => {
    const plain = await request(t.app).get('/badge/openrouter.svg');
    const before = t.cache.stats().entries;
    const busted = await request(t.app).get('/badge/openrouter.svg?cachebust=123&foo=bar');
    expect(busted.headers.etag).toBe(plain.headers.etag);
    expect(t.cache.stats().entries).toBe(before);
  });

  it('shares one render between entities that show the same badge', async () => {
    const a = await request(t.app).get('/badge/huggingface/LFM2-350M-Math.svg');
    const before = t.cache.stats();
    const b = await request(t.app).get('/badge/huggingface/XCOMET-XL.svg');
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(b.headers['surrogate-key']).not.toBe(a.headers['surrogate-key']);
    expect(t.cache.stats().hits).toBe(before.hits + 1);
  });

  it('renders the same entity differently for different parameters', async () => {
    const grade = await request(t.app).get('/badge/openrouter.svg?show=grade&label=');
    expect(titleOf(grade)).toBe('trust: B');
    const security = await request(t.app).get('/badge/openrouter.svg?metric=security&show=score');
    expect(titleOf(security)).toBe('security: 74/100');
    const missing = await request(t.app).get('/badge/github/haotian-liu/LLaVA.svg?metric=privacy');
    expect(titleOf(missing)).toBe('privacy: not rated');
  });
});

describe('revalidation', () => {
  it('answers 304 to a matching If-None-Match, with the validators and no body', async () => {
    const first = await request(t.app).get('/badge/openrouter.svg');
    const again = await request(t.app).get('/badge/openrouter.svg').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
    const list = await request(t.app).get('/badge/openrouter.svg').set('If-None-Match', `"nope", W/${first.headers.etag}`);
    expect(list.status).toBe(304);
  });

  it('matches the ETag of a compressed variant too', async () => {
    const br = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'br');
    expect(br.headers.etag).toMatch(/-br"$/);
    const again = await request(t.app).get('/badge/openrouter.svg').set('If-None-Match', br.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('answers 200 to a stale ETag, and If-None-Match wins over If-Modified-Since', async () => {
    const res = await request(t.app)
      .get('/badge/openrouter.svg')
      .set('If-None-Match', '"stale"')
      .set('If-Modified-Since', 'Wed, 01 Jan 2031 00:00:00 GMT');
    expect(res.status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after the update time, 200 before it', async () => {
    const same = await request(t.app).get('/badge/openrouter.svg').set('If-Modified-Since', 'Tue, 24 Mar 2026 00:00:00 GMT');
    expect(same.status).toBe(304);
    const before = await request(t.app).get('/badge/openrouter.svg').set('If-Modified-Since', 'Mon, 23 Mar 2026 23:59:59 GMT');
    expect(before.status).toBe(200);
    const junk = await request(t.app).get('/badge/openrouter.svg').set('If-Modified-Since', 'not a date');
    expect(junk.status).toBe(200);
  });

  it('never answers 304 to an unknown badge by date', async () => {
    const res = await request(t.app).get('/badge/nothing-here.svg').set('If-Modified-Since', 'Wed, 01 Jan 2031 00:00:00 GMT');
    expect(res.status).toBe(200);
  });
});

describe('compression', () => {
  it('serves brotli, gzip or identity by Accept-Encoding, with distinct ETags', async () => {
    const br = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'gzip, br');
    const gz = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'gzip, br;q=0');
    const id = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'identity');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(id.headers['content-encoding']).toBeUndefined();
    expect(svgText(br)).toBe(svgText(id));
    expect(svgText(gz)).toBe(svgText(id));
    expect(svgText(id)).toMatch(/^<svg /);
    expect(new Set([br.headers.etag, gz.headers.etag, id.headers.etag]).size).toBe(3);
    expect(Number(br.headers['content-length'])).toBeLessThan(Number(id.headers['content-length']));
  });

  it('leaves PNG uncompressed', async () => {
    const res = await request(t.app).get('/badge/openrouter.png').set('Accept-Encoding', 'gzip, br');
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /badge/{target}.png', () => {
  it('is the same badge rasterised, at the requested scale', async () => {
    const svg = parseSvg(svgText(await request(t.app).get('/badge/openrouter.svg')));
    const res = await request(t.app).get('/badge/openrouter.png?scale=2').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-security-policy']).toBeUndefined();
    const png = PNG.sync.read(res.body as Buffer);
    expect([png.width, png.height]).toEqual([svg.width * 2, svg.height * 2]);
  });
});

describe('HEAD', () => {
  it('answers like GET without a body', async () => {
    const get = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'identity');
    const head = await request(t.app).head('/badge/openrouter.svg').set('Accept-Encoding', 'identity');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.text ?? '').toBe('');
    expect((await request(t.app).head('/v1/preflight?target=openrouter')).status).toBe(200);
    expect((await request(t.app).head('/healthz')).status).toBe(200);
  });
});
