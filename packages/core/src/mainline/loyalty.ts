import { D, dec } from './money.ts';

/**
 * The club's arithmetic. Points are whole numbers; an order earns
 * floor(total × points per currency unit × the member's tier multiplier).
 * The ledger is append-only: a balance is always the sum of its entries,
 * and a redemption that would take it below zero is refused.
 */

export type LedgerEntry = { points: number };
export type TierRule = { id: string; rank: number; minPoints: number; multiplier: string | number };

export const ledgerBalance = (entries: readonly LedgerEntry[]): number => entries.reduce((sum, e) => sum + e.points, 0);

export function pointsForOrder(input: { orderTotal: unknown; pointsPerUnit: unknown; multiplier?: unknown }): number {
  const total = D.max(0, dec(input.orderTotal));
  const points = total.mul(D.max(0, dec(input.pointsPerUnit))).mul(input.multiplier === undefined || input.multiplier === null ? 1 : D.max(0, dec(input.multiplier)));
  return points.floor().toNumber();
}

/** The next balance after a redemption, or the shortfall when the balance does not cover it. */
export function redeem(balance: number, cost: number): { ok: true; balance: number } | { ok: false; shortfall: number } {
  if (!Number.isInteger(cost) || cost < 0) throw new RangeError('a reward costs a whole, non-negative number of points');
  return balance >= cost ? { ok: true, balance: balance - cost } : { ok: false, shortfall: cost - balance };
}

/** The tier earned by the points collected in the qualifying period: the highest whose threshold is met. */
export function tierFor(pointsInPeriod: number, tiers: readonly TierRule[]): TierRule | undefined {
  return [...tiers].filter((t) => pointsInPeriod >= t.minPoints).sort((a, b) => b.minPoints - a.minPoints || b.rank - a.rank)[0];
}
