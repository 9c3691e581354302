// When an answer drawn from the store may be sent, and kept: each request notes the store's
// generation before it reads, an answer a write overtook is worked out again, and one that writes
// keep overtaking goes out `no-store`. Must not let any cache keep an answer a write replaced.

import type { Freshness } from '../../cache/freshness.js';

/** A response's locals, where Express keeps per-request state; the mark lives there. */
export type WithLocals = { locals?: Record<string, unknown> };

/**
 * Attempts at an answer while writes overtake it. Each attempt costs what a miss costs (a few
 * lookups, a render at most); only writes landing within every attempt's few milliseconds exhaust them.
 */
export const MAX_ANSWER_ATTEMPTS = 3;

/** Notes the store's generation before this request reads anything. */
export function markFreshness(res: WithLocals & { locals: Record<string, unknown> }, policy: { freshness: Freshness }): void {
  res.locals.freshnessMark = policy.freshness.mark();
}

/**
 * True when no write was announced since the request's mark: its answer reflects the store as it
 * is, and a cache may keep it. Otherwise it goes out `no-store`, so no CDN, browser or proxy
 * keeps what the write replaced (the write's purge may already have happened).
 */
export function isAnswerCurrent(res: WithLocals, policy: { freshness: Freshness }): boolean {
  const mark = res.locals?.freshnessMark;
  return typeof mark === 'number' && policy.freshness.isCurrent(mark);
}

/**
 * Runs `work` (which reads the store), again while a write lands during it, so that what is sent
 * reflects every write acknowledged before it was sent. The request's mark is the last attempt's:
 * after MAX_ANSWER_ATTEMPTS overtaken attempts the last answer (or error) stands, uncacheable.
 */
export async function workOutCurrent<T>(res: WithLocals & { locals: Record<string, unknown> }, policy: { freshness: Freshness }, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    markFreshness(res, policy);
    const last = attempt >= MAX_ANSWER_ATTEMPTS;
    let value: T;
    try {
      value = await work();
    } catch (error) {
      if (last || isAnswerCurrent(res, policy)) throw error;
      continue;
    }
    if (last || isAnswerCurrent(res, policy)) return value;
  }
}
