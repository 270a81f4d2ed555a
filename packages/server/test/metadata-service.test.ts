import {
  DomainError,
  ident,
  join,
  parseFieldValue,
  qualified,
  render,
  sql,
  type ConversionCheck,
  type FieldDef,
  type FieldProblem,
  type FieldType,
  type ObjectDef,
  type Sql,
} from '@mainline/core';
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createField, createObject, deleteField, deleteObject, updateField, updateObject } from '../src/metadata/metadata-service.ts';
import { bootstrap } from '../src/platform/bootstrap.ts';
import { convertsPredicate, usingExpression } from '../src/schema/conversion-sql.ts';
import type { Database } from '../src/db/port.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

/**
 * Metadata changes against a real database: each test defines its own
 * object in the bootstrapped workspace, then reads the Postgres catalog to
 * see that the DDL really happened — or, for refusals, that nothing did.
 */

let t: TestDatabase;
let db: Database;
let ws: { id: string; schema: string; adminId: string };

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await bootstrap(db, { adminEmail: 'admin@example.test', adminPassword: 'correct horse battery staple' });
  const { rows } = await db.query<{ id: string; schema_name: string; admin: string }>(
    `select w.id, w.schema_name, u.id as admin from mainline.workspaces w join mainline.users u on u.workspace_id = w.id where w.slug = 'default'`,
  );
  ws = { id: rows[0]!.id, schema: rows[0]!.schema_name, adminId: rows[0]!.admin };
});
afterAll(() => t.dispose());

// ---- catalog and data helpers ----------------------------------------------

type Column = { name: string; type: string; nullable: boolean };

async function columns(table: string): Promise<Record<string, Column>> {
  const { rows } = await db.query<{ column_name: string; type: string; is_nullable: string }>(
    `select column_name, format_type(a.atttypid, a.atttypmod) as type, c.is_nullable
       from information_schema.columns c
       join pg_attribute a on a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass and a.attname = c.column_name
      where c.table_schema = $1 and c.table_name = $2`,
    [ws.schema, table],
  );
  return Object.fromEntries(rows.map((r) => [r.column_name, { name: r.column_name, type: r.type, nullable: r.is_nullable === 'YES' }]));
}

async function tableExists(table: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [ws.schema, table]);
  return rows.length > 0;
}

async function indexes(table: string): Promise<string[]> {
  const { rows } = await db.query<{ indexdef: string }>('select indexdef from pg_indexes where schemaname = $1 and tablename = $2 order by indexname', [ws.schema, table]);
  return rows.map((r) => r.indexdef);
}
const uniqueIndexOn = async (table: string, column: string) =>
  (await indexes(table)).some((d) => d.startsWith('CREATE UNIQUE INDEX') && (d.endsWith(`("${column}")`) || d.endsWith(`(${column})`)));

async function foreignKeys(table: string): Promise<{ column: string; target: string; onDelete: string }[]> {
  const { rows } = await db.query<{ col: string; target: string; deltype: string }>(
    `select a.attname as col, cl.relname as target, c.confdeltype as deltype
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
       join pg_class cl on cl.oid = c.confrelid
       join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and n.nspname = $1 and t.relname = $2 order by a.attname`,
    [ws.schema, table],
  );
  return rows.map((r) => ({ column: r.col, target: r.target, onDelete: r.deltype }));
}

async function sequences(): Promise<string[]> {
  const { rows } = await db.query<{ sequence_name: string }>('select sequence_name from information_schema.sequences where sequence_schema = $1 order by 1', [ws.schema]);
  return rows.map((r) => r.sequence_name);
}

async function metadataVersion(): Promise<number> {
  const { rows } = await db.query<{ v: string }>('select metadata_version as v from mainline.workspaces where id = $1', [ws.id]);
  return Number(rows[0]!.v);
}

async function storedDefinition(object: string): Promise<ObjectDef | undefined> {
  const { rows } = await db.query<{ definition: ObjectDef }>('select definition from mainline.object_metadata where workspace_id = $1 and api_name = $2', [ws.id, object]);
  return rows[0]?.definition;
}

/** Inserts rows with plain SQL (system columns filled in), returning their ids in order. */
async function insert(object: string, rows: Record<string, unknown>[], opts: { createdAt?: (i: number) => string } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, row] of rows.entries()) {
    const id = uuidv7();
    ids.push(id);
    const at = opts.createdAt?.(i) ?? new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    const full: Record<string, unknown> = { id, name: `r${i}`, ownerId: ws.adminId, createdAt: at, createdBy: ws.adminId, updatedAt: at, updatedBy: ws.adminId, ...row };
    const keys = Object.keys(full);
    const r = render(sql`insert into ${qualified(ws.schema, object)} (${join(keys.map((k) => ident(k)))}) values (${join(keys.map((k) => sql`${full[k]}`))})`);
    await db.query(r.text, r.values);
  }
  return ids;
}

async function exec(statement: Sql): Promise<void> {
  const r = render(statement);
  await db.query(r.text, r.values);
}

async function values(object: string, column: string): Promise<unknown[]> {
  const r = render(sql`select ${ident(column)} as v from ${qualified(ws.schema, object)} order by ${ident('createdAt')}, ${ident('id')}`);
  return (await db.query<{ v: unknown }>(r.text)).rows.map((x) => x.v);
}

/** Runs a change expected to be refused; returns the error after checking it changed nothing. */
async function refused(object: string, change: () => Promise<unknown>): Promise<DomainError> {
  const version = await metadataVersion();
  const definition = await storedDefinition(object);
  const table = (await tableExists(object)) ? await columns(object) : undefined;
  const tableIndexes = table ? await indexes(object) : undefined;
  let error: unknown;
  try {
    await change();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect(await metadataVersion()).toBe(version);
  expect(await storedDefinition(object)).toEqual(definition);
  if (table) {
    expect(await columns(object)).toEqual(table);
    expect(await indexes(object)).toEqual(tableIndexes);
  }
  return error as DomainError;
}
const summary = (problems: FieldProblem[]) => problems.map((p) => `${p.field}:${p.code}`).sort();

const label = (en: string) => ({ en, 'zh-CN': en });
const newObject = (apiName: string, extra: Record<string, unknown> = {}) => createObject(db, ws.id, { apiName, label: label(apiName), ...extra });
const newField = (object: string, input: Record<string, unknown>) => createField(db, ws.id, object, { label: label(String(input.apiName)), ...input });
const patch = (object: string, field: string, input: Record<string, unknown>) => updateField(db, ws.id, object, field, input);

// ---- tests -------------------------------------------------------------------

describe(`metadata service (${testDbKind})`, () => {
  it('bootstrap installs the standard model through the same functions', async () => {
    expect(await tableExists('account')).toBe(true);
    expect(await tableExists('contact')).toBe(true);
    expect(await foreignKeys('contact')).toEqual([{ column: 'account', target: 'account', onDelete: 'a' }]);
    expect(await foreignKeys('account')).toEqual([{ column: 'parent', target: 'account', onDelete: 'a' }]);
    const account = await storedDefinition('account');
    expect(account!.fields.map((f) => f.apiName)).toEqual(expect.arrayContaining(['id', 'name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'industry', 'phone', 'website', 'parent', 'creditLimit']));
    // Every object of the mainline, each with its table; detail objects hang off their master.
    for (const name of ['campaign', 'lead', 'opportunity', 'quote', 'quoteLineItem', 'order', 'case', 'loyaltyMember', 'pointsLedgerEntry', 'feedback']) expect(await tableExists(name), name).toBe(true);
    expect(await foreignKeys('quoteLineItem')).toEqual(expect.arrayContaining([{ column: 'quote', target: 'quote', onDelete: 'a' }]));
    expect((await storedDefinition('quote'))!.fields.find((f) => f.apiName === 'name')).toMatchObject({ type: 'autoNumber', pattern: 'Q-{YYYY}-{000000}' });
  });

  it('creates an object table with its system columns, constraints and indexes', async () => {
    const before = await metadataVersion();
    const object = await newObject('project', { pluralLabel: label('projects') });
    expect(object.fields.map((f) => f.apiName)).toEqual(['id', 'name', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);
    expect(await metadataVersion()).toBe(before + 1);
    expect(await storedDefinition('project')).toEqual(object);
    const cols = await columns('project');
    expect(Object.values(cols).map((c) => [c.name, c.type, c.nullable]).sort()).toEqual(
      [
        ['id', 'uuid', false],
        ['name', 'text', false],
        ['ownerId', 'uuid', false],
        ['createdAt', 'timestamp with time zone', false],
        ['createdBy', 'uuid', false],
        ['updatedAt', 'timestamp with time zone', false],
        ['updatedBy', 'uuid', false],
      ].sort(),
    );
    const ix = (await indexes('project')).join('\n');
    expect(ix).toMatch(/UNIQUE INDEX project_pkey .*\(id\)/);
    expect(ix).toMatch(/\(name, id\)/);
    expect(ix).toMatch(/\("ownerId"\)/);
    expect(ix).toMatch(/\("createdAt", id\)/);
  });

  it('refuses a duplicate or reserved object, changing nothing', async () => {
    const e = await refused('project', () => newObject('project'));
    expect(summary(e.errors)).toEqual(['apiName:alreadyExists']);
    const r = await refused('users', () => newObject('users'));
    expect(summary(r.errors)).toEqual(['apiName:reservedName']);
    expect(await tableExists('users')).toBe(false);
  });

  it('makes name an auto-number with its own sequence and unique index', async () => {
    await newObject('invoice', { nameField: { type: 'autoNumber', pattern: 'INV-{YYYY}-{000000}', label: label('Invoice number') } });
    expect((await sequences()).some((s) => s.startsWith('invoice_name_'))).toBe(true);
    expect(await uniqueIndexOn('invoice', 'name')).toBe(true);
    expect((await columns('invoice')).name).toMatchObject({ type: 'text', nullable: false });
  });

  it('adds a column of the right type for every field type', async () => {
    await newObject('allTypes');
    const fields: Record<string, unknown>[] = [
      { apiName: 'fText', type: 'text' },
      { apiName: 'fLong', type: 'longText' },
      { apiName: 'fRich', type: 'richText' },
      { apiName: 'fInt', type: 'integer' },
      { apiName: 'fDec', type: 'decimal', precision: 12, scale: 3 },
      { apiName: 'fMoney', type: 'currency' },
      { apiName: 'fPct', type: 'percent' },
      { apiName: 'fBool', type: 'boolean' },
      { apiName: 'fDate', type: 'date' },
      { apiName: 'fTime', type: 'datetime' },
      { apiName: 'fEmail', type: 'email' },
      { apiName: 'fPhone', type: 'phone' },
      { apiName: 'fUrl', type: 'url' },
      { apiName: 'fPick', type: 'picklist', values: [{ apiName: 'a', label: label('A') }] },
      { apiName: 'fMulti', type: 'multiPicklist', values: [{ apiName: 'a', label: label('A') }] },
      { apiName: 'fAccount', type: 'lookup', target: 'account' },
      { apiName: 'fMaster', type: 'masterDetail', target: 'project' },
      { apiName: 'fSelf', type: 'lookup', target: 'allTypes' },
      { apiName: 'fNo', type: 'autoNumber', pattern: 'N{0000}' },
      { apiName: 'fJson', type: 'json' },
    ];
    for (const f of fields) await newField('allTypes', f);
    const cols = await columns('allTypes');
    const typeOf = (name: string) => cols[name]?.type;
    expect(
      Object.fromEntries(
        ['fText', 'fLong', 'fRich', 'fInt', 'fDec', 'fMoney', 'fMoney__currency', 'fPct', 'fBool', 'fDate', 'fTime', 'fEmail', 'fPhone', 'fUrl', 'fPick', 'fMulti', 'fAccount', 'fMaster', 'fSelf', 'fNo', 'fJson'].map((n) => [n, typeOf(n)]),
      ),
    ).toEqual({
      fText: 'text',
      fLong: 'text',
      fRich: 'text',
      fInt: 'bigint',
      fDec: 'numeric(12,3)',
      fMoney: 'numeric(18,2)',
      fMoney__currency: 'character varying(3)',
      fPct: 'numeric(7,2)',
      fBool: 'boolean',
      fDate: 'date',
      fTime: 'timestamp with time zone',
      fEmail: 'text',
      fPhone: 'text',
      fUrl: 'text',
      fPick: 'text',
      fMulti: 'text[]',
      fAccount: 'uuid',
      fMaster: 'uuid',
      fSelf: 'uuid',
      fNo: 'text',
      fJson: 'jsonb',
    });
    expect(cols.fMaster!.nullable).toBe(false);
    // Delete rules live in the record service: the foreign keys stay plain (NO ACTION).
    expect(await foreignKeys('allTypes')).toEqual([
      { column: 'fAccount', target: 'account', onDelete: 'a' },
      { column: 'fMaster', target: 'project', onDelete: 'a' },
      { column: 'fSelf', target: 'allTypes', onDelete: 'a' },
    ]);
    expect(await uniqueIndexOn('allTypes', 'fNo')).toBe(true);
    expect((await sequences()).some((s) => s.startsWith('allTypes_fNo_'))).toBe(true);
  });

  it('refuses a bad field with every problem at once, changing nothing', async () => {
    await newObject('badFields');
    const e = await refused('badFields', () =>
      createField(db, ws.id, 'badFields', {
        apiName: 'createdAt',
        type: 'lookup',
        label: {},
        target: 'nowhere',
        values: [{ apiName: 'x', label: label('x') }],
      }),
    );
    expect(e.code).toBe('validationFailed');
    expect(summary(e.errors)).toEqual(['apiName:reservedName', 'label:invalidValue', 'target:unknownObject', 'values:notApplicable']);
  });

  it('required fields: refused on existing rows without a default, filled from a default', async () => {
    await newObject('reqTest');
    await insert('reqTest', [{}, {}]);
    const e = await refused('reqTest', () => newField('reqTest', { apiName: 'code', type: 'text', required: true }));
    expect(e.status).toBe(409);
    expect(String(e.errors[0]!.params!.detail)).toMatch(/^2 existing records have no value/);
    expect((await columns('reqTest')).code).toBeUndefined();

    await newField('reqTest', { apiName: 'status', type: 'picklist', required: true, defaultValue: 'new', values: [{ apiName: 'new', label: label('New') }] });
    expect((await columns('reqTest')).status).toMatchObject({ nullable: false });
    expect(await values('reqTest', 'status')).toEqual(['new', 'new']);
  });

  it('unique and external-id fields get a unique index', async () => {
    await newObject('uniq');
    await newField('uniq', { apiName: 'code', type: 'text', externalId: true, maxLength: 40 });
    await newField('uniq', { apiName: 'seq', type: 'integer', unique: true });
    expect(await uniqueIndexOn('uniq', 'code')).toBe(true);
    expect(await uniqueIndexOn('uniq', 'seq')).toBe(true);
  });

  it('numbers existing records when an auto-number field is added', async () => {
    await newObject('ticket');
    await insert('ticket', [{}, {}, {}], { createdAt: (i) => new Date(Date.UTC(2025, 11, 31 - i, 12)).toISOString() });
    await newField('ticket', { apiName: 'no', type: 'autoNumber', pattern: 'T-{YYYY}{MM}{DD}-{000}' });
    // In creation order: the third row is the oldest.
    expect(await values('ticket', 'no')).toEqual(['T-20251229-001', 'T-20251230-002', 'T-20251231-003']);
    expect(await uniqueIndexOn('ticket', 'no')).toBe(true);
  });

  it('updates object labels and never its API name', async () => {
    const before = await metadataVersion();
    const o = await updateObject(db, ws.id, 'project', { label: { en: 'Programme', 'zh-CN': '项目群' } });
    expect(o.label).toEqual({ en: 'Programme', 'zh-CN': '项目群' });
    expect(await metadataVersion()).toBe(before + 1);
    const e = await refused('project', () => updateObject(db, ws.id, 'project', { apiName: 'programme' }));
    expect(summary(e.errors)).toEqual(['apiName:apiNameImmutable']);
  });

  it('relabels a field without touching the table', async () => {
    await newField('project', { apiName: 'code', type: 'text' });
    const cols = await columns('project');
    const f = await patch('project', 'code', { label: { 'zh-TW': '代碼' } });
    expect(f.label).toEqual({ 'zh-TW': '代碼' });
    expect(await columns('project')).toEqual(cols);
    expect((await storedDefinition('project'))!.fields.find((x) => x.apiName === 'code')!.label).toEqual({ 'zh-TW': '代碼' });
  });

  describe('type changes', () => {
    it('text → integer converts every value, or is refused naming how many fail and an example', async () => {
      await newObject('conv1');
      await newField('conv1', { apiName: 'qty', type: 'text' });
      await insert('conv1', [{ qty: ' 12' }, { qty: '-3' }, { qty: null }, { qty: 'many' }, { qty: '1.5' }]);
      const e = await refused('conv1', () => patch('conv1', 'qty', { type: 'integer' }));
      expect(e.status).toBe(409);
      expect(e.errors[0]).toMatchObject({ field: 'type', code: 'typeChangeRefused', params: { field: 'qty', from: 'text', to: 'integer' } });
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^2 records have values that are not whole numbers.*e\.g\. "(1\.5|many)"/);
      expect((await columns('conv1')).qty!.type).toBe('text');

      await exec(sql`update ${qualified(ws.schema, 'conv1')} set qty = null where qty in ('many', '1.5')`);
      const f = await patch('conv1', 'qty', { type: 'integer' });
      expect(f.type).toBe('integer');
      expect((await columns('conv1')).qty!.type).toBe('bigint');
      expect(await values('conv1', 'qty')).toEqual(['12', '-3', null, null, null]);
    });

    it('text → date, datetime, email, phone, url, boolean check the values in SQL', async () => {
      await newObject('conv2');
      const cases: [string, string, unknown[], unknown[], string][] = [
        ['d', 'date', ['2024-02-29', '2026-12-31'], ['2026-02-30', '2026-13-01', '26-01-01', '0000-01-01'], 'date'],
        ['t', 'datetime', ['2026-03-01T08:30:00+08:00', '2026-03-01T00:00Z', '2026-03-01T00:00:59.123456789Z'], ['2026-03-01 08:30', '2026-03-01T24:00Z', '2026-03-01T10:00+15:00'], 'timestamp with time zone'],
        ['e', 'email', ['a@b.cn', 'li.lei@example.com'], ['a@b', 'a b@c.d', 'x'], 'text'],
        ['p', 'phone', ['+86 138-0013-8000', '021-1234-5678'], ['call me', '+'], 'text'],
        ['u', 'url', ['https://example.com/a?b#c', 'HTTP://x.cn'], ['ftp://x.cn', 'example.com', 'http://'], 'text'],
        ['b', 'boolean', ['true', 'No', ' 1 '], ['maybe', 'y'], 'boolean'],
      ];
      for (const [name] of cases) await newField('conv2', { apiName: name, type: 'text' });
      for (const [name, type, good, bad, sqlType] of cases) {
        await exec(sql`delete from ${qualified(ws.schema, 'conv2')}`);
        await insert('conv2', [...good, ...bad].map((v) => ({ [name]: v })));
        const e = await refused('conv2', () => patch('conv2', name, { type }));
        expect(String(e.errors[0]!.params!.detail), `${type}`).toMatch(new RegExp(`^${bad.length} records`));
        await exec(sql`delete from ${qualified(ws.schema, 'conv2')} where ${ident(name)} = any(${bad}::text[])`);
        await patch('conv2', name, { type });
        expect((await columns('conv2'))[name]!.type).toBe(sqlType);
      }
      expect(await values('conv2', 'b')).toEqual([true, false, true]);
    });

    it('decimal → integer only without fractions; integer → decimal only if it fits', async () => {
      await newObject('conv3');
      await newField('conv3', { apiName: 'amount', type: 'decimal', precision: 10, scale: 2 });
      await newField('conv3', { apiName: 'count', type: 'integer' });
      await insert('conv3', [
        { amount: '10.00', count: 99 },
        { amount: '2.50', count: 1000 },
      ]);
      let e = await refused('conv3', () => patch('conv3', 'amount', { type: 'integer' }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^1 records have values that have a fractional part.*"2\.50"/);
      e = await refused('conv3', () => patch('conv3', 'count', { type: 'percent', precision: 5, scale: 2 }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^1 records have values that do not fit numeric\(5,2\).*"1000"/);

      await patch('conv3', 'count', { type: 'percent', precision: 6, scale: 2 });
      expect((await columns('conv3')).count!.type).toBe('numeric(6,2)');
      expect(await values('conv3', 'count')).toEqual(['99.00', '1000.00']);
      await exec(sql`update ${qualified(ws.schema, 'conv3')} set amount = 3 where amount = 2.5`);
      await patch('conv3', 'amount', { type: 'integer' });
      expect(await values('conv3', 'amount')).toEqual(['10', '3']);
    });

    it('numbers, dates and booleans become text in their API form', async () => {
      await newObject('conv4');
      await newField('conv4', { apiName: 'n', type: 'integer' });
      await newField('conv4', { apiName: 'd', type: 'date' });
      await newField('conv4', { apiName: 't', type: 'datetime' });
      await newField('conv4', { apiName: 'b', type: 'boolean' });
      await newField('conv4', { apiName: 'dd', type: 'date' });
      await insert('conv4', [{ n: 42, d: '2026-03-07', t: '2026-03-07T08:00:00+08:00', b: true, dd: '2026-03-07' }]);
      for (const f of ['n', 'd', 't', 'b']) await patch('conv4', f, { type: 'text' });
      await patch('conv4', 'dd', { type: 'datetime' });
      const r = render(sql`select n, d, t, b, dd from ${qualified(ws.schema, 'conv4')}`);
      expect((await db.query(r.text)).rows[0]).toEqual({ n: '42', d: '2026-03-07', t: '2026-03-07T00:00:00.000Z', b: 'true', dd: '2026-03-07T00:00:00.000Z' });
    });

    it('datetime → date and json → text are refused by the table, before any SQL', async () => {
      await newObject('conv5');
      await newField('conv5', { apiName: 'at', type: 'datetime' });
      await newField('conv5', { apiName: 'data', type: 'json' });
      let e = await refused('conv5', () => patch('conv5', 'at', { type: 'date' }));
      expect(e.code).toBe('validationFailed');
      expect(e.errors[0]).toMatchObject({ field: 'type', code: 'typeChangeRefused' });
      expect(String(e.errors[0]!.params!.detail)).toMatch(/time zone/);
      e = await refused('conv5', () => patch('conv5', 'data', { type: 'text' }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/JSON/);
    });

    it('text ↔ picklist ↔ multiPicklist', async () => {
      await newObject('conv6');
      await newField('conv6', { apiName: 'region', type: 'text' });
      await insert('conv6', [{ region: '华东' }, { region: '华北' }, { region: null }]);
      const e = await refused('conv6', () => patch('conv6', 'region', { type: 'picklist', values: [{ apiName: '华东', label: label('East') }] }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^1 records have values that are not values of the picklist, e\.g\. "华北"/);

      const values2 = [
        { apiName: '华东', label: label('East') },
        { apiName: '华北', label: label('North') },
      ];
      await patch('conv6', 'region', { type: 'picklist', values: values2 });
      await patch('conv6', 'region', { type: 'multiPicklist' });
      expect((await columns('conv6')).region!.type).toBe('text[]');
      expect(await values('conv6', 'region')).toEqual([['华东'], ['华北'], null]);

      await exec(sql`update ${qualified(ws.schema, 'conv6')} set region = array['华东', '华北'] where region = array['华东']`);
      const m = await refused('conv6', () => patch('conv6', 'region', { type: 'picklist' }));
      expect(String(m.errors[0]!.params!.detail)).toMatch(/^1 records have values that hold more than one value/);
      await exec(sql`update ${qualified(ws.schema, 'conv6')} set region = array['华东'] where cardinality(region) = 2`);
      await patch('conv6', 'region', { type: 'picklist' });
      await patch('conv6', 'region', { type: 'text' });
      expect(await values('conv6', 'region')).toEqual(['华东', '华北', null]);
    });

    it('a unique field whose conversion creates duplicates is refused and keeps its index', async () => {
      await newObject('conv7');
      await newField('conv7', { apiName: 'code', type: 'text', unique: true });
      await insert('conv7', [{ code: '01' }, { code: '1' }]);
      const e = await refused('conv7', () => patch('conv7', 'code', { type: 'integer' }));
      expect(e.errors[0]).toMatchObject({ field: 'unique' });
      expect(await uniqueIndexOn('conv7', 'code')).toBe(true);
      expect((await columns('conv7')).code!.type).toBe('text');
    });

    it('lookup → master-detail requires a parent on every record', async () => {
      await newObject('conv8');
      await newField('conv8', { apiName: 'account', type: 'lookup', target: 'account' });
      await insert('conv8', [{ account: null }]);
      const e = await refused('conv8', () => patch('conv8', 'account', { type: 'masterDetail' }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^1 existing records have no value/);
      await exec(sql`delete from ${qualified(ws.schema, 'conv8')}`);
      const f = await patch('conv8', 'account', { type: 'masterDetail' });
      expect(f).toMatchObject({ type: 'masterDetail', required: true, deleteRule: 'cascade' });
      expect((await columns('conv8')).account!.nullable).toBe(false);
      expect(await foreignKeys('conv8')).toEqual([{ column: 'account', target: 'account', onDelete: 'a' }]);
    });

    it('decimal → currency adds the currency column; auto-number → text drops the sequence', async () => {
      await newObject('conv9');
      await newField('conv9', { apiName: 'price', type: 'decimal' });
      await newField('conv9', { apiName: 'no', type: 'autoNumber', pattern: 'C{0000}' });
      await insert('conv9', [{ price: '9.90', no: 'C0001' }, { price: null, no: 'C0002' }]);
      await patch('conv9', 'price', { type: 'currency' });
      expect((await columns('conv9')).price__currency!.type).toBe('character varying(3)');
      expect(await values('conv9', 'price__currency')).toEqual(['CNY', null]);

      expect((await sequences()).some((s) => s.startsWith('conv9_no_'))).toBe(true);
      const f = await patch('conv9', 'no', { type: 'text' });
      expect(f).toMatchObject({ type: 'text', unique: true });
      expect((await sequences()).some((s) => s.startsWith('conv9_no_'))).toBe(false);
      expect(await values('conv9', 'no')).toEqual(['C0001', 'C0002']);
      expect(await uniqueIndexOn('conv9', 'no')).toBe(true);
    });
  });

  describe('constraints and shapes', () => {
    it('shrinking maxLength is refused while values would not fit', async () => {
      await newObject('len');
      await newField('len', { apiName: 'title', type: 'text', maxLength: 100 });
      await insert('len', [{ title: '华东精密制造有限公司' }, { title: 'short' }]);
      const e = await refused('len', () => patch('len', 'title', { maxLength: 5 }));
      expect(e.errors[0]).toMatchObject({ field: 'maxLength', code: 'dataDoesNotFit', params: { field: 'title', count: 1, example: '华东精密制造有限公司' } });
      const f = await patch('len', 'title', { maxLength: 10 });
      expect(f.maxLength).toBe(10);
    });

    it('shrinking precision or scale is refused while values would be rounded', async () => {
      await newObject('prec');
      await newField('prec', { apiName: 'rate', type: 'decimal', precision: 10, scale: 4 });
      await insert('prec', [{ rate: '1.2345' }, { rate: '123456.1' }]);
      let e = await refused('prec', () => patch('prec', 'rate', { scale: 2 }));
      expect(e.errors[0]).toMatchObject({ field: 'scale', code: 'dataDoesNotFit', params: { count: 1, example: '1.2345' } });
      e = await refused('prec', () => patch('prec', 'rate', { precision: 8 }));
      expect(e.errors[0]).toMatchObject({ field: 'precision', code: 'dataDoesNotFit', params: { count: 1 } });
      await patch('prec', 'rate', { precision: 12, scale: 5 });
      expect((await columns('prec')).rate!.type).toBe('numeric(12,5)');
      expect(await values('prec', 'rate')).toEqual(['1.23450', '123456.10000']);
    });

    it('required and unique via update are checked against the data', async () => {
      await newObject('cons');
      await newField('cons', { apiName: 'code', type: 'text' });
      await insert('cons', [{ code: 'A' }, { code: 'A' }, { code: null }]);
      let e = await refused('cons', () => patch('cons', 'code', { required: true }));
      expect(String(e.errors[0]!.params!.detail)).toBe('1 existing records have no value; fill them first');
      e = await refused('cons', () => patch('cons', 'code', { unique: true }));
      expect(String(e.errors[0]!.params!.detail)).toMatch(/^1 values are used by more than one record/);

      await exec(sql`update ${qualified(ws.schema, 'cons')} set code = 'B' where code is null`);
      await patch('cons', 'code', { required: true });
      expect((await columns('cons')).code!.nullable).toBe(false);
      await patch('cons', 'code', { required: false });
      expect((await columns('cons')).code!.nullable).toBe(true);
    });

    it('picklist values: removing one in use is refused with the count; unused ones go, others deactivate', async () => {
      await newObject('pick');
      const v = (apiName: string) => ({ apiName, label: label(apiName) });
      await newField('pick', { apiName: 'stage', type: 'picklist', values: [v('open'), v('won'), v('lost'), v('spare')] });
      await newField('pick', { apiName: 'tags', type: 'multiPicklist', values: [v('a'), v('b')] });
      await insert('pick', [
        { stage: 'open', tags: ['a', 'b'] },
        { stage: 'lost', tags: ['b'] },
        { stage: 'lost', tags: null },
      ]);
      const e = await refused('pick', () => patch('pick', 'stage', { values: [{ apiName: 'open' }, { apiName: 'won' }] }));
      expect(e.errors).toEqual([{ field: 'values', code: 'picklistValueInUse', params: { field: 'stage', value: 'lost', count: 2 } }]);
      const m = await refused('pick', () => patch('pick', 'tags', { values: [{ apiName: 'a' }] }));
      expect(m.errors[0]!.params).toMatchObject({ value: 'b', count: 2 });

      const f = await patch('pick', 'stage', { values: [{ apiName: 'won' }, { apiName: 'open' }, { apiName: 'lost', active: false }] });
      expect(f.values!.map((x) => [x.apiName, x.order, x.active])).toEqual([
        ['won', 0, true],
        ['open', 1, true],
        ['lost', 2, false],
      ]);
    });
  });

  describe('deleting', () => {
    it('drops a field with its columns and sequence; system fields say why they stay', async () => {
      await newObject('del1');
      await newField('del1', { apiName: 'money', type: 'currency' });
      await newField('del1', { apiName: 'no', type: 'autoNumber', pattern: 'D{00}' });
      await deleteField(db, ws.id, 'del1', 'money');
      await deleteField(db, ws.id, 'del1', 'no');
      const cols = await columns('del1');
      expect(cols.money).toBeUndefined();
      expect(cols.money__currency).toBeUndefined();
      expect((await sequences()).some((s) => s.startsWith('del1_no_'))).toBe(false);
      expect((await storedDefinition('del1'))!.fields.map((f: FieldDef) => f.apiName)).not.toContain('money');

      const e = await refused('del1', () => deleteField(db, ws.id, 'del1', 'createdAt'));
      expect(e.status).toBe(409);
      expect(e.errors).toEqual([{ field: 'createdAt', code: 'systemFieldLocked' }]);
    });

    it('refuses to delete an object others point at, naming the fields', async () => {
      const e = await refused('account', () => deleteObject(db, ws.id, 'account'));
      expect(e.status).toBe(409);
      const by = String(e.errors[0]!.params!.by);
      expect(by).toContain('contact.account');
      expect(by).toContain('allTypes.fAccount');
      expect(by).not.toContain('account.parent');
      expect(await tableExists('account')).toBe(true);
    });

    it('drops an object with its table, self-references and sequences', async () => {
      await newObject('del2', { nameField: { type: 'autoNumber', pattern: 'X{000}' } });
      await newField('del2', { apiName: 'parent', type: 'lookup', target: 'del2' });
      await newField('del2', { apiName: 'no2', type: 'autoNumber', pattern: 'Y{000}' });
      await insert('del2', [{ name: 'X001' }]);
      expect((await sequences()).filter((s) => s.startsWith('del2_'))).toHaveLength(2);
      const before = await metadataVersion();
      await deleteObject(db, ws.id, 'del2');
      expect(await tableExists('del2')).toBe(false);
      expect((await sequences()).filter((s) => s.startsWith('del2_'))).toEqual([]);
      expect(await storedDefinition('del2')).toBeUndefined();
      expect(await metadataVersion()).toBe(before + 1);
    });
  });
});

describe(`conversion checks agree with the API (${testDbKind})`, () => {
  const def = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ apiName: 'v', type, label: { en: 'v' }, required: false, unique: false, externalId: false, system: false, ...extra });
  const text = def('text');
  const cases: [ConversionCheck, FieldDef, string[]][] = [
    ['integer', def('integer'), ['0', '42', ' -7 ', '+9007199254740991', '-9007199254740991']],
    ['decimal', def('decimal', { precision: 8, scale: 2 }), ['0', '1.5', '-123456.78', '.5', '1e2', ' 3.10 ', '999999.99']],
    ['date', def('date'), ['2024-02-29', '0001-01-01', '9999-12-31']],
    ['datetime', def('datetime'), ['2026-03-01T08:30:00+08:00', '2026-03-01T00:00Z', '2026-03-01T23:59:59.999999999-14:59']],
    ['email', def('email'), ['a@b.cn', 'li.lei+crm@example.com.cn']],
    ['phone', def('phone'), ['+86 138-0013-8000', '021.1234.5678', '123']],
    ['url', def('url'), ['https://example.com', 'http://a.b/c?d=e#f', 'HTTPS://例子.中国/路径']],
  ];
  const alphabet = [...'0123456789+-.:eETZ @/#?_ab', '\u00a0', '\u3000', '\t', '\n', '\u2028', '\u0301', '例'];

  /** Known-good values with a few random edits: near misses are where checks disagree. */
  const mutants = (goods: string[]) =>
    fc.sample(
      fc.tuple(
        fc.constantFrom(...goods),
        fc.array(fc.tuple(fc.constantFrom('insert', 'replace', 'delete'), fc.nat(), fc.constantFrom(...alphabet)), { maxLength: 3 }),
      ).map(([good, edits]) => {
        let v = good;
        for (const [op, at, ch] of edits) {
          const i = v.length === 0 ? 0 : at % v.length;
          v = op === 'insert' ? v.slice(0, i) + ch + v.slice(i) : op === 'replace' ? v.slice(0, i) + ch + v.slice(i + 1) : v.slice(0, i) + v.slice(i + 1);
        }
        return v;
      }),
      { numRuns: 400, seed: 20260307 },
    );

  it.each(cases)('%s: whatever SQL accepts, the API accepts and the ALTER converts', async (check, after, goods) => {
    const samples = [...new Set([...goods, ...mutants(goods)])];
    const v = sql`${ident('v')}`;
    const predicate = convertsPredicate(check, v, after)!;
    const r = render(sql`select v, coalesce(${predicate}, false) as ok from unnest(${samples}::text[]) as v`);
    const { rows } = await db.query<{ v: string; ok: boolean }>(r.text, r.values);
    const accepted = rows.filter((x) => x.ok).map((x) => x.v);
    for (const good of goods) expect(accepted, `${check} should accept ${JSON.stringify(good)}`).toContain(good);
    for (const value of accepted) expect(parseFieldValue(after, value).ok, `${check} accepted ${JSON.stringify(value)} the API refuses`).toBe(true);
    expect(rows.length - accepted.length).toBeGreaterThan(0);

    const using = usingExpression(text, after, v);
    if (using) {
      const u = render(sql`select (${using})::text as converted from unnest(${accepted}::text[]) as v`);
      const converted = (await db.query<{ converted: string }>(u.text, u.values)).rows;
      expect(converted).toHaveLength(accepted.length);
    }
  });
});
