// The score over the last year as a server-rendered SVG step line (a score holds until the next
// point), over faint grade bands, with month labels and the current score; no script, no inline style.

import { dayNumber, type HistoryPoint } from '../../domain/history.js';
import { GRADES, type Grade, type GradeScale } from '../../domain/grade.js';
import { GRADE_COLORS } from '../../domain/palette.js';
import { html, type SafeHtml } from './html-escape.js';
import { formatScore } from './page-text.js';

/** One step of the line: the score in force from `day` on. */
export interface ChartStep {
  day: string;
  score: number;
  /** The score in force when the window opens, from a point before it: drawn, but not as a point. */
  carried?: boolean;
}

export interface HistoryChartInput {
  /** Oldest first; the first may be the score carried in from before the window. */
  steps: readonly ChartStep[];
  /** The days the chart spans, `YYYY-MM-DD`; `to` is today. */
  from: string;
  to: string;
  score: number;
  scale: GradeScale;
  /** The chart's accessible summary. */
  label: string;
}

// Geometry in viewBox units; the SVG scales to the panel's width.
const WIDTH = 720;
const HEIGHT = 280;
const PLOT = { left: 46, right: WIDTH - 68, top: 12, bottom: HEIGHT - 32 } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Axis labels closer than this (in score points) to the one below are left out. */
const MIN_LABEL_GAP = 6;

/** One decimal: enough for the eye, and the output stays short and repeatable. */
const round = (value: number): number => Math.round(value * 10) / 10;

export function renderHistoryChart(input: HistoryChartInput): SafeHtml {
  const start = dayNumber(input.from);
  const span = Math.max(1, dayNumber(input.to) - start);
  const x = (day: string): number => round(PLOT.left + ((dayNumber(day) - start) / span) * (PLOT.right - PLOT.left));
  const y = (score: number): number => round(PLOT.bottom - (score / 100) * (PLOT.bottom - PLOT.top));
  const last = input.steps[input.steps.length - 1]!;
  return html`<svg class="history-chart" id="history-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${input.label}" focusable="false">
${renderBands(input.scale, y)}
${renderScoreAxis(input.scale, y)}
${renderMonthAxis(input.from, input.to, x)}
<path class="history-line" d="${stepPath(input.steps, input.to, x, y)}" fill="none" stroke-width="2.5"/>
${input.steps.map((step) => (step.carried === true ? null : html`<circle class="history-point" cx="${x(step.day)}" cy="${y(step.score)}" r="3.5"/>`))}
<circle class="history-now" cx="${PLOT.right}" cy="${y(last.score)}" r="4.5"/>
<text class="history-current" x="${PLOT.right + 8}" y="${y(input.score) + 4}">${formatScore(input.score)}</text>
</svg>`;
}

/** `M` at the first step, then `H` to each next day and `V` to its score, and on to today. */
export function stepPath(steps: readonly ChartStep[], today: string, x: (day: string) => number, y: (score: number) => number): string {
  const [first, ...rest] = steps;
  const parts = [`M${x(first!.day)} ${y(first!.score)}`];
  for (const step of rest) parts.push(`H${x(step.day)}`, `V${y(step.score)}`);
  parts.push(`H${x(today)}`);
  return parts.join(' ');
}

/** Each grade's range as a faint band in its badge colour, with a line at each threshold. */
function renderBands(scale: GradeScale, y: (score: number) => number): SafeHtml[] {
  return GRADES.map((grade) => {
    const [low, high] = gradeRange(grade, scale);
    return html`<rect class="history-band" data-grade="${grade}" x="${PLOT.left}" y="${y(high)}" width="${PLOT.right - PLOT.left}" height="${round(y(low) - y(high))}" fill="${GRADE_COLORS[grade]}" fill-opacity="0.07"/>`;
  });
}

function gradeRange(grade: Grade, scale: GradeScale): [number, number] {
  const { A, B, C, D } = scale.minScore;
  switch (grade) {
    case 'A':
      return [A, 100];
    case 'B':
      return [B, A];
    case 'C':
      return [C, B];
    case 'D':
      return [D, C];
    case 'F':
      return [0, D];
  }
}

/** Lines and labels at 0, 100 and each grade threshold; the trust threshold dashed. */
function renderScoreAxis(scale: GradeScale, y: (score: number) => number): SafeHtml[] {
  const values = [...new Set([0, 100, ...Object.values(scale.minScore), scale.trustThreshold])].sort((a, b) => a - b);
  let labelled = -Infinity;
  return values.map((value) => {
    const showLabel = value - labelled >= MIN_LABEL_GAP;
    if (showLabel) labelled = value;
    const kind = value === scale.trustThreshold ? 'history-trust' : value === 0 ? 'history-axis-line' : 'history-threshold';
    return html`<line class="${kind}" x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(value)}" y2="${y(value)}"/>${
      showLabel && html`<text class="history-axis" x="${PLOT.left - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`
    }`;
  });
}

/** A tick and a label at the first of each month; January shows its year instead. */
function renderMonthAxis(from: string, to: string, x: (day: string) => number): SafeHtml[] {
  const ticks: SafeHtml[] = [];
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(1);
  for (;;) {
    date.setUTCMonth(date.getUTCMonth() + 1);
    const day = date.toISOString().slice(0, 10);
    if (day > to) break;
    const month = date.getUTCMonth();
    const label = month === 0 ? String(date.getUTCFullYear()) : MONTHS[month]!;
    // A narrow screen, where the text is drawn larger, shows every other month (January always).
    ticks.push(html`<line class="history-tick" x1="${x(day)}" x2="${x(day)}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 5}"/><text class="history-month${month % 2 === 1 ? ' history-month-minor' : ''}" x="${x(day)}" y="${PLOT.bottom + 20}" text-anchor="middle">${label}</text>`);
  }
  return ticks;
}

/** The points as a table for screen readers and anyone who wants the figures, folded away. */
export function renderHistoryTable(points: readonly HistoryPoint[]): SafeHtml {
  return html`<details class="history-data">
<summary>Show the data</summary>
<table class="doc-table history-table">
<caption class="visually-hidden">Trust score on each day it changed, oldest first</caption>
<thead><tr><th scope="col">Day</th><th scope="col">Score</th></tr></thead>
<tbody>
${points.map((p) => html`<tr><th scope="row"><time datetime="${p.day}">${p.day}</time></th><td>${formatScore(p.score)}</td></tr>`)}
</tbody>
</table>
</details>`;
}
