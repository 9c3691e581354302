// GET /card/{target}.png end to end on the seeded sample (with its year of history): a 1200×630 PNG
// with the badge's cache policy and the entity's purge tags, 304s, grey cards for what names no one
// entity, and a card that follows a write at once.

import { PNG } from 'pngjs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardImageUrl, CARD_SIZE } from '../../src/http/pages/share-meta.js';
import { entityTag, nameTag } from '../../src/services/purge-tag.js';
import { parseCacheControl } from '../helpers/headers.js';
import { createTestApp } from '../helpers/test-app.js';

const TOKEN = 'admin-token-0123456789abcdef';
const BASE = 'https://badges.example.org';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN: TOKEN, PUBLIC_URL: BASE }, [], { sampleHistory: true });
});
afterAll(async () => t.close());

const png = (res: request.Response): PNG => PNG.sync.read(res.body as Buffer);
/** The width and height the PNG's IHDR chunk declares (bytes 16–23, after the signature and chunk header). */
function ihdrSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}
const get = (path: string) => request(t.app).get(path).buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('GET /card/{target}.png', () => {
  it('is a 1200×630 PNG with the badge cache policy, a strong ETag, Last-Modified and the entity purge tags', async () => {
    const res = await get('/card/web/OpenRouter.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(ihdrSize(res.body as Buffer)).toEqual([CARD_SIZE.width, CARD_SIZE.height]);
    expect([png(res).width, png(res).height]).toEqual([1200, 630]);
    expect(res.headers['cache-control']).toBe(t.config.badgeCacheControl);
    expect(parseCacheControl(res.headers['cache-control']).get('public')).toBe(true);
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(new Date(res.headers['last-modified']!).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-24T00:00:00Z'));
    expect(res.headers['surrogate-key']!.split(' ')).toEqual(['all', entityTag('web', 'OpenRouter')]);
    expect(res.headers['cache-tag']!.split(',')).toEqual(['all', entityTag('web', 'OpenRouter')]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 304 to its ETag, and any target form with the same card', async () => {
    const first = await get('/card/web/OpenRouter.png');
    const again = await request(t.app).get('/card/web/OpenRouter.png').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(first.headers.etag);
    const bare = await get('/card/openrouter.png');
    expect(bare.status).toBe(200);
    expect(bare.headers.etag).toBe(first.headers.etag);
    expect(bare.headers['surrogate-key']!.split(' ')).toEqual(['all', nameTag('openrouter'), entityTag('web', 'OpenRouter')]);
  });

  it('answers from memory without another render', async () => {
    await get('/card/web/OpenRouter.png');
    const before = t.cache.stats().renders;
    await get('/card/web/OpenRouter.png');
    expect(t.cache.stats().renders).toBe(before);
  });

  it.each([
    ['/card/npm/no-such-package-anywhere.png', 404],
    ['/card/sharp.png', 409],
    ['/card/a%ZZ.png', 400],
    ['/card/x/../y.png', 400],
  ])('answers %s with a grey %i card, briefly cached', async (path, status) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('image/png');
    expect(ihdrSize(res.body as Buffer)).toEqual([1200, 630]);
    const image = png(res);
    // The top rule is the neutral grey, never a grade colour.
    const at = (image.width * 4 + 600) * 4;
    expect([image.data[at], image.data[at + 1], image.data[at + 2]]).toEqual([0x65, 0x6d, 0x76]);
    expect(parseCacheControl(res.headers['cache-control']).get('max-age')).toBe('60');
  });

  it('answers the og:image URL of a report page', async () => {
    const page = await request(t.app).get('/entity/openrouter');
    const image = /<meta property="og:image" content="([^"]+)">/.exec(page.text)?.[1];
    expect(image).toBe(cardImageUrl(BASE, { registry: 'web', name: 'OpenRouter' }));
    const res = await get(new URL(image!).pathname);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('shows a write at once: new bytes, and no 304 for the old ETag', async () => {
    const before = await get('/card/web/OpenRouter.png');
    const put = await request(t.app)
      .put('/v1/entities/web/OpenRouter')
      .set({ Authorization: `Bearer ${TOKEN}` })
      .send({ category: 'ai_tool', score: 91.2, dimensions: { security: 95 }, updated_at: '2026-11-20T00:00:00Z' });
    expect(put.status).toBe(200);
    const after = await request(t.app).get('/card/web/OpenRouter.png').set('If-None-Match', before.headers.etag!).buffer(true);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((after.body as Buffer).equals(before.body as Buffer)).toBe(false);
    expect(after.headers['last-modified']).toBe('Fri, 20 Nov 2026 00:00:00 GMT');
  });
});

describe('GET /card/{target}.png behind the badge miss limit', () => {
  it('spends nothing for a card in memory, and answers a refusal with an image', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '1', RATE_LIMIT_BURST: '0' });
    try {
      const get = (path: string) => request(limited.app).get(path);
      expect((await get('/card/web/OpenRouter.png')).status).toBe(200);
      expect((await get('/card/web/OpenRouter.png')).status).toBe(200);
      const refused = await get('/card/npm/event-stream.png');
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toBe('image/png');
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
