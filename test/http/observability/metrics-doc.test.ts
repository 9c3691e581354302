// docs/operations.md lists every trustbadge_* metric with its type and labels; a real scrape must
// expose exactly those, no more and no fewer, so the runbook cannot drift from the code.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/test-app.js';

const DOC = resolve(import.meta.dirname, '../../../docs/operations.md');

interface Documented {
  type: string;
  labels: string[];
}

/** Rows of the metric table: | `name` | type | `label`, `label` or — | meaning |. */
function documentedMetrics(markdown: string): Map<string, Documented> {
  const rows = new Map<string, Documented>();
  for (const match of markdown.matchAll(/^\|\s*`(trustbadge_[a-z0-9_]+)`\s*\|\s*(counter|gauge|histogram)\s*\|([^|]*)\|/gm)) {
    const labels = [...match[3]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
    rows.set(match[1]!, { type: match[2]!, labels });
  }
  return rows;
}

/** `# TYPE` lines, and the label names seen on each metric's samples. */
function scrapedMetrics(text: string): Map<string, Documented> {
  const metrics = new Map<string, Documented>();
  for (const match of text.matchAll(/^# TYPE (trustbadge_[a-z0-9_]+) (\w+)$/gm)) metrics.set(match[1]!, { type: match[2]!, labels: [] });
  for (const match of text.matchAll(/^(trustbadge_[a-z0-9_]+?)(?:_bucket|_sum|_count)?\{([^}]*)\}/gm)) {
    const metric = metrics.get(match[1]!);
    if (metric === undefined) continue;
    const names = [...match[2]!.matchAll(/([a-z_]+)="/g)].map((m) => m[1]!).filter((name) => name !== 'le');
    metric.labels = [...new Set([...metric.labels, ...names])].sort();
  }
  return metrics;
}

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('the metric table in docs/operations.md', () => {
  it('matches a real scrape: every name, its type and its labels', async () => {
    // Touch every path that records something, so labelled series exist.
    await request(t.app).get('/badge/openrouter.svg');
    await request(t.app).get('/badge/openrouter.svg');
    await request(t.app).get('/v1/preflight?target=openrouter');
    const scraped = scrapedMetrics((await request(t.app).get('/metrics')).text);
    const documented = documentedMetrics(readFileSync(DOC, 'utf8'));

    expect(documented.size).toBeGreaterThan(10);
    expect([...documented.keys()].sort()).toEqual([...scraped.keys()].sort());
    for (const [name, doc] of documented) {
      expect(scraped.get(name)?.type, name).toBe(doc.type);
      expect(scraped.get(name)?.labels, name).toEqual([...doc.labels].sort());
    }
  });
});
