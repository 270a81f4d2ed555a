import { isWritable } from '../records/prepare-write.ts';
import { DEFAULT_CURRENCY, maxLengthOf, numericShape, parseFieldValue } from './field-values.ts';
import { valueFieldOf } from './formula-value-field.ts';
import type { FieldDef, FieldType, Locale, LocalizedText, ObjectDef } from './types.ts';

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) generated from
 * metadata, so API documentation and client-side hints come from the same
 * definitions the server validates against.
 *
 * The server (parseFieldValue, prepareWrite) stays the authority. Write
 * schemas describe the canonical form of each value; where the server is
 * more lenient (numeric strings for integers, numbers, exponents or surplus
 * zeros for decimals, a null currency code, a URL with surrounding spaces)
 * they are deliberately stricter, and the checks a schema cannot express
 * (NUL characters, size and depth of JSON values, calendar validity without
 * format assertion, WHATWG URL parsing) leave them looser. Read schemas
 * promise no more than the server stores. json-schema.test.ts pins both
 * lists, with formats asserted and not, so they cannot grow unnoticed.
 */
export type JsonSchema = { [key: string]: unknown };

/**
 * 'write' is what a client may send (create, update, upsert); 'read' is what
 * the API returns. They differ for currency (a bare amount is accepted but
 * never returned), picklists (inactive values still appear on old records)
 * and nullability (see nullableIn).
 */
export type SchemaDirection = 'read' | 'write';

// Copies of the server's regular expressions (field-values.ts keeps them
// private). Spelled without flags because JSON Schema patterns have none.
const EMAIL_PATTERN = '^[^\\s@"<>()\\\\,;:]+@[^\\s@"<>()\\\\,;:]+\\.[^\\s@"<>()\\\\,;:.]+$';
const PHONE_PATTERN = '^\\+?[0-9][0-9 ()\\-.]{1,38}[0-9]$';
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const DATETIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';
const URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://';
const CURRENCY_CODE_PATTERN = '^[A-Z]{3}$';
const MAX_SAFE = 9007199254740991;

/** Picks the caller's language, falling back so a label never comes out empty. */
export function localizedText(text: LocalizedText | undefined, locale: Locale | undefined, fallback: string): string {
  if (!text) return fallback;
  return (locale && text[locale]) || text.en || text['zh-CN'] || text['zh-TW'] || fallback;
}

/** Canonical decimal string for a precision/scale: no exponent, no surplus digits. */
function decimalPattern(field: FieldDef): string {
  const { precision, scale } = numericShape(field);
  const intDigits = precision - scale;
  const intPart = intDigits > 0 ? `\\d{1,${intDigits}}` : '0';
  return scale > 0 ? `^[+-]?${intPart}(\\.\\d{1,${scale}})?$` : `^[+-]?${intPart}$`;
}

function decimalString(field: FieldDef): JsonSchema {
  return { type: 'string', pattern: decimalPattern(field) };
}

function currencyObject(field: FieldDef, direction: SchemaDirection): JsonSchema {
  return {
    type: 'object',
    properties: {
      amount: decimalString(field),
      currency: {
        type: 'string',
        pattern: CURRENCY_CODE_PATTERN,
        description: `ISO 4217 code; ${DEFAULT_CURRENCY} (the default currency) when omitted.`,
      },
    },
    required: direction === 'read' ? ['amount', 'currency'] : ['amount'],
    additionalProperties: false,
  };
}

function picklistEnum(field: FieldDef, direction: SchemaDirection): string[] {
  // Values are deactivated rather than deleted, so records keep showing inactive ones.
  const values = [...(field.values ?? [])].sort((a, b) => a.order - b.order);
  return values.filter((v) => direction === 'read' || v.active).map((v) => v.apiName);
}

function picklistLabels(field: FieldDef, locale: Locale | undefined): Record<string, string> {
  return Object.fromEntries((field.values ?? []).map((v) => [v.apiName, localizedText(v.label, locale, v.apiName)]));
}

function withMaxLength(field: FieldDef, schema: JsonSchema): JsonSchema {
  const max = maxLengthOf(field);
  return max === undefined ? schema : { ...schema, maxLength: max };
}

const uuidString = (): JsonSchema => ({ type: 'string', format: 'uuid', pattern: UUID_PATTERN });

/** The non-null value of each type; a Record so a new FieldType does not compile until handled. */
const VALUE_SCHEMA: Record<FieldType, (field: FieldDef, direction: SchemaDirection, locale: Locale | undefined) => JsonSchema> = {
  text: (f) => withMaxLength(f, { type: 'string' }),
  longText: (f) => withMaxLength(f, { type: 'string' }),
  richText: (f) => withMaxLength(f, { type: 'string', contentMediaType: 'text/html' }),
  autoNumber: (f) => withMaxLength(f, { type: 'string' }),
  // No `format: email` / `uri`: both are ASCII-only where asserted, and the server takes
  // internationalised addresses and URLs (张三@例子.中国, https://例子.中国/产品).
  email: (f) => withMaxLength(f, { type: 'string', pattern: EMAIL_PATTERN }),
  phone: (f) => withMaxLength(f, { type: 'string', pattern: PHONE_PATTERN }),
  // URLs are stored as sent, and WHATWG parsing forgives spaces and tabs the pattern does not: reads promise only text.
  url: (f, direction) => withMaxLength(f, direction === 'write' ? { type: 'string', pattern: URL_PATTERN } : { type: 'string' }),
  picklist: (f, direction, locale) => ({ type: 'string', enum: picklistEnum(f, direction), 'x-mainline-labels': picklistLabels(f, locale) }),
  multiPicklist: (f, direction, locale) => ({
    type: 'array',
    items: { type: 'string', enum: picklistEnum(f, direction) },
    // The server drops repeats on write, so only what it returns is guaranteed unique.
    ...(direction === 'read' ? { uniqueItems: true } : {}),
    'x-mainline-labels': picklistLabels(f, locale),
  }),
  integer: () => ({ type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE }),
  decimal: (f) => decimalString(f),
  percent: (f) => decimalString(f),
  currency: (f, direction) =>
    direction === 'read'
      ? currencyObject(f, direction)
      : { anyOf: [currencyObject(f, direction), { ...decimalString(f), description: `A bare amount, in ${DEFAULT_CURRENCY}.` }] },
  boolean: () => ({ type: 'boolean' }),
  date: () => ({ type: 'string', format: 'date', pattern: DATE_PATTERN }),
  datetime: () => ({ type: 'string', format: 'date-time', pattern: DATETIME_PATTERN }),
  id: uuidString,
  userRef: uuidString,
  lookup: (f) => ({ ...uuidString(), ...(f.target ? { 'x-mainline-target': f.target } : {}) }),
  masterDetail: (f) => ({ ...uuidString(), ...(f.target ? { 'x-mainline-target': f.target } : {}) }),
  json: () => ({}),
  // Never written (prepareWrite refuses it), so no value is valid input.
  formula: (f, direction) => (direction === 'write' ? { not: {} } : formulaValueSchema(f)),
  rollup: (f, direction) => (direction === 'write' ? { not: {} } : formulaValueSchema(f)),
};

/**
 * A formula's value, typed by its return type. Only promised as far as the
 * computation goes: numbers are any decimal string (no digit limits), text
 * has no length limit. Formula fields are never in write schemas.
 */
function formulaValueSchema(field: FieldDef): JsonSchema {
  const value = valueFieldOf(field);
  const base: JsonSchema =
    value.type === 'decimal'
      ? { type: 'string', pattern: field.returnType === 'currency' ? '^-?\\d+(\\.\\d{1,2})?$' : '^-?\\d+(\\.\\d+)?$' }
      : value.type === 'text'
        ? { type: 'string' }
        : VALUE_SCHEMA[value.type](value, 'read', undefined);
  return { ...base, 'x-mainline-return-type': field.returnType };
}

/**
 * Null is allowed on write unless the field is required (a required field
 * cannot be cleared). On read only required system fields are promised
 * non-null: a custom field can be made required after records without a
 * value exist, and a read schema stricter than the data breaks typed clients.
 */
function nullableIn(field: FieldDef, direction: SchemaDirection): boolean {
  return direction === 'write' ? !field.required : !(field.required && field.system);
}

function allowNull(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.anyOf)) return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  if (typeof schema.type !== 'string') return schema; // json: already anything, null included
  const out: JsonSchema = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
  return out;
}

function forbidNull(schema: JsonSchema): JsonSchema {
  return typeof schema.type === 'string' || Array.isArray(schema.anyOf) ? schema : { ...schema, not: { type: 'null' } };
}

/**
 * The value of one field as the API accepts it ('write', the default) or
 * returns it ('read'), with the field's label, help text and type as
 * annotations for clients.
 */
export function fieldValueSchema(field: FieldDef, locale?: Locale, direction: SchemaDirection = 'write'): JsonSchema {
  const value = VALUE_SCHEMA[field.type](field, direction, locale);
  const schema: JsonSchema = {
    title: localizedText(field.label, locale, field.apiName),
    ...(field.helpText ? { description: localizedText(field.helpText, locale, '') } : {}),
    ...(nullableIn(field, direction) ? allowNull(value) : forbidNull(value)),
    'x-mainline-type': field.type,
  };
  if (direction === 'write' && field.defaultValue !== undefined && field.defaultValue !== null) {
    // Only a default the server itself would accept is worth showing as one.
    const parsed = parseFieldValue(field, field.defaultValue);
    if (parsed.ok) schema.default = parsed.value;
  }
  if (schema.description === '') delete schema.description;
  return schema;
}

/**
 * Whether clients may ever set the field (on update, or on create for `id`).
 * Delegates to the write path's own rule so the schemas cannot drift from it.
 */
export function isWritableField(field: FieldDef): boolean {
  return isWritable(field, 'create') || isWritable(field, 'update');
}

function isDefaulted(field: FieldDef): boolean {
  return field.defaultValue !== undefined && field.defaultValue !== null;
}

/**
 * Keys of related fields a list or get returns when `fields` names them
 * through lookups (e.g. "account.name", "account.owner.email"): flat
 * dotted keys beside the record's own fields.
 */
export const RELATED_FIELD_KEY_PATTERN = '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$';

/**
 * The three shapes of an object's records: as returned (every field, the
 * ones clients cannot set marked readOnly), as created and as updated.
 * Create and update follow prepareWrite: `id` may be sent on create only,
 * a field with a default or `ownerId` (the caller by default) may be left out.
 */
export function recordSchemas(object: ObjectDef, locale?: Locale): { record: JsonSchema; create: JsonSchema; update: JsonSchema } {
  const title = localizedText(object.label, locale, object.apiName);
  const description = object.description ? localizedText(object.description, locale, '') : '';
  const annotations: JsonSchema = { title, ...(description ? { description } : {}), 'x-mainline-object': object.apiName };
  const creatable = object.fields.filter((f) => isWritable(f, 'create'));
  const updatable = object.fields.filter((f) => isWritable(f, 'update'));

  const record: JsonSchema = {
    ...annotations,
    type: 'object',
    properties: Object.fromEntries(
      object.fields.map((f) => {
        const s = fieldValueSchema(f, locale, 'read');
        return [f.apiName, isWritable(f, 'update') ? s : { ...s, readOnly: true }];
      }),
    ),
    // Left open: fields added after a client was generated must not make its records invalid.
    patternProperties: {
      [RELATED_FIELD_KEY_PATTERN]: { description: 'A field of a related record, requested through `fields` (e.g. "account.name"); null when the lookup is empty.' },
    },
    // The `fields` query parameter narrows what a record carries; only the id always comes back.
    required: ['id'],
  };
  const create: JsonSchema = {
    ...annotations,
    type: 'object',
    properties: Object.fromEntries(creatable.map((f) => [f.apiName, fieldValueSchema(f, locale, 'write')])),
    required: creatable.filter((f) => f.required && !isDefaulted(f) && f.apiName !== 'id' && f.apiName !== 'ownerId').map((f) => f.apiName),
    additionalProperties: false,
  };
  const update: JsonSchema = {
    ...annotations,
    type: 'object',
    properties: Object.fromEntries(updatable.map((f) => [f.apiName, fieldValueSchema(f, locale, 'write')])),
    additionalProperties: false,
  };
  return { record, create, update };
}
