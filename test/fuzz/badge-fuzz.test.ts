// Property tests of the image routes against the real app (hot path, then Express): random
// targets, labels and parameter mixes never get a 5xx, every body is a safe SVG or a decodable
// PNG, the texts round-trip exactly, and the badge cache never exceeds its byte bound.

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, SHOWS, STYLES } from '../../src/domain/badge-options.js';
import { normalizeColor, THEMES } from '../../src/domain/palette.js';
import { createTestApp } from '../helpers/test-app.js';
import { fuzzOptions, fuzzTimeoutMs, listen } from './fuzz-settings.js';
import { badgeExtension, badgeQuery, encodedTarget, hostileText, STYLES_AND_JUNK, THEMES_AND_JUNK } from './generators.js';
import { checkImage } from './image-checks.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  // The smallest cache the config allows, so the runs fill it and evict; no rate limit: one client sends everything.
  t = await createTestApp({ CACHE_MAX_BYTES: '1MiB', HOT_PATH_ENTRIES: '64', RATE_LIMIT_MISSES_PER_MINUTE: '0' });
  server = await listen(t);
});
afterAll(async () => {
  server.close();
  await t.close();
});

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** GET with identity encoding; returns status, type and the SVG title (null for PNG), after the common checks. */
async function getBadge(path: string) {
  const res = await request(server).get(path).set('Accept-Encoding', 'identity').buffer(true).parse(binary);
  const type = res.headers['content-type'];
  expect(res.status, path).toBeLessThan(500);
  let title: string | null;
  try {
    title = checkImage(type, res.body as Buffer);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const { bytes, maxBytes } = t.cache.stats();
  expect(bytes, 'badge cache bytes').toBeLessThanOrEqual(maxBytes);
  return { status: res.status, type, title, headers: res.headers };
}

const SCORE_TITLE = /^trust: ([A-D]|F) · \d{1,3}\/100$/;

describe('badge routes under random input', () => {
  it('answer any target with an image and never a 5xx', { timeout: fuzzTimeoutMs(1500) }, async () => {
    const seen = { found: 0, unknown: 0, ambiguous: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(encodedTarget, badgeExtension, async (target, extension) => {
        const { status, title } = await getBadge(`/badge/${target}${extension}`);
        expect([200, 400]).toContain(status);
        if (title === null) return;
        if (status === 400) expect(title).toBe('trust: invalid target');
        else expect(['trust: unknown', 'trust: ambiguous'].includes(title) || SCORE_TITLE.test(title), title).toBe(true);
        seen[status === 400 ? 'invalid' : title === 'trust: unknown' ? 'unknown' : title === 'trust: ambiguous' ? 'ambiguous' : 'found']++;
      }),
      fuzzOptions(1500),
    );
    // The generators reach every outcome, so the property is not vacuous.
    for (const [outcome, count] of Object.entries(seen)) expect(count, outcome).toBeGreaterThan(0);
  });

  it('draw any accepted label exactly as given, and refuse the rest with a 400 badge', { timeout: fuzzTimeoutMs(800) }, async () => {
    const seen = { drawn: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom(...STYLES), fc.constantFrom(...THEMES), fc.boolean(), async (raw, style, theme, png) => {
        const label = raw.toWellFormed();
        const path = `/badge/openrouter.${png ? 'png' : 'svg'}?label=${encodeURIComponent(label)}&style=${style}&theme=${theme}`;
        const { status, title } = await getBadge(path);
        expect([200, 400]).toContain(status);
        seen[status === 200 ? 'drawn' : 'refused']++;
        if (title === null) return;
        if (status === 400) expect(title).toBe('trust: invalid label');
        else expect(title).toBe(`${label === '' ? 'trust' : label.normalize('NFC')}: B · 74/100`);
      }),
      fuzzOptions(800),
    );
    expect(seen.drawn, 'labels drawn').toBeGreaterThan(fuzzOptions(800).numRuns / 10);
    expect(seen.refused, 'labels refused').toBeGreaterThan(fuzzOptions(800).numRuns / 10);
  });

  it('accept every printable ASCII label up to 40 characters without edge spaces, markup characters included', { timeout: fuzzTimeoutMs(400) }, async () => {
    const ascii = fc.string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~', ']]>', '<!--', '&amp;'), maxLength: 12 })
      .filter((label) => label.length <= 40 && label.trim() === label);
    await fc.assert(
      fc.asyncProperty(ascii, fc.constantFrom(...STYLES), async (label, style) => {
        const { status, title } = await getBadge(`/badge/openrouter.svg?label=${encodeURIComponent(label)}&style=${style}`);
        expect(status).toBe(200);
        expect(title).toBe(`${label === '' ? 'trust' : label}: B · 74/100`);
      }),
      fuzzOptions(400),
    );
  });

  it('answer any mix of parameters with 200 when every value is valid, else a 400 badge', { timeout: fuzzTimeoutMs(600) }, async () => {
    const value = <T extends string>(valid: readonly T[], junk: string[]) =>
      fc.option(fc.oneof(fc.constantFrom(...valid), fc.constantFrom(...junk)), { nil: undefined });
    const params = fc.record({
      style: value(STYLES, STYLES_AND_JUNK),
      metric: value(METRICS, ['Trust', 'speed', '']),
      show: value(SHOWS, ['all', '']),
      theme: value(THEMES, THEMES_AND_JUNK),
      labelColor: value(['red', 'abc', '#a1b2c3', 'informational'], ['reddish', '#12', 'url(x)', '']),
      scale: value(['1', '2', '3', '4'], ['0', '5', '9', '1.5', '']),
      label: value(['', 'stars', 'coverage <b>'], ['x'.repeat(41), 'tab\there']),
    });
    await fc.assert(
      fc.asyncProperty(params, fc.constantFrom('svg', 'png'), fc.boolean(), badgeQuery, async (chosen, format, repeat, noise) => {
        const pairs = Object.entries(chosen).filter((entry): entry is [string, string] => entry[1] !== undefined);
        // A parameter given twice is refused, whatever its values.
        const repeated = repeat && pairs.length > 0 ? pairs[0]! : null;
        const unknownNoise = noise.split('&').filter((pair) => /^(utm_source|cachebust|STYLE|label\[\]|__proto__|constructor)=/.test(pair));
        const query = [...pairs, ...(repeated ? [repeated] : [])].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).concat(unknownNoise).join('&');
        const { status } = await getBadge(`/badge/openrouter.${format}?${query}`);
        const valid =
          repeated === null &&
          (chosen.style === undefined || (STYLES as readonly string[]).includes(chosen.style)) &&
          (chosen.metric === undefined || (METRICS as readonly string[]).includes(chosen.metric)) &&
          (chosen.show === undefined || (SHOWS as readonly string[]).includes(chosen.show)) &&
          (chosen.theme === undefined || (THEMES as readonly string[]).includes(chosen.theme)) &&
          (chosen.labelColor === undefined || normalizeColor(chosen.labelColor) !== null) &&
          (chosen.label === undefined || ['', 'stars', 'coverage <b>'].includes(chosen.label)) &&
          (format === 'svg' || chosen.scale === undefined || ['1', '2', '3', '4'].includes(chosen.scale));
        expect(status, query).toBe(valid ? 200 : 400);
      }),
      fuzzOptions(600),
    );
  });
});

describe('junk values', () => {
  let fresh: TestApp;
  let freshServer: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    fresh = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '0' });
    freshServer = await listen(fresh);
  });
  afterAll(async () => {
    freshServer.close();
    await fresh.close();
  });

  it('never make a cache entry per value: one per kind of mistake and format at most', { timeout: fuzzTimeoutMs(300) }, async () => {
    const junk = fc.tuple(fc.constantFrom('style', 'metric', 'show', 'theme', 'scale', 'labelColor'), hostileText, fc.constantFrom('svg', 'png'), badgeQuery);
    const before = fresh.cache.stats();
    await fc.assert(
      fc.asyncProperty(junk, async ([param, raw, format, noise]) => {
        const value = `x${raw.toWellFormed()}`.slice(0, 60);
        const unknownOnly = noise.split('&').filter((pair) => /^(utm_source|cachebust|STYLE)=/.test(pair));
        const res = await request(freshServer).get(`/badge/openrouter.${format}?${[`${param}=${encodeURIComponent(value)}`, ...unknownOnly].join('&')}`);
        expect([200, 400]).toContain(res.status);
      }),
      fuzzOptions(300),
    );
    const after = fresh.cache.stats();
    // 6 parameters × 2 formats, plus the plain SVG badge (SVG ignores `scale`, so a junk scale is no mistake there).
    expect(after.entries - before.entries).toBeLessThanOrEqual(13);
    expect(after.renders - before.renders).toBeLessThanOrEqual(13);
  });
});
