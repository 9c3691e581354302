// The report's history panel: the trend in words, the step chart of the last year and its data
// table. Drawn from the history answer and the report's trend; "today" comes in, never from a clock.

import type { GradeScale } from '../../domain/grade.js';
import { dayNumber, dayOf, type HistoryPoint, type Trend } from '../../domain/history.js';
import { renderHistoryChart, renderHistoryTable, type ChartStep } from './history-chart.js';
import { html, type SafeHtml } from './html-escape.js';
import { formatScore } from './page-text.js';

export interface HistoryView {
  /** The points of the last `days`, oldest first (the history answer's). */
  points: readonly HistoryPoint[];
  days: number;
  trend: Trend;
  score: number;
  scale: GradeScale;
  /** `YYYY-MM-DD`. */
  today: string;
}

export function renderHistorySection(view: HistoryView): SafeHtml {
  const from = dayOf(dayNumber(view.today) - view.days);
  const steps = chartSteps(view, from);
  const changed = view.trend.last_change !== null && steps.length > 0;
  return html`<section class="panel history" aria-labelledby="history-heading">
  <h2 id="history-heading">Score over the last year</h2>
  ${changed ? html`<p class="trend" id="trend">${trendSentence(view.trend)}</p>` : html`<p class="trend" id="trend">${unchangedSentence(view)}</p>`}
  ${changed && renderHistoryChart({ steps, from, to: view.today, score: view.score, scale: view.scale, label: chartLabel(steps, view.score) })}
  ${changed && view.points.length > 0 && renderHistoryTable(view.points)}
</section>`;
}

/**
 * The points as steps, led by the score in force when the window opens when history reaches back
 * that far: the year's change says what it was (current score minus the change).
 */
export function chartSteps(view: Pick<HistoryView, 'points' | 'trend' | 'score' | 'days'>, from: string): ChartStep[] {
  const steps: ChartStep[] = view.points.map((p) => ({ day: p.day, score: p.score }));
  const yearChange = view.days === 365 ? view.trend.change_365d : null;
  if (yearChange !== null && (steps[0] === undefined || steps[0].day > from)) {
    steps.unshift({ day: from, score: Math.round((view.score - yearChange) * 10) / 10, carried: true });
  }
  return steps;
}

/** "Score from 67.0 to 12.3 over the last year; down 54.7 points". */
export function chartLabel(steps: readonly ChartStep[], score: number): string {
  const first = steps[0]!;
  const period = first.carried === true ? 'over the last year' : `since ${first.day}`;
  const change = Math.round((score - first.score) * 10) / 10;
  return `Score from ${formatScore(first.score)} to ${formatScore(score)} ${period}; ${changeWords(change, true)}`;
}

/** "Down 5.5 points in 30 days, down 54.7 in a year; last changed 2026-01-12." */
export function trendSentence(trend: Trend): SafeHtml {
  const windows = [
    [trend.change_30d, 'in 30 days'],
    [trend.change_365d, 'in a year'],
  ] as const;
  let unitSaid = false;
  const parts: string[] = [];
  for (const [change, words] of windows) {
    if (change === null) continue;
    parts.push(`${changeWords(change, !unitSaid)} ${words}`);
    if (change !== 0) unitSaid = true;
  }
  const day = trend.last_change;
  const lastChange = day === null ? null : html`<time datetime="${day}">${day}</time>`;
  if (parts.length === 0) return lastChange === null ? html`No changes recorded yet.` : html`Last changed ${lastChange}.`;
  const words = parts.join(', ');
  return html`${words[0]!.toUpperCase()}${words.slice(1)}${lastChange !== null && html`; last changed ${lastChange}`}.`;
}

function unchangedSentence(view: HistoryView): SafeHtml {
  const first = view.points[0];
  return html`No changes recorded yet${first !== undefined && html`: ${formatScore(view.score)} since <time datetime="${first.day}">${first.day}</time>`}.`;
}

function changeWords(change: number, withUnit: boolean): string {
  if (change === 0) return 'unchanged';
  const size = Math.abs(change);
  const unit = withUnit ? (size === 1 ? ' point' : ' points') : '';
  return `${change > 0 ? 'up' : 'down'} ${size.toFixed(1)}${unit}`;
}
