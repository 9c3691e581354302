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
    await expect(createRequestBudgets().chargeItems(5)).resolves.toBeUndefined();
  });

  it('counts a batch by items: each charge spends its own points, and after a refusal every charge is refused', async () => {
    const budgets = createRequestBudgets();
    const spent: number[] = [];
    await budgets.run(async (points) => void spent.push(points), async () => {
      await budgets.chargeItems(7);
      await budgets.charge();
      await budgets.chargeItems(0);
    }, 'items');
    expect(spent).toEqual([7, 1]);
    // Counted by request, chargeItems is one shared point like any charge.
    spent.length = 0;
    await budgets.run(async (points) => void spent.push(points), () => Promise.all([budgets.chargeItems(7), budgets.charge()]));
    expect(spent).toEqual([1]);
    let allow = 1;
    const asked: number[] = [];
    const outcome = await budgets.run(async (points) => {
      asked.push(points);
      if (allow-- <= 0) throw new Error('refused');
    }, async () => {
      await budgets.chargeItems(2);
      await expect(budgets.chargeItems(3)).rejects.toThrow('refused');
      await expect(budgets.chargeItems(1)).rejects.toThrow('refused');
      return 'done';
    }, 'items');
    expect([outcome, asked]).toEqual(['done', [2, 3]]);
  });
});
