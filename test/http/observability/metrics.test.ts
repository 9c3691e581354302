import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/http/observability/metrics.js';

/** The request counter and duration histogram's lines (help, type and samples). */
const requestLines = (text: string): string[] => text.split('\n').filter((line) => line.includes('trustbadge_http_request'));

/** The same observations through a Counter and Histogram of their own, labelled per call. */
async function promClientText(observations: [string, number, number][]): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: 'trustbadge_http_requests_total', help: 'HTTP requests by route and status.', labelNames: ['route', 'status'], registers });
  const duration = new Histogram({
    name: 'trustbadge_http_request_duration_seconds',
    help: 'Time from request to the last byte handed to the socket, by route.',
    labelNames: ['route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  for (const [route, status, seconds] of observations) {
    requests.inc({ route, status: String(status) });
    duration.observe({ route }, seconds);
  }
  return registry.metrics();
}

describe('request metrics', () => {
  it('expose exactly what prom-client would, bucket edges included', async () => {
    const observations: [string, number, number][] = [
      ['badge', 200, 0.0001],
      ['badge', 200, 0.0005],
      ['badge', 304, 0.0007],
      ['badge', 200, 0.3],
      ['badge', 503, 2],
      ['preflight', 200, 0.001],
      ['other', 404, 0.02],
    ];
    const metrics = createMetrics();
    for (const [route, status, seconds] of observations) metrics.record(route, status, seconds);
    const ours = requestLines(await metrics.registry.metrics());
    const theirs = requestLines(await promClientText(observations));
    expect(ours).toEqual(theirs);
    expect(ours).toContain('trustbadge_http_request_duration_seconds_bucket{le="0.0005",route="badge"} 2');
    expect(ours).toContain('trustbadge_http_requests_total{route="badge",status="200"} 3');
  });

  it('starts from nothing again when the registry is reset', async () => {
    const metrics = createMetrics();
    metrics.record('badge', 200, 0.001);
    metrics.registry.resetMetrics();
    expect(await metrics.registry.metrics()).not.toMatch(/^trustbadge_http_requests_total\{/m);
  });

  it('counts again after a reset, through the same route and status', async () => {
    const metrics = createMetrics();
    metrics.record('badge', 200, 0.001);
    metrics.registry.resetMetrics();
    metrics.record('badge', 200, 0.002);
    const lines = requestLines(await metrics.registry.metrics());
    expect(lines).toContain('trustbadge_http_requests_total{route="badge",status="200"} 1');
    expect(lines).toContain('trustbadge_http_request_duration_seconds_count{route="badge"} 1');
    expect(lines).toContain('trustbadge_http_request_duration_seconds_sum{route="badge"} 0.002');
  });
});
