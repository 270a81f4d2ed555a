import { D, dec, moneyText, roundMoney, type Dec } from './money.ts';

/**
 * Quote and order pricing. A line's unit price is its list price, or the
 * price of the highest volume tier its quantity reaches; the line discount
 * (percent) comes off that; the quote discount (percent) comes off the
 * subtotal; tax is charged on what remains. Discounts are clamped to
 * 0–100 %, so no line and no total is ever negative. Every line amount and
 * every total is rounded to the currency's minor unit, and the subtotal is
 * the sum of the rounded lines, so the document always adds up.
 */

export type VolumeTier = { minQuantity: string | number; unitPrice: string | number };

export type PricingLineInput = {
  quantity: string | number;
  listPrice: string | number;
  tiers?: readonly VolumeTier[] | null;
  /** Percent, 0–100. */
  discount?: string | number | null;
};

export type PricedLine = { quantity: string; listPrice: string; unitPrice: string; discount: string; netAmount: string };

export type PricedDocument = { lines: PricedLine[]; subtotal: string; discountAmount: string; taxAmount: string; total: string };

const clampPercent = (v: unknown): Dec => D.min(100, D.max(0, dec(v)));

/** The unit price a quantity earns: the list price, or the best tier the quantity reaches. */
export function tierPrice(listPrice: Dec, quantity: Dec, tiers: readonly VolumeTier[] | null | undefined): Dec {
  let price = listPrice;
  let reached = new D(-1);
  for (const t of tiers ?? []) {
    const min = dec(t.minQuantity);
    if (quantity.gte(min) && min.gt(reached)) {
      reached = min;
      price = dec(t.unitPrice);
    }
  }
  return D.max(0, price);
}

export function priceLine(line: PricingLineInput, currency: string): PricedLine {
  const quantity = D.max(0, dec(line.quantity));
  const listPrice = D.max(0, dec(line.listPrice));
  const unitPrice = tierPrice(listPrice, quantity, line.tiers);
  const discount = clampPercent(line.discount);
  const net = roundMoney(quantity.mul(unitPrice).mul(new D(100).minus(discount)).div(100), currency);
  return { quantity: quantity.toString(), listPrice: moneyText(listPrice, currency), unitPrice: moneyText(unitPrice, currency), discount: discount.toString(), netAmount: moneyText(net, currency) };
}

export function priceDocument(input: { lines: readonly PricingLineInput[]; discount?: string | number | null; taxRate?: string | number | null; currency: string }): PricedDocument {
  const lines = input.lines.map((l) => priceLine(l, input.currency));
  const subtotal = lines.reduce((sum, l) => sum.plus(l.netAmount), new D(0));
  const discountAmount = roundMoney(subtotal.mul(clampPercent(input.discount)).div(100), input.currency);
  const taxable = subtotal.minus(discountAmount);
  const taxAmount = roundMoney(taxable.mul(D.max(0, dec(input.taxRate))).div(100), input.currency);
  return {
    lines,
    subtotal: moneyText(subtotal, input.currency),
    discountAmount: moneyText(discountAmount, input.currency),
    taxAmount: moneyText(taxAmount, input.currency),
    total: moneyText(taxable.plus(taxAmount), input.currency),
  };
}
