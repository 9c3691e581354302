// Badge sizes for pages that list many badges: read from the drawn bytes, one drawing per distinct
// text (whatever entity shows it), a failed drawing answered as "no size" and never remembered.

import { describe, expect, it } from 'vitest';
import { defaultBadgeOptions } from '../../src/domain/badge-options.js';
import { specForScore } from '../../src/domain/badge-spec.js';
import { badgeSize, createBadgeSizer } from '../../src/http/pages/badge-size.js';
import { createBadgeRenderer } from '../../src/render/render-badge.js';
import { DEFAULTS } from '../../src/config.js';
import { testFonts } from '../helpers/test-app.js';

const render = createBadgeRenderer(testFonts());
const options = defaultBadgeOptions('svg');
const spec = (score: number) => specForScore(score, options, DEFAULTS.gradeScale);

describe('createBadgeSizer', () => {
  it('gives the size the drawn badge has, drawing each distinct text once', async () => {
    const drawn: string[] = [];
    const sizer = createBadgeSizer((s) => {
      drawn.push(s.message);
      return render(s);
    });
    const [a, b, c] = await Promise.all([sizer(spec(71.4)), sizer(spec(71.9)), sizer(spec(12))]);
    expect(a).toEqual(badgeSize(await render(spec(71.4)), 'svg', 1));
    expect(b).toEqual(a);
    expect(c).toEqual(badgeSize(await render(spec(12)), 'svg', 1));
    expect(c!.width).not.toBe(a!.width);
    // 71.4 and 71.9 both show `B · 71`: one drawing.
    expect(drawn).toEqual(['B · 71', 'F · 12']);
  });

  it('answers no size for a drawing that fails, and draws again next time', async () => {
    let fail = true;
    const sizer = createBadgeSizer((s) => (fail ? Promise.reject(new Error('render queue is full')) : render(s)));
    expect(await sizer(spec(50))).toBeNull();
    fail = false;
    expect(await sizer(spec(50))).toEqual(badgeSize(await render(spec(50)), 'svg', 1));
  });
});
