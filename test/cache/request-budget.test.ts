// The per-request budget: one spend per request however many charges, concurrent or not; a
// refusal sticks for the rest of the request; no budget, no charge.

import { describe, expect, it } from 'vitest';
import { createRequestBudgets } from '../../src/cache/request-budget.js';

describe('request budgets', () => {
  it('spends once per request, however many charges it makes at once or after', async () => {
    const budgets = createRequestBudgets();
    let spent = 0;
    const spend = async () => void spent++;
    await budgets.run(spend, async () => {
      await Promise.all([budgets.charge(), budgets.charge(), budgets.charge()]);
      await budgets.charge();
    });
    await budgets.run(spend, () => budgets.charge());
    expect(spent).toBe(2);
  });

  it('keeps a refused request refused, without asking again', async () => {
    const budgets = createRequestBudgets();
    let asked = 0;
    const refusal = new Error('over budget');
    const outcomes = await budgets.run(
      async () => {
        asked++;
        throw refusal;
      },
      () => Promise.allSettled([budgets.charge(), budgets.charge(), new Promise((resolve) => setTimeout(resolve, 5)).then(() => budgets.charge())]),
    );
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : 'allowed'))).toEqual([refusal, refusal, refusal]);
    expect(asked).toBe(1);
  });

  it('charges nothing outside a request with a budget', async () => {
    await expect(createRequestBudgets().charge()).resolves.toBeUndefined();
  });
});
