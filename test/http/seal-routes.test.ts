// Vendor seals through the real app: issuing (bad bodies change nothing), binding to origins and
// subdomain wildcards, the Referer's hostile forms, expiry, revocation (final, whatever races it),
// a score drop turning the seal grey, tickets for pages that send no Referer, and the verify page.

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealAnswer, SealTicket } from '../../src/schema/seal-schemas.js';
import { SEAL_CACHE_CONTROL } from '../../src/http/routes/seal-routes.js';
import { sealTag } from '../../src/services/seal-links.js';
import { parseSvg } from '../helpers/svg.js';
import { createTestApp, FIXED_NOW } from '../helpers/test-app.js';
import { parseHtml, textOf, query } from './pages-dom.js';

const BASE = 'https://badges.example.org';
const TOKEN = 'secret-token-for-seal-tests';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('vendor seals', () => {
  let t: TestApp;
  let clock = FIXED_NOW;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: BASE, ADMIN_TOKEN: TOKEN }, [], { now: () => clock });
  });
  afterAll(() => t.close());

  const issue = (body: unknown) => request(t.app).post('/v1/seals').set(ADMIN).type('json').send(JSON.stringify(body));
  const issued = async (body: Record<string, unknown> = {}): Promise<SealAnswer> => {
    const res = await issue({ target: 'web/OpenRouter', vendor: 'Acme Ltd', origins: ['https://acme.example'], ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as SealAnswer;
  };
  const seal = async (id: string, headers: Record<string, string> = {}, query = '') => {
    const res = await request(t.app).get(`/seal/${id}.svg${query}`).set(headers).buffer(true).parse(binary);
    return { res, state: res.headers['x-seal-state'], title: parseSvg((res.body as Buffer).toString('utf8')).title };
  };
  const fromPage = (url: string) => ({ Referer: url });

  it('issues a seal bound to its origins, with links, snippets and a purge tag; only with the admin token', async () => {
    const made = await issued({ origins: ['https://Acme.example:443/', 'https://*.acme.example', 'https://acme.example'] });
    expect(made.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(made).toMatchObject({
      entity: { registry: 'web', name: 'OpenRouter' }, vendor: 'Acme Ltd', standing: 'active', expires_at: null, revoked_at: null,
      origins: ['https://acme.example', 'https://*.acme.example'],
      image: { svg: `${BASE}/seal/${made.id}.svg`, png: `${BASE}/seal/${made.id}.png` },
      verify_url: `${BASE}/verify/${made.id}`, purge_tag: sealTag(made.id),
    });
    expect(made.snippets.html).toBe(`<a href="${BASE}/verify/${made.id}"><img src="${BASE}/seal/${made.id}.svg" alt="OpenRouter: trust seal of Acme Ltd, verified by trustbadge" width="${/width="(\d+)"/.exec(made.snippets.html)![1]}" height="${/height="(\d+)"/.exec(made.snippets.html)![1]}"></a>`);
    expect(made.snippets.script).toContain(`${BASE}/v1/seals/${made.id}/ticket`);
    const read = await request(t.app).get(`/v1/seals/${made.id}`).set(ADMIN);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(made);
    expect((await request(t.app).get(`/v1/seals/${made.id}`)).status).toBe(401);
    expect((await request(t.app).post('/v1/seals').type('json').send('{}')).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"target":', 'body'],
    ['a repeated key', '{"target":"web/OpenRouter","target":"x","vendor":"A","origins":["https://a.example"]}', 'target'],
    ['no origins', { target: 'web/OpenRouter', vendor: 'A', origins: [] }, 'origins'],
    ['a path', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://a.example/shop'] }, 'origins.0'],
    ['credentials', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://me:pw@a.example'] }, 'origins.0'],
    ['another scheme', { target: 'web/OpenRouter', vendor: 'A', origins: ['ftp://a.example'] }, 'origins.0'],
    ['a wildcard over a public suffix', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://*.github.io'] }, 'origins.0'],
    ['a wildcard inside a label', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://shop*.a.example'] }, 'origins.0'],
    ['an invisible character in the vendor', { target: 'web/OpenRouter', vendor: 'Ac\u200bme', origins: ['https://a.example'] }, 'vendor'],
    ['an expiry in the past', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://a.example'], expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
    ['an unknown field', { target: 'web/OpenRouter', vendor: 'A', origins: ['https://a.example'], grade: 'A' }, 'body'],
  ])('refuses %s with a problem naming the field', async (_, body, field) => {
    const sent = await request(t.app).post('/v1/seals').set(ADMIN).type('json').send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(sent.status).toBe(400);
    expect(sent.body.code).toBe('invalid_seal');
    expect((sent.body.errors as { name: string }[]).map((e) => e.name).join(' ')).toContain(field === 'body' ? '' : field);
    expect(sent.headers.location).toBeUndefined();
  });

  it('answers an unknown or ambiguous target as the report does, and issues nothing', async () => {
    expect((await issue({ target: 'npm/no-such-package', vendor: 'A', origins: ['https://a.example'] })).body.code).toBe('not_found');
    expect((await issue({ target: 'not a target\u0000', vendor: 'A', origins: ['https://a.example'] })).body.code).toBe('invalid_target');
    const ambiguous = await issue({ target: 'sharp', vendor: 'A', origins: ['https://a.example'] });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.candidates.length).toBeGreaterThan(1);
  });

  it('shows the grade only to pages on its origins; a subdomain wildcard covers subdomains, not the apex', async () => {
    const { id } = await issued({ origins: ['https://acme.example', 'https://*.shop.example'] });
    const valid = await seal(id, fromPage('https://acme.example/pricing?x=1'));
    expect(valid.res.status).toBe(200);
    expect(valid.state).toBe('valid');
    expect(valid.title).toMatch(/^OpenRouter: trust grade B, 74\.0\/100, verified by trustbadge for Acme Ltd on acme\.example, 2026-11-24$/);
    expect((await seal(id, fromPage('https://eu.shop.example/'))).state).toBe('valid');
    expect((await seal(id, fromPage('https://a.b.shop.example/'))).state).toBe('valid');
    for (const page of ['https://shop.example/', 'https://evil.example/', 'http://acme.example/', 'https://acme.example:8443/', 'https://acme.example.evil.example/', 'https://evilshop.example/']) {
      const grey = await seal(id, fromPage(page));
      expect(grey.state, page).toBe('foreign');
      expect(grey.title).toContain('not valid here (valid only on acme.example +1)');
      expect(grey.title).not.toMatch(/grade|74/);
    }
  });

  it('greys out without a Referer, and for a Referer with credentials, another scheme or no URL at all', async () => {
    const { id } = await issued();
    const none = await seal(id);
    expect(none.state).toBe('foreign');
    expect(none.title).toContain('valid only on acme.example');
    for (const referer of ['https://user:pw@acme.example/', 'file:///acme.example/index.html', 'data:text/html,acme.example', 'chrome-extension://acme.example/', 'null', 'acme.example', '']) {
      expect((await seal(id, { Referer: referer })).state, referer).toBe('foreign');
    }
  });

  it('no Referer, however written, ever gets the grade but one on the seal\'s origins', async () => {
    const { id } = await issued({ origins: ['https://acme.example'] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), async (referer) => {
        const { state } = await seal(id, { Referer: referer });
        const origin = URL.canParse(referer) ? new URL(referer) : null;
        const ours = origin !== null && origin.protocol === 'https:' && origin.hostname === 'acme.example' && origin.port === '' && origin.username === '' && origin.password === '';
        expect(state).toBe(ours ? 'valid' : 'foreign');
      }),
      { numRuns: 60 },
    );
  });

  it('caches only privately, revalidated on every use, its ETag naming the picture', async () => {
    const { id } = await issued();
    const valid = await seal(id, fromPage('https://acme.example/'));
    expect(valid.res.headers['cache-control']).toBe(SEAL_CACHE_CONTROL);
    expect(valid.res.headers.vary).toContain('Referer');
    expect(valid.res.headers['surrogate-key']).toBeUndefined();
    const again = await request(t.app).get(`/seal/${id}.svg`).set({ Referer: 'https://acme.example/', 'If-None-Match': valid.res.headers.etag! });
    expect(again.status).toBe(304);
    // The same validator from another page is not current: that page gets its own grey picture.
    const elsewhere = await request(t.app).get(`/seal/${id}.svg`).set({ Referer: 'https://evil.example/', 'If-None-Match': valid.res.headers.etag! });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.etag).not.toBe(valid.res.headers.etag);
  });

  it('expires: grey from its expiry on, on its own origins too', async () => {
    const { id } = await issued({ expires_at: '2026-12-01T00:00:00+01:00' });
    expect((await request(t.app).get(`/v1/seals/${id}`).set(ADMIN)).body.expires_at).toBe('2026-11-30T23:00:00Z');
    expect((await seal(id, fromPage('https://acme.example/'))).state).toBe('valid');
    clock = new Date('2026-11-30T23:00:00Z');
    try {
      const expired = await seal(id, fromPage('https://acme.example/'));
      expect(expired.state).toBe('expired');
      expect(expired.title).toContain('expired 2026-11-30');
      expect((await request(t.app).get(`/v1/seals/${id}`).set(ADMIN)).body.standing).toBe('expired');
    } finally {
      clock = FIXED_NOW;
    }
  });

  it('revokes for good: grey everywhere, no patch brings it back, a second revocation keeps the first time', async () => {
    const { id } = await issued();
    const revoked = await request(t.app).delete(`/v1/seals/${id}`).set(ADMIN);
    expect(revoked.status).toBe(204);
    expect(revoked.headers['x-purge-tag']).toBe(sealTag(id));
    expect((await seal(id, fromPage('https://acme.example/'))).state).toBe('revoked');
    const patch = await request(t.app).patch(`/v1/seals/${id}`).set(ADMIN).type('application/merge-patch+json').send('{"vendor":"Acme again"}');
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('seal_revoked');
    expect((await request(t.app).delete(`/v1/seals/${id}`).set(ADMIN)).status).toBe(204);
    expect((await request(t.app).get(`/v1/seals/${id}`).set(ADMIN)).body).toMatchObject({ standing: 'revoked', revoked_at: '2026-11-24T12:00:00Z', vendor: 'Acme Ltd' });
  });

  it('changes origins, vendor and expiry by merge patch, at once for the image', async () => {
    const { id } = await issued();
    const patched = await request(t.app).patch(`/v1/seals/${id}`).set(ADMIN).type('application/merge-patch+json')
      .send(JSON.stringify({ origins: ['https://acme.example', 'https://acme.example.org'], expires_at: '2027-01-01T00:00:00Z' }));
    expect(patched.status).toBe(200);
    expect(patched.headers['x-purge-tag']).toBe(sealTag(id));
    expect(patched.body).toMatchObject({ origins: ['https://acme.example', 'https://acme.example.org'], expires_at: '2027-01-01T00:00:00Z', vendor: 'Acme Ltd' });
    expect((await seal(id, fromPage('https://acme.example.org/'))).state).toBe('valid');
    const cleared = await request(t.app).patch(`/v1/seals/${id}`).set(ADMIN).type('application/merge-patch+json').send('{"expires_at":null,"origins":["https://acme.example.org"]}');
    expect(cleared.body).toMatchObject({ expires_at: null });
    expect((await seal(id, fromPage('https://acme.example/'))).state).toBe('foreign');
    for (const body of ['{}', '{"origins":["javascript:alert(1)"]}', '{"id":"x"}']) {
      const refused = await request(t.app).patch(`/v1/seals/${id}`).set(ADMIN).type('application/merge-patch+json').send(body);
      expect(refused.status, body).toBe(400);
    }
    expect((await request(t.app).get(`/v1/seals/${id}`).set(ADMIN)).body.origins).toEqual(['https://acme.example.org']);
  });

  it('greys out when the entity drops below the trust threshold, and shows the grade again when it recovers', async () => {
    const { id } = await issued({ target: 'web/OpenRouter' });
    const put = (score: number) =>
      request(t.app).put('/v1/entities/web/OpenRouter').set(ADMIN).type('json')
        .send(JSON.stringify({ category: 'ai_tool', score, dimensions: {}, aliases: ['openrouter.ai'], updated_at: '2026-11-24T12:00:00Z' }));
    expect((await put(64)).status).toBe(200);
    const grey = await seal(id, fromPage('https://acme.example/'));
    expect(grey.state).toBe('below_threshold');
    expect(grey.title).not.toMatch(/64|grade/);
    expect((await put(81)).status).toBe(200);
    const back = await seal(id, fromPage('https://acme.example/'));
    expect(back.title).toContain('trust grade A, 81.0/100');
    await put(74);
  });

  it('answers unknown and malformed ids with a grey 404 picture, and bad parameters with a grey 400', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', '%00', 'A'.repeat(500)]) {
      const res = await seal(id);
      expect(res.res.status, id).toBe(404);
      expect(res.title).toBe('trust seal: unknown seal');
    }
    const { id } = await issued();
    const bad = await seal(id, fromPage('https://acme.example/'), '?size=huge');
    expect(bad.res.status).toBe(400);
    expect(bad.title).toMatch(/^trust seal: invalid request \(size: /);
    const png = await request(t.app).get(`/seal/${id}.png?size=small&theme=dark`).set(fromPage('https://acme.example/')).buffer(true).parse(binary);
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
  });

  it('signs a ticket for the page\'s Origin: good on that origin without a Referer, never carried to another', async () => {
    const { id } = await issued();
    const asked = await request(t.app).get(`/v1/seals/${id}/ticket`).set({ Origin: 'https://acme.example' });
    expect(asked.status).toBe(200);
    expect(asked.headers['cache-control']).toBe('no-store');
    expect(asked.headers['access-control-allow-origin']).toBe('*');
    const ticket = asked.body as SealTicket;
    const path = new URL(ticket.svg).pathname + new URL(ticket.svg).search;
    const get = async (headers: Record<string, string>) => (await request(t.app).get(path).set(headers)).headers['x-seal-state'];
    expect(await get({})).toBe('valid');
    expect(await get({ Referer: 'https://acme.example/' })).toBe('valid');
    expect(await get({ Referer: 'https://evil.example/' })).toBe('foreign');
    // A ticket for another seal, a forged one, or one for a foreign page proves nothing.
    const other = await issued();
    expect((await request(t.app).get(`/seal/${other.id}.svg${new URL(ticket.svg).search}`)).headers['x-seal-state']).toBe('foreign');
    expect((await request(t.app).get(`/seal/${id}.svg?ticket=${ticket.svg.split('ticket=')[1]!.slice(0, -4)}AAAA`)).headers['x-seal-state']).toBe('foreign');
    const foreign = (await request(t.app).get(`/v1/seals/${id}/ticket`).set({ Origin: 'https://evil.example' })).body as SealTicket;
    expect((await request(t.app).get(new URL(foreign.svg).pathname + new URL(foreign.svg).search)).headers['x-seal-state']).toBe('foreign');
    // Five minutes on, the ticket has run out.
    clock = new Date(FIXED_NOW.getTime() + 301_000);
    try {
      expect(await get({})).toBe('foreign');
    } finally {
      clock = FIXED_NOW;
    }
    expect((await request(t.app).get(`/v1/seals/${id}/ticket`)).status).toBe(400);
    expect((await request(t.app).get(`/v1/seals/${id}/ticket`).set({ Origin: 'null' })).status).toBe(400);
    expect((await request(t.app).get('/v1/seals/AAAAAAAAAAAAAAAAAAAAAA/ticket').set({ Origin: 'https://acme.example' })).status).toBe(404);
  });

  it('verify page: the status in words, the vendor, domains, dates, grade and trend; 404 for an unknown seal', async () => {
    const { id } = await issued({ expires_at: '2027-06-01T00:00:00Z' });
    const page = await request(t.app).get(`/verify/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers['surrogate-key']).toContain(sealTag(id));
    const doc = parseHtml(page.text);
    const main = textOf(query(doc, 'main')[0]!);
    expect(main).toContain('Valid.');
    expect(main).toContain('OpenRouter scores 74.0 (B), meeting the trust threshold of 70');
    expect(main).toContain('Acme Ltd');
    expect(main).toContain('https://acme.example');
    expect(main).toMatch(/Expires\s*1 June 2027|Expires\s*2027-06-01|Expires\s*Jun/);
    expect(main).toContain('badges.example.org');
    await request(t.app).delete(`/v1/seals/${id}`).set(ADMIN);
    const revoked = textOf(query(parseHtml((await request(t.app).get(`/verify/${id}`)).text), 'main')[0]!);
    expect(revoked).toContain('Not valid.');
    expect(revoked).toContain('revoked on');
    // A name with characters a URL escapes: the page reads the report of exactly that entity.
    const scoped = await issued({ target: 'npm/@types/node' });
    const scopedPage = textOf(query(parseHtml((await request(t.app).get(`/verify/${scoped.id}`)).text), 'main')[0]!);
    expect(scopedPage).toMatch(/Grade now ?A · 82\.7 \/ 100, verified/);
    const unknown = await request(t.app).get('/verify/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(textOf(query(parseHtml(unknown.text), 'main')[0]!)).toContain('Not valid.');
  });

  it('builder: ?seal= shows the seal\'s standing and both snippets; an unknown id says so; a plain GET form', async () => {
    const made = await issued();
    const page = await request(t.app).get(`/?seal=${made.id}`);
    expect(page.status).toBe(200);
    expect(page.headers['surrogate-key']).toContain(sealTag(made.id));
    const doc = parseHtml(page.text);
    const panel = textOf(query(doc, 'section', { attrs: { id: 'seal-builder' } })[0]!);
    expect(panel).toContain('Acme Ltd for web/OpenRouter. Active: it shows OpenRouter\'s grade on https://acme.example');
    const snippets = query(doc, 'textarea').map((el) => textOf(el));
    expect(snippets).toContain(made.snippets.html);
    expect(page.text).toContain('ticket');
    expect(query(doc, 'form', { attrs: { method: 'get' } }).length).toBeGreaterThan(0);
    const unknown = await request(t.app).get('/?seal=nope%3Cscript%3E');
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('No seal has the id <code>nope&lt;script&gt;</code>');
  });
});

describe('seal images before Express', () => {
  it('answers from memory without spending the budget; what needs a render or a read goes through the miss limit', async () => {
    const t = await createTestApp({ PUBLIC_URL: BASE, ADMIN_TOKEN: TOKEN, RATE_LIMIT_MISSES_PER_MINUTE: '2', RATE_LIMIT_BURST: '0' });
    try {
      const made = await request(t.app).post('/v1/seals').set(ADMIN).type('json')
        .send(JSON.stringify({ target: 'web/OpenRouter', vendor: 'Acme Ltd', origins: ['https://acme.example'] }));
      const id = (made.body as SealAnswer).id;
      const look = (query = '') => request(t.app).get(`/seal/${id}.svg${query}`).set({ Referer: 'https://acme.example/' });
      // The first draws the picture: a miss, through Express, charged (its RateLimit fields say so).
      const first = await look();
      expect(first.status).toBe(200);
      expect(first.headers.ratelimit).toBeDefined();
      // The same picture again and again: from memory, never charged, never refused.
      for (let i = 0; i < 10; i++) {
        const again = await look();
        expect(again.status).toBe(200);
        expect(again.headers['x-seal-state']).toBe('valid');
        expect(again.headers.ratelimit).toBeUndefined();
      }
      // New pictures cost a render each: the second spends the last point, the third is refused.
      expect((await look('?size=small')).status).toBe(200);
      const refused = await look('?theme=dark');
      expect(refused.status).toBe(429);
      // A query the front door cannot read goes to Express too: a repeated parameter.
      expect((await look('?size=small&size=large')).status).toBe(429);
      // What memory holds still answers.
      expect((await look('?size=small')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
