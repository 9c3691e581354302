// Golden images: a matrix of variants rendered to PNG and compared pixel by pixel with the
// reviewed files in test/render/golden/. They change only through `npm run golden:update`.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions, STYLES, type BadgeOptions } from '../../src/domain/badge-options.js';
import { specForEntity, specForInvalid, specForState, type BadgeSpec } from '../../src/domain/badge-spec.js';
import { DEFAULT_GRADE_SCALE } from '../../src/domain/grade.js';
import { THEMES } from '../../src/domain/palette.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { makeEntity, testFonts } from '../helpers/test-app.js';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');
const ARTIFACTS_DIR = join(import.meta.dirname, '../artifacts/golden');
const UPDATE = process.env.GOLDEN_UPDATE === '1';
/** pixelmatch's colour threshold: absorbs ±3 levels of anti-aliasing noise, not a palette change (+16 in one channel fails, under a gloss too). */
const COLOR_THRESHOLD = 0.015;
const MAX_DIFF_RATIO = 0.002;

const render = createBadgeRenderer(testFonts());
const rated = makeEntity({ score: 92.4, dimensions: { security: 45, privacy: 71 } });

/** Per style and theme: each grade's colour, every state, and the label variants. */
const CASES: Record<string, (o: BadgeOptions) => BadgeSpec> = {
  'a-both': (o) => specForEntity(rated, o, DEFAULT_GRADE_SCALE),
  'd-security-score': (o) => specForEntity(rated, { ...o, metric: 'security', show: 'score' }, DEFAULT_GRADE_SCALE),
  'b-privacy-grade-nolabel': (o) => specForEntity(rated, { ...o, metric: 'privacy', show: 'grade', label: '' }, DEFAULT_GRADE_SCALE),
  'f-labelcolor-unicode': (o) =>
    specForEntity(makeEntity({ score: 12 }), { ...o, label: 'Ωμέγα · Привет · Ærø', labelColor: '#007ec6' }, DEFAULT_GRADE_SCALE),
  'na-reliability': (o) => specForEntity(rated, { ...o, metric: 'reliability' }, DEFAULT_GRADE_SCALE),
  unknown: (o) => specForState('unknown', o),
  'invalid-scale': (o) => specForInvalid('scale', o),
};

const matrix = STYLES.flatMap((style) =>
  THEMES.flatMap((theme) =>
    Object.entries(CASES).map(([name, make]) => ({
      file: `${style}-${theme}-${name}.png`,
      spec: make({ ...defaultBadgeOptions('png'), style, theme }),
    })),
  ),
);
// Retina: the default badge of each style at scale 2.
matrix.push(...STYLES.map((style) => ({ file: `${style}-light-a-both@2x.png`, spec: { ...matrix.find((m) => m.file === `${style}-light-a-both.png`)!.spec, scale: 2 } })));

// Trends (up, down, unchanged) in a few styles and both themes: the arrows drawn as the message is.
const trendy = makeEntity({ score: 74.6, dimensions: { security: 45 } });
const trendCase = (file: string, overrides: Partial<BadgeOptions>, change: number) => ({
  file,
  spec: specForEntity(trendy, { ...defaultBadgeOptions('png'), trend: '30d', ...overrides }, DEFAULT_GRADE_SCALE, change),
});
matrix.push(
  trendCase('flat-light-b-trend-up.png', {}, 3.4),
  trendCase('for-the-badge-dark-d-security-trend-down.png', { style: 'for-the-badge', theme: 'dark', metric: 'security', trend: '90d' }, -12),
  trendCase('plastic-light-b-trend-unchanged.png', { style: 'plastic', trend: '365d' }, 0.6),
  trendCase('social-dark-b-score-trend-up.png', { style: 'social', theme: 'dark', show: 'score' }, 1),
);

describe('golden images', () => {
  if (UPDATE) {
    it('rewrites every golden image and removes stale ones', async () => {
      rmSync(GOLDEN_DIR, { recursive: true, force: true });
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const { file, spec } of matrix) writeFileSync(join(GOLDEN_DIR, file), await render(spec));
    });
    return;
  }

  it('has exactly one golden image per case (add or remove them with npm run golden:update)', () => {
    const onDisk = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.png')).sort();
    expect(onDisk).toEqual(matrix.map((m) => m.file).sort());
  });

  it.each(matrix)('$file matches its golden image', async ({ file, spec }) => {
    const expected = PNG.sync.read(readFileSync(join(GOLDEN_DIR, file)));
    const actual = PNG.sync.read(await render(spec));
    expect([actual.width, actual.height], 'size').toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
      threshold: COLOR_THRESHOLD,
      // pixelmatch would skip what it takes for anti-aliasing, and in a gloss every pixel looks like that.
      includeAA: true,
    });
    const allowed = Math.floor(actual.width * actual.height * MAX_DIFF_RATIO);
    if (differing > allowed) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, file.replace('.png', '.actual.png')), PNG.sync.write(actual));
      writeFileSync(join(ARTIFACTS_DIR, file.replace('.png', '.diff.png')), PNG.sync.write(diff));
    }
    expect(differing, `${differing} pixels differ; see test/artifacts/golden/`).toBeLessThanOrEqual(allowed);
  });
});
