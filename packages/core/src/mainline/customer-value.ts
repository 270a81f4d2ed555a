import { D, dec } from './money.ts';

/**
 * RFM customer value. Each account with orders gets 1–5 for recency (days
 * since the last order: fewer is better), frequency (number of orders) and
 * monetary value (sum of order totals), by quintile among all scored
 * accounts, so scores stay meaningful as the business grows. The RFM score
 * is their sum (3–15); 12+ is high value, 8+ medium, else low. Accounts
 * without orders have no score.
 */

export type OrderHistory = { accountId: string; orders: number; total: unknown; lastOrderDate: string };
export type CustomerValue = { accountId: string; recency: number; frequency: number; monetary: number; score: number; level: 'high' | 'medium' | 'low' };

/** 1–5 by the value's rank among all values (ties share the better score). */
function quintile(values: readonly number[], better: 'higher' | 'lower'): (v: number) => number {
  const sorted = [...values].sort((a, b) => (better === 'higher' ? a - b : b - a));
  return (v) => {
    if (sorted.length <= 1) return 5;
    // Position of the last element that is no better than v: ties get the same, higher score.
    let hi = 0;
    for (let i = 0; i < sorted.length; i++) if (better === 'higher' ? sorted[i]! <= v : sorted[i]! >= v) hi = i;
    return 1 + Math.floor((hi / (sorted.length - 1)) * 4.999);
  };
}

export function customerValues(histories: readonly OrderHistory[], today: string): CustomerValue[] {
  const day = (iso: string) => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
  const t = day(today);
  const rows = histories.filter((h) => h.orders > 0).map((h) => ({ h, days: Math.max(0, t - day(h.lastOrderDate)), money: dec(h.total).toNumber() }));
  const r = quintile(rows.map((x) => x.days), 'lower');
  const f = quintile(rows.map((x) => x.h.orders), 'higher');
  const m = quintile(rows.map((x) => x.money), 'higher');
  return rows.map(({ h, days, money }) => {
    const recency = r(days);
    const frequency = f(h.orders);
    const monetary = m(money);
    const score = recency + frequency + monetary;
    return { accountId: h.accountId, recency, frequency, monetary, score, level: score >= 12 ? 'high' : score >= 8 ? 'medium' : 'low' };
  });
}

/** Exposure the credit limit must cover: open orders + receivables + the order being placed. */
export function creditCheck(input: { creditLimit: unknown; receivables: unknown; openOrders: unknown; thisOrder: unknown }): { ok: boolean; exposure: string; limit: string; over: string } {
  const limit = dec(input.creditLimit);
  const exposure = dec(input.receivables).plus(dec(input.openOrders)).plus(dec(input.thisOrder));
  const over = D.max(0, exposure.minus(limit));
  return { ok: over.isZero(), exposure: exposure.toFixed(2), limit: limit.toFixed(2), over: over.toFixed(2) };
}
