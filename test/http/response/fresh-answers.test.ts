import { describe, expect, it } from 'vitest';
import type { Freshness } from '../../../src/cache/freshness.js';
import { isAnswerCurrent, MAX_ANSWER_ATTEMPTS, workOutCurrent } from '../../../src/http/response/fresh-answers.js';

/** A generation the test moves by hand, as the store's change notices would. */
function manualFreshness(): Freshness & { change: () => void } {
  let generation = 0;
  return {
    mark: () => generation,
    isCurrent: (mark) => mark === generation,
    onChange: () => undefined,
    close: () => undefined,
    change: () => void generation++,
  };
}

describe('an answer worked out while writes land', () => {
  it('is worked out again when a write overtook it, and then sent as current', async () => {
    const freshness = manualFreshness();
    const res = { locals: {} as Record<string, unknown> };
    let attempts = 0;
    const value = await workOutCurrent(res, { freshness }, async () => {
      if (++attempts === 1) freshness.change();
      return attempts;
    });
    expect(value).toBe(2);
    expect(isAnswerCurrent(res, { freshness })).toBe(true);
  });

  it('stands after the last attempt when writes keep overtaking it, and is then not current (no-store)', async () => {
    const freshness = manualFreshness();
    const res = { locals: {} as Record<string, unknown> };
    let attempts = 0;
    const value = await workOutCurrent(res, { freshness }, async () => {
      freshness.change();
      return ++attempts;
    });
    expect(value).toBe(MAX_ANSWER_ATTEMPTS);
    expect(isAnswerCurrent(res, { freshness })).toBe(false);
  });

  it('retries an error a write overtook, and lets a current one through', async () => {
    const freshness = manualFreshness();
    const res = { locals: {} as Record<string, unknown> };
    let attempts = 0;
    await expect(
      workOutCurrent(res, { freshness }, async () => {
        attempts++;
        if (attempts === 1) freshness.change();
        throw new Error(`not found, attempt ${attempts}`);
      }),
    ).rejects.toThrow('not found, attempt 2');
    expect(isAnswerCurrent(res, { freshness })).toBe(true);
  });

  it('counts a request never marked as not current', () => {
    expect(isAnswerCurrent({}, { freshness: manualFreshness() })).toBe(false);
  });
});
