// The share card drawn to PNG: its size, that it is repeatable, and golden images compared pixel by
// pixel with the reviewed files in test/render/golden-card/ (they change only through `npm run golden:update`).

import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createCardRenderer } from '../../src/render/render-card.js';
import type { CardView } from '../../src/render/templates/card.js';
import { COLOR_THRESHOLD, describeGoldens } from './golden-pictures.js';
import { hexAt } from './png-inspect.js';
import { testFonts } from '../helpers/test-app.js';

const GOLDEN_DIR = join(import.meta.dirname, 'golden-card');

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
  if (describeGoldens('card', GOLDEN_DIR, CASES, render)) return;

  it('is 1200×630, the same bytes every time, with the grade drawn in its colour', async () => {
    const [a, b] = await Promise.all([render(entityCard), render(entityCard)]);
    expect(a.equals(b)).toBe(true);
    const png = PNG.sync.read(a);
    expect([png.width, png.height]).toEqual([1200, 630]);
    // The top rule wears the grade's colour.
    expect(hexAt(png, 600, 4)).toBe('#4d7c0f');
  });

  it('changes when what it shows changes', async () => {
    const before = PNG.sync.read(await render(entityCard));
    const after = PNG.sync.read(await render({ ...entityCard, score: '91.2', grade: 'A', gradeColor: '#1a7f37' }));
    expect(pixelmatch(before.data, after.data, undefined, 1200, 630, { threshold: COLOR_THRESHOLD })).toBeGreaterThan(1000);
  });
});
