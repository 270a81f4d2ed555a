import { numericShape, raw, sql, sqlTypeOf, type ConversionCheck, type FieldDef, type Sql } from '@mainline/core';

/**
 * The SQL side of the conversion table in core (type-conversions.ts): for
 * each check, a predicate that is true when a value converts, and for each
 * pair of column types, the USING expression that converts it. Predicates
 * are stricter than the API where the two cannot agree exactly (time zone
 * offsets, exotic whitespace), never looser, so a value that passes always
 * survives the ALTER. USING expressions are literal SQL because DDL takes
 * no parameters; nothing in them comes from input.
 */

const MAX_SAFE = '9007199254740991';
// Same languages as the checks in core/metadata/field-values.ts, spelled for Postgres AREs.
const INTEGER_RE = '^[+-]?[0-9]{1,16}$';
const DECIMAL_RE = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?$';
/** JavaScript's \s; in Postgres it covers ASCII only. */
const SPACE = '\\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const NOT_IN_EMAIL = `[^${SPACE}@"<>()\\\\,;:`;
const EMAIL_RE = `^${NOT_IN_EMAIL}]+@${NOT_IN_EMAIL}]+\\.${NOT_IN_EMAIL}.]+$`;
const PHONE_RE = '^\\+?[0-9][-0-9 ().]{1,38}[0-9]$';
/**
 * Narrower than WHATWG URL parsing on purpose: a host of ASCII or CJK
 * labels ending in a letter (a numeric last label is parsed as IPv4), or an
 * IPv4 address, no "xn--" labels (they must be valid punycode), no user info.
 */
const LABEL = '(?!xn--)[a-z0-9\u4e00-\u9fff-]+';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const HOST = `((${LABEL}\\.)*(?!xn--)[a-z\u4e00-\u9fff][a-z0-9\u4e00-\u9fff-]*\\.?|(${OCTET}\\.){3}${OCTET})`;
const PORT = '(:([0-9]{0,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?';
const URL_RE = `^https?://${HOST}${PORT}([/?#]\\S*)?$`;
const DATE_RE = '^([0-9]{4})-([0-9]{2})-([0-9]{2})$';
const DATETIME_RE = '^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(:([0-9]{2})(\\.[0-9]{1,9})?)?(Z|[+-]([0-9]{2}):([0-9]{2}))$';
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', '1', '0'];

/**
 * A valid calendar date from captures y, m, d of a match `m` (a text[] of
 * digits). Nested CASEs because AND does not promise an order, and
 * make_date raises on a month of 13.
 */
const calendarDate = (y: number, mo: number, d: number): Sql =>
  raw(`case when m[${y}]::int < 1 or m[${mo}]::int not between 1 and 12 then false
            else m[${d}]::int between 1 and extract(day from make_date(m[${y}]::int, m[${mo}]::int, 1) + interval '1 month' - interval '1 day') end`);

function fitsNumeric(v: Sql, field: FieldDef): Sql {
  const { precision, scale } = numericShape(field);
  return sql`(${v} = round(${v}, ${scale}::int) and abs(${v}) < power(10::numeric, ${precision - scale}::int))`;
}

const PREDICATE: Record<Exclude<ConversionCheck, 'none'>, (v: Sql, after: FieldDef) => Sql> = {
  integer: (v) => sql`case when trim(${v}) ~ ${INTEGER_RE} then abs(trim(${v})::numeric) <= ${MAX_SAFE}::numeric else false end`,
  decimal: (v, after) => sql`case when trim(${v}) ~ ${DECIMAL_RE} then ${fitsNumeric(sql`trim(${v})::numeric`, after)} else false end`,
  wholeNumber: (v) => sql`(${v} = trunc(${v}) and abs(${v}) <= ${MAX_SAFE}::numeric)`,
  numericFit: (v, after) => fitsNumeric(sql`${v}::numeric`, after),
  date: (v) => sql`(select case when m is null then false else ${calendarDate(1, 2, 3)} end from (select regexp_match(${v}, ${DATE_RE}) as m) r)`,
  datetime: (v) =>
    sql`(select case when m is null then false
                     when not (${calendarDate(1, 2, 3)}) then false
                     else m[4]::int <= 23 and m[5]::int <= 59 and coalesce(m[7]::int, 0) <= 59
                          and (m[9] = 'Z' or (m[10]::int <= 14 and m[11]::int <= 59)) end
           from (select regexp_match(${v}, ${DATETIME_RE}) as m) r)`,
  boolean: (v) => sql`lower(trim(${v})) = any(${BOOLEAN_WORDS}::text[])`,
  email: (v) => sql`${v} ~ ${EMAIL_RE}`,
  phone: (v) => sql`${v} ~ ${PHONE_RE}`,
  url: (v) => sql`${v} ~* ${URL_RE}`,
  picklistValues: (v, after) => sql`${v} = any(${(after.values ?? []).map((x) => x.apiName)}::text[])`,
  singleValue: (v, after) =>
    sql`(cardinality(${v}) ${raw(after.required ? '= 1' : '<= 1')} and ${v} <@ ${(after.values ?? []).map((x) => x.apiName)}::text[])`,
};

/** True for a (non-null) value that converts; null when every value does. */
export function convertsPredicate(check: ConversionCheck, value: Sql, after: FieldDef): Sql | null {
  return check === 'none' ? null : PREDICATE[check](value, after);
}

/** What a failed check says about the values it refused. */
export const CHECK_DETAIL: Record<Exclude<ConversionCheck, 'none'>, (after: FieldDef) => string> = {
  integer: () => `are not whole numbers between -${MAX_SAFE} and ${MAX_SAFE}`,
  decimal: (f) => `are not numbers that fit ${sqlTypeOf(f)} without rounding`,
  wholeNumber: () => `have a fractional part or are too large for a whole number`,
  numericFit: (f) => `do not fit ${sqlTypeOf(f)} without rounding`,
  date: () => 'are not dates (YYYY-MM-DD)',
  datetime: () => 'are not ISO 8601 date-times with a time zone',
  boolean: () => 'are not true/false, yes/no or 1/0',
  email: () => 'are not email addresses',
  phone: () => 'are not phone numbers',
  url: () => 'are not http(s) URLs',
  picklistValues: () => 'are not values of the picklist',
  singleValue: (f) => (f.required ? 'do not hold exactly one value' : 'hold more than one value'),
};

type Base = 'text' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'text[]' | 'uuid' | 'jsonb';
const baseOf = (field: FieldDef): Base => sqlTypeOf(field).replace(/\(.*\)$/, '') as Base;

/** The USING expression turning the old column into the new type, or null when the column type does not change. */
export function usingExpression(before: FieldDef, after: FieldDef, column: Sql): Sql | null {
  if (sqlTypeOf(before) === sqlTypeOf(after)) return null;
  const from = baseOf(before);
  const to = raw(sqlTypeOf(after));
  switch (baseOf(after)) {
    case 'text':
      if (from === 'date') return sql`to_char(${column}, 'YYYY-MM-DD')`;
      if (from === 'timestamptz') return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      if (from === 'text[]') return sql`${column}[1]`;
      return sql`${column}::text`;
    case 'bigint':
    case 'numeric':
      return from === 'text' ? sql`trim(${column})::${to}` : sql`${column}::${to}`;
    case 'boolean':
      return sql`lower(trim(${column}))::boolean`;
    case 'date':
      return sql`${column}::date`;
    case 'timestamptz':
      return from === 'date' ? sql`${column}::timestamp at time zone 'UTC'` : sql`${column}::timestamptz`;
    case 'text[]':
      return sql`case when ${column} is null then null else array[${column}] end`;
    default:
      // The conversion table in core allows no other target; reaching here is a bug.
      throw new Error(`no conversion from ${before.type} to ${after.type}`);
  }
}
