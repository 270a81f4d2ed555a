import { Decimal } from 'decimal.js';

/**
 * Money arithmetic for the mainline: decimal, never binary floating point.
 * Amounts are rounded to the currency's minor unit half-up (四舍五入), as
 * Chinese invoices (fapiao) and most ERPs do; intermediate results are kept
 * exact and only totals and line amounts are rounded.
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, TWD: 2, CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2 };
export const minorUnits = (currency: string): number => MINOR_UNITS[currency] ?? 2;

export const roundMoney = (amount: Dec, currency: string): Dec => amount.toDecimalPlaces(minorUnits(currency), D.ROUND_HALF_UP);

/** The amount of an API money value (`{amount, currency}`) or a plain decimal, as text; null when blank. */
export const amountText = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'object' && 'amount' in v ? String((v as { amount: unknown }).amount) : String(v);

/** A decimal from an API value ("12.50", 12, {amount: "12.50", currency}, null → 0). */
export const dec = (v: unknown): Dec => new D(amountText(v) || 0);

/** The API's form of a money amount: a string with the currency's decimals. */
export const moneyText = (amount: Dec, currency: string): string => roundMoney(amount, currency).toFixed(minorUnits(currency));
