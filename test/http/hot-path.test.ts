import { once } from 'node:events';
import { connect } from 'node:net';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenTestApp } from '../helpers/listen.js';
import { createTestApp, holdableRenderer, makeEntity } from '../helpers/test-app.js';
import { svgText, titleOf } from '../helpers/svg.js';
import { createRawClient } from '../fuzz/raw-http.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const get = (path: string) => request(t.app).get(path).set('Accept-Encoding', 'identity');

/**
 * Headers a request produces on its own: its id and date differ per request by design, and only an
 * answer that read the store or rendered spends the miss budget and says so (RateLimit fields).
 */
function stableHeaders(res: request.Response): Record<string, unknown> {
  const { 'x-request-id': _id, date: _date, connection: _c, 'keep-alive': _k, ratelimit: _r, 'ratelimit-policy': _p, ...rest } = res.headers;
  return rest;
}

describe('hot path', () => {
  it('answers a repeated badge request from memory with the same status, headers and bytes', async () => {
    const first = await get('/badge/openrouter.svg');
    expect(t.hotPath.stats().hits).toBe(0);
    const second = await get('/badge/openrouter.svg');
    expect(t.hotPath.stats().hits).toBe(1);
    expect(second.status).toBe(first.status);
    expect(stableHeaders(second)).toEqual(stableHeaders(first));
    expect(svgText(second)).toBe(svgText(first));
    expect([first.headers['ratelimit'] !== undefined, second.headers['ratelimit'] !== undefined]).toEqual([true, false]);
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    expect(second.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const offered = await get('/badge/openrouter.svg').set('X-Request-Id', 'trace-42');
    expect(offered.headers['x-request-id']).toBe('trace-42');
  });

  it('keys every spelling of one request together, and no junk parameter adds an entry', async () => {
    await get('/badge/openrouter.svg?style=flat');
    for (const path of ['/badge/OpenRouter.svg?style=flat&utm=1', '/badge/%6Fpenrouter.svg?x=2&style=flat', '/badge/OPENROUTER.svg?style=flat&y=3']) {
      await get(path);
    }
    expect(t.hotPath.stats()).toMatchObject({ hits: 3, entries: 1 });
  });

  it('answers conditional requests and HEAD like Express does', async () => {
    const first = await get('/badge/openrouter.svg');
    const notModified = await get('/badge/openrouter.svg').set('If-None-Match', first.headers.etag!);
    expect(notModified.status).toBe(304);
    const head = await request(t.app).head('/badge/openrouter.svg').set('Accept-Encoding', 'identity');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
    // Each content coding is its own entry: the first brotli request goes through Express.
    const br = await request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(t.hotPath.stats()).toMatchObject({ hits: 2, entries: 2 });
  });

  it('serves each content coding as asked, whichever path prepared it first', async () => {
    const raw = (coding: string) => request(t.app).get('/badge/openrouter.svg').set('Accept-Encoding', coding).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const viaExpress = await raw('br');
    // identity and gzip are new to it (Express answers them first); br and the identity of q=0 are hits.
    const answers = [await raw('identity'), await raw('gzip'), await raw('br'), await raw('gzip;q=0, br;q=0')];
    expect(t.hotPath.stats()).toMatchObject({ hits: 2, entries: 3 });
    expect([viaExpress, ...answers].map((res) => res.headers['content-encoding'] ?? 'identity')).toEqual(['br', 'identity', 'gzip', 'br', 'identity']);
    expect(answers[2]!.body).toEqual(viaExpress.body);
    expect(answers[3]!.body).toEqual(answers[0]!.body);
    // supertest decodes gzip itself: the same SVG, sent in fewer bytes.
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(Number(answers[1]!.headers['content-length'])).toBeLessThan(Number(answers[0]!.headers['content-length']));
    expect(answers[1]!.headers.etag).not.toBe(answers[0]!.headers.etag);
  });

  it('sends exactly one X-Request-Id with every answer, whichever route writes it', async () => {
    const off = await createTestApp({ HOT_PATH_ENTRIES: '0' });
    const servers = await Promise.all([t, off].map((app) => listenTestApp(app)));
    try {
      const [on, without] = servers.map((server) => createRawClient(server.port));
      const answers = [
        await on!.send('GET', '/badge/openrouter.svg'), // Express, then remembered
        await on!.send('GET', '/badge/openrouter.svg'), // the hot path
        await on!.send('HEAD', '/badge/openrouter.svg?label=x'),
        await on!.send('GET', '/badge/nobody-at-all.svg'), // unknown: Express every time
        await on!.send('GET', 'http://localhost/badge/openrouter.svg?label=y'), // absolute form: id set before Express, an invalid badge
        await on!.send('POST', '/badge/openrouter.svg'), // not a badge request: a JSON 404
        await on!.send('GET', '/healthz'),
        await without!.send('GET', '/badge/openrouter.svg'),
        await on!.send('GET', '/badge/openrouter.svg', { 'X-Request-Id': 'trace-7' }),
      ];
      // node's client joins a repeated header with ", ": one id means no comma.
      for (const answer of answers.slice(0, -1)) expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-\d+$/);
      expect(answers.at(-1)!.headers['x-request-id']).toBe('trace-7');
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 400, 404, 200, 200, 200]);
    } finally {
      for (const server of servers) await server.close();
      await off.close();
    }
  });

  it('puts the same bytes on a kept-alive connection as Express did, but for the id and date', async () => {
    const server = await listenTestApp(t);
    const socket = connect(server.port, '127.0.0.1');
    try {
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      /** One request on the shared connection; its raw answer, once its whole body has come. */
      const ask = async (encoding: string): Promise<string> => {
        received.length = 0;
        socket.write(`GET /badge/openrouter.svg?style=flat HTTP/1.1\r\nHost: x\r\nAccept-Encoding: ${encoding}\r\n\r\n`);
        for (;;) {
          await once(socket, 'data');
          const text = Buffer.concat(received).toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          const length = Number(/\r\nContent-Length: (\d+)/.exec(text)?.[1] ?? NaN);
          if (end >= 0 && text.length >= end + 4 + length) return text;
        }
      };
      const own = (text: string) => text.replace(/\r\nX-Request-Id: [^\r]*/, '').replace(/\r\nDate: [^\r]*/, '').replace(/\r\nRateLimit(-Policy)?: [^\r]*/g, '');
      for (const encoding of ['identity', 'br']) {
        const hits = t.hotPath.stats().hits;
        const answers = [await ask(encoding), await ask(encoding), await ask(encoding)];
        // The first of each coding is Express's answer, the next two the hot path's.
        expect(t.hotPath.stats().hits - hits).toBe(2);
        expect(answers[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\nX-Request-Id: [0-9a-f]{8}-\d+\r\nDate: [^\r]+\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n/);
        expect(answers.map(own)).toEqual([own(answers[0]!), own(answers[0]!), own(answers[0]!)]);
      }
    } finally {
      socket.destroy();
      await server.close();
    }
  });

  it('is off, and holds nothing, with HOT_PATH_ENTRIES=0', async () => {
    const off = await createTestApp({ HOT_PATH_ENTRIES: '0' });
    try {
      for (const label of ['a', 'b', 'a']) {
        const res = await request(off.app).get(`/badge/openrouter.svg?label=${label}`).set('Accept-Encoding', 'identity');
        expect(res.status).toBe(200);
        expect(titleOf(res)).toContain(label);
      }
      expect(off.hotPath.stats()).toMatchObject({ hits: 0, entries: 0, bytes: 0 });
    } finally {
      await off.close();
    }
  });

  it('counts its answers in the metrics', async () => {
    for (let i = 0; i < 3; i++) await get('/badge/openrouter.svg');
    const metrics = await request(t.app).get('/metrics');
    expect(metrics.text).toMatch(/^trustbadge_http_requests_total\{route="badge",status="200"\} 3$/m);
  });

  it('keeps unknown, ambiguous and invalid answers out of memory', async () => {
    for (const path of ['/badge/nothing.svg', '/badge/sharp.svg', '/badge/openrouter.svg?style=x']) {
      await get(path);
      await get(path);
    }
    expect(t.hotPath.stats()).toMatchObject({ hits: 0, entries: 0, bytes: 0 });
  });

  it('shows a new score as soon as the store has it', async () => {
    expect(titleOf(await get('/badge/npm/sharp.svg'))).toMatch(/^trust: B/);
    await get('/badge/npm/sharp.svg');
    expect(t.hotPath.stats().hits).toBe(1);
    await t.store.writeEntities([makeEntity({ registry: 'npm', name: 'sharp', score: 31.4 })]);
    expect(titleOf(await get('/badge/npm/sharp.svg'))).toBe('trust: F · 31/100');
  });

  it('never keeps a score for a bare name that has become ambiguous', async () => {
    expect(titleOf(await get('/badge/openrouter.svg'))).toBe('trust: B · 74/100');
    await get('/badge/openrouter.svg');
    await t.store.writeEntities([makeEntity({ registry: 'npm', name: 'some-client', aliases: ['OpenRouter'] })]);
    expect(titleOf(await get('/badge/openrouter.svg'))).toBe('trust: ambiguous');
  });

  it('forgets a deleted entity', async () => {
    await get('/badge/npm/sharp.svg');
    await t.store.deleteEntity('npm', 'sharp');
    expect(titleOf(await get('/badge/npm/sharp.svg'))).toBe('trust: unknown');
  });

  it('leaves everything that is not a known badge to Express', async () => {
    await get('/badge/openrouter.svg');
    expect((await request(t.app).post('/badge/openrouter.svg')).status).toBe(404);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    expect(t.hotPath.stats().hits).toBe(0);
  });
});

describe('hot path and new registries', () => {
  it('reads a slashed bare name afresh once a registry of its first segment appears', async () => {
    await t.store.writeEntities([makeEntity({ registry: 'github', name: 'acme/widget', score: 85 })]);
    expect(titleOf(await get('/badge/acme/widget.svg'))).toBe('trust: A · 85/100');
    await get('/badge/acme/widget.svg');
    expect(t.hotPath.stats().hits).toBe(1);
    await t.store.writeEntities([makeEntity({ registry: 'acme', name: 'widget', score: 12 })]);
    expect(titleOf(await get('/badge/acme/widget.svg'))).toBe('trust: F · 12/100');
  });
});

// Regression (a race): a badge still being drawn when a write lands must not show, nor let anything
// keep, what the write replaced. Its renders are held until the write is acknowledged, so the race
// happens every time; the answer is then worked out again, from the store as the write left it.
describe('hot path and writes that land while a badge is drawn', () => {
  const TOKEN = 'hot-path-admin-token-0123456789';
  const auth = { Authorization: `Bearer ${TOKEN}` };
  type TestApp = Awaited<ReturnType<typeof createTestApp>>;

  async function raceOneWrite(path: string, write: (app: TestApp) => Promise<number>) {
    const renderer = holdableRenderer();
    const app = await createTestApp({ ADMIN_TOKEN: TOKEN }, [], { renderBadge: renderer.render });
    try {
      renderer.hold();
      const drawing = request(app.app).get(path).set('Accept-Encoding', 'identity').then((res) => res);
      while (renderer.waiting() === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      const writeStatus = await write(app);
      renderer.release();
      const overtaken = await drawing;
      const after = await request(app.app).get(path).set('Accept-Encoding', 'identity');
      return { writeStatus, overtaken, after, hits: app.hotPath.stats().hits };
    } finally {
      await app.close();
    }
  }

  it('a bare name that a PUT makes ambiguous, as first reported (PNG, scale 4)', async () => {
    const path = '/badge/openrouter.png?scale=4&style=for-the-badge&label=nat7';
    const race = await raceOneWrite(path, async (app) =>
      (await request(app.app).put('/v1/entities/npm/openrouter').set(auth).send({ category: 'library', score: 12 })).status,
    );
    expect(race.writeStatus).toBe(201);
    // Both the badge in flight and the next one are the ambiguous badge (tagged `unknown`), never B · 74.
    for (const res of [race.overtaken, race.after]) {
      expect(res.status).toBe(200);
      expect(res.headers['surrogate-key']!.split(' ')).toContain('unknown');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.body).toEqual(race.after.body);
    }
    expect(race.hits).toBe(0);
  });

  it.each([
    ['a PUT makes the bare name ambiguous', '/badge/openrouter.svg?label=nat7', 'nat7: ambiguous',
      (app: TestApp) => request(app.app).put('/v1/entities/npm/openrouter').set(auth).send({ category: 'library', score: 12 })],
    ['a DELETE removes the entity', '/badge/github/BurntSushi/ripgrep.svg?style=social', 'trust: unknown',
      (app: TestApp) => request(app.app).delete('/v1/entities/github/BurntSushi/ripgrep').set(auth)],
    ['a PUT rescores the entity', '/badge/web/OpenRouter.svg?theme=dark', 'trust: F · 12/100',
      (app: TestApp) => request(app.app).put('/v1/entities/web/OpenRouter').set(auth).send({ category: 'ai_tool', score: 12 })],
  ])('%s: the badge in flight shows the new answer, and so does the next', async (_what, path, title, write) => {
    const race = await raceOneWrite(path, async (app) => (await write(app)).status);
    expect([200, 201, 204]).toContain(race.writeStatus);
    expect(titleOf(race.overtaken)).toBe(title);
    expect(race.overtaken.headers['cache-control']).not.toBe('no-store');
    expect(titleOf(race.after)).toBe(title);
  });
});
