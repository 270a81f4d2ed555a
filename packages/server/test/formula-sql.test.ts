import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkFormula,
  columnsOf,
  compileFormulaSql,
  compileListQuery,
  evaluateFormula,
  formatMessage,
  ident,
  join,
  raw,
  render,
  sql,
  toApiValue,
  type FieldDef,
  type FieldType,
  type FormulaContext,
  type FormulaType,
  type ObjectDef,
  type Sql,
  type WorkspaceMetadata,
} from '@mainline/core';
import { BASE_ALIAS, fromSql, joinsSql } from '../../core/src/query/field-paths.ts';
import type { Database } from '../src/db/port.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

/**
 * The differential proof: fast-check writes random well-typed formulas over
 * a small object (numbers, money, text with Chinese, booleans, dates,
 * date-times, a picklist and a lookup) and random records; each formula is
 * evaluated in JavaScript on the records as the API returns them, and
 * compiled to SQL and run on the database (PGlite, or PostgreSQL with
 * MAINLINE_TEST_DB=postgres). The two must agree on every record.
 */

const SCHEMA = 'fx';
const field = (apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  apiName,
  type,
  label: { en: apiName },
  required: false,
  unique: false,
  externalId: false,
  system: false,
  ...extra,
});
const choice = (apiName: string, order: number) => ({ apiName, order, active: true, label: { en: apiName } });
const account: ObjectDef = {
  apiName: 'account',
  label: { en: 'Account' },
  fields: [
    field('id', 'id', { system: true }),
    field('name', 'text', { system: true }),
    field('region', 'text'),
    field('since', 'date'),
    field('score', 'integer'),
    // Formula fields: random formulas reach them through the lookup, where they are inlined.
    field('label', 'formula', { formula: 'BLANKVALUE(region, "?") & "/" & name', returnType: 'text' }),
    field('double', 'formula', { formula: 'score * 2', returnType: 'number' }),
  ],
};
const item: ObjectDef = {
  apiName: 'item',
  label: { en: 'Item' },
  fields: [
    field('id', 'id', { system: true }),
    field('name', 'text', { system: true }),
    field('amount', 'currency'),
    field('qty', 'integer'),
    field('rate', 'decimal', { precision: 12, scale: 4 }),
    field('title', 'text'),
    field('flag', 'boolean'),
    field('day', 'date'),
    field('at', 'datetime'),
    field('stage', 'picklist', { values: [choice('open', 1), choice('won', 2), choice('lost', 3)] }),
    field('account', 'lookup', { target: 'account' }),
    field('gross', 'formula', { formula: 'amount * 1.13', returnType: 'currency' }),
    field('fresh', 'formula', { formula: 'DATEDIFF(TODAY(), day) < 400 && NOT(ISBLANK(account.label))', returnType: 'boolean' }),
  ],
};
const metadata: WorkspaceMetadata = { schema: SCHEMA, version: 1, objects: { account, item } };
const context: FormulaContext = { now: new Date('2026-03-01T17:30:00.000Z'), timeZone: 'Asia/Shanghai', user: { id: '0190a000-0000-7000-8000-000000000001', name: '张三', email: 'z@example.cn' } };

// ---- records ---------------------------------------------------------------------

const uuid = (n: number, prefix: string): string => `${prefix}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const TEXTS = ['', 'Acme', '华东精密', ' 12.5 ', 'abc', '𠮷野家', 'a b', 'ACME corp', '1e3', '东方 Acme', '-7', 'Zeta'];
const accounts = [
  { id: uuid(1, 'a0000000'), name: '华东精密', region: '华东', since: '2020-02-29', score: 7 },
  { id: uuid(2, 'a0000000'), name: 'Acme', region: null, since: null, score: null },
  { id: uuid(3, 'a0000000'), name: '东方', region: 'West', since: '2025-12-31', score: -3 },
];
const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4, nil: null });
const recordArb = fc.record({
  name: fc.constantFrom(...TEXTS.filter((t) => t !== '')),
  amount: option(fc.constantFrom('0.00', '100000.00', '-5.25', '0.01', '99999.99', '123.45', '7.00')),
  qty: option(fc.integer({ min: -5, max: 100 })),
  rate: option(fc.constantFrom('0.3333', '1.0000', '-2.5000', '0.0001', '3.0000')),
  title: option(fc.constantFrom(...TEXTS)),
  flag: option(fc.boolean()),
  day: option(fc.constantFrom('2024-02-29', '2026-01-31', '2026-03-01', '2026-03-02', '1999-12-31', '2026-12-31')),
  at: option(fc.constantFrom('2026-03-01T15:59:59.999Z', '2026-03-01T16:00:00.000Z', '2025-06-30T08:00:00.250Z', '2026-12-31T23:00:00.000Z')),
  stage: option(fc.constantFrom('open', 'won', 'lost')),
  account: option(fc.constantFrom(...accounts.map((a) => a.id))),
});
const items = fc.sample(recordArb, { numRuns: 40, seed: 20260301 }).map((r, i) => ({ ...r, id: uuid(i + 1, 'b0000000') }));

// ---- formulas ----------------------------------------------------------------------

type T = Exclude<FormulaType, 'picklist'>;
const lit = {
  number: fc.constantFrom('0', '1', '2.5', '3', '7', '100000', '0.01', '-1'),
  text: fc.constantFrom('""', '"Acme"', '"华东"', '" a "', '"精密"', '"a"', '"A"', '"12"'),
};
const LEAVES: Record<T, fc.Arbitrary<string>> = {
  number: fc.oneof(fc.constantFrom('amount', 'qty', 'rate', 'account.score', 'gross', 'account.double'), lit.number),
  text: fc.oneof(fc.constantFrom('name', 'title', 'account.name', 'account.region', 'TEXT(stage)', '$User.name', 'account.label'), lit.text),
  boolean: fc.constantFrom('flag', 'TRUE', 'FALSE', 'ISPICKVAL(stage, "won")', '(stage = "open")', '(stage <> "lost")', 'fresh'),
  date: fc.constantFrom('day', 'account.since', 'TODAY()', 'DATE(2026, 2, 28)'),
  datetime: fc.constantFrom('at', 'NOW()', '$Now'),
};
const call = (name: string, ...args: fc.Arbitrary<string>[]) => fc.tuple(...args).map((a) => `${name}(${a.join(', ')})`);
const infix = (op: string, a: fc.Arbitrary<string>, b: fc.Arbitrary<string>) => fc.tuple(a, b).map(([x, y]) => `(${x} ${op} ${y})`);
const depth = { maxDepth: 4, depthIdentifier: 'formula', depthSize: 'small' } as const;

const formulas = fc.letrec<Record<T, string>>((tie) => {
  const n = () => tie('number');
  const s = () => tie('text');
  const b = () => tie('boolean');
  const d = () => tie('date');
  const dt = () => tie('datetime');
  const any = () => fc.oneof(n(), s(), b(), d(), dt());
  return {
    number: fc.oneof(
      depth,
      LEAVES.number,
      infix('+', n(), n()),
      infix('-', n(), n()),
      infix('*', n(), n()),
      infix('/', n(), n()),
      n().map((x) => `-${x}`),
      call('ROUND', n(), fc.constantFrom('0', '1', '2', '-1', 'qty')),
      call('FLOOR', n()),
      call('CEILING', n()),
      call('ABS', n()),
      call('MIN', n(), n(), n()),
      call('MAX', n(), n()),
      call('MOD', n(), n()),
      call('LEN', s()),
      call('FIND', s(), s()),
      call('VALUE', s()),
      call('YEAR', d()),
      call('MONTH', d()),
      call('DAY', d()),
      call('WEEKDAY', d()),
      call('DATEDIFF', d(), d()),
      infix('-', d(), d()),
      call('IF', b(), n(), n()),
      call('CASE', n(), lit.number, n(), lit.number, n(), n()),
      call('BLANKVALUE', n(), n()),
    ),
    text: fc.oneof(
      depth,
      LEAVES.text,
      infix('&', s(), s()),
      call('LEFT', s(), n()),
      call('RIGHT', s(), n()),
      call('MID', s(), n(), n()),
      call('UPPER', s()),
      call('LOWER', s()),
      call('TRIM', s()),
      call('SUBSTITUTE', s(), lit.text, s()),
      call('TEXT', any()),
      fc.tuple(n(), fc.constantFrom('"0"', '"0.00"', '"0.0000"')).map(([x, f]) => `TEXT(${x}, ${f})`),
      call('IF', b(), s(), s()),
      call('CASE', s(), lit.text, s(), s()),
      call('CASE', fc.constant('stage'), fc.constant('"won"'), s(), fc.constant('"open"'), s(), s()),
      call('BLANKVALUE', s(), s()),
    ),
    boolean: fc.oneof(
      depth,
      LEAVES.boolean,
      ...['=', '<>', '<', '<=', '>', '>='].flatMap((op) => [infix(op, n(), n()), infix(op, s(), s()), infix(op, d(), d()), infix(op, dt(), dt())]),
      infix('=', b(), b()),
      infix('&&', b(), b()),
      infix('||', b(), b()),
      call('AND', b(), b(), b()),
      call('OR', b(), b()),
      call('NOT', b()),
      call('ISBLANK', any()),
      call('CONTAINS', s(), s()),
      call('BEGINS', s(), s()),
      call('IF', b(), b(), b()),
      call('BLANKVALUE', b(), b()),
    ),
    date: fc.oneof(
      depth,
      LEAVES.date,
      call('DATE', fc.constantFrom('2026', '2024', 'YEAR(day)', 'qty'), n(), n()),
      call('ADDMONTHS', d(), n()),
      infix('+', d(), n()),
      infix('-', d(), n()),
      call('DATEVALUE', dt()),
      call('MIN', d(), d()),
      call('IF', b(), d(), d()),
      call('BLANKVALUE', d(), d()),
    ),
    datetime: fc.oneof(depth, LEAVES.datetime, call('IF', b(), dt(), dt()), call('MAX', dt(), dt()), call('BLANKVALUE', dt(), dt())),
  };
});

// ---- database ----------------------------------------------------------------------

let t: TestDatabase;
let db: Database;
let apiRecords: Record<string, unknown>[];

async function rows(statement: Sql): Promise<Record<string, unknown>[]> {
  const r = render(statement);
  return (await db.query(r.text, r.values)).rows;
}

async function createTable(object: ObjectDef): Promise<void> {
  const columns = object.fields.flatMap((f) => columnsOf(f).map((c) => sql`${ident(c.name)} ${raw(c.sqlType)}${raw(f.apiName === 'id' ? ' primary key' : '')}`));
  await rows(sql`create table ${ident(SCHEMA)}.${ident(object.apiName)} (${join(columns)})`);
}

async function insert(object: ObjectDef, values: Record<string, unknown>): Promise<void> {
  const columns = object.fields.flatMap((f) => columnsOf(f));
  const params = columns.map((c) => sql`${values[c.name] ?? null}::${raw(c.sqlType)}`);
  await rows(sql`insert into ${ident(SCHEMA)}.${ident(object.apiName)} (${join(columns.map((c) => ident(c.name)))}) values (${join(params)})`);
}

const FIELDS = ['id', 'name', 'amount', 'qty', 'rate', 'title', 'flag', 'day', 'at', 'stage', 'account', 'account.id', 'account.name', 'account.region', 'account.since', 'account.score'];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await db.exec(`create schema ${SCHEMA}`);
  await createTable(account);
  await createTable(item);
  for (const a of accounts) await insert(account, a);
  for (const r of items) await insert(item, { ...r, amount__currency: r.amount === null ? null : 'CNY' });
  // The records exactly as the API reads them, related values under their dotted paths.
  const list = compileListQuery({ metadata, object: 'item', fields: FIELDS, limit: 1000, sort: [{ field: 'id', direction: 'asc' }] });
  apiRecords = list.toPage(await rows(list.select)).records;
});
afterAll(() => t?.dispose());

/** Both sides as comparable text: numbers by value, date-times as UTC ISO strings. */
function normalise(type: FormulaType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'number') return new Decimal(String(value)).toFixed();
  if (type === 'datetime') return new Date(value instanceof Date ? value : String(value)).toISOString();
  return value;
}

async function compare(source: string): Promise<void> {
  const checked = checkFormula({ metadata, object: 'item', source });
  if (!checked.ok) throw new Error(`${source}: ${formatMessage(checked.problem.code, checked.problem.params, 'en')}`);
  const expr = compileFormulaSql(checked.tree, context);
  const statement = join([sql`select ${ident(BASE_ALIAS)}.${ident('id')} as id, ${expr} as v from ${fromSql(checked.scope)}`, ...joinsSql(checked.scope), sql`order by 1`], ' ');
  const sqlRows = await rows(statement);
  const fromSqlById = new Map(sqlRows.map((r) => [r.id as string, normalise(checked.type, r.v)]));
  for (const record of apiRecords) {
    const js = normalise(checked.type, toApiValue(evaluateFormula(checked.tree, { record, context })));
    const inDb = fromSqlById.get(record.id as string);
    if (js !== inDb) throw new Error(`${source}\n  record ${JSON.stringify(record)}\n  JS:  ${JSON.stringify(js)}\n  SQL: ${JSON.stringify(inDb)}\n  ${render(statement).text}`);
  }
}

describe(`formula JS and SQL agree (${testDbKind})`, () => {
  it('on the documented examples', async () => {
    for (const source of [
      'IF(AND(amount > 100000, stage = "won"), "key", "normal")',
      'DATEDIFF(TODAY(), account.since) > 90',
      'ISBLANK(title)',
      'TEXT(amount, "0.00") & " " & name',
      'amount / 3',
      '0.1 + 0.2 = 0.3',
      'LEFT(title, 2) & MID(name, 2, 1)',
      'TODAY()',
      'DATEVALUE(at)',
    ]) {
      await compare(source);
    }
  });

  for (const type of ['number', 'text', 'boolean', 'date', 'datetime'] as const) {
    it(`on random ${type} formulas`, async () => {
      await fc.assert(
        fc.asyncProperty(formulas[type], async (source) => {
          await compare(source);
        }),
        { numRuns: type === 'datetime' ? 40 : 150, seed: 424242 + type.length },
      );
    });
  }
});

describe(`formula fields read in lists agree with JS (${testDbKind})`, () => {
  it('selects, through a lookup too, what their formulas evaluate to', async () => {
    const list = compileListQuery({ metadata, object: 'item', fields: ['gross', 'fresh', 'account.label', 'account.double'], limit: 1000, sort: [{ field: 'id', direction: 'asc' }], formulaContext: context });
    const listed = list.toPage(await rows(list.select)).records;
    const fields: [string, FormulaType][] = [['gross', 'number'], ['fresh', 'boolean'], ['account.label', 'text'], ['account.double', 'number']];
    for (const [path, type] of fields) {
      const checked = checkFormula({ metadata, object: 'item', source: path });
      if (!checked.ok) throw new Error(path);
      listed.forEach((row, i) => {
        const js = normalise(type, toApiValue(evaluateFormula(checked.tree, { record: apiRecords[i]!, context })));
        expect(normalise(type, row[path]), `${path} of ${JSON.stringify(apiRecords[i])}`).toBe(js);
      });
    }
    expect(listed.some((r) => r['account.label'] === null) && listed.some((r) => r['account.label'] !== null)).toBe(true);
  });
});

it('has records covering blanks and Chinese text', () => {
  expect(items.some((r) => r.amount === null)).toBe(true);
  expect(items.some((r) => typeof r.title === 'string' && /[\u4e00-\u9fff]/.test(r.title))).toBe(true);
  expect(items.some((r) => r.account === null) && items.some((r) => r.account !== null)).toBe(true);
});
