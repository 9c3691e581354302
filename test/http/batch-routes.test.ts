// POST /v1/preflight: many targets and package URLs in one body, each answered on its own in input
// order, with a summary; bad bodies are problems; the rate limit counts the items that reach the
// store. Answers are checked against /openapi.json by the suite's setup (answer-setup.ts).

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GRADES, gradeFor } from '../../src/domain/grade.js';
import { batchMaxBytes } from '../../src/http/routes/batch-routes.js';
import type { BatchAnswer } from '../../src/schema/answers.js';
import { createTestApp, makeEntity } from '../helpers/test-app.js';

const BASE = 'https://badges.example.org';
const ADMIN = { Authorization: 'Bearer secret-token-for-tests' };
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const post = (t: TestApp, body: unknown) => request(t.app).post('/v1/preflight').type('json').send(JSON.stringify(body));

describe('POST /v1/preflight', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: BASE, ADMIN_TOKEN: 'secret-token-for-tests', BATCH_MAX_TARGETS: '50' }, [
      makeEntity({ registry: 'pypi', name: 'typing_extensions', score: 88 }),
      makeEntity({ registry: 'pypi', name: 'Flask_SQLAlchemy.ext', score: 66 }),
    ]);
  });
  afterAll(() => t.close());

  it('answers every kind of item in input order, one bad item never failing the rest', async () => {
    const res = await post(t, {
      targets: ['pkg:npm/sharp@0.33.0', 'npm/sharp', 'pkg:pypi/Sharp', 'sharp', 'openrouter.ai', 'pkg:npm/no-such-package', 'npm/a\u0001b', 'pkg:swift/github.com/apple/swift-nio@2.0.0', 'https://github.com/haotian-liu/LLaVA'],
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { results, summary } = res.body as BatchAnswer;
    expect(results.map((r) => [r.input, r.status])).toEqual([
      ['pkg:npm/sharp@0.33.0', 'found'], ['npm/sharp', 'found'], ['pkg:pypi/Sharp', 'found'], ['sharp', 'ambiguous'], ['openrouter.ai', 'found'],
      ['pkg:npm/no-such-package', 'unknown'], ['npm/a\u0001b', 'invalid'], ['pkg:swift/github.com/apple/swift-nio@2.0.0', 'unsupported'], ['https://github.com/haotian-liu/LLaVA', 'found'],
    ]);
    expect(results[0]).toEqual({
      input: 'pkg:npm/sharp@0.33.0', status: 'found', target: 'npm/sharp', entity: { registry: 'npm', name: 'sharp', category: 'library' },
      score: 78.6, grade: 'B', verified: true, report: `${BASE}/entity/npm/sharp`,
    });
    expect(results[2]).toMatchObject({ target: 'pypi/sharp', grade: 'D', verified: false });
    expect(results[3]).toMatchObject({ more_candidates: false });
    expect((results[3] as { candidates: { target: string }[] }).candidates.map((c) => c.target)).toEqual(['npm/sharp', 'pypi/sharp']);
    expect(results[5]).toEqual({ input: 'pkg:npm/no-such-package', status: 'unknown', target: 'npm/no-such-package' });
    expect(results[7]).toMatchObject({ reason: expect.stringMatching(/swift/) });
    expect(summary).toEqual({
      items: 9, found: 5, unknown: 1, ambiguous: 1, invalid: 1, unsupported: 1,
      grades: { A: 0, B: 4, C: 0, D: 1, F: 0 }, lowest_grade: 'D', below_threshold: 1, threshold: 70,
    });
  });

  it('finds a pypi package the catalogue spells with `_` or `.` where its package URL has `-`', async () => {
    const { results } = (await post(t, { targets: ['pkg:pypi/typing-extensions@4.12.2', 'pkg:pypi/typing_extensions', 'pkg:pypi/flask-sqlalchemy-ext', 'pkg:pypi/typing-extension', 'pkg:npm/typing-extensions'] })).body as BatchAnswer;
    expect(results.map((r) => (r.status === 'found' ? r.target : r.status))).toEqual(['pypi/typing_extensions', 'pypi/typing_extensions', 'pypi/Flask_SQLAlchemy.ext', 'unknown', 'unknown']);
  });

  it('agrees with the one-target report for any mix of known, unknown and repeated targets', async () => {
    const known = ['npm/sharp', 'pypi/sharp', 'web/OpenRouter', 'github/haotian-liu/LLaVA', 'openrouter', 'npm/nothing-here', 'pkg:cargo/serde', 'pkg:gem/none'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...known), { minLength: 1, maxLength: 20 }), async (targets) => {
        const { results, summary } = (await post(t, { targets })).body as BatchAnswer;
        expect(results.map((r) => r.input)).toEqual(targets);
        for (const result of results) {
          if (result.status === 'found') {
            const report = await request(t.app).get(`/v1/entities/${result.target}`);
            expect([report.status, report.body.score, report.body.grade, report.body.verified]).toEqual([200, result.score, result.grade, result.verified]);
          }
          // A target (not a package URL) answers as the one-target route does.
          if (result.input.startsWith('pkg:')) continue;
          const single = await request(t.app).get(`/v1/preflight?target=${encodeURIComponent(result.input)}`);
          expect(single.status).toBe({ found: 200, ambiguous: 409, unknown: 404, invalid: 400, unsupported: 400 }[result.status]);
        }
        const found = results.filter((r) => r.status === 'found');
        expect(summary.found).toBe(found.length);
        expect(Object.values(summary.grades).reduce((a, b) => a + b, 0)).toBe(found.length);
        const worst = found.map((r) => GRADES.indexOf(r.grade)).reduce((a, b) => Math.max(a, b), -1);
        expect(summary.lowest_grade).toBe(worst === -1 ? null : GRADES[worst]);
      }),
      { numRuns: 15 },
    );
  });

  it('shows a write acknowledged before the batch, never the score it replaced', async () => {
    const before = (await post(t, { targets: ['npm/batch-fresh', 'pkg:npm/batch-fresh'] })).body as BatchAnswer;
    expect(before.results.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    for (const score of [81, 35, 64]) {
      const put = await request(t.app).put('/v1/entities/npm/batch-fresh').set(ADMIN).type('json').send({ category: 'library', score });
      expect(put.status).toBeLessThan(300);
      const { results } = (await post(t, { targets: ['npm/batch-fresh', 'pkg:npm/batch-fresh'] })).body as BatchAnswer;
      expect(results.map((r) => (r.status === 'found' ? r.score : r.status))).toEqual([score, score]);
      expect(results[0]).toMatchObject({ grade: gradeFor(score, { minScore: { A: 80, B: 70, C: 60, D: 40 }, trustThreshold: 70 }) });
    }
    expect((await request(t.app).delete('/v1/entities/npm/batch-fresh').set(ADMIN)).status).toBe(204);
    expect(((await post(t, { targets: ['npm/batch-fresh'] })).body as BatchAnswer).results[0]!.status).toBe('unknown');
  });

  it.each([
    ['not JSON', '{"targets": [', 'invalid_batch'],
    ['no targets', '{}', 'invalid_batch'],
    ['an empty list', '{"targets": []}', 'invalid_batch'],
    ['a number among the targets', '{"targets": ["npm/sharp", 7]}', 'invalid_batch'],
    ['a key given twice', '{"targets": ["npm/sharp"], "targets": ["x"]}', 'invalid_batch'],
    ['an unknown field', '{"targets": ["npm/sharp"], "gate": "C"}', 'invalid_batch'],
    ['bad UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'invalid_batch'],
  ])('refuses %s with a problem document', async (_name, body, code) => {
    const res = await request(t.app).post('/v1/preflight').set('Content-Type', 'application/json').send(body);
    expect([res.status, res.headers['content-type'], res.body.code]).toEqual([400, 'application/problem+json; charset=utf-8', code]);
  });

  it('refuses more targets than BATCH_MAX_TARGETS, a body past its byte bound before reading it, and a non-JSON type', async () => {
    const many = await post(t, { targets: Array.from({ length: 51 }, (_, i) => `npm/p${i}`) });
    expect([many.status, many.body.code, many.body.errors]).toEqual([413, 'payload_too_large', [{ in: 'body', name: 'targets', detail: 'at most 50 items' }]]);
    const huge = await request(t.app).post('/v1/preflight').set('Content-Type', 'application/json').send(`{"targets":["${'a'.repeat(batchMaxBytes(50))}"]}`);
    expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
    const text = await request(t.app).post('/v1/preflight').set('Content-Type', 'text/plain').send('npm/sharp');
    expect([text.status, text.body.code]).toEqual([415, 'unsupported_media_type']);
  });
});

describe('POST /v1/preflight and the rate limit', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('spends a point per item that reaches the store, none for items answered from memory', async () => {
    const t = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '30', RATE_LIMIT_BURST: '0' }, Array.from({ length: 40 }, (_, i) => makeEntity({ name: `rl-${i}` })));
    apps.push(t);
    const remaining = (res: request.Response) => Number(/r=(\d+)/.exec(String(res.headers.ratelimit))?.[1]);
    // Package URLs need no registry list: ten names, ten points.
    const first = await post(t, { targets: Array.from({ length: 10 }, (_, i) => `pkg:npm/rl-${i}`) });
    expect([first.status, remaining(first)]).toEqual([200, 20]);
    // The same ten again come from memory: nothing is spent (no RateLimit field either).
    const again = await post(t, { targets: Array.from({ length: 10 }, (_, i) => `pkg:npm/rl-${i}@1.0.${i}`) });
    expect([again.status, again.headers.ratelimit]).toEqual([200, undefined]);
    // Five cached and fifteen new: fifteen points, then the budget is spent.
    const mixed = await post(t, { targets: Array.from({ length: 20 }, (_, i) => `pkg:npm/rl-${i + 5}`) });
    expect([mixed.status, remaining(mixed)]).toEqual([200, 5]);
    const refused = await post(t, { targets: Array.from({ length: 10 }, (_, i) => `pkg:npm/rl-${i + 25}`) });
    expect([refused.status, refused.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A batch larger than the whole budget still runs once it has refilled: it costs the budget, not more.
    const other = await createTestApp({ RATE_LIMIT_MISSES_PER_MINUTE: '5', RATE_LIMIT_BURST: '0' });
    apps.push(other);
    const big = await post(other, { targets: ['pkg:npm/sharp', 'pkg:pypi/sharp', 'pkg:npm/x1', 'pkg:npm/x2', 'pkg:npm/x3', 'pkg:npm/x4', 'pkg:npm/x5'] });
    expect([big.status, remaining(big)]).toEqual([200, 0]);
  });
});
