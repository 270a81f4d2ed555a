import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, parseFieldValue } from '../src/metadata/field-values.ts';
import { fieldValueSchema, recordSchemas, type JsonSchema } from '../src/metadata/json-schema.ts';
import { CUSTOM_FIELD_TYPES, type FieldDef, type FieldType, type ObjectDef } from '../src/metadata/types.ts';
import { prepareWrite } from '../src/records/prepare-write.ts';

/**
 * The schemas json-schema.ts generates against the server's own checks
 * (parseFieldValue, prepareWrite), run through a real JSON Schema 2020-12
 * validator. For every field type, sample values the server accepts and
 * refuses must get the same answer from the schema, except the two lists
 * below of deliberate differences. Both lists are pinned exactly: a new
 * difference fails the test, and so does a listed one that went away.
 *
 * Each check runs twice: with `format` as an annotation (the 2020-12
 * default, what most validators do) and with formats asserted
 * (ajv-formats, as Fastify and many clients configure it).
 */

type Mode = 'annotation' | 'assertion';
const MODES: Mode[] = ['annotation', 'assertion'];

// ajv-formats is CommonJS; its plugin is the module itself or its default, depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

function validator(mode: Mode): Ajv2020 {
  // strict: an unknown keyword or a misspelt one fails compilation instead of being silently ignored.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: mode === 'assertion' });
  ajv.addVocabulary(['x-mainline-type', 'x-mainline-labels', 'x-mainline-target', 'x-mainline-object']);
  return mode === 'assertion' ? addFormats(ajv) : ajv;
}
const AJV: Record<Mode, Ajv2020> = { annotation: validator('annotation'), assertion: validator('assertion') };
const compile = (mode: Mode, schema: JsonSchema): ValidateFunction => AJV[mode].compile(schema);

function field(type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return { apiName: `${type}Field`, type, label: { en: type }, required: false, unique: false, externalId: false, system: false, ...extra };
}

const FIELDS: Record<FieldType, FieldDef> = {
  text: field('text', { maxLength: 10 }),
  longText: field('longText'),
  richText: field('richText'),
  autoNumber: field('autoNumber', { pattern: 'Q-{YYYY}-{000000}' }),
  email: field('email'),
  phone: field('phone'),
  url: field('url'),
  picklist: field('picklist', {
    values: [
      { apiName: 'hot', label: { en: 'Hot', 'zh-CN': '热' }, order: 1, active: true },
      { apiName: 'cold', label: { en: 'Cold' }, order: 2, active: true },
      { apiName: 'retired', label: { en: 'Retired' }, order: 3, active: false },
    ],
  }),
  multiPicklist: field('multiPicklist', {
    values: [
      { apiName: 'a', label: { en: 'A' }, order: 1, active: true },
      { apiName: 'b', label: { en: 'B' }, order: 2, active: true },
      { apiName: 'old', label: { en: 'Old' }, order: 3, active: false },
    ],
  }),
  integer: field('integer'),
  decimal: field('decimal'),
  percent: field('percent'),
  currency: field('currency'),
  boolean: field('boolean'),
  date: field('date'),
  datetime: field('datetime'),
  id: field('id', { system: true, required: true }),
  userRef: field('userRef'),
  lookup: field('lookup', { target: 'account' }),
  masterDetail: field('masterDetail', { target: 'account' }),
  json: field('json'),
  formula: field('formula', { formula: 'integerField * 2', returnType: 'number' }),
  rollup: field('rollup', { rollup: { object: 'line', via: 'order', function: 'sum', field: 'amount' }, returnType: 'number' }),
};

const UUID = '0190b5a4-7c1e-7abc-8def-0123456789ab';
const nested = (depth: number): unknown => (depth === 0 ? 1 : { n: nested(depth - 1) });

/** Sample values per type, chosen at the edges of what the server accepts. An id names a value too long to print. */
const SAMPLES: Record<FieldType, (unknown | { id: string; value: unknown })[]> = {
  text: ['hello', '', '12345678901', '👍'.repeat(10), { id: '11 emoji', value: '👍'.repeat(11) }, 'a\u0000b', 42],
  longText: ['line 1\nline 2', { id: '131073 chars', value: 'x'.repeat(131073) }],
  richText: ['<p>hi</p>', 'a\u0000b'],
  autoNumber: ['Q-2024-000001'],
  email: ['li.lei@example.com', '张三@例子.中国', 'not-an-email', 'a@b', 'a b@c.com', { id: '255 chars', value: `${'x'.repeat(249)}@a.cn` }],
  phone: ['+86 138 0013 8000', '010-12345678', '(010) 1234-5678', 'call me', '1'],
  url: ['https://example.com/path?q=1', 'HTTP://EXAMPLE.COM', 'https://例子.中国/', 'ftp://example.com', 'example.com', 'http://', 'http://exa mple.com', ' https://example.com'],
  picklist: ['hot', 'retired', 'lukewarm', 1],
  multiPicklist: [['a', 'b'], [], ['a', 'a'], ['old'], 'a', [1]],
  integer: [42, -9007199254740991, 9007199254740992, 4.5, '42', ' 42 ', '4.0', true],
  decimal: ['12.34', '-0.5', '+7', '1234567890123456', '12345678901234567', '1.234', 'abc', '', 12.5, '1e3', '1.500', ' 12.5 ', '.5', '5.', 1e21],
  percent: ['99.5', '12345.67', '100000'],
  currency: [
    { amount: '12.50', currency: 'USD' },
    { amount: '12.5' },
    '12.50',
    12.5,
    { amount: 12.5 },
    { amount: '1', currency: 'usd' },
    { amount: '1', extra: 1 },
    { currency: 'USD' },
    { amount: '1', currency: null },
    { amount: '1.999' },
    [],
  ],
  boolean: [true, false, 'true', 0],
  date: ['2024-02-29', '2023-02-29', '2024-13-01', '2024-1-1', '0050-01-01', '20240101', 20240101],
  datetime: [
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:00:00.123+08:00',
    '2024-05-01T10:00Z',
    '2024-05-01 10:00:00Z',
    '2024-05-01T10:00:00',
    '2024-13-01T10:00:00Z',
    '2024-02-30T10:00:00Z',
    '2024-05-01t10:00:00z',
  ],
  id: [UUID, UUID.toUpperCase(), 'not-a-uuid', UUID.replace(/-/g, ''), `{${UUID}}`, 42],
  userRef: [UUID, 'not-a-uuid'],
  lookup: [UUID, 'not-a-uuid'],
  masterDetail: [UUID, 42],
  // Computed: the server refuses every value and so does the write schema.
  formula: ['1.5', 1],
  rollup: ['1.5', 1],
  json: [
    { a: 1 },
    [1, 2],
    'text',
    0,
    false,
    { s: 'a\u0000' },
    { id: 'over MAX_JSON_BYTES', value: { s: 'x'.repeat(MAX_JSON_BYTES) } },
    { id: 'nested MAX_JSON_DEPTH + 1', value: nested(MAX_JSON_DEPTH + 1) },
  ],
};

type Sample = { id: string; field: FieldDef; value: unknown };
const samples: Sample[] = (Object.keys(SAMPLES) as FieldType[]).flatMap((type) =>
  SAMPLES[type].map((s) => {
    const named = typeof s === 'object' && s !== null && !Array.isArray(s) && 'id' in s && 'value' in s;
    return named ? { id: `${type} ${(s as { id: string }).id}`, field: FIELDS[type], value: (s as { value: unknown }).value } : { id: `${type} ${JSON.stringify(s)}`, field: FIELDS[type], value: s };
  }),
);

type Difference = { why: string; modes?: Mode[] };

/** The schema refuses what the server accepts: the schema shows the canonical form, the server also takes lenient spellings. */
const STRICTER: Record<string, Difference> = {
  'integer "42"': { why: 'the server also takes a whole number as a numeric string' },
  'integer " 42 "': { why: 'the server trims numeric strings' },
  'decimal 12.5': { why: 'the server also takes JSON numbers; the canonical form is a string, which keeps every digit' },
  'decimal "1e3"': { why: 'the server also takes exponents' },
  'decimal "1.500"': { why: 'the server accepts zeros beyond the scale; the canonical form has at most `scale` decimals' },
  'decimal " 12.5 "': { why: 'the server trims decimal strings' },
  'decimal ".5"': { why: 'the server accepts a missing integer part' },
  'decimal "5."': { why: 'the server accepts a missing fraction' },
  'currency 12.5': { why: 'a bare JSON number amount, as for decimals' },
  'currency {"amount":12.5}': { why: 'a JSON number amount, as for decimals' },
  'currency {"amount":"1","currency":null}': { why: 'the server treats a null currency as the default; the schema says to leave it out' },
  'url " https://example.com"': { why: 'the server trims surrounding spaces and stores the trimmed URL; the canonical form has none' },
  'datetime "2024-05-01T10:00Z"': { why: 'the `date-time` format (RFC 3339) requires seconds; the server does not', modes: ['assertion'] },
};

/** The schema accepts what the server refuses: checks JSON Schema cannot express, or expresses only through formats. */
const LOOSER: Record<string, Difference> = {
  'text "a\\u0000b"': { why: 'NUL characters (Postgres text cannot hold them)' },
  'richText "a\\u0000b"': { why: 'NUL characters' },
  'json {"s":"a\\u0000"}': { why: 'NUL characters inside JSON' },
  'json over MAX_JSON_BYTES': { why: 'the size limit of JSON values, in bytes' },
  'json nested MAX_JSON_DEPTH + 1': { why: 'the nesting limit of JSON values' },
  'url "http://"': { why: 'WHATWG URL parsing (a host is required)' },
  'url "http://exa mple.com"': { why: 'WHATWG URL parsing (no spaces in a host)' },
  'date "2023-02-29"': { why: 'calendar validity, checked only by the `date` format', modes: ['annotation'] },
  'date "2024-13-01"': { why: 'calendar validity, checked only by the `date` format', modes: ['annotation'] },
  'datetime "2024-02-30T10:00:00Z"': { why: 'calendar validity, checked only by the `date-time` format', modes: ['annotation'] },
  'datetime "2024-13-01T10:00:00Z"': { why: 'calendar validity, checked only by the `date-time` format', modes: ['annotation'] },
};

function expectedIn(list: Record<string, Difference>, mode: Mode): string[] {
  return Object.entries(list)
    .filter(([, d]) => !d.modes || d.modes.includes(mode))
    .map(([id]) => id)
    .sort();
}

describe('fieldValueSchema agrees with parseFieldValue', () => {
  it('has samples for every field type', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CUSTOM_FIELD_TYPES, 'id', 'userRef'].sort());
    for (const id of [...Object.keys(STRICTER), ...Object.keys(LOOSER)]) expect(samples.map((s) => s.id), id).toContain(id);
  });

  for (const mode of MODES) {
    it(`differs only where documented (format ${mode})`, () => {
      const stricter: string[] = [];
      const looser: string[] = [];
      for (const sample of samples) {
        const server = parseFieldValue(sample.field, sample.value).ok;
        const schema = compile(mode, fieldValueSchema(sample.field, 'en', 'write'))(sample.value);
        if (server && !schema) stricter.push(sample.id);
        if (!server && schema) looser.push(sample.id);
      }
      expect(stricter.sort()).toEqual(expectedIn(STRICTER, mode));
      expect(looser.sort()).toEqual(expectedIn(LOOSER, mode));
    });

    it(`describes what the server returns (format ${mode})`, () => {
      for (const sample of samples) {
        const parsed = parseFieldValue(sample.field, sample.value);
        if (!parsed.ok) continue;
        // Whatever the server stores must read back as valid, or validating clients reject real records.
        const validate = compile(mode, fieldValueSchema(sample.field, 'en', 'read'));
        expect(validate(parsed.value), `${sample.id} → ${JSON.stringify(parsed.value)}`).toBe(true);
      }
      // Forms only reads produce: numeric columns padded to the scale, inactive picklist values on old records.
      expect(compile(mode, fieldValueSchema(FIELDS.currency, 'en', 'read'))({ amount: '12.50', currency: 'CNY' })).toBe(true);
      expect(compile(mode, fieldValueSchema(FIELDS.currency, 'en', 'read'))('12.50')).toBe(false);
      expect(compile(mode, fieldValueSchema(FIELDS.picklist, 'en', 'read'))('retired')).toBe(true);
      expect(compile(mode, fieldValueSchema(FIELDS.multiPicklist, 'en', 'read'))(['a', 'old'])).toBe(true);
      expect(compile(mode, fieldValueSchema(FIELDS.datetime, 'en', 'read'))('2026-11-24T10:00:00.123Z')).toBe(true);
    });
  }

  it('allows null exactly where the write path does', () => {
    // autoNumber is never written by clients, so the write path has no opinion on its nulls.
    for (const type of (Object.keys(FIELDS) as FieldType[]).filter((t) => t !== 'autoNumber')) {
      for (const required of [false, true]) {
        const f = { ...FIELDS[type], required };
        const object: ObjectDef = { apiName: 'thing', label: { en: 'Thing' }, fields: [f] };
        // Create, because `id` can be sent only there; the object has no other field to be missing.
        let server = true;
        try {
          prepareWrite({ object, body: { [f.apiName]: null }, mode: 'create' });
        } catch {
          server = false;
        }
        for (const mode of MODES) expect(compile(mode, fieldValueSchema(f, 'en', 'write'))(null), `${type} required=${required} ${mode}`).toBe(server);
      }
    }
  });

  it('shows only defaults the server accepts, valid under their own schema', () => {
    const withDefault = (f: FieldDef, defaultValue: unknown) => fieldValueSchema({ ...f, defaultValue }, 'en', 'write');
    expect(withDefault(FIELDS.decimal, 3).default).toBe('3');
    expect(withDefault(FIELDS.picklist, 'retired')).not.toHaveProperty('default');
    for (const [f, value] of [
      [FIELDS.currency, '9.90'],
      [FIELDS.multiPicklist, ['a']],
      [FIELDS.datetime, '2024-05-01T10:00:00+08:00'],
    ] as const) {
      const schema = withDefault(f, value);
      for (const mode of MODES) expect(compile(mode, schema)(schema.default), `${f.type} ${mode}`).toBe(true);
    }
  });
});

describe('recordSchemas agree with prepareWrite', () => {
  const fld = (apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ ...field(type, extra), apiName });
  const object: ObjectDef = {
    apiName: 'deal',
    label: { en: 'Deal', 'zh-CN': '商机' },
    fields: [
      fld('id', 'id', { system: true, required: true, unique: true }),
      fld('name', 'text', { system: true, required: true }),
      fld('ownerId', 'userRef', { system: true, required: true }),
      fld('createdAt', 'datetime', { system: true, required: true }),
      fld('createdBy', 'userRef', { system: true, required: true }),
      fld('updatedAt', 'datetime', { system: true, required: true }),
      fld('updatedBy', 'userRef', { system: true, required: true }),
      fld('number', 'autoNumber', { pattern: 'D-{000000}' }),
      fld('amount', 'currency', { required: true }),
      fld('stage', 'picklist', { required: true, defaultValue: 'open', values: [{ apiName: 'open', label: { en: 'Open' }, order: 1, active: true }] }),
      fld('notes', 'longText'),
    ],
  };
  const schemas = recordSchemas(object, 'zh-CN');

  const bodies: { body: Record<string, unknown>; note: string }[] = [
    { body: { name: 'Big deal', amount: '1000' }, note: 'required fields only' },
    { body: { name: 'Big deal', amount: '1000', stage: 'open', notes: null, ownerId: UUID }, note: 'every writable field' },
    { body: { id: UUID, name: 'Offline', amount: '1' }, note: 'a client-minted id' },
    { body: { amount: '1' }, note: 'name missing' },
    { body: { name: 'x' }, note: 'a required custom field missing' },
    { body: { name: 'x', amount: '1', stage: null }, note: 'null for a required field with a default' },
    { body: { name: 'x', amount: '1', createdAt: '2024-05-01T10:00:00Z' }, note: 'a platform-filled field' },
    { body: { name: 'x', amount: '1', number: 'D-000001' }, note: 'an autoNumber' },
    { body: { name: 'x', amount: '1', colour: 'red' }, note: 'an unknown field' },
    { body: { notes: 'just this' }, note: 'a partial update' },
    { body: { name: null }, note: 'clearing the name' },
    { body: {}, note: 'nothing' },
  ];

  for (const mode of MODES) {
    it(`create and update schemas accept exactly what the write path accepts (format ${mode})`, () => {
      for (const writeMode of ['create', 'update'] as const) {
        const validate = compile(mode, writeMode === 'create' ? schemas.create : schemas.update);
        for (const { body, note } of bodies) {
          let server = true;
          try {
            prepareWrite({ object, body, mode: writeMode });
          } catch {
            server = false;
          }
          expect(validate(body), `${writeMode}: ${note}`).toBe(server);
        }
      }
    });
  }

  it('marks what clients cannot set as readOnly and returns related fields as dotted keys', () => {
    const props = schemas.record.properties as Record<string, JsonSchema>;
    const readOnly = Object.keys(props).filter((k) => props[k]!.readOnly === true);
    expect(readOnly).toEqual(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'number']);
    expect(schemas.record.title).toBe('商机');
    for (const mode of MODES) {
      const validate = compile(mode, schemas.record);
      expect(validate({ id: UUID, name: 'x', 'account.name': 'ACME', 'account.owner.email': null })).toBe(true);
      expect(validate({ name: 'x' })).toBe(false);
    }
  });
});
