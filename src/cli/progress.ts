// Import progress for people and for logs: on a terminal one line redrawn in place (lines, rate,
// percentage and ETA from bytes read); elsewhere a plain line every LOG_EVERY_MS. Writes nothing else.

import type { ImportProgress } from '../services/import-entities.js';

/** Terminal redraws at most this often. */
const REDRAW_MS = 100;
/** Without a terminal, one line this often (a 30-second import logs a handful). */
const LOG_EVERY_MS = 10_000;

export interface ProgressSnapshot extends ImportProgress {
  elapsedMs: number;
  /** null when the input's size is unknown (a pipe). */
  totalBytes: number | null;
}

export function formatProgress(p: ProgressSnapshot): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(p.lines / seconds) : 0;
  const parts = [`${p.lines.toLocaleString('en-US')} lines`, `${rate.toLocaleString('en-US')}/s`];
  if (p.totalBytes !== null && p.totalBytes > 0) {
    const fraction = Math.min(1, p.bytes / p.totalBytes);
    parts.push(`${Math.floor(fraction * 100)}%`);
    if (fraction >= 1) parts.push('read; committing');
    else if (p.bytes > 0 && seconds > 0) parts.push(`ETA ${formatDuration(((p.totalBytes - p.bytes) / p.bytes) * seconds)}`);
  }
  return parts.join(' · ');
}

export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** Clears the terminal line, so the summary starts on a clean one. */
  finish(): void;
}

export function createProgressReporter(out: { write(text: string): unknown; isTTY?: boolean }, totalBytes: number | null, clock: () => number): ProgressReporter {
  const started = clock();
  let shownAt = started;
  let drawn = false;
  const interval = out.isTTY === true ? REDRAW_MS : LOG_EVERY_MS;
  return {
    update(progress) {
      const now = clock();
      if (now - shownAt < interval) return;
      shownAt = now;
      const text = formatProgress({ ...progress, elapsedMs: now - started, totalBytes });
      if (out.isTTY === true) {
        out.write(`\r\x1b[2K${text}`);
        drawn = true;
      } else {
        out.write(`progress: ${text}\n`);
      }
    },
    finish() {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}
