import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  D,
  configurationProblems,
  creditCheck,
  creditCodeCheck,
  formatMessage,
  customerValues,
  isValidCreditCode,
  ledgerBalance,
  pointsForOrder,
  priceDocument,
  priceLine,
  redeem,
  tierFor,
  type ProductOptionRule,
} from '../src/index.ts';

describe('pricing', () => {
  it('applies the volume tier the quantity reaches, then the line discount, the quote discount and tax, exactly', () => {
    const tiers = [
      { minQuantity: '10', unitPrice: '90.00' },
      { minQuantity: '50', unitPrice: '80.00' },
    ];
    expect(priceLine({ quantity: '9', listPrice: '100', tiers }, 'CNY')).toMatchObject({ unitPrice: '100.00', netAmount: '900.00' });
    expect(priceLine({ quantity: '10', listPrice: '100', tiers, discount: '5' }, 'CNY')).toMatchObject({ unitPrice: '90.00', netAmount: '855.00' });
    expect(priceLine({ quantity: '60', listPrice: '100', tiers }, 'CNY')).toMatchObject({ unitPrice: '80.00', netAmount: '4800.00' });
    const doc = priceDocument({ currency: 'CNY', discount: '10', taxRate: '13', lines: [{ quantity: '3', listPrice: '0.10' }, { quantity: '1', listPrice: '0.20' }] });
    // 0.1 × 3 + 0.2 is 0.5 exactly here, not 0.5000000000000001.
    expect(doc).toEqual({ lines: expect.any(Array), subtotal: '0.50', discountAmount: '0.05', taxAmount: '0.06', total: '0.51' });
  });

  it('rounds half up to the currency’s minor unit', () => {
    expect(priceLine({ quantity: '1', listPrice: '10.005' }, 'CNY').netAmount).toBe('10.01');
    expect(priceLine({ quantity: '3', listPrice: '333.5' }, 'JPY').netAmount).toBe('1001');
  });

  const money = fc.integer({ min: 0, max: 10_000_000 }).map((c) => (c / 100).toFixed(2));
  const percent = fc.integer({ min: -50, max: 150 }).map(String);
  const line = fc.record({ quantity: fc.integer({ min: 0, max: 10_000 }).map(String), listPrice: money, discount: percent });

  it('totals always equal the sum of the lines, less the discount, plus tax; nothing is ever negative', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), percent, fc.integer({ min: 0, max: 30 }).map(String), (lines, discount, taxRate) => {
        const doc = priceDocument({ lines, discount, taxRate, currency: 'CNY' });
        const sum = doc.lines.reduce((s, l) => s.plus(l.netAmount), new D(0));
        expect(sum.toFixed(2)).toBe(doc.subtotal);
        expect(new D(doc.subtotal).minus(doc.discountAmount).plus(doc.taxAmount).toFixed(2)).toBe(doc.total);
        for (const l of doc.lines) expect(new D(l.netAmount).gte(0)).toBe(true);
        expect(new D(doc.total).gte(0)).toBe(true);
        expect(new D(doc.discountAmount).lte(doc.subtotal)).toBe(true);
      }),
    );
  });
});

describe('product configuration', () => {
  const options: ProductOptionRule[] = [
    { id: 'spindle12', name: '12k 主轴', group: 'spindle', minSelect: 1, maxSelect: 1, maxQuantity: 1, excludes: [] },
    { id: 'spindle24', name: '24k 主轴', group: 'spindle', minSelect: 1, maxSelect: 1, maxQuantity: 1, excludes: ['coolantBasic'] },
    { id: 'coolant', name: '基础冷却', group: 'coolantBasic', minSelect: 0, maxSelect: 1, maxQuantity: 1, excludes: [] },
    { id: 'tools', name: '刀具套装', group: 'accessories', minSelect: 0, maxSelect: 3, maxQuantity: 5, excludes: [] },
  ];
  it('accepts a valid selection', () => {
    expect(configurationProblems(options, [{ option: 'spindle12', quantity: 1 }, { option: 'coolant', quantity: 1 }, { option: 'tools', quantity: 5 }])).toEqual([]);
  });
  it('refuses missing required groups, too many in a group, excluded combinations, unknown options and bad quantities', () => {
    const details = (choices: { option: string; quantity: number }[]) => configurationProblems(options, choices).map((p) => formatMessage(p.code, { field: p.field, ...p.params }, 'en'));
    expect(details([])).toEqual(['Choose at least 1 in "spindle".']);
    expect(details([{ option: 'spindle12', quantity: 1 }, { option: 'spindle24', quantity: 1 }])).toContain('Choose at most 1 in "spindle".');
    expect(details([{ option: 'spindle24', quantity: 1 }, { option: 'coolant', quantity: 1 }])).toEqual(['"24k 主轴" cannot be combined with "coolantBasic".']);
    expect(details([{ option: 'spindle12', quantity: 1 }, { option: 'tools', quantity: 6 }])).toEqual(['Choose 1 to 5 of "刀具套装".']);
    expect(formatMessage('optionExcludes', { option: '24k 主轴', group: '冷却' }, 'zh-CN')).toBe('“24k 主轴”不能与“冷却”同时选择。');
    expect(configurationProblems(options, [{ option: 'nope', quantity: 1 }, { option: 'spindle12', quantity: 1 }])[0]).toMatchObject({ field: 'options[0].option' });
  });
});

describe('the club', () => {
  it('earns whole points by programme rate and tier multiplier', () => {
    expect(pointsForOrder({ orderTotal: '1999.99', pointsPerUnit: '1' })).toBe(1999);
    expect(pointsForOrder({ orderTotal: '1000', pointsPerUnit: '0.5', multiplier: '1.5' })).toBe(750);
    expect(pointsForOrder({ orderTotal: '-5', pointsPerUnit: '1' })).toBe(0);
  });
  it('picks the highest tier whose threshold is met', () => {
    const tiers = [
      { id: 'silver', rank: 1, minPoints: 0, multiplier: 1 },
      { id: 'gold', rank: 2, minPoints: 5000, multiplier: 1.2 },
      { id: 'platinum', rank: 3, minPoints: 20000, multiplier: 1.5 },
    ];
    expect(tierFor(4999, tiers)?.id).toBe('silver');
    expect(tierFor(5000, tiers)?.id).toBe('gold');
    expect(tierFor(25000, tiers)?.id).toBe('platinum');
  });
  it('a ledger of earnings and redemptions never goes negative and its balance is the sum of its entries', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.record({ earn: fc.integer({ min: 0, max: 5000 }) }), fc.record({ redeem: fc.integer({ min: 0, max: 5000 }) })), { maxLength: 60 }), (ops) => {
        const entries: { points: number }[] = [];
        let balance = 0;
        for (const op of ops) {
          if ('earn' in op) {
            entries.push({ points: op.earn });
            balance += op.earn;
          } else {
            const r = redeem(balance, op.redeem);
            if (r.ok) {
              entries.push({ points: -op.redeem });
              balance = r.balance;
            } else expect(r.shortfall).toBe(op.redeem - balance);
          }
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(ledgerBalance(entries)).toBe(balance);
        }
      }),
    );
  });
});

describe('customer value and credit', () => {
  it('scores recent, frequent, big buyers highest', () => {
    const values = customerValues(
      [
        { accountId: 'big', orders: 40, total: '9000000', lastOrderDate: '2026-11-20' },
        { accountId: 'mid', orders: 10, total: '500000', lastOrderDate: '2026-08-01' },
        { accountId: 'old', orders: 1, total: '1000', lastOrderDate: '2023-01-01' },
        { accountId: 'none', orders: 0, total: '0', lastOrderDate: '2026-01-01' },
      ],
      '2026-11-30',
    );
    const by = Object.fromEntries(values.map((v) => [v.accountId, v]));
    expect(by.big).toMatchObject({ score: 15, level: 'high' });
    expect(by.old).toMatchObject({ score: 3, level: 'low' });
    expect(by.mid!.score).toBeGreaterThan(by.old!.score);
    expect(by.none).toBeUndefined();
  });
  it('checks open orders + receivables + this order against the limit', () => {
    expect(creditCheck({ creditLimit: '100000', receivables: '30000', openOrders: '50000', thisOrder: '20000' })).toMatchObject({ ok: true, over: '0.00' });
    expect(creditCheck({ creditLimit: '100000', receivables: '30000', openOrders: '50000', thisOrder: '20000.01' })).toMatchObject({ ok: false, over: '0.01' });
  });
  it('validates the unified social credit code checksum', () => {
    for (const code of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F']) expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100YI3')).toBe(false);
    expect(isValidCreditCode('9135')).toBe(false);
    expect(creditCodeCheck('91350100M000100Y4')).toBe('3');
  });
});
