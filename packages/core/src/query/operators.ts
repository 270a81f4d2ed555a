import { Decimal } from 'decimal.js';
import type { FieldProblem } from '../errors/domain-error.ts';
import { maxLengthOf, parseFieldValue, sqlTypeOf, type ParseResult } from '../metadata/field-values.ts';
import type { FieldDef, FieldType } from '../metadata/types.ts';
import type { FilterOp } from './filter.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { raw, sql, type Sql } from './sql.ts';

/**
 * The filter operator table: for each operator and each family of field
 * types, the shape of the value it takes, its SQL, and its meaning on an API
 * value held in memory. SQL and JS live side by side so they cannot drift;
 * a (operator, family) pair missing here is refused as an invalid filter.
 *
 * Null semantics, one rule for all: a blank field fails every comparison
 * (eq, lt, in, between, contains, …) except `ne`, which is "IS DISTINCT
 * FROM" and so matches blanks ("not equal to x" includes records with no
 * value), and `isNull: true`. Each compiled leaf is true or false for a row,
 * never unknown, as far as matching goes: `not` matches exactly the rows its
 * operand does not (it compiles to `(…) IS NOT TRUE`).
 */

export type Family = 'text' | 'longText' | 'number' | 'date' | 'datetime' | 'boolean' | 'picklist' | 'multiPicklist' | 'uuid' | 'json';

export const FAMILY: Record<FieldType, Family> = {
  text: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  autoNumber: 'text',
  longText: 'longText',
  richText: 'longText',
  integer: 'number',
  decimal: 'number',
  percent: 'number',
  currency: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  picklist: 'picklist',
  multiPicklist: 'multiPicklist',
  id: 'uuid',
  userRef: 'uuid',
  lookup: 'uuid',
  masterDetail: 'uuid',
  json: 'json',
  // Never reached: formula fields are read through their value field (formula-columns.ts), typed by return type.
  formula: 'json',
  rollup: 'json',
};

/** The column a condition tests: a currency field's amount, any other field's only column. */
export type Operand = { readonly column: Sql; readonly field: FieldDef };

/** one value, a non-empty list, [low, high], true/false, a substring, or a set of picklist values. */
export type ValueShape = 'one' | 'list' | 'pair' | 'flag' | 'substring' | 'choices';

export type Meaning = {
  readonly value: ValueShape;
  sql(operand: Operand, value: unknown): Sql;
  /** `actual` is the record's API value (a currency's amount), null when blank. */
  js(actual: unknown, value: unknown, field: FieldDef): boolean;
};

/** Parameters are cast to the column's base type (no typmod): `numeric`, not `numeric(18,2)`, so a bound can never overflow the cast. */
export const castOf = (field: FieldDef): Sql => raw(sqlTypeOf(field).replace(/\(.*\)/, ''));
const bind = (o: Operand, v: unknown): Sql => sql`${v}::${castOf(o.field)}`;
const bindList = (o: Operand, v: unknown): Sql => sql`${v}::${castOf(o.field)}[]`;
const bindChoices = (v: unknown): Sql => sql`${v}::text[]`;

// JS strings compare by UTF-16 code unit; the database compares text by its collation, which agrees for the ASCII letters and digits this matters for in tests.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compare(field: FieldDef, a: unknown, b: unknown): number {
  switch (FAMILY[field.type]) {
    case 'number':
      return new Decimal(String(a)).comparedTo(String(b));
    case 'datetime':
      return Math.sign(Date.parse(String(a)) - Date.parse(String(b)));
    case 'uuid':
      return compareText(String(a).toLowerCase(), String(b).toLowerCase());
    case 'boolean':
      return Number(a) - Number(b);
    default:
      return compareText(String(a), String(b));
  }
}

// ---- scalar meanings -------------------------------------------------------

const eq: Meaning = {
  value: 'one',
  sql: (o, v) => sql`${o.column} = ${bind(o, v)}`,
  js: (a, v, f) => a !== null && compare(f, a, v) === 0,
};
const ne: Meaning = {
  value: 'one',
  sql: (o, v) => sql`${o.column} is distinct from ${bind(o, v)}`,
  js: (a, v, f) => !eq.js(a, v, f),
};
const ordered = (op: '<' | '<=' | '>' | '>=', holds: (c: number) => boolean): Meaning => ({
  value: 'one',
  sql: (o, v) => sql`${o.column} ${raw(op)} ${bind(o, v)}`,
  js: (a, v, f) => a !== null && holds(compare(f, a, v)),
});
const anyOf: Meaning = {
  value: 'list',
  sql: (o, v) => sql`${o.column} = any(${bindList(o, v)})`,
  js: (a, v, f) => a !== null && (v as unknown[]).some((x) => compare(f, a, x) === 0),
};
const within: Meaning = {
  value: 'pair',
  sql: (o, v) => {
    const [low, high] = v as [unknown, unknown];
    return sql`${o.column} between ${bind(o, low)} and ${bind(o, high)}`;
  },
  js: (a, v, f) => {
    const [low, high] = v as [unknown, unknown];
    return a !== null && compare(f, a, low) >= 0 && compare(f, a, high) <= 0;
  },
};
const isNull: Meaning = {
  value: 'flag',
  sql: (o, v) => (v === true ? sql`${o.column} is null` : sql`${o.column} is not null`),
  js: (a, v) => (a === null) === v,
};

// ---- text search: case-insensitive ILIKE with the value's wildcards escaped ----

/** `%`, `_` and the escape character itself match literally; backslash is LIKE's default escape. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const lower = (v: unknown): string => String(v).toLowerCase();

const containsText: Meaning = {
  value: 'substring',
  sql: (o, v) => sql`${o.column} ilike ${`%${escapeLike(v as string)}%`}`,
  js: (a, v) => a !== null && lower(a).includes(lower(v)),
};
const startsWith: Meaning = {
  value: 'substring',
  sql: (o, v) => sql`${o.column} ilike ${`${escapeLike(v as string)}%`}`,
  js: (a, v) => a !== null && lower(a).startsWith(lower(v)),
};

// ---- picklists: comparisons follow the order the values are defined in ----

/** Every defined value (inactive ones too: old records keep them), in picklist order. */
export function picklistOrder(field: FieldDef): string[] {
  return [...(field.values ?? [])].map((v, i) => ({ v, i })).sort((x, y) => x.v.order - y.v.order || x.i - y.i).map((x) => x.v.apiName);
}

/** A comparison on a picklist becomes membership in the values on that side of the bound, which an index can serve. */
function picklistRange(value: 'one' | 'pair', holds: (position: number, bounds: number[]) => boolean): Meaning {
  const matching = (field: FieldDef, v: unknown): string[] => {
    const order = picklistOrder(field);
    const bounds = (Array.isArray(v) ? v : [v]).map((b) => order.indexOf(b as string));
    return order.filter((_, position) => holds(position, bounds));
  };
  return {
    value,
    sql: (o, v) => sql`${o.column} = any(${bindChoices(matching(o.field, v))})`,
    js: (a, v, f) => a !== null && matching(f, v).includes(String(a)),
  };
}

// ---- multi-select picklists: the column is a text[] set ----

const asList = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const sameSet = (a: unknown, v: unknown): boolean => {
  const have = new Set(asList(a));
  const want = new Set(asList(v));
  return have.size === want.size && [...want].every((x) => have.has(x));
};

const setEquals: Meaning = {
  value: 'choices',
  sql: (o, v) => sql`(${o.column} @> ${bindChoices(v)} and ${o.column} <@ ${bindChoices(v)})`,
  js: (a, v) => a !== null && sameSet(a, v),
};
const setDiffers: Meaning = {
  value: 'choices',
  sql: (o, v) => sql`(${o.column} is null or not (${o.column} @> ${bindChoices(v)} and ${o.column} <@ ${bindChoices(v)}))`,
  js: (a, v) => a === null || !sameSet(a, v),
};
const overlaps: Meaning = {
  value: 'choices',
  sql: (o, v) => sql`${o.column} && ${bindChoices(v)}`,
  js: (a, v) => asList(v).some((x) => asList(a).includes(x)),
};
const containsAll: Meaning = {
  value: 'choices',
  sql: (o, v) => sql`${o.column} @> ${bindChoices(v)}`,
  js: (a, v) => a !== null && asList(v).every((x) => asList(a).includes(x)),
};
/** An empty selection is as blank as no selection. */
const isEmpty: Meaning = {
  value: 'flag',
  sql: (o, v) => (v === true ? sql`(${o.column} is null or cardinality(${o.column}) = 0)` : sql`cardinality(${o.column}) > 0`),
  js: (a, v) => (asList(a).length === 0) === v,
};

const lt = ordered('<', (c) => c < 0);
const lte = ordered('<=', (c) => c <= 0);
const gt = ordered('>', (c) => c > 0);
const gte = ordered('>=', (c) => c >= 0);

export const OPERATORS: Record<FilterOp, Partial<Record<Family, Meaning>>> = {
  eq: { text: eq, longText: eq, number: eq, date: eq, datetime: eq, boolean: eq, picklist: eq, uuid: eq, multiPicklist: setEquals },
  ne: { text: ne, longText: ne, number: ne, date: ne, datetime: ne, boolean: ne, picklist: ne, uuid: ne, multiPicklist: setDiffers },
  lt: { text: lt, number: lt, date: lt, datetime: lt, picklist: picklistRange('one', (p, [b]) => p < b!) },
  lte: { text: lte, number: lte, date: lte, datetime: lte, picklist: picklistRange('one', (p, [b]) => p <= b!) },
  gt: { text: gt, number: gt, date: gt, datetime: gt, picklist: picklistRange('one', (p, [b]) => p > b!) },
  gte: { text: gte, number: gte, date: gte, datetime: gte, picklist: picklistRange('one', (p, [b]) => p >= b!) },
  in: { text: anyOf, longText: anyOf, number: anyOf, date: anyOf, datetime: anyOf, picklist: anyOf, uuid: anyOf, multiPicklist: overlaps },
  between: { text: within, number: within, date: within, datetime: within, picklist: picklistRange('pair', (p, [lo, hi]) => p >= lo! && p <= hi!) },
  contains: { text: containsText, longText: containsText, multiPicklist: containsAll },
  startsWith: { text: startsWith, longText: startsWith },
  isNull: {
    text: isNull,
    longText: isNull,
    number: isNull,
    date: isNull,
    datetime: isNull,
    boolean: isNull,
    picklist: isNull,
    uuid: isNull,
    json: isNull,
    multiPicklist: isEmpty,
  },
};

export const FILTER_OPS = Object.keys(OPERATORS) as FilterOp[];

export const isFilterOp = (op: unknown): op is FilterOp => typeof op === 'string' && Object.hasOwn(OPERATORS, op);

/** The record value a condition tests: a currency's amount; undefined counts as blank. */
export function actualOf(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.type === 'currency' && typeof value === 'object') return (value as { amount?: unknown }).amount ?? null;
  return value;
}

// ---- values: checked against the field type, in the operator's shape ----

const ok = (value: unknown): ParseResult => ({ ok: true, value });
const fail = (field: string, code: FieldProblem['code'], params: Record<string, unknown>): ParseResult => ({ ok: false, problem: { field, code, params } });

/** Filters may name inactive picklist values: records keep values that were retired. */
function parseChoice(field: FieldDef, raw: unknown, path: string): ParseResult {
  if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'a picklist value (string)' });
  if (!(field.values ?? []).some((v) => v.apiName === raw)) return fail(path, 'invalidPicklistValue', { value: raw.slice(0, 100) });
  return ok(raw);
}

function parseElement(field: FieldDef, raw: unknown, path: string): ParseResult {
  if (field.type === 'picklist' || field.type === 'multiPicklist') return parseChoice(field, raw, path);
  if (field.type === 'currency') {
    // Conditions compare the amount only; an {amount, currency} object would suggest currencies are compared too.
    if (typeof raw === 'object' && raw !== null) return fail(path, 'wrongType', { expected: 'an amount (decimal string)' });
    const r = parseFieldValue(field, raw, path);
    return r.ok ? ok((r.value as { amount: string }).amount) : fail(path, r.problem.code, r.problem.params ?? {});
  }
  return parseFieldValue(field, raw, path);
}

function parseList(field: FieldDef, raw: unknown, path: string, element: typeof parseElement): ParseResult {
  if (!Array.isArray(raw) || raw.length === 0) return fail(path, 'wrongType', { expected: 'a non-empty list' });
  if (raw.length > QUERY_LIMITS.listValues) return fail(path, 'outOfRange', { detail: `at most ${QUERY_LIMITS.listValues} values` });
  const values = new Map<string, unknown>();
  for (const [i, item] of raw.entries()) {
    const r = element(field, item, `${path}[${i}]`);
    if (!r.ok) return r;
    values.set(JSON.stringify(r.value), r.value);
  }
  return ok([...values.values()]);
}

const PARSE_SHAPE: Record<ValueShape, (field: FieldDef, raw: unknown, path: string) => ParseResult> = {
  one: parseElement,
  list: (f, raw, path) => parseList(f, raw, path, parseElement),
  pair: (f, raw, path) => {
    if (!Array.isArray(raw) || raw.length !== 2) return fail(path, 'wrongType', { expected: 'a list of two values [low, high]' });
    const low = parseElement(f, raw[0], `${path}[0]`);
    if (!low.ok) return low;
    const high = parseElement(f, raw[1], `${path}[1]`);
    return high.ok ? ok([low.value, high.value]) : high;
  },
  flag: (_f, raw, path) => (typeof raw === 'boolean' ? ok(raw) : fail(path, 'wrongType', { expected: 'true or false' })),
  substring: (f, raw, path) => {
    if (typeof raw !== 'string') return fail(path, 'wrongType', { expected: 'text' });
    if (raw.includes('\u0000')) return fail(path, 'invalidValue', { detail: 'contains a NUL character' });
    const max = maxLengthOf(f) ?? 1000;
    return [...raw].length > max ? fail(path, 'tooLong', { max }) : ok(raw);
  },
  choices: (f, raw, path) => (typeof raw === 'string' ? parseList(f, [raw], path, (ff, r) => parseChoice(ff, r, path)) : parseList(f, raw, path, parseChoice)),
};

export function parseOperatorValue(meaning: Meaning, field: FieldDef, raw: unknown, path: string): ParseResult {
  return PARSE_SHAPE[meaning.value](field, raw, path);
}
