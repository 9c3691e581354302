// Seals against a model: fast-check commands interleave score writes (above and below the trust
// threshold), entity deletions, origin changes, expiry moves, revocations and image requests from
// several pages; once a write is acknowledged, every seal image and verify page answers as the
// model says — no grade for a page the seal is no longer bound to, none after a revocation or a drop.

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_SCALE, gradeFor } from '../../src/domain/grade.js';
import type { SealAnswer } from '../../src/schema/seal-schemas.js';
import { fuzzOptions } from '../fuzz/fuzz-settings.js';
import { createTestApp, FIXED_NOW } from '../helpers/test-app.js';

const TOKEN = 'seal-freshness-admin-token-0123';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };
const ORIGINS = ['https://a.example', 'https://b.example', 'https://shop.c.example'] as const;
const PAGES = ['https://a.example/', 'https://b.example/x', 'https://shop.c.example/', 'https://evil.example/', ''] as const;
const THRESHOLD = DEFAULT_GRADE_SCALE.trustThreshold;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

interface Model {
  score: number | null;
  origins: readonly string[];
  expired: boolean;
  revoked: boolean;
}

interface Real {
  t: TestApp;
  id: string;
  clock: { now: Date };
}

/** What the image for a page must show in the model: its state, and the grade when valid. */
function expected(model: Model, page: string): { state: string; grade: string | null } {
  if (model.revoked) return { state: 'revoked', grade: null };
  if (model.expired) return { state: 'expired', grade: null };
  if (model.score === null) return { state: 'entity_missing', grade: null };
  if (model.score < THRESHOLD) return { state: 'below_threshold', grade: null };
  const origin = page === '' ? null : new URL(page).origin;
  if (origin === null || !model.origins.includes(origin)) return { state: 'foreign', grade: null };
  return { state: 'valid', grade: `trust grade ${gradeFor(model.score, DEFAULT_GRADE_SCALE)}, ${model.score.toFixed(1)}/100` };
}

const putScore = (t: TestApp, score: number) =>
  request(t.app).put('/v1/entities/npm/sealed-pkg').set(ADMIN).type('json')
    .send(JSON.stringify({ category: 'library', score, dimensions: {}, updated_at: '2026-11-24T12:00:00Z' }));

class WriteScore implements fc.AsyncCommand<Model, Real> {
  constructor(readonly score: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    expect((await putScore(real.t, this.score)).status).toBeLessThan(300);
    model.score = this.score;
  }
  toString = () => `score ${this.score}`;
}

class DeleteEntity implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) => model.score !== null;
  async run(model: Model, real: Real): Promise<void> {
    expect((await request(real.t.app).delete('/v1/entities/npm/sealed-pkg').set(ADMIN)).status).toBe(204);
    model.score = null;
  }
  toString = () => 'delete entity';
}

class SetOrigins implements fc.AsyncCommand<Model, Real> {
  constructor(readonly origins: string[]) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const res = await request(real.t.app).patch(`/v1/seals/${real.id}`).set(ADMIN).type('application/merge-patch+json').send(JSON.stringify({ origins: this.origins }));
    expect(res.status).toBe(model.revoked ? 409 : 200);
    if (!model.revoked) model.origins = this.origins;
  }
  toString = () => `origins ${this.origins.join(' ')}`;
}

/** Moves the app's clock past the seal's expiry, or back before it. */
class MoveClock implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pastExpiry: boolean) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.now = this.pastExpiry ? new Date('2027-02-01T00:00:00Z') : FIXED_NOW;
    model.expired = this.pastExpiry;
  }
  toString = () => (this.pastExpiry ? 'clock past expiry' : 'clock back');
}

class Revoke implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    expect((await request(real.t.app).delete(`/v1/seals/${real.id}`).set(ADMIN)).status).toBe(204);
    model.revoked = true;
  }
  toString = () => 'revoke';
}

class LookFrom implements fc.AsyncCommand<Model, Real> {
  constructor(readonly page: string) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const res = await request(real.t.app).get(`/seal/${real.id}.svg`).set(this.page === '' ? {} : { Referer: this.page });
    const want = expected(model, this.page);
    expect(res.headers['x-seal-state'], `${this} in ${JSON.stringify(model)}`).toBe(want.state);
    const body = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.text);
    if (want.grade !== null) expect(body).toContain(want.grade);
    else expect(body).not.toMatch(/trust grade/);
    // The verify page tells the same story: valid only while the seal is active.
    const page = await request(real.t.app).get(`/verify/${real.id}`);
    const active = !model.revoked && !model.expired && model.score !== null && model.score >= THRESHOLD;
    expect(page.text.includes('<strong>Valid.</strong>'), 'verify page').toBe(active);
  }
  toString = () => `look from ${this.page === '' ? '(no Referer)' : this.page}`;
}

describe('seal images follow every acknowledged write (model-based)', () => {
  const clock = { now: FIXED_NOW };
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_TOKEN: TOKEN }, [], { now: () => clock.now });
  });
  afterAll(() => t.close());

  it('answers as the model after any sequence of writes and looks', async () => {
    const commands = fc.commands(
      [
        fc.constantFrom(45, 69.9, 70, 74, 88.5).map((score) => new WriteScore(score)),
        fc.constant(new DeleteEntity()),
        fc.subarray([...ORIGINS], { minLength: 1 }).map((origins) => new SetOrigins(origins)),
        fc.boolean().map((past) => new MoveClock(past)),
        fc.constant(new Revoke()),
        fc.constantFrom(...PAGES).map((page) => new LookFrom(page)),
        fc.constantFrom(...PAGES).map((page) => new LookFrom(page)),
      ],
      { maxCommands: 30 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        clock.now = FIXED_NOW;
        expect((await putScore(t, 74)).status).toBeLessThan(300);
        const issued = await request(t.app).post('/v1/seals').set(ADMIN).type('json')
          .send(JSON.stringify({ target: 'npm/sealed-pkg', vendor: 'Model Ltd', origins: [ORIGINS[0]], expires_at: '2027-01-01T00:00:00Z' }));
        expect(issued.status).toBe(201);
        const model: Model = { score: 74, origins: [ORIGINS[0]], expired: false, revoked: false };
        await fc.asyncModelRun(() => ({ model, real: { t, id: (issued.body as SealAnswer).id, clock } }), cmds);
      }),
      fuzzOptions(40),
    );
  }, 120_000);
});
