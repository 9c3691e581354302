// Per-request budgets of work beyond memory, carried with node's AsyncLocalStorage: the caches
// charge before a store read or a render; answers from memory never do. Knows no limiter or HTTP.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkBudget {
  /**
   * Resolves once the current request may do work beyond memory (a store read, a render); rejects
   * with the refusal, and then nothing may be read or drawn for that request. Free outside a request
   * that has a budget (admin routes, health checks, the CLI, limits turned off).
   */
  charge(): Promise<void>;
  /**
   * charge() for `items` items of a batch read together (those not answered from memory): in a
   * request counted by items, `items` points; in one counted by request, as charge().
   */
  chargeItems(items: number): Promise<void>;
}

/**
 * `request`: one point per request, however many reads and renders it needs, concurrent or not
 * (every charge shares that one spend). `items`: a batch, one point per item that reaches the
 * store (each charge spends its own). Either way a refused request stays refused.
 */
export type Counting = 'request' | 'items';

export interface RequestBudgets extends WorkBudget {
  /** Runs `work` as one request whose charges call `spend` with the points they cost, as `counting` says. */
  run<T>(spend: (points: number) => Promise<void>, work: () => T, counting?: Counting): T;
}

interface RequestState {
  spend: (points: number) => Promise<void>;
  counting: Counting;
  /** Per request: the one spend, once asked for, whose outcome every later charge shares. */
  charged: Promise<void> | null;
  /** Per item: the first refusal, which every later charge repeats. */
  refusal: Promise<void> | null;
}

/** For callers outside any request budget (tests, tools). */
export const FREE_WORK: WorkBudget = { charge: () => Promise.resolve(), chargeItems: () => Promise.resolve() };

export function createRequestBudgets(): RequestBudgets {
  const requests = new AsyncLocalStorage<RequestState>();

  function chargeItems(items: number): Promise<void> {
    const state = requests.getStore();
    if (state === undefined) return Promise.resolve();
    if (state.counting === 'request') {
      state.charged ??= state.spend(1);
      return state.charged;
    }
    if (state.refusal !== null) return state.refusal;
    if (items <= 0) return Promise.resolve();
    const spent = state.spend(items);
    spent.catch(() => {
      state.refusal ??= spent;
    });
    return spent;
  }

  return {
    run: (spend, work, counting = 'request') => requests.run({ spend, counting, charged: null, refusal: null }, work),
    charge: () => chargeItems(1),
    chargeItems,
  };
}
