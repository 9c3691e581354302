// The report page's history panel on entities given dated history through admin writes: the step
// chart (its path grammar, points, bands, months), its accessible summary, the data table and the
// trend in words, each checked against the JSON report; and the one-point case of the sample.

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FIXED_NOW } from '../helpers/test-app.js';
import { attr, byId, descendants, parseHtml, query, textOf, type El } from './pages-dom.js';

const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };

let t: Awaited<ReturnType<typeof createTestApp>>;
const put = (name: string, score: number, updatedAt: string) =>
  request(t.app).put(`/v1/entities/npm/${name}`).set(ADMIN).type('json').send({ category: 'library', score, dimensions: { security: Math.round(score) }, updated_at: updatedAt });

/** npm/falling: a point before the window (2025-11-24 … 2026-11-24), then three inside it. */
const FALLING = [[67, '2025-09-01T00:00:00Z'], [40, '2026-01-12T08:00:00Z'], [17.8, '2026-06-15T00:00:00Z'], [12.3, '2026-11-10T12:00:00Z']] as const;
/** npm/young: history that starts inside the window. */
const YOUNG = [[50, '2026-10-01T00:00:00Z'], [55.5, '2026-11-20T00:00:00Z']] as const;

beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN: 'secret-token-for-tests' });
  expect(FIXED_NOW.toISOString().slice(0, 10)).toBe('2026-11-24');
  for (const [name, points] of [['falling', FALLING], ['young', YOUNG]] as const) {
    for (const [score, at] of points) expect((await put(name, score, at)).status, `${name} ${at}`).toBeLessThan(300);
  }
});
afterAll(async () => t.close());

async function historyPanel(path: string): Promise<El> {
  const res = await request(t.app).get(path);
  expect(res.status, path).toBe(200);
  return query(parseHtml(res.text), 'section', { class: 'history' })[0]!;
}

/** The SVG path grammar the chart uses: `M x y`, then `H x` and `V y` commands. */
function parsePath(d: string): { command: string; values: number[] }[] {
  const commands = [...d.matchAll(/([MHV])([^MHV]*)/g)].map((m) => ({ command: m[1]!, values: m[2]!.trim().split(/[\s,]+/).map(Number) }));
  expect(commands.map((c) => c.command).join('') + d.replace(/[MHV0-9.\s,-]/g, '')).toMatch(/^M(HV)*H$/);
  return commands;
}

const num = (el: El, name: string): number => Number(attr(el, name));

describe('the history chart', () => {
  it('draws a step per change over the last year, starting from the score in force a year ago', async () => {
    const panel = await historyPanel('/entity/npm/falling');
    const svg = byId(panel, 'history-chart');
    expect(svg.tag).toBe('svg');
    expect(attr(svg, 'role')).toBe('img');
    expect(descendants(svg).some((el) => 'style' in el.attrs)).toBe(false);

    const path = parsePath(attr(query(svg, 'path', { class: 'history-line' })[0]!, 'd'));
    const steps = path.filter((c) => c.command === 'V');
    // The point of 2025-09-01 is before the window: it opens the line, and the three inside it are steps.
    expect(steps).toHaveLength(3);
    const points = query(svg, 'circle', { class: 'history-point' });
    expect(points).toHaveLength(3);
    // Each step rises or falls to its point, at its point's day; the line goes on to today.
    const xs = path.filter((c) => c.command === 'H').map((c) => c.values[0]!);
    expect(xs.slice(0, 3)).toEqual(points.map((p) => num(p, 'cx')));
    expect(steps.map((s) => s.values[0])).toEqual(points.map((p) => num(p, 'cy')));
    const now = query(svg, 'circle', { class: 'history-now' })[0]!;
    expect(xs.at(-1)).toBe(num(now, 'cx'));
    expect(steps.at(-1)!.values[0]).toBe(num(now, 'cy'));
    const start = path[0]!.values;
    // Falling scores draw lower (larger y), and days run left to right.
    expect([start[1], ...steps.map((s) => s.values[0])]).toEqual([...[start[1]!, ...steps.map((s) => s.values[0]!)]].sort((a, b) => a - b));
    expect([start[0], ...xs]).toEqual([start[0]!, ...xs].sort((a, b) => a - b));

    expect(textOf(query(svg, 'text', { class: 'history-current' })[0]!)).toBe('12.3');
    expect(query(svg, 'rect', { class: 'history-band' }).map((r) => attr(r, 'data-grade'))).toEqual(['A', 'B', 'C', 'D', 'F']);
    const months = query(svg, 'text').filter((el) => attr(el, 'class').startsWith('history-month')).map(textOf);
    expect(months).toEqual(['Dec', '2026', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov']);
  });

  it('summarises the chart in its accessible name', async () => {
    const svg = byId(await historyPanel('/entity/npm/falling'), 'history-chart');
    expect(attr(svg, 'aria-label')).toBe('Score from 67.0 to 12.3 over the last year; down 54.7 points');
    const young = byId(await historyPanel('/entity/npm/young'), 'history-chart');
    expect(attr(young, 'aria-label')).toBe('Score from 50.0 to 55.5 since 2026-10-01; up 5.5 points');
    expect(query(young, 'path', { class: 'history-line' }).map((p) => parsePath(attr(p, 'd')).filter((c) => c.command === 'V').length)).toEqual([1]);
    expect(query(young, 'circle', { class: 'history-point' })).toHaveLength(2);
  });

  it('lists each day and score in a data table, matching the history answer', async () => {
    const panel = await historyPanel('/entity/npm/falling');
    const details = query(panel, 'details', { class: 'history-data' })[0]!;
    expect(textOf(query(details, 'summary')[0]!)).toBe('Show the data');
    const rows = query(query(details, 'tbody')[0]!, 'tr').map((r) => [attr(query(r, 'time')[0]!, 'datetime'), textOf(query(r, 'td')[0]!)]);
    const { body } = await request(t.app).get('/v1/history/npm/falling?days=365');
    expect(rows).toEqual(body.points.map((p: { day: string; score: number }) => [p.day, p.score.toFixed(1)]));
    expect(rows).toEqual([['2026-01-12', '40.0'], ['2026-06-15', '17.8'], ['2026-11-10', '12.3']]);
  });

  it('says the trend in words, from the report trend', async () => {
    const { body: report } = await request(t.app).get('/v1/entities/npm/falling');
    expect(report.trend).toMatchObject({ change_30d: -5.5, change_365d: -54.7, last_change: '2026-11-10' });
    const trend = byId(await historyPanel('/entity/npm/falling'), 'trend');
    expect(textOf(trend)).toBe('Down 5.5 points in 30 days, down 54.7 in a year; last changed 2026-11-10.');
    expect(attr(query(trend, 'time')[0]!, 'datetime')).toBe('2026-11-10');
    // History shorter than a year says only what it knows.
    expect(textOf(byId(await historyPanel('/entity/npm/young'), 'trend'))).toBe('Up 5.5 points in 30 days; last changed 2026-11-20.');
  });

  it('with a single point: "No changes recorded yet", and no chart or table', async () => {
    const { body: history } = await request(t.app).get('/v1/history/web/OpenRouter');
    expect(history.points).toHaveLength(1);
    const panel = await historyPanel('/entity/web/OpenRouter');
    expect(textOf(byId(panel, 'trend'))).toBe(`No changes recorded yet: 74.0 since ${history.points[0].day}.`);
    expect(query(panel, 'svg')).toEqual([]);
    expect(query(panel, 'details')).toEqual([]);
  });

  it('comes right after the dimension chart', async () => {
    const res = await request(t.app).get('/entity/npm/falling');
    const sections = query(parseHtml(res.text), 'section').map((s) => s.attrs['aria-labelledby']);
    expect(sections.indexOf('history-heading')).toBe(sections.indexOf('dimensions-heading') + 1);
  });
});
