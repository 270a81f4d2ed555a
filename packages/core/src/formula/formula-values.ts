import { Decimal } from 'decimal.js';
import type { FieldDef, FieldType } from '../metadata/types.ts';
import type { FormulaType, FormulaValue } from './formula-nodes.ts';

/**
 * Values as the formula language sees them, shared by the evaluator and
 * the function table. Numbers are decimals with enough precision that
 * + - * are exact, as PostgreSQL numeric is; money never drifts.
 */
export const FormulaDecimal = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP, modulo: Decimal.ROUND_DOWN, toExpNeg: -1000, toExpPos: 1000 });
export type FormulaDecimal = Decimal;

/** PostgreSQL numeric has no negative zero; neither do we. */
export const num = (d: Decimal): Decimal => (d.isZero() ? new FormulaDecimal(0) : d);
export const dec = (v: string | number): Decimal => num(new FormulaDecimal(v));

/** How a field reads in a formula; undefined when it cannot be used (multi-select picklists, JSON). */
export const FIELD_FORMULA_TYPE: Record<FieldType, FormulaType | undefined> = {
  text: 'text',
  longText: 'text',
  richText: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  autoNumber: 'text',
  integer: 'number',
  decimal: 'number',
  percent: 'number',
  currency: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  picklist: 'picklist',
  multiPicklist: undefined,
  json: undefined,
  id: 'text',
  userRef: 'text',
  lookup: 'text',
  masterDetail: 'text',
  // Typed by its return type: check-formula inlines a referenced formula field's own formula.
  formula: undefined,
  // Typed by its value field: check-formula reads it as its compiled aggregate.
  rollup: undefined,
};

/** An API record's value of a field (a currency's amount, ids in lower case) as a formula value; undefined reads as blank. */
export function readFieldValue(field: FieldDef, value: unknown): FormulaValue {
  if (value === null || value === undefined) return null;
  const type = FIELD_FORMULA_TYPE[field.type];
  switch (type) {
    case 'number': {
      const raw = field.type === 'currency' && typeof value === 'object' ? (value as { amount?: unknown }).amount : value;
      return raw === null || raw === undefined ? null : dec(String(raw));
    }
    case 'datetime':
      return new Date(String(value)).toISOString();
    case 'boolean':
      return Boolean(value);
    case 'text':
      return field.type === 'id' || field.type === 'userRef' || field.type === 'lookup' || field.type === 'masterDetail' ? String(value).toLowerCase() : String(value);
    default:
      return String(value);
  }
}

/** A formula result as an API value: decimals as strings without exponent. */
export function toApiValue(value: FormulaValue): string | boolean | null {
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return value.toFixed();
}

// ---- text: characters are code points, comparison is by code point ------------

export const chars = (s: string): string[] => [...s];
export const compareText = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
/** Spaces only, as PostgreSQL's trim(): tabs and newlines are kept. */
export const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, '');
/** ASCII letters only, as the database's "C" collation does, so both compilations agree whatever the server locale. */
export const upperAscii = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
export const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
export const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

// ---- dates: 'YYYY-MM-DD', proleptic Gregorian, years 1–9999 ----------------------

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function dateParts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** Days since 1970-01-01 (setUTCFullYear, unlike Date.UTC, keeps years 0–99). */
export function dayNumber(date: string): number {
  const { y, m, d } = dateParts(date);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

export function fromDayNumber(day: number): string | null {
  const t = new Date(day * 86_400_000);
  const y = t.getUTCFullYear();
  if (y < 1 || y > 9999) return null;
  return `${pad(y, 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

export const daysInMonth = (y: number, m: number): number => {
  const t = new Date(0);
  t.setUTCFullYear(y, m, 0);
  return t.getUTCDate();
};

export function makeDate(y: number, m: number, d: number): string | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** The calendar date of an instant in an IANA time zone. */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', era: 'short' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return makeDate(get('year'), get('month'), get('day')) ?? '0001-01-01';
}
