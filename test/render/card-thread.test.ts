// The card thread (render/card-thread.ts, what `npm start` draws share cards on) against the inline
// renderer: the same bytes for any card, the largest card within the default heap bound, and a thread
// that dies failing only its own cards, with the next card drawn on a new one. Runs the compiled
// build, as the service does: a worker thread loads JavaScript, not the sources vitest transforms.

import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config.js';
import { DIMENSIONS } from '../../src/domain/entity.js';
import { LIMITS } from '../../src/domain/entity-record.js';
import type { CardThread, CardThreadOptions } from '../../src/render/card-thread.js';
import { createCardRenderer } from '../../src/render/render-card.js';
import type { CardView } from '../../src/render/templates/card.js';
import { buildService, type BuiltService } from '../helpers/build.js';
import { testFonts } from '../helpers/test-app.js';

let built: BuiltService;
let createCardThread: (options: CardThreadOptions) => CardThread;
const threads: CardThread[] = [];
const fonts = testFonts();
const inline = createCardRenderer(fonts);
const DEFAULT_HEAP_MIB = DEFAULTS.cardHeapBytes / 1024 ** 2;

beforeAll(async () => {
  built = await buildService();
  ({ createCardThread } = (await import(join(built.dist, 'render/card-thread.js'))) as typeof import('../../src/render/card-thread.js'));
}, 120_000);
afterAll(async () => {
  await Promise.all(threads.map((thread) => thread.close()));
  built?.remove();
});

function thread(heapMiB = DEFAULT_HEAP_MIB): CardThread {
  const started = createCardThread({ fonts, heapMiB });
  threads.push(started);
  return started;
}

const COLORS = ['#1a7f37', '#4d7c0f', '#bc4c00', '#cf222e', '#656d76'] as const;
const printable = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'abcXYZ019-_./@ éüßøΩЖ'), maxLength });
const entityView: fc.Arbitrary<CardView> = fc.record({
  kind: fc.constant('entity' as const),
  title: printable(80),
  serviceName: fc.constant('trustbadge'),
  registry: printable(20),
  name: printable(LIMITS.nameChars),
  grade: fc.constantFrom('A', 'B', 'C', 'D', 'F'),
  gradeColor: fc.constantFrom(...COLORS),
  score: fc.integer({ min: 0, max: 1000 }).map((tenths) => (tenths / 10).toFixed(1)),
  verified: fc.boolean(),
  dimensions: fc.tuple(...DIMENSIONS.map((dimension) => fc.record({
    label: fc.constant(dimension),
    score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    color: fc.constantFrom(...COLORS),
  }))),
  trend: fc.constantFrom('↑ 3.0 in 30 days', '↓ 54.7 in a year', '→ unchanged in 90 days', 'no history yet'),
});
const stateView: fc.Arbitrary<CardView> = fc.record({
  kind: fc.constant('state' as const),
  title: printable(40),
  serviceName: fc.constant('trustbadge'),
  state: fc.constantFrom('unknown', 'ambiguous', 'invalid', 'unavailable'),
  message: printable(120),
});

describe('the card thread', () => {
  it('draws the same bytes as the inline renderer, for any card, several at once', async () => {
    const cards = thread();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(entityView, stateView), { minLength: 1, maxLength: 3 }), async (views) => {
        const [fromThread, fromInline] = await Promise.all([Promise.all(views.map(cards.render)), Promise.all(views.map(inline))]);
        expect(fromThread.map((png) => png.toString('base64'))).toEqual(fromInline.map((png) => png.toString('base64')));
      }),
      { numRuns: 12 },
    );
    expect(cards.started()).toBe(1);
  }, 120_000);

  it('draws the largest card within the default heap bound, many times over', async () => {
    const cards = thread();
    const widest: CardView = {
      kind: 'entity', title: 'W'.repeat(300), serviceName: 'trustbadge', registry: 'W'.repeat(LIMITS.registryChars),
      name: 'ЖW'.repeat(LIMITS.nameChars / 2), grade: 'F', gradeColor: '#cf222e', score: '100.0', verified: false,
      dimensions: DIMENSIONS.map((dimension) => ({ label: dimension, score: 100, color: '#cf222e' })), trend: '↓ 100.0 in a year',
    };
    const expected = await inline(widest);
    for (let i = 0; i < 30; i++) expect((await cards.render({ ...widest, score: `${i}.0` })).length).toBeGreaterThan(0);
    expect((await cards.render(widest)).equals(expected)).toBe(true);
    expect(cards.started()).toBe(1);
  }, 120_000);

  it('fails the cards of a thread that runs out of its heap, and draws the next on a new one', async () => {
    // 8 MiB cannot even hold the fonts: every thread dies while starting.
    const starved = thread(8);
    const view: CardView = { kind: 'state', title: 'x', serviceName: 'trustbadge', state: 'unknown', message: 'No entity matches this target.' };
    await expect(Promise.all([starved.render(view), starved.render(view)])).rejects.toThrow(/^the card thread (failed|stopped).*memory limit/);
    await expect(starved.render(view)).rejects.toThrow(/memory limit/);
    expect(starved.started()).toBe(2);
  }, 60_000);

  it('answers a card the template refuses with its error, and keeps drawing', async () => {
    const cards = thread();
    const broken = { kind: 'entity', title: 'x', serviceName: 'trustbadge', registry: 'npm', name: 'x', grade: 'B', gradeColor: '#4d7c0f', score: '1.0', verified: true, dimensions: null, trend: '' } as unknown as CardView;
    const [failed, drawn] = await Promise.allSettled([cards.render(broken), cards.render({ kind: 'state', title: 'x', serviceName: 'trustbadge', state: 'invalid', message: 'm' })]);
    expect(failed).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/null|map/) } });
    expect(drawn.status).toBe('fulfilled');
    expect(cards.started()).toBe(1);
  }, 60_000);
});
