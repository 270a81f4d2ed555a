import {
  DEFAULT_CURRENCY,
  DomainError,
  currencyColumn,
  ident,
  numericShape,
  qualified,
  raw,
  sql,
  sqlTypeOf,
  type FieldChange,
  type FieldDef,
  type ObjectDef,
  type Sql,
} from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { sequenceName } from './constraint-names.ts';
import { CHECK_DETAIL, convertsPredicate, usingExpression } from './conversion-sql.ts';
import { setRequired, setUnique } from './schema-manager.ts';
import { rows, run } from './statements.ts';

/**
 * Carries out the database side of a field edit (the `changes` core's
 * patchField computed), in the caller's transaction. Every check that can
 * refuse runs before the statement it guards, and a refusal throws, so the
 * transaction rolls back and metadata and table stay as they were.
 */

export type FieldChangeInput = { schema: string; object: ObjectDef; before: FieldDef; after: FieldDef; changes: FieldChange[] };
type Step<K extends FieldChange['kind']> = (q: Queryable, input: FieldChangeInput, change: Extract<FieldChange, { kind: K }>) => Promise<void>;

const EXAMPLE_CHARS = 100;
const columnOf = (field: FieldDef): Sql => sql`${ident(field.apiName)}`;

const conflict = (field: string, code: 'typeChangeRefused' | 'dataDoesNotFit' | 'picklistValueInUse', params: Record<string, unknown>): DomainError =>
  new DomainError({ code: 'conflict', errors: [{ field, code, params }] });

/** How many non-null values fail a predicate, and one of them to show. */
async function failing(q: Queryable, table: Sql, column: Sql, converts: Sql): Promise<{ count: number; example: string }> {
  const [r] = await rows<{ n: string; example: string | null }>(
    q,
    sql`select count(*) as n, min(left(${column}::text, ${EXAMPLE_CHARS})) as example from ${table} where ${column} is not null and not coalesce(${converts}, false)`,
  );
  return { count: Number(r?.n ?? 0), example: r?.example ?? '' };
}

const removePicklistValues: Step<'removePicklistValues'> = async (q, { schema, object, before }, change) => {
  const table = qualified(schema, object.apiName);
  const column = columnOf(before);
  const used = await rows<{ value: string; n: string }>(
    q,
    before.type === 'multiPicklist'
      ? sql`select u as value, count(*) as n from ${table} cross join unnest(${column}) as u where u = any(${change.values}::text[]) group by u order by u`
      : sql`select ${column} as value, count(*) as n from ${table} where ${column} = any(${change.values}::text[]) group by ${column} order by ${column}`,
  );
  if (used.length === 0) return;
  throw new DomainError({
    code: 'conflict',
    errors: used.map((u) => ({ field: 'values', code: 'picklistValueInUse' as const, params: { field: before.apiName, value: u.value, count: Number(u.n) } })),
  });
};

const convertType: Step<'convertType'> = async (q, { schema, object, before, after }, change) => {
  const table = qualified(schema, object.apiName);
  const column = columnOf(before);
  const converts = convertsPredicate(change.check, column, after);
  if (converts && change.check !== 'none') {
    const bad = await failing(q, table, column, converts);
    if (bad.count > 0) {
      const detail = `${bad.count} records have values that ${CHECK_DETAIL[change.check](after)}, e.g. "${bad.example}"`;
      throw conflict('type', 'typeChangeRefused', { field: before.apiName, from: change.from, to: change.to, detail });
    }
  }
  const using = usingExpression(before, after, column);
  if (using) await run(q, sql`alter table ${table} alter column ${column} type ${raw(sqlTypeOf(after))} using ${using}`);
  if (after.type === 'currency' && before.type !== 'currency') {
    // Amounts that existed before had no currency: they were in the default one.
    await run(q, sql`alter table ${table} add column ${ident(currencyColumn(after))} varchar(3)`);
    await run(q, sql`update ${table} set ${ident(currencyColumn(after))} = ${DEFAULT_CURRENCY} where ${column} is not null`);
  }
  if (before.type === 'autoNumber') await run(q, sql`drop sequence if exists ${qualified(schema, sequenceName(object.apiName, before.apiName))}`);
};

const resizeNumeric: Step<'resizeNumeric'> = async (q, { schema, object, before, after }, change) => {
  const table = qualified(schema, object.apiName);
  const column = columnOf(before);
  const bad = await failing(q, table, column, convertsPredicate('numericFit', column, after)!);
  if (bad.count > 0) {
    throw conflict(numericShape(before).scale === change.scale ? 'precision' : 'scale', 'dataDoesNotFit', {
      field: before.apiName,
      count: bad.count,
      detail: `numeric(${change.precision},${change.scale}) without rounding`,
      example: bad.example,
    });
  }
  await run(q, sql`alter table ${table} alter column ${column} type ${raw(`numeric(${change.precision},${change.scale})`)}`);
};

const checkMaxLength: Step<'checkMaxLength'> = async (q, { schema, object, after }, change) => {
  const table = qualified(schema, object.apiName);
  const column = columnOf(after);
  const bad = await failing(q, table, column, sql`char_length(${column}) <= ${change.maxLength}::int`);
  if (bad.count > 0) {
    throw conflict('maxLength', 'dataDoesNotFit', { field: after.apiName, count: bad.count, detail: `the maximum length of ${change.maxLength} characters`, example: bad.example });
  }
};

const STEPS: { [K in FieldChange['kind']]: Step<K> } = {
  removePicklistValues,
  convertType,
  resizeNumeric,
  checkMaxLength,
  setRequired: (q, { schema, object, after }, change) => setRequired(q, schema, object, after, change.required),
  setUnique: (q, { schema, object, after }, change) => setUnique(q, schema, object, after, change.unique),
};

export async function applyFieldChanges(tx: Queryable, input: FieldChangeInput): Promise<void> {
  for (const change of input.changes) {
    // TypeScript cannot relate STEPS[kind] to the change of that kind; the mapped type above guarantees it.
    const step = STEPS[change.kind] as Step<FieldChange['kind']>;
    await step(tx, input, change);
  }
}
