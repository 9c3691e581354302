// A render that throws is answered with an image, never JSON or a stack trace: the grey
// `unavailable` badge with 503, Retry-After and no-store (so a CDN serves its stale copy), or,
// when even that cannot be drawn, a fixed last-resort picture. Logged once per badge, counted always.

import { PNG } from 'pngjs';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { BadgeSpec } from '../../src/domain/badge-spec.js';
import { createApp } from '../../src/app.js';
import { createBadgeRenderer, type RenderBadge } from '../../src/render/render-badge.js';
import { parseCacheControl } from '../helpers/headers.js';
import { parseSvg, svgText } from '../helpers/svg.js';
import { withServer, type ServedApp } from '../helpers/listen.js';
import { FIXED_NOW, openSeededStore, tempDir, testFonts } from '../helpers/test-app.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function appRendering(renderBadge: RenderBadge) {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const dir = tempDir();
  const store = await openSeededStore(dir.path);
  const app = withServer(createApp({ config: loadConfig({ LOG_LEVEL: 'info', RATE_LIMIT_MISSES_PER_MINUTE: '0' }), store, fonts: testFonts(), logger, now: () => FIXED_NOW, renderBadge }), loadConfig({ LOG_LEVEL: 'info', RATE_LIMIT_MISSES_PER_MINUTE: '0' }));
  closers.push(async () => {
    app.close();
    await store.close();
    dir.remove();
  });
  const errors = () => lines.filter((line) => line.level >= 50);
  return { app, errors };
}

const real = createBadgeRenderer(testFonts());
const failWhen = (fails: (spec: BadgeSpec) => boolean): RenderBadge => async (spec) => {
  if (fails(spec)) throw new Error('renderer exploded at /work/secret/path.ts:12:3');
  return real(spec);
};
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

function expectUnstoredFailure(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('30');
  expect(parseCacheControl(res.headers['cache-control'])).toEqual(new Map([['no-store', true]]));
  expect(res.headers['content-type']).toMatch(/^image\//);
}

describe('a render that throws', () => {
  it('is answered with the unavailable badge, logged once per badge and counted every time', async () => {
    const { app, errors } = await appRendering(failWhen((spec) => spec.label === 'boom'));
    for (let i = 0; i < 4; i++) {
      const res = await request(app.server).get('/badge/openrouter.svg?label=boom');
      expectUnstoredFailure(res);
      expect(parseSvg(svgText(res)).title).toBe('trust: unavailable');
      expect(svgText(res)).not.toContain('exploded');
    }
    const png = await request(app.server).get('/badge/openrouter.png?label=boom&scale=2').buffer(true).parse(binary);
    expectUnstoredFailure(png);
    expect(PNG.sync.read(png.body as Buffer).height).toBeGreaterThan(0);

    expect(errors().filter((line) => /badge render failed/.test(line.msg))).toHaveLength(2);
    expect(errors().filter((line) => /request failed/.test(line.msg))).toHaveLength(0);
    const metrics = (await request(app.server).get('/metrics')).text;
    expect(metrics).toMatch(/^trustbadge_render_failures_total\{format="svg"\} 4$/m);
    expect(metrics).toMatch(/^trustbadge_render_failures_total\{format="png"\} 1$/m);

    // Other badges, and the hot path, are untouched; the failure was never remembered as an answer.
    expect((await request(app.server).get('/badge/openrouter.svg')).status).toBe(200);
    expect(app.hotPath.stats().entries).toBe(1);
  });

  it('falls back to a fixed picture when nothing can be drawn at all, still logged once per badge', async () => {
    const { app, errors } = await appRendering(failWhen(() => true));
    for (let i = 0; i < 3; i++) {
      const res = await request(app.server).get('/badge/openrouter.svg');
      expectUnstoredFailure(res);
      expect(parseSvg(svgText(res)).title).toBe('badge: unavailable');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-\d+$/);
    }
    const png = await request(app.server).get('/badge/openrouter.png').buffer(true).parse(binary);
    expectUnstoredFailure(png);
    const image = PNG.sync.read(png.body as Buffer);
    expect([image.width, image.height]).toEqual([90, 20]);
    const head = await request(app.server).head('/badge/nobody.svg');
    expectUnstoredFailure(head);

    // One line per visual key, not per request: the SVG and PNG badges asked for, the `unavailable`
    // SVG and PNG that also failed, and the `unknown` SVG (its fallback was already reported).
    const logged = errors();
    expect(logged.every((line) => /badge render failed/.test(line.msg))).toBe(true);
    expect(logged).toHaveLength(5);
    // JSON routes do not render: they still answer.
    expect((await request(app.server).get('/v1/preflight?target=openrouter')).status).toBe(200);
  });
});
