import {
  DomainError,
  columnsOf,
  formatAutoNumber,
  isComputedField,
  ident,
  join,
  qualified,
  raw,
  render,
  sql,
  toColumnValues,
  type FieldDef,
  type ObjectDef,
  type Sql,
} from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { foreignKeyName, indexName, sequenceName, uniqueIndexName } from './constraint-names.ts';
import { run } from './statements.ts';

/**
 * Turns metadata changes into DDL inside the caller's transaction, so a
 * failed change leaves neither metadata nor tables half-done (Postgres DDL
 * is transactional).
 */

const table = (schema: string, object: string): Sql => qualified(schema, object);

/** Fields that lists sort on most get a (field, id) index so keyset pages stay index scans. */
const SORT_INDEXED = new Set(['name', 'createdAt', 'updatedAt']);

export async function createObjectTable(q: Queryable, schema: string, object: ObjectDef): Promise<void> {
  await run(q, sql`create table ${table(schema, object.apiName)} (${ident('id')} uuid primary key)`);
  for (const field of object.fields) {
    if (field.apiName === 'id') continue;
    await addFieldColumns(q, schema, object, field);
  }
}

export async function dropObjectTable(q: Queryable, schema: string, object: ObjectDef): Promise<void> {
  await run(q, sql`drop table ${table(schema, object.apiName)}`);
  for (const f of object.fields) {
    if (f.type === 'autoNumber') await run(q, sql`drop sequence if exists ${qualified(schema, sequenceName(object.apiName, f.apiName))}`);
  }
}

export async function addFieldColumns(q: Queryable, schema: string, object: ObjectDef, field: FieldDef): Promise<void> {
  // Computed on read (formula-columns.ts in core): no column, index or constraint, and changing the formula needs no DDL.
  if (isComputedField(field)) return;
  const t = table(schema, object.apiName);
  if (field.type === 'autoNumber') await run(q, sql`create sequence ${qualified(schema, sequenceName(object.apiName, field.apiName))}`);
  for (const c of columnsOf(field)) await run(q, sql`alter table ${t} add column ${ident(c.name)} ${raw(c.sqlType)}`);

  const rows = await countRows(q, schema, object.apiName);
  if (rows > 0 && field.defaultValue !== undefined && field.defaultValue !== null) {
    // Existing records take the default, as they would had the field always existed.
    const sets = columnsOf(field).map((c, i) => sql`${ident(c.name)} = ${toColumnValues(field, field.defaultValue)[i]}`);
    await run(q, sql`update ${t} set ${join(sets)}`);
  }
  if (rows > 0 && field.type === 'autoNumber') await backfillAutoNumbers(q, schema, object, field);
  if (field.required) await setRequired(q, schema, object, field, true, 'give the field a default value, or add it as optional and fill it first');
  if (field.unique || field.externalId || field.type === 'autoNumber') await setUnique(q, schema, object, field, true);
  if (field.type === 'lookup' || field.type === 'masterDetail') {
    await run(
      q,
      sql`alter table ${t} add constraint ${ident(foreignKeyName(object.apiName, field.apiName))}
          foreign key (${ident(field.apiName)}) references ${table(schema, field.target!)} (${ident('id')})`,
    );
    await run(q, sql`create index ${ident(indexName(object.apiName, field.apiName))} on ${t} (${ident(field.apiName)})`);
  } else if (field.type === 'userRef' && field.apiName === 'ownerId') {
    await run(q, sql`create index ${ident(indexName(object.apiName, field.apiName))} on ${t} (${ident(field.apiName)})`);
  } else if (SORT_INDEXED.has(field.apiName)) {
    // Even when unique: uniqueness of `name` can be switched off later, and lists still sort by (name, id).
    await run(q, sql`create index ${ident(indexName(object.apiName, field.apiName))} on ${t} (${ident(field.apiName)}, ${ident('id')})`);
  }
}

export async function dropFieldColumns(q: Queryable, schema: string, object: ObjectDef, field: FieldDef): Promise<void> {
  const t = table(schema, object.apiName);
  for (const c of columnsOf(field)) await run(q, sql`alter table ${t} drop column ${ident(c.name)}`);
  if (field.type === 'autoNumber') await run(q, sql`drop sequence if exists ${qualified(schema, sequenceName(object.apiName, field.apiName))}`);
}

/** Refuses (409, with the count) while records lack a value; `hint` says how to get past that. */
export async function setRequired(q: Queryable, schema: string, object: ObjectDef, field: FieldDef, required: boolean, hint: string = 'fill them first'): Promise<void> {
  const t = table(schema, object.apiName);
  const column = ident(field.apiName);
  if (!required) {
    await run(q, sql`alter table ${t} alter column ${column} drop not null`);
    return;
  }
  const { rows } = await q.query<{ n: string }>(...params(sql`select count(*) as n from ${t} where ${column} is null`));
  const missing = Number(rows[0]!.n);
  if (missing > 0) {
    throw new DomainError({
      code: 'conflict',
      errors: [{ field: 'required', code: 'invalidValue', params: { field: field.apiName, detail: `${missing} existing records have no value; ${hint}` } }],
    });
  }
  await run(q, sql`alter table ${t} alter column ${column} set not null`);
}

export async function setUnique(q: Queryable, schema: string, object: ObjectDef, field: FieldDef, unique: boolean): Promise<void> {
  const index = ident(uniqueIndexName(object.apiName, field.apiName));
  if (!unique) {
    await run(q, sql`drop index if exists ${ident(schema)}.${index}`);
    return;
  }
  const t = table(schema, object.apiName);
  const column = ident(field.apiName);
  const { rows } = await q.query<{ n: string }>(
    ...params(sql`select count(*) as n from (select ${column} from ${t} where ${column} is not null group by ${column} having count(*) > 1) d`),
  );
  const dupes = Number(rows[0]!.n);
  if (dupes > 0) {
    throw new DomainError({
      code: 'conflict',
      errors: [{ field: 'unique', code: 'invalidValue', params: { field: field.apiName, detail: `${dupes} values are used by more than one record` } }],
    });
  }
  await run(q, sql`create unique index ${index} on ${t} (${column})`);
}

/** Next value of an auto-number field's sequence. */
export async function nextAutoNumbers(q: Queryable, schema: string, object: string, field: string, count: number): Promise<number[]> {
  const seq = render(qualified(schema, sequenceName(object, field))).text;
  const { rows } = await q.query<{ n: string }>(`select nextval($1::regclass) as n from generate_series(1, $2::int)`, [seq, count]);
  return rows.map((r) => Number(r.n));
}

/** Numbers existing records in creation order, in one statement however many there are. */
async function backfillAutoNumbers(q: Queryable, schema: string, object: ObjectDef, field: FieldDef): Promise<void> {
  const t = table(schema, object.apiName);
  const { rows } = await q.query<{ id: string; createdAt: string }>(...params(sql`select ${ident('id')} as id, ${ident('createdAt')} as "createdAt" from ${t} order by ${ident('createdAt')}, ${ident('id')}`));
  const numbers = await nextAutoNumbers(q, schema, object.apiName, field.apiName, rows.length);
  const values = rows.map((row, i) => {
    const d = new Date(row.createdAt);
    return formatAutoNumber(field.pattern!, numbers[i]!, { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  });
  await run(
    q,
    sql`update ${t} set ${ident(field.apiName)} = n.value
          from unnest(${rows.map((r) => r.id)}::uuid[], ${values}::text[]) as n(id, value)
         where ${t}.${ident('id')} = n.id`,
  );
}

async function countRows(q: Queryable, schema: string, object: string): Promise<number> {
  const { rows } = await q.query<{ n: string }>(render(sql`select count(*) as n from (select 1 from ${table(schema, object)} limit 1) x`).text);
  return Number(rows[0]!.n);
}

function params(statement: Sql): [string, unknown[]] {
  const r = render(statement);
  return [r.text, r.values];
}
