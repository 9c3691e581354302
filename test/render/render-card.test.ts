// The share card drawn to PNG: its size, that it is repeatable, and golden images compared pixel by
// pixel with the reviewed files in test/render/golden-card/ (they change only through `npm run golden:update`).

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../src/render/render-card.js';
import type { CardView } from '../../src/render/templates/card.js';
import { hexAt } from './png-inspect.js';
import { testFonts } from '../helpers/test-app.js';

const GOLDEN_DIR = join(import.meta.dirname, 'golden-card');
const ARTIFACTS_DIR = join(import.meta.dirname, '../artifacts/golden-card');
const UPDATE = process.env.GOLDEN_UPDATE === '1';
const COLOR_THRESHOLD = 0.015;
const MAX_DIFF_RATIO = 0.002;

const render = createCardRenderer(testFonts());

const entityCard: CardView = {
  kind: 'entity',
  title: 'web/OpenRouter: B, 74.0/100',
  serviceName: 'trustbadge',
  registry: 'web',
  name: 'OpenRouter',
  grade: 'B',
  gradeColor: '#4d7c0f',
  score: '74.0',
  verified: true,
  dimensions: [
    { label: 'Security', score: 81.5, color: '#1a7f37' },
    { label: 'Privacy', score: 45, color: '#bc4c00' },
    { label: 'Reliability', score: null, color: '#656d76' },
    { label: 'Transparency', score: 70, color: '#4d7c0f' },
    { label: 'Maintenance', score: 12, color: '#cf222e' },
    { label: 'Popularity', score: null, color: '#656d76' },
  ],
  trend: '↓ 54.7 in a year',
};
const CASES: Record<string, CardView> = {
  'entity-b-down.png': entityCard,
  'state-unknown.png': { kind: 'state', title: 'unknown', serviceName: 'trustbadge', state: 'unknown', message: 'No entity matches this target.' },
};

describe('share card', () => {
  if (UPDATE) {
    it('rewrites every golden card', async () => {
      rmSync(GOLDEN_DIR, { recursive: true, force: true });
      mkdirSync(GOLDEN_DIR, { recursive: true });
      for (const [file, view] of Object.entries(CASES)) writeFileSync(join(GOLDEN_DIR, file), await render(view));
    });
    return;
  }

  it('is 1200×630, the same bytes every time, with the grade drawn in its colour', async () => {
    const [a, b] = await Promise.all([render(entityCard), render(entityCard)]);
    expect(a.equals(b)).toBe(true);
    const png = PNG.sync.read(a);
    expect([png.width, png.height]).toEqual([1200, 630]);
    // The top rule wears the grade's colour.
    expect(hexAt(png, 600, 4)).toBe('#4d7c0f');
  });

  it('has exactly one golden card per case', () => {
    expect(readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.png')).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s matches its golden image', async (file, view) => {
    const expected = PNG.sync.read(readFileSync(join(GOLDEN_DIR, file)));
    const actual = PNG.sync.read(await render(view));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: COLOR_THRESHOLD, includeAA: true });
    const allowed = Math.floor(actual.width * actual.height * MAX_DIFF_RATIO);
    if (differing > allowed) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(join(ARTIFACTS_DIR, file.replace('.png', '.diff.png')), PNG.sync.write(diff));
    }
    expect(differing, `${differing} pixels differ; see test/artifacts/golden-card/`).toBeLessThanOrEqual(allowed);
  });

  it('changes when what it shows changes', async () => {
    const before = PNG.sync.read(await render(entityCard));
    const after = PNG.sync.read(await render({ ...entityCard, score: '91.2', grade: 'A', gradeColor: '#1a7f37' }));
    expect(pixelmatch(before.data, after.data, undefined, 1200, 630, { threshold: COLOR_THRESHOLD })).toBeGreaterThan(1000);
  });
});
