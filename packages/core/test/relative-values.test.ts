import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../src/errors/domain-error.ts';
import type { FieldDef, FieldType } from '../src/metadata/types.ts';
import type { FilterOp } from '../src/query/filter.ts';
import { resolveRelativeValue } from '../src/query/relative-values.ts';

const field = (type: FieldType): FieldDef => ({ apiName: 'f', type, label: { en: 'f' }, required: false, unique: false, externalId: false, system: false });
const ME = '0190a000-0000-7000-8000-000000000001';
// 00:30 on Wednesday 1 January 2025 in Shanghai, still 31 December 2024 in UTC and in New York.
const context = (timeZone = 'Asia/Shanghai') => ({ now: new Date('2024-12-31T16:30:00Z'), timeZone, user: { id: ME, name: 'me', email: 'me@example.test' } });

function resolve(type: FieldType, op: FilterOp, value: unknown, ctx: ReturnType<typeof context> | null = context()) {
  const problems: FieldProblem[] = [];
  const out = resolveRelativeValue(field(type), op, value, ctx ?? undefined, 'filter.value', problems);
  return { out, problems };
}

describe('relative filter values', () => {
  it('$me is the reader on user fields, in single values and lists', () => {
    expect(resolve('userRef', 'eq', '$me').out).toBe(ME);
    expect(resolve('userRef', 'in', ['$me', 'x']).out).toEqual([ME, 'x']);
    expect(resolve('text', 'eq', '$me').out).toBe('$me');
    expect(resolve('lookup', 'eq', '$me').problems).toEqual([expect.objectContaining({ field: 'filter.value', code: 'invalidFilter' })]);
  });

  it('days count from the reader’s today in their time zone, weeks from Monday, shifts in the token’s unit', () => {
    const day = (token: string, tz?: string) => resolve('date', 'eq', token, context(tz)).out;
    expect(day('$today')).toBe('2025-01-01');
    expect(day('$today', 'America/New_York')).toBe('2024-12-31');
    expect(day('$today-7')).toBe('2024-12-25');
    expect(day('$today+31')).toBe('2025-02-01');
    expect(day('$startOfWeek')).toBe('2024-12-30');
    expect(day('$endOfWeek')).toBe('2025-01-05');
    expect(day('$startOfWeek-1')).toBe('2024-12-23');
    expect(day('$startOfMonth')).toBe('2025-01-01');
    expect(day('$endOfMonth+1')).toBe('2025-02-28');
    expect(day('$startOfMonth-1')).toBe('2024-12-01');
    expect(day('$startOfQuarter')).toBe('2025-01-01');
    expect(day('$endOfQuarter')).toBe('2025-03-31');
    expect(day('$endOfQuarter-1')).toBe('2024-12-31');
    expect(day('$startOfYear+1')).toBe('2026-01-01');
    expect(day('$endOfYear-1')).toBe('2024-12-31');
    expect(resolve('date', 'between', ['$startOfMonth', '$endOfMonth']).out).toEqual(['2025-01-01', '2025-01-31']);
    // Not a token: left for the value check to refuse.
    expect(day('$tomorrow')).toBe('$tomorrow');
    expect(day('$today-99999')).toBe('$today-99999');
  });

  it('on a date-time field a day is an interval whose edge the operator picks', () => {
    expect(resolve('datetime', 'gte', '$today').out).toBe('2024-12-31T16:00:00.000Z');
    expect(resolve('datetime', 'lt', '$today').out).toBe('2024-12-31T16:00:00.000Z');
    expect(resolve('datetime', 'lte', '$today').out).toBe('2025-01-01T15:59:59.999Z');
    expect(resolve('datetime', 'gt', '$today').out).toBe('2025-01-01T15:59:59.999Z');
    expect(resolve('datetime', 'between', ['$startOfMonth', '$endOfMonth']).out).toEqual(['2024-12-31T16:00:00.000Z', '2025-01-31T15:59:59.999Z']);
    // A day with a change of offset: 9 March 2025 began at 05:00 UTC in New York (still EST).
    expect(resolve('datetime', 'gte', '$today+67', context('America/New_York')).out).toBe('2025-03-08T05:00:00.000Z');
    expect(resolve('datetime', 'gte', '$today+68', context('America/New_York')).out).toBe('2025-03-09T05:00:00.000Z');
    expect(resolve('datetime', 'gte', '$today+69', context('America/New_York')).out).toBe('2025-03-10T04:00:00.000Z');
    expect(resolve('datetime', 'eq', '$today').problems).toEqual([expect.objectContaining({ field: 'filter.value', code: 'invalidFilter' })]);
  });

  it('refuses tokens where there is no reader to resolve them for', () => {
    expect(resolve('userRef', 'eq', '$me', null).problems).toEqual([expect.objectContaining({ code: 'invalidFilter' })]);
    expect(resolve('date', 'eq', '$today', null).problems).toHaveLength(1);
    expect(resolve('date', 'eq', '2025-01-01', null)).toEqual({ out: '2025-01-01', problems: [] });
  });
});
