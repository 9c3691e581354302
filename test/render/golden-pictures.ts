// Golden pictures (share cards, seals): a folder of reviewed PNGs, rewritten only with GOLDEN_UPDATE=1
// (npm run golden:update), else each render compared with its file pixel by pixel, with a diff kept on failure.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';

const UPDATE = process.env.GOLDEN_UPDATE === '1';
/** pixelmatch's per-pixel colour threshold, and the share of pixels that may differ (font hinting, AA). */
export const COLOR_THRESHOLD = 0.015;
const MAX_DIFF_RATIO = 0.002;

/**
 * Registers the golden tests of `cases` (file name → what to draw) against `dir`, named `name` (the
 * folder under test/artifacts/ that keeps diffs too). Returns true when this run only rewrites them.
 */
export function describeGoldens<V>(name: string, dir: string, cases: Readonly<Record<string, V>>, draw: (view: V) => Promise<Buffer>): boolean {
  if (UPDATE) {
    it(`rewrites every golden ${name}`, async () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [file, view] of Object.entries(cases)) writeFileSync(join(dir, file), await draw(view));
    });
    return true;
  }
  const artifacts = join(import.meta.dirname, '../artifacts', `golden-${name}`);

  it(`has exactly one golden ${name} per case`, () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.png')).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s matches its golden image', async (file, view) => {
    const expected = PNG.sync.read(readFileSync(join(dir, file)));
    const actual = PNG.sync.read(await draw(view));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: COLOR_THRESHOLD, includeAA: true });
    const allowed = Math.floor(actual.width * actual.height * MAX_DIFF_RATIO);
    if (differing > allowed) {
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, file.replace('.png', '.actual.png')), PNG.sync.write(actual));
      writeFileSync(join(artifacts, file.replace('.png', '.diff.png')), PNG.sync.write(diff));
    }
    expect(differing, `${differing} pixels differ; see test/artifacts/golden-${name}/`).toBeLessThanOrEqual(allowed);
  });
  return false;
}
