import { Decimal } from 'decimal.js';
import type { FieldProblem } from '../errors/domain-error.ts';
import { isComputedField, valueFieldOf } from './formula-value-field.ts';
import type { FieldDef, FieldType } from './types.ts';

/**
 * What each field type accepts from the API and how it is stored.
 * One table per concern (columns, parsing, output) keyed by FieldType, so a
 * new type does not compile until every concern handles it.
 */

export type Column = { name: string; sqlType: string };

export const DEFAULT_MAX_LENGTH: Partial<Record<FieldType, number>> = {
  text: 255,
  longText: 131072,
  richText: 131072,
  email: 254,
  phone: 40,
  url: 2048,
  autoNumber: 255,
};
export const DEFAULT_NUMERIC: Partial<Record<FieldType, { precision: number; scale: number }>> = {
  decimal: { precision: 18, scale: 2 },
  currency: { precision: 18, scale: 2 },
  percent: { precision: 7, scale: 2 },
};
export const DEFAULT_CURRENCY = 'CNY';
export const MAX_JSON_BYTES = 262144;
/** Deeper values gain nothing and overflow the stack of recursive code (JSON.stringify, diffs). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply a JSON value nests, counting no further than `limit` + 1, so
 * hostile input costs at most that many levels of work and never overflows.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (d > limit) return d;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d]);
  }
  return deepest;
}
const MAX_SAFE = 9007199254740991;

/** Column holding a currency field's ISO code. API names cannot contain "__", so it never collides. */
export const currencyColumn = (field: { apiName: string }): string => `${field.apiName}__currency`;

export function numericShape(field: FieldDef): { precision: number; scale: number } {
  const d = DEFAULT_NUMERIC[field.type] ?? { precision: 18, scale: 2 };
  return { precision: field.precision ?? d.precision, scale: field.scale ?? d.scale };
}

export function maxLengthOf(field: FieldDef): number | undefined {
  return field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
}

const SQL_TYPE: Record<FieldType, (f: FieldDef) => string> = {
  id: () => 'uuid',
  userRef: () => 'uuid',
  text: () => 'text',
  longText: () => 'text',
  richText: () => 'text',
  email: () => 'text',
  phone: () => 'text',
  url: () => 'text',
  autoNumber: () => 'text',
  picklist: () => 'text',
  multiPicklist: () => 'text[]',
  integer: () => 'bigint',
  decimal: (f) => numericSql(f),
  currency: (f) => numericSql(f),
  percent: (f) => numericSql(f),
  boolean: () => 'boolean',
  date: () => 'date',
  datetime: () => 'timestamptz',
  lookup: () => 'uuid',
  masterDetail: () => 'uuid',
  json: () => 'jsonb',
  // No column holds it; this is the type of the expression computing it.
  formula: (f) => sqlTypeOf(valueFieldOf(f)),
  rollup: (f) => sqlTypeOf(valueFieldOf(f)),
};
function numericSql(f: FieldDef): string {
  const { precision, scale } = numericShape(f);
  return `numeric(${precision},${scale})`;
}

/** Physical columns of a field: one, except currency (amount + ISO code). */
export function columnsOf(field: FieldDef): Column[] {
  if (isComputedField(field)) return [];
  const main = { name: field.apiName, sqlType: SQL_TYPE[field.type](field) };
  return field.type === 'currency' ? [main, { name: currencyColumn(field), sqlType: 'varchar(3)' }] : [main];
}

/** The SQL type of the field's main column (the one filters and sorts use). */
export function sqlTypeOf(field: FieldDef): string {
  return SQL_TYPE[field.type](field);
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; problem: FieldProblem };

const ok = (value: unknown): ParseResult => ({ ok: true, value });
const fail = (field: string, code: FieldProblem['code'], params: Record<string, unknown> = {}): ParseResult => ({
  ok: false,
  problem: { field, code, params },
});

const EMAIL = /^[^\s@"<>()\\,;:]+@[^\s@"<>()\\,;:]+\.[^\s@"<>()\\,;:.]+$/;
const PHONE = /^\+?[0-9][0-9 ()\-.]{1,38}[0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

function parseString(field: FieldDef, raw: unknown, path: string): ParseResult {
  if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'text' });
  // Postgres text cannot hold NUL; refusing it here keeps it a 400, not a driver error.
  if (raw.includes('\u0000')) return fail(path, 'invalidValue', { detail: 'contains a NUL character' });
  const max = maxLengthOf(field);
  if (max !== undefined && [...raw].length > max) return fail(path, 'tooLong', { max });
  return ok(raw);
}

function parseDecimal(field: FieldDef, raw: unknown, path: string): ParseResult {
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail(path, 'wrongType', { expected: 'a decimal number (string)' });
  if (typeof raw === 'number' && !Number.isFinite(raw)) return fail(path, 'wrongType', { expected: 'a finite number' });
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) || text.length > 100) return fail(path, 'wrongType', { expected: 'a decimal number (string)' });
  const d = new Decimal(text);
  const { precision, scale } = numericShape(field);
  if (d.decimalPlaces() > scale) return fail(path, 'outOfRange', { detail: `at most ${scale} decimal places` });
  const intDigits = d.abs().trunc().isZero() ? 0 : d.abs().trunc().toFixed(0).length;
  if (intDigits > precision - scale) return fail(path, 'outOfRange', { detail: `at most ${precision - scale} digits before the decimal point` });
  return ok(d.toFixed());
}

function parseDate(raw: unknown, path: string): ParseResult {
  if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'a date (YYYY-MM-DD)' });
  const m = DATE.exec(raw);
  if (!m) return fail(path, 'invalidFormat', { format: 'date (YYYY-MM-DD)' });
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return fail(path, 'invalidFormat', { format: 'date (YYYY-MM-DD)' });
  return ok(raw);
}

/** A real day: 30 February is refused rather than rolled over to March. */
function isCalendarDate(y: number, mo: number, d: number): boolean {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  return y >= 1 && dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

function parseDatetime(raw: unknown, path: string): ParseResult {
  if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'a datetime (ISO 8601 with time zone)' });
  const m = DATETIME.exec(raw);
  const bad = () => fail(path, 'invalidFormat', { format: 'datetime (ISO 8601 with time zone)' });
  if (!m) return bad();
  const n = (i: number) => Number(m[i] ?? 0);
  // Every part in range: Date.parse would quietly turn 24:00 or 30 February into another instant.
  if (!isCalendarDate(n(1), n(2), n(3)) || n(4) > 23 || n(5) > 59 || n(7) > 59 || n(10) > 14 || n(11) > 59) return bad();
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return bad();
  return ok(new Date(t).toISOString());
}

function activeValues(field: FieldDef): Set<string> {
  return new Set((field.values ?? []).filter((v) => v.active).map((v) => v.apiName));
}

const PARSE: Record<FieldType, (field: FieldDef, raw: unknown, path: string) => ParseResult> = {
  text: parseString,
  longText: parseString,
  richText: parseString,
  autoNumber: parseString,
  email: (f, raw, path) => {
    const r = parseString(f, raw, path);
    if (r.ok && !EMAIL.test(r.value as string)) return fail(path, 'invalidFormat', { format: 'email address' });
    return r.ok ? ok((r.value as string).trim()) : r;
  },
  phone: (f, raw, path) => {
    const r = parseString(f, raw, path);
    if (r.ok && !PHONE.test(r.value as string)) return fail(path, 'invalidFormat', { format: 'phone number' });
    return r;
  },
  url: (f, raw, path) => {
    // Stored as the browser would read it: surrounding spaces are not part of a URL.
    const r = parseString(f, typeof raw === 'string' ? raw.trim() : raw, path);
    if (!r.ok) return r;
    try {
      const u = new URL(r.value as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return fail(path, 'invalidFormat', { format: 'http(s) URL' });
    } catch {
      return fail(path, 'invalidFormat', { format: 'http(s) URL' });
    }
    return r;
  },
  picklist: (f, raw, path) => {
    if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'a picklist value (string)' });
    if (!activeValues(f).has(raw)) return fail(path, 'invalidPicklistValue', { value: raw.slice(0, 100) });
    return ok(raw);
  },
  multiPicklist: (f, raw, path) => {
    if (!Array.isArray(raw)) return fail(path, 'wrongType', { expected: 'a list of picklist values' });
    const allowed = activeValues(f);
    const seen = new Set<string>();
    for (const v of raw) {
      if (typeof v !== 'string') return fail(path, 'wrongType', { expected: 'a list of picklist values' });
      if (!allowed.has(v)) return fail(path, 'invalidPicklistValue', { value: v.slice(0, 100) });
      seen.add(v);
    }
    return ok([...seen]);
  },
  integer: (_f, raw, path) => {
    const n = typeof raw === 'string' && /^[+-]?\d{1,16}$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n)) return fail(path, 'wrongType', { expected: 'a whole number' });
    if (Math.abs(n) > MAX_SAFE) return fail(path, 'outOfRange', { detail: `between -${MAX_SAFE} and ${MAX_SAFE}` });
    return ok(n);
  },
  decimal: parseDecimal,
  percent: parseDecimal,
  currency: (f, raw, path) => {
    // A bare amount is accepted and takes the workspace default currency.
    const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { amount: raw };
    for (const key of Object.keys(obj)) if (key !== 'amount' && key !== 'currency') return fail(`${path}.${key}`, 'unknownField', {});
    const amount = parseDecimal(f, obj.amount, `${path}.amount`);
    if (!amount.ok) return amount;
    const currency = obj.currency ?? DEFAULT_CURRENCY;
    if (typeof currency !== 'string' || !CURRENCY_CODE.test(currency)) return fail(`${path}.currency`, 'invalidFormat', { format: 'ISO 4217 currency code' });
    return ok({ amount: amount.value, currency });
  },
  boolean: (_f, raw, path) => (typeof raw === 'boolean' ? ok(raw) : fail(path, 'wrongType', { expected: 'true or false' })),
  date: (_f, raw, path) => parseDate(raw, path),
  datetime: (_f, raw, path) => parseDatetime(raw, path),
  id: (_f, raw, path) => (isUuid(raw) ? ok(raw.toLowerCase()) : fail(path, 'invalidFormat', { format: 'record id (UUID)' })),
  userRef: (_f, raw, path) => (isUuid(raw) ? ok(raw.toLowerCase()) : fail(path, 'invalidFormat', { format: 'user id (UUID)' })),
  lookup: (_f, raw, path) => (isUuid(raw) ? ok(raw.toLowerCase()) : fail(path, 'invalidFormat', { format: 'record id (UUID)' })),
  masterDetail: (_f, raw, path) => (isUuid(raw) ? ok(raw.toLowerCase()) : fail(path, 'invalidFormat', { format: 'record id (UUID)' })),
  json: (_f, raw, path) => {
    if (nestingDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return fail(path, 'outOfRange', { detail: `nested at most ${MAX_JSON_DEPTH} levels deep` });
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(raw) ?? '');
    } catch {
      return fail(path, 'wrongType', { expected: 'JSON' });
    }
    if (size > MAX_JSON_BYTES) return fail(path, 'outOfRange', { detail: `at most ${MAX_JSON_BYTES} bytes` });
    if (JSON.stringify(raw).includes('\\u0000')) return fail(path, 'invalidValue', { detail: 'contains a NUL character' });
    return ok(raw);
  },
  // Computed, never written: prepareWrite refuses it before parsing (isWritable).
  formula: (_f, _raw, path) => fail(path, 'readOnlyField'),
  rollup: (_f, _raw, path) => fail(path, 'readOnlyField'),
};

/**
 * Checks and normalises one non-null API value for a field. Null handling
 * (required, clearing) is the caller's business; this sees only values.
 * `path` names the value in problems (defaults to the field's API name).
 */
export function parseFieldValue(field: FieldDef, raw: unknown, path: string = field.apiName): ParseResult {
  return PARSE[field.type](field, raw, path);
}

/**
 * Turns a parsed value into the parameters of the field's columns, in
 * columnsOf() order. null clears every column.
 */
export function toColumnValues(field: FieldDef, value: unknown): unknown[] {
  if (field.type === 'currency') {
    if (value === null) return [null, null];
    const c = value as { amount: string; currency: string };
    return [c.amount, c.currency];
  }
  if (field.type === 'json') return [value === null ? null : JSON.stringify(value)];
  return [value];
}

/**
 * Reads a field's API value from a row keyed by column name (as the database
 * adapters return it: numeric, bigint and dates as strings, jsonb parsed).
 */
export function fromRow(field: FieldDef, row: Record<string, unknown>): unknown {
  if (isComputedField(field)) return fromRow(valueFieldOf(field), row);
  const v = row[field.apiName];
  if (v === null || v === undefined) return null;
  switch (field.type) {
    case 'currency':
      return { amount: String(v), currency: (row[currencyColumn(field)] as string | null) ?? DEFAULT_CURRENCY };
    case 'integer':
      return Number(v);
    case 'decimal':
    case 'percent':
      return new Decimal(String(v)).toFixed();
    default:
      return v;
  }
}
