import { SEARCH_VALUE_MAX_LENGTH, ident, normaliseSearchText, qualified, render, searchGrams, searchableFields, sql, type ObjectDef, type Sql, type WorkspaceMetadata } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { pinyinForms } from './search-pinyin.ts';
import { simplifiedForm } from './search-script.ts';

/**
 * The search index of a workspace (`_search`): per searchable field value,
 * its normalised text, pinyin initials and full pinyin, and the grams the
 * GIN index intersects. The record write path keeps it in the record's
 * transaction; metadata changes and start-up reconcile which fields are
 * indexed (`_search_fields`), backfilling fields that became searchable —
 * including every record written before search existed.
 */

/** Bumped when what an entry holds changes, so start-up re-indexes every field in the new form. */
const FORM_VERSION = 2;
const formOf = (type: string): string => `${FORM_VERSION}:${type}`;

type Entry = { record_id: string; field: string; value: string; initials: string | null; pinyin: string | null; grams: string[] };
type Ctx = { tx: Queryable; metadata: WorkspaceMetadata };

function entryOf(recordId: string, field: string, raw: unknown): Entry | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = simplifiedForm([...raw].slice(0, SEARCH_VALUE_MAX_LENGTH).join(''));
  const value = normaliseSearchText(text);
  if (value.length === 0) return undefined;
  const py = pinyinForms(text);
  return {
    record_id: recordId,
    field,
    value,
    initials: py ? py.initials.join(' ') : null,
    pinyin: py ? py.syllables.join(' ') : null,
    grams: searchGrams([value, ...(py?.initials ?? []), ...(py?.syllables ?? [])]),
  };
}

async function run(q: Queryable, statement: Sql): Promise<void> {
  const r = render(statement);
  await q.query(r.text, r.values);
}

async function insertEntries(q: Queryable, schema: string, object: string, entries: Entry[]): Promise<void> {
  if (entries.length === 0) return;
  await run(
    q,
    sql`insert into ${qualified(schema, '_search')} (object, record_id, field, value, initials, pinyin, grams)
        select ${object}, e.record_id, e.field, e.value, e.initials, e.pinyin, e.grams
          from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as e(record_id uuid, field text, value text, initials text, pinyin text, grams text[])
        on conflict (object, record_id, field) do update set value = excluded.value, initials = excluded.initials, pinyin = excluded.pinyin, grams = excluded.grams`,
  );
}

/**
 * Indexes records as written: every searchable field of new records, or
 * only `changed` fields of updated ones (a value cleared leaves the index).
 */
export async function indexRecords(ctx: Ctx, object: ObjectDef, records: readonly Record<string, unknown>[], changed?: readonly string[]): Promise<void> {
  const fields = searchableFields(object).filter((f) => !changed || changed.includes(f.apiName));
  if (fields.length === 0 || records.length === 0) return;
  if (changed) {
    const ids = records.map((r) => r.id as string);
    await run(ctx.tx, sql`delete from ${qualified(ctx.metadata.schema, '_search')} where object = ${object.apiName} and record_id = any(${ids}::uuid[]) and field = any(${fields.map((f) => f.apiName)}::text[])`);
  }
  const entries = records.flatMap((r) => fields.map((f) => entryOf(r.id as string, f.apiName, r[f.apiName])).filter((e): e is Entry => e !== undefined));
  await insertEntries(ctx.tx, ctx.metadata.schema, object.apiName, entries);
}

export async function dropFromSearchIndex(ctx: Ctx, object: ObjectDef, ids: readonly string[]): Promise<void> {
  await run(ctx.tx, sql`delete from ${qualified(ctx.metadata.schema, '_search')} where object = ${object.apiName} and record_id = any(${[...ids]}::uuid[])`);
}

const BACKFILL_BATCH = 2000;

async function backfillField(q: Queryable, schema: string, object: ObjectDef, field: string): Promise<void> {
  const table = qualified(schema, object.apiName);
  let after: string | null = null;
  for (;;) {
    const r = render(sql`select ${ident('id')} as id, ${ident(field)} as value from ${table}
      where ${ident(field)} is not null ${after ? sql`and ${ident('id')} > ${after}::uuid` : sql``} order by ${ident('id')} limit ${BACKFILL_BATCH}`);
    const { rows } = await q.query<{ id: string; value: unknown }>(r.text, r.values);
    await insertEntries(q, schema, object.apiName, rows.map((row) => entryOf(row.id, field, row.value)).filter((e): e is Entry => e !== undefined));
    if (rows.length < BACKFILL_BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Brings the index in line with the metadata: fields no longer searchable
 * (deleted, retyped, switched off, or of a deleted object) leave it; fields
 * that became searchable, or whose type changed, are indexed from their
 * table. Cheap when nothing changed: one small read.
 */
export async function syncSearchIndex(q: Queryable, metadata: WorkspaceMetadata): Promise<void> {
  const fieldsTable = qualified(metadata.schema, '_search_fields');
  const wanted = new Map<string, { object: ObjectDef; field: string; form: string }>();
  for (const object of Object.values(metadata.objects)) {
    for (const f of searchableFields(object)) wanted.set(`${object.apiName}.${f.apiName}`, { object, field: f.apiName, form: formOf(f.type) });
  }
  const r = render(sql`select object, field, form from ${fieldsTable}`);
  const { rows: indexed } = await q.query<{ object: string; field: string; form: string }>(r.text, r.values);
  const current = new Map(indexed.map((i) => [`${i.object}.${i.field}`, i.form]));
  for (const i of indexed) {
    if (wanted.get(`${i.object}.${i.field}`)?.form === i.form) continue;
    await run(q, sql`delete from ${qualified(metadata.schema, '_search')} where object = ${i.object} and field = ${i.field}`);
    await run(q, sql`delete from ${fieldsTable} where object = ${i.object} and field = ${i.field}`);
  }
  for (const [key, w] of wanted) {
    if (current.get(key) === w.form) continue;
    await backfillField(q, metadata.schema, w.object, w.field);
    await run(q, sql`insert into ${fieldsTable} (object, field, form) values (${w.object.apiName}, ${w.field}, ${w.form}) on conflict (object, field) do update set form = excluded.form`);
  }
}
