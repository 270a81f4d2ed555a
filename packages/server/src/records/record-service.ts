import {
  DomainError,
  columnsOf,
  diffRecords,
  formatAutoNumber,
  ident,
  join,
  prepareWrite,
  qualified,
  raw,
  render,
  sql,
  toApiRecord,
  toColumnValues,
  type FieldDef,
  type ObjectDef,
  type Sql,
} from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { nextAutoNumbers } from '../schema/schema-manager.ts';
import { toDomainError } from './database-errors.ts';
import type { WriteContext } from './write-context.ts';

/**
 * The one write path. API, composite batches, upserts and (later) import,
 * automation and sync all call these functions inside a WriteContext:
 * validate → defaults → row write → field history → change event, in the
 * caller's transaction. No other code writes business tables.
 */

export type ApiRecord = Record<string, unknown>;

export function objectOf(ctx: { metadata: WriteContext['metadata'] }, apiName: string): ObjectDef {
  const object = Object.hasOwn(ctx.metadata.objects, apiName) ? ctx.metadata.objects[apiName] : undefined;
  if (!object) throw new DomainError({ code: 'unknownObject', params: { object: apiName.slice(0, 100) } });
  return object;
}

const tableOf = (ctx: WriteContext, object: ObjectDef): Sql => qualified(ctx.metadata.schema, object.apiName);

async function exec(ctx: WriteContext, object: ObjectDef, statement: Sql): Promise<Record<string, unknown>[]> {
  const r = render(statement);
  try {
    return (await ctx.tx.query(r.text, r.values)).rows;
  } catch (error) {
    throw toDomainError(error, object, ctx.metadata.objects);
  }
}

/** Creates records in one INSERT (a batch of one is the common case). */
export async function createRecords(ctx: WriteContext, objectName: string, bodies: unknown[], opts: { pathPrefix?: (i: number) => string } = {}): Promise<ApiRecord[]> {
  const object = objectOf(ctx, objectName);
  if (bodies.length === 0) return [];
  const prepared = bodies.map((body, i) => prepareWrite({ object, body, mode: 'create', pathPrefix: opts.pathPrefix?.(i) }));
  const autoNumbers = object.fields.filter((f) => f.type === 'autoNumber');
  const numbers = new Map<string, number[]>();
  for (const f of autoNumbers) numbers.set(f.apiName, await nextAutoNumbers(ctx.tx, ctx.metadata.schema, object.apiName, f.apiName, bodies.length));
  const date = { year: ctx.now.getUTCFullYear(), month: ctx.now.getUTCMonth() + 1, day: ctx.now.getUTCDate() };

  const fields = object.fields;
  const rows = prepared.map((values, i) => {
    const full: Record<string, unknown> = {
      ...values,
      id: values.id ?? uuidv7(),
      ownerId: values.ownerId ?? ctx.actor.userId,
      createdAt: ctx.now.toISOString(),
      createdBy: ctx.actor.userId,
      updatedAt: ctx.now.toISOString(),
      updatedBy: ctx.actor.userId,
    };
    for (const f of autoNumbers) full[f.apiName] = formatAutoNumber(f.pattern!, numbers.get(f.apiName)![i]!, date);
    return full;
  });
  const columns = fields.flatMap((f) => columnsOf(f).map((c) => ident(c.name)));
  const tuples = rows.map((row) => sql`(${join(fields.flatMap((f) => columnValues(f, row[f.apiName] ?? null)))})`);
  const inserted = await exec(ctx, object, sql`insert into ${tableOf(ctx, object)} (${join(columns)}) values ${join(tuples)} returning *`);
  const records = inserted.map((r) => toApiRecord(object, r));

  await writeHistory(ctx, object, records.map((record) => ({ recordId: record.id as string, operation: 'create', field: null, oldValue: null, newValue: null })));
  records.forEach((record, i) => ctx.events.push({ object: object.apiName, recordId: record.id as string, operation: 'create', changedFields: Object.keys(prepared[i] ?? {}) }));
  return records;
}

export async function updateRecord(ctx: WriteContext, objectName: string, id: string, body: unknown): Promise<ApiRecord> {
  const object = objectOf(ctx, objectName);
  const values = prepareWrite({ object, body, mode: 'update' });
  const before = await lockRecord(ctx, object, id);
  const after = { ...before, ...values };
  const changes = diffRecords(object, before, after);
  if (changes.length === 0) return before;

  const byName = new Map(object.fields.map((f) => [f.apiName, f]));
  const sets = changes.flatMap((c) => {
    const f = byName.get(c.field)!;
    const vals = toColumnValues(f, values[c.field] ?? null);
    return columnsOf(f).map((col, i) => sql`${ident(col.name)} = ${vals[i]}`);
  });
  sets.push(sql`${ident('updatedAt')} = ${ctx.now.toISOString()}`, sql`${ident('updatedBy')} = ${ctx.actor.userId}`);
  const [row] = await exec(ctx, object, sql`update ${tableOf(ctx, object)} set ${join(sets)} where ${ident('id')} = ${before.id} returning *`);
  const record = toApiRecord(object, row!);

  await writeHistory(ctx, object, changes.map((c) => ({ recordId: before.id as string, operation: 'update', field: c.field, oldValue: c.oldValue, newValue: c.newValue })));
  ctx.events.push({ object: object.apiName, recordId: before.id as string, operation: 'update', changedFields: changes.map((c) => c.field) });
  return record;
}

const MAX_CASCADE_DEPTH = 8;

/**
 * Deletes a record after applying the delete rules of every lookup that
 * points at it: restrict refuses, setNull clears, cascade deletes — each
 * through this same path, so cascaded changes have history and events too.
 */
export async function deleteRecord(ctx: WriteContext, objectName: string, id: string, depth: number = 0): Promise<void> {
  const object = objectOf(ctx, objectName);
  if (depth > MAX_CASCADE_DEPTH) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'invalidValue', params: { field: 'id', detail: 'cascade delete is nested too deeply' } }] });
  const before = await lockRecord(ctx, object, id);

  const referencing = Object.values(ctx.metadata.objects).flatMap((o) =>
    o.fields.filter((f) => (f.type === 'lookup' || f.type === 'masterDetail') && f.target === object.apiName).map((f) => ({ object: o, field: f })),
  );
  const restricted: string[] = [];
  for (const ref of referencing) {
    const children = await exec(ctx, ref.object, sql`select ${ident('id')} as id from ${tableOf(ctx, ref.object)} where ${ident(ref.field.apiName)} = ${id} and ${ident('id')} <> ${id} for update`);
    if (children.length === 0) continue;
    const rule = ref.field.deleteRule ?? (ref.field.type === 'masterDetail' ? 'cascade' : 'setNull');
    if (rule === 'restrict') restricted.push(`${ref.object.apiName}.${ref.field.apiName} (${children.length})`);
    else if (rule === 'setNull') for (const c of children) await updateRecord(ctx, ref.object.apiName, c.id as string, { [ref.field.apiName]: null });
    else for (const c of children) await deleteRecord(ctx, ref.object.apiName, c.id as string, depth + 1);
  }
  if (restricted.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: restricted.join(', ') } }] });

  await exec(ctx, object, sql`delete from ${tableOf(ctx, object)} where ${ident('id')} = ${id}`);
  await writeHistory(ctx, object, [{ recordId: id, operation: 'delete', field: null, oldValue: before, newValue: null }]);
  ctx.events.push({ object: object.apiName, recordId: id, operation: 'delete', changedFields: [] });
}

/** Upsert by an external-id field: update the record holding that value, or create one with it. */
export async function upsertRecord(ctx: WriteContext, objectName: string, fieldName: string, rawValue: string, body: unknown): Promise<{ record: ApiRecord; created: boolean }> {
  const object = objectOf(ctx, objectName);
  const field = object.fields.find((f) => f.apiName === fieldName && f.externalId);
  if (!field) throw new DomainError({ code: 'validationFailed', errors: [{ field: fieldName.slice(0, 100), code: 'invalidValue', params: { detail: 'not an external-id field of this object' } }] });
  const key = prepareWrite({ object, body: { [field.apiName]: field.type === 'integer' ? Number(rawValue) : rawValue }, mode: 'update' })[field.apiName];
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && field.apiName in body && (body as Record<string, unknown>)[field.apiName] !== key) {
    throw new DomainError({ code: 'validationFailed', errors: [{ field: field.apiName, code: 'invalidValue', params: { detail: 'differs from the value in the path' } }] });
  }
  const existing = await exec(ctx, object, sql`select ${ident('id')} as id from ${tableOf(ctx, object)} where ${ident(field.apiName)} = ${key} for update`);
  if (existing[0]) return { record: await updateRecord(ctx, objectName, existing[0].id as string, body), created: false };
  const withKey = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, [field.apiName]: key } : body;
  const [record] = await createRecords(ctx, objectName, [withKey]);
  return { record: record!, created: true };
}

async function lockRecord(ctx: WriteContext, object: ObjectDef, id: string): Promise<ApiRecord> {
  if (!isUuidLike(id)) throw new DomainError({ code: 'notFound' });
  const rows = await exec(ctx, object, sql`select * from ${tableOf(ctx, object)} where ${ident('id')} = ${id} for update`);
  if (!rows[0]) throw new DomainError({ code: 'notFound' });
  return toApiRecord(object, rows[0]);
}

const isUuidLike = (v: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

function columnValues(field: FieldDef, value: unknown): Sql[] {
  const cols = columnsOf(field);
  const vals = toColumnValues(field, value);
  return cols.map((c, i) => sql`${vals[i]}::${raw(c.sqlType)}`);
}

type HistoryEntry = { recordId: string; operation: 'create' | 'update' | 'delete'; field: string | null; oldValue: unknown; newValue: unknown };

async function writeHistory(ctx: WriteContext, object: ObjectDef, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const payload = JSON.stringify(entries.map((e) => ({ record_id: e.recordId, operation: e.operation, field: e.field, old_value: e.oldValue, new_value: e.newValue })));
  await exec(
    ctx,
    object,
    sql`insert into ${qualified(ctx.metadata.schema, '_history')} (object, record_id, operation, field, old_value, new_value, actor_id, changed_at)
        select ${object.apiName}, e.record_id, e.operation, e.field, e.old_value, e.new_value, ${ctx.actor.userId}::uuid, ${ctx.now.toISOString()}::timestamptz
          from jsonb_to_recordset(${payload}::jsonb) as e(record_id uuid, operation text, field text, old_value jsonb, new_value jsonb)`,
  );
}
