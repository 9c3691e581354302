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
}

export interface RequestBudgets extends WorkBudget {
  /**
   * Runs `work` as one request whose first charge calls `spend`. The rule: one point per request,
   * however many reads and renders it needs, concurrent or not (every charge shares that one
   * `spend`), and a refused request stays refused.
   */
  run<T>(spend: () => Promise<void>, work: () => T): T;
}

interface RequestState {
  spend: () => Promise<void>;
  /** The one spend of this request, once asked for: every later charge shares its outcome. */
  charged: Promise<void> | null;
}

/** For callers outside any request budget (tests, tools). */
export const FREE_WORK: WorkBudget = { charge: () => Promise.resolve() };

export function createRequestBudgets(): RequestBudgets {
  const requests = new AsyncLocalStorage<RequestState>();
  return {
    run: (spend, work) => requests.run({ spend, charged: null }, work),

    charge() {
      const state = requests.getStore();
      if (state === undefined) return Promise.resolve();
      state.charged ??= state.spend();
      return state.charged;
    },
  };
}
