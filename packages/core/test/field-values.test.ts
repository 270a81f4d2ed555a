import { describe, expect, it } from 'vitest';
import { nestingDepth, parseFieldValue, type FieldDef, type FieldType } from '../src/index.ts';

const field = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ apiName: 'f', type, label: { en: 'F' }, required: false, unique: false, externalId: false, system: false, ...extra });
const value = (type: FieldType, raw: unknown, extra?: Partial<FieldDef>) => {
  const r = parseFieldValue(field(type, extra), raw);
  return r.ok ? r.value : r.problem.code;
};

describe('parseFieldValue', () => {
  it('takes only real calendar days, including years before 100', () => {
    expect(value('date', '2024-02-29')).toBe('2024-02-29');
    expect(value('date', '2023-02-29')).toBe('invalidFormat');
    expect(value('date', '0050-01-01')).toBe('0050-01-01');
    expect(value('date', '0000-01-01')).toBe('invalidFormat');
  });

  it('refuses datetimes that Date.parse would silently move to another instant', () => {
    expect(value('datetime', '2026-11-24T18:00:00+08:00')).toBe('2026-11-24T10:00:00.000Z');
    for (const bad of ['2024-02-30T10:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:60Z', '2024-01-01T10:00:61Z', '2024-01-01T10:00+15:00', '2024-01-01 10:00Z']) {
      expect(value('datetime', bad), bad).toBe('invalidFormat');
    }
  });

  it('keeps every digit of decimals and refuses more than the scale allows', () => {
    expect(value('decimal', '12345678901234567.5', { precision: 18, scale: 1 })).toBe('12345678901234567.5');
    expect(value('decimal', 0.1)).toBe('0.1');
    expect(value('decimal', '1.005')).toBe('outOfRange');
    expect(value('currency', { amount: '99.90' })).toEqual({ amount: '99.9', currency: 'CNY' });
    expect(value('currency', { amount: '1', currency: 'usd' })).toBe('invalidFormat');
  });

  it('stores URLs trimmed and refuses other schemes', () => {
    expect(value('url', ' https://例子.中国/ ')).toBe('https://例子.中国/');
    expect(value('url', 'javascript:alert(1)')).toBe('invalidFormat');
  });

  it('bounds JSON values by nesting depth without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingDepth(deep, 32)).toBe(33);
    expect(value('json', deep)).toBe('outOfRange');
    expect(value('json', { a: [{ b: '二' }] })).toEqual({ a: [{ b: '二' }] });
  });

  it('counts text length in characters, not UTF-16 units', () => {
    expect(value('text', '𠀀'.repeat(5), { maxLength: 5 })).toBe('𠀀'.repeat(5));
    expect(value('text', '华'.repeat(6), { maxLength: 5 })).toBe('tooLong');
    expect(value('text', 'a\u0000b')).toBe('invalidValue');
  });
});
