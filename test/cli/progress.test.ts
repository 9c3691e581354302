// Import progress as a person (terminal) and a log reader (no terminal) see it; clock injected.
// No real terminal or timers.

import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration, formatProgress } from '../../src/cli/progress.js';

describe('import progress', () => {
  it('shows lines, rate, share read and a bytes-based ETA', () => {
    const text = formatProgress({ lines: 450_000, bytes: 250, totalBytes: 1000, elapsedMs: 5_000 });
    expect(text.split(' · ')).toEqual(['450,000 lines', '90,000/s', '25%', 'ETA 0:15']);
  });

  it('says when everything is read and the store is committing, and leaves out what it cannot know', () => {
    expect(formatProgress({ lines: 10, bytes: 1000, totalBytes: 1000, elapsedMs: 1_000 })).toContain('read; committing');
    expect(formatProgress({ lines: 10, bytes: 500, totalBytes: null, elapsedMs: 1_000 })).toBe('10 lines · 10/s');
    expect(formatDuration(3_725)).toBe('62:05');
  });

  it('redraws one terminal line in place, at most every 100 ms, and clears it at the end', () => {
    const out: string[] = [];
    let now = 0;
    const reporter = createProgressReporter({ isTTY: true, write: (t: string) => out.push(t) }, 1000, () => now);
    for (now = 50; now <= 1_000; now += 50) reporter.update({ lines: now, bytes: now });
    reporter.finish();
    expect(out.length).toBeGreaterThanOrEqual(9);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out.every((t) => t.startsWith('\r') && !t.includes('\n'))).toBe(true);
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  it('logs a plain line every few seconds when not on a terminal, and nothing to clear', () => {
    const out: string[] = [];
    let now = 0;
    const reporter = createProgressReporter({ write: (t: string) => out.push(t) }, null, () => now);
    for (now = 0; now <= 30_000; now += 100) reporter.update({ lines: now, bytes: now });
    reporter.finish();
    expect(out).toHaveLength(3);
    expect(out.every((t) => /^progress: [\d,]+ lines · [\d,]+\/s\n$/.test(t))).toBe(true);
  });
});
