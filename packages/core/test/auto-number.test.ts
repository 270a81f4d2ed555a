import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAutoNumber, parseAutoNumberPattern } from '../src/index.ts';

const day = { year: 2026, month: 3, day: 7 };

describe('formatAutoNumber', () => {
  it('fills date tokens and pads the counter to its width', () => {
    expect(formatAutoNumber('Q-{YYYY}-{000000}', 42, day)).toBe('Q-2026-000042');
    expect(formatAutoNumber('{YY}{MM}{DD}-{0000}', 7, day)).toBe('260307-0007');
    expect(formatAutoNumber('合同{0}', 5, day)).toBe('合同5');
  });

  it('pads early years and keeps every digit when the counter outgrows its width', () => {
    expect(formatAutoNumber('{YYYY}/{YY}-{000}', 1, { year: 905, month: 12, day: 31 })).toBe('0905/05-001');
    expect(formatAutoNumber('A{000}', 123456, day)).toBe('A123456');
  });

  it('gives distinct numbers for distinct counters (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 8 }), (a, b, width) => {
        const pattern = `X-{${'0'.repeat(width)}}`;
        expect(formatAutoNumber(pattern, a, day) === formatAutoNumber(pattern, b, day)).toBe(a === b);
      }),
    );
  });

  it('throws on a pattern that was never validated (a bug, not bad input)', () => {
    expect(() => formatAutoNumber('no counter', 1, day)).toThrow(/invalid auto-number pattern/);
    expect(() => formatAutoNumber('{0}', -1, day)).toThrow(/counter/);
  });
});

describe('parseAutoNumberPattern', () => {
  it.each([
    ['Q-{YYYY}-{000000}', true],
    ['{0}', true],
    ['INV{YY}{MM}{DD}{0000}', true],
    ['', false],
    ['Q-{YYYY}', false],
    ['{000}-{000}', false],
    ['{0000000000000000000}', false],
    ['Q-{HH}-{000}', false],
    ['Q-{000', false],
    ['Q}-{000}', false],
    ['Q\u0000{000}', false],
    [`${'x'.repeat(60)}{0}`, false],
  ])('%j valid: %s', (pattern, valid) => {
    const r = parseAutoNumberPattern(pattern);
    expect(r.ok).toBe(valid);
    if (!r.ok) expect(r.detail.length).toBeGreaterThan(0);
  });

  it('names the unknown token', () => {
    const r = parseAutoNumberPattern('Q-{HH}-{000}');
    expect(r.ok ? '' : r.detail).toContain('{HH}');
  });
});
