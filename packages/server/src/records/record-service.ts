import {
  DomainError,
  brokenValidationRules,
  columnsOf,
  compileRecordSelect,
  ruleRelatedPaths,
  emptyRollupValues,
  processGuardPaths,
  processMoveProblems,
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
  applyPicklistEffects,
  isUuid,
  isComputedField,
  defaultFormulaValues,
  hasDefaultFormulas,
  hasRecordRules,
  unmetRequirements,
  type AccessNeed,
  type FieldDef,
  type FieldProblem,
  type ObjectDef,
  type Sql,
} from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { objectFor, systemAccess, visibleRecord } from '../access/record-access.ts';
import { applySharingRules, dropRecordShares } from '../access/sharing-rules.ts';
import type { ObjectBehaviour } from './object-behaviours.ts';
import { nextAutoNumbers } from '../schema/schema-manager.ts';
import { toDomainError } from './database-errors.ts';
import { applyBeforeSaveAutomation } from '../automation/before-save.ts';
import { enqueueAutomation } from '../automation/enqueue-jobs.ts';
import type { WriteContext } from './write-context.ts';
import { formulaContextOf } from './formula-context.ts';
import { refuseWhenLocked } from '../approvals/record-lock.ts';
import { dropFromSearchIndex, indexRecords } from '../search/search-index.ts';
import { notifyFollowers } from './record-follows.ts';

/**
 * The one write path. API, composite batches, upserts and (later) import,
 * automation and sync all call these functions inside a WriteContext:
 * object permission → field permissions → validate and defaults → reachable
 * references → row write (only rows the actor may change) → sharing rules →
 * search index → field history → change event → followers' notifications → automation jobs, in the caller's transaction
 * (before-save automation field updates join the values before validation). A record
 * awaiting approval is refused (approvals/record-lock.ts). No other code writes business tables.
 */

export type ApiRecord = Record<string, unknown>;

export function objectOf(ctx: { metadata: WriteContext['metadata'] }, apiName: string): ObjectDef {
  const object = Object.hasOwn(ctx.metadata.objects, apiName) ? ctx.metadata.objects[apiName] : undefined;
  if (!object) throw new DomainError({ code: 'unknownObject', params: { object: apiName.slice(0, 100) } });
  return object;
}

const tableOf = (ctx: WriteContext, object: ObjectDef): Sql => qualified(ctx.metadata.schema, object.apiName);

async function exec(ctx: Pick<WriteContext, 'tx' | 'metadata'>, object: ObjectDef, statement: Sql): Promise<Record<string, unknown>[]> {
  const r = render(statement);
  try {
    return (await ctx.tx.query(r.text, r.values)).rows;
  } catch (error) {
    throw toDomainError(error, object, ctx.metadata.objects);
  }
}

/** Creates records in one INSERT (a batch of one is the common case). */
export async function createRecords(ctx: WriteContext, objectName: string, bodies: unknown[], opts: { pathPrefix?: (i: number) => string } = {}): Promise<ApiRecord[]> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'create');
  if (bodies.length === 0) return [];
  const effects: FieldProblem[] = [];
  const prepared = bodies.map((body, i) => {
    refuseFieldsOutOfReach(ctx, object, body, opts.pathPrefix?.(i) ?? '');
    const values = prepareWrite({ object, body, mode: 'create', pathPrefix: opts.pathPrefix?.(i) });
    effects.push(...applyPicklistEffects({ object, before: undefined, values, explicit: new Set(Object.keys(body as object)), pathPrefix: opts.pathPrefix?.(i) }));
    return values;
  });
  if (effects.length > 0) throw new DomainError({ code: 'validationFailed', errors: effects });
  await refuseUnreachableReferences(ctx, object, prepared, opts.pathPrefix);
  await behaviourOf(ctx, object.apiName).beforeCreate?.(ctx, object, prepared);
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
  applyDefaultFormulas(ctx, object, bodies, rows, prepared, opts.pathPrefix);
  await applyBeforeSaveAutomation(ctx, object, 'create', rows.map((record, i) => ({ record, values: prepared[i]!, prefix: opts.pathPrefix?.(i) ?? '' })));
  await enforceValidationRules(ctx, object, rows.map((record, i) => ({ record, prefix: opts.pathPrefix?.(i) ?? '' })));
  const columns = fields.flatMap((f) => columnsOf(f).map((c) => ident(c.name)));
  const tuples = rows.map((row) => sql`(${join(fields.flatMap((f) => columnValues(f, row[f.apiName] ?? null)))})`);
  const inserted = await exec(ctx, object, sql`insert into ${tableOf(ctx, object)} (${join(columns)}) values ${join(tuples)} returning *`);
  const records = inserted.map((r) => toApiRecord(object, r));
  await applySharingRules(ctx, object, records.map((r) => r.id as string));
  await indexRecords(ctx, object, records);
  await behaviourOf(ctx, object.apiName).afterCreate?.(ctx, object, records);

  await writeHistory(ctx, object, records.map((record) => ({ recordId: record.id as string, operation: 'create', field: null, oldValue: null, newValue: null })));
  records.forEach((record, i) =>
    ctx.events.push({ object: object.apiName, recordId: record.id as string, ownerId: record.ownerId as string, operation: 'create', changedFields: Object.keys(prepared[i] ?? {}) }),
  );
  await enqueueAutomation(ctx, object, 'create', records.map((record) => ({ record })));
  return (await withFormulaValues(ctx, object, records)).map((r) => visibleRecord(ctx.access, object.apiName, r));
}

export async function updateRecord(ctx: WriteContext, objectName: string, id: string, body: unknown): Promise<ApiRecord> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'edit');
  refuseFieldsOutOfReach(ctx, object, body, '');
  const values = prepareWrite({ object, body, mode: 'update' });
  const before = await lockRecord(ctx, object, id, 'edit');
  await refuseWhenLocked(ctx, object, before.id as string);
  const effects = applyPicklistEffects({ object, before, values, explicit: new Set(Object.keys(body as object)) });
  if (effects.length > 0) throw new DomainError({ code: 'validationFailed', errors: effects });
  await behaviourOf(ctx, object.apiName).beforeUpdate?.(ctx, object, before, values);
  await refuseUnreachableReferences(ctx, object, [values]);
  const after = { ...before, ...values };
  await applyBeforeSaveAutomation(ctx, object, 'update', [{ record: after, prior: before, values, prefix: '' }]);
  const changes = diffRecords(object, before, after);
  if (changes.length === 0) return visibleRecord(ctx.access, object.apiName, (await withFormulaValues(ctx, object, [before]))[0]!);
  await enforceValidationRules(ctx, object, [{ record: after, prior: before, prefix: '' }]);

  const byName = new Map(object.fields.map((f) => [f.apiName, f]));
  const sets = changes.flatMap((c) => {
    const f = byName.get(c.field)!;
    const vals = toColumnValues(f, values[c.field] ?? null);
    return columnsOf(f).map((col, i) => sql`${ident(col.name)} = ${vals[i]}`);
  });
  sets.push(sql`${ident('updatedAt')} = ${ctx.now.toISOString()}`, sql`${ident('updatedBy')} = ${ctx.actor.userId}`);
  const [row] = await exec(ctx, object, sql`update ${tableOf(ctx, object)} set ${join(sets)} where ${ident('id')} = ${before.id} returning *`);
  const record = toApiRecord(object, row!);
  await applySharingRules(ctx, object, [record.id as string]);
  await indexRecords(ctx, object, [record], changes.map((c) => c.field));

  await behaviourOf(ctx, object.apiName).afterUpdate?.(ctx, object, before, record);
  await writeHistory(ctx, object, changes.map((c) => ({ recordId: before.id as string, operation: 'update', field: c.field, oldValue: c.oldValue, newValue: c.newValue })));
  ctx.events.push({ object: object.apiName, recordId: before.id as string, ownerId: record.ownerId as string, operation: 'update', changedFields: changes.map((c) => c.field) });
  await notifyFollowers(ctx, object, { record, operation: 'update', fields: changes.map((c) => c.field) });
  await enqueueAutomation(ctx, object, 'update', [{ record, prior: before }]);
  return visibleRecord(ctx.access, object.apiName, (await withFormulaValues(ctx, object, [record]))[0]!);
}

const MAX_CASCADE_DEPTH = 8;

/**
 * Deletes a record after applying the delete rules of every lookup that
 * points at it: restrict refuses, setNull clears, cascade deletes — each
 * through this same path, so cascaded changes have history and events too.
 */
export async function deleteRecord(ctx: WriteContext, objectName: string, id: string, depth: number = 0): Promise<void> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'delete');
  if (depth > MAX_CASCADE_DEPTH) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'invalidValue', params: { field: 'id', detail: 'cascade delete is nested too deeply' } }] });
  const before = await lockRecord(ctx, object, id, 'delete');
  await refuseWhenLocked(ctx, object, before.id as string);
  await behaviourOf(ctx, object.apiName).beforeDelete?.(ctx, object, before, depth);
  // What a permitted delete implies for related records (clearing or deleting them) follows from
  // this one decision, as in every CRM: the actor need not also reach each child.
  const cascade: WriteContext = depth === 0 ? { ...ctx, access: systemAccess(ctx.metadata, ctx.actor.userId, ctx.access.sharingRules) } : ctx;

  const referencing = Object.values(ctx.metadata.objects).flatMap((o) =>
    o.fields.filter((f) => (f.type === 'lookup' || f.type === 'masterDetail') && f.target === object.apiName).map((f) => ({ object: o, field: f })),
  );
  const restricted: string[] = [];
  for (const ref of referencing) {
    const children = await exec(ctx, ref.object, sql`select ${ident('id')} as id from ${tableOf(ctx, ref.object)} where ${ident(ref.field.apiName)} = ${id} and ${ident('id')} <> ${id} for update`);
    if (children.length === 0) continue;
    const rule = ref.field.deleteRule ?? (ref.field.type === 'masterDetail' ? 'cascade' : 'setNull');
    if (rule === 'restrict') restricted.push(`${ref.object.apiName}.${ref.field.apiName} (${children.length})`);
    else if (rule === 'setNull') for (const c of children) await updateRecord(cascade, ref.object.apiName, c.id as string, { [ref.field.apiName]: null });
    else for (const c of children) await deleteRecord(cascade, ref.object.apiName, c.id as string, depth + 1);
  }
  if (restricted.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: restricted.join(', ') } }] });

  await exec(ctx, object, sql`delete from ${tableOf(ctx, object)} where ${ident('id')} = ${id}`);
  await dropRecordShares(ctx, object, [id]);
  await dropFromSearchIndex(ctx, object, [id]);
  await behaviourOf(ctx, object.apiName).afterDelete?.(ctx, object, before, depth);
  await writeHistory(ctx, object, [{ recordId: id, operation: 'delete', field: null, oldValue: before, newValue: null }]);
  ctx.events.push({ object: object.apiName, recordId: id, ownerId: before.ownerId as string, operation: 'delete', changedFields: [] });
  await notifyFollowers(ctx, object, { record: before, operation: 'delete', fields: [] });
  await enqueueAutomation(ctx, object, 'delete', [{ record: before }]);
}

/** Upsert by an external-id field: update the record holding that value, or create one with it. */
export async function upsertRecord(ctx: WriteContext, objectName: string, fieldName: string, rawValue: string, body: unknown): Promise<{ record: ApiRecord; created: boolean }> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  const field = object.fields.find((f) => f.apiName === fieldName && f.externalId && ctx.access.field(object.apiName, f.apiName) !== 'hidden');
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

/**
 * Locks the record if the actor may do `need` to it. A record they cannot
 * even see is "not found" (its existence is not revealed); one they can see
 * but not change is "forbidden".
 */
export async function lockRecord(ctx: WriteContext, object: ObjectDef, id: string, need: AccessNeed): Promise<ApiRecord> {
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const reach = ctx.access.visibility(object, need);
  const rows = await exec(ctx, object, sql`select * from ${tableOf(ctx, object)} as t0 where t0.${ident('id')} = ${id} ${reach ? sql`and ${reach('t0')}` : sql``} for update`);
  if (rows[0]) return toApiRecord(object, rows[0]);
  const sees = ctx.access.visibility(object, 'read');
  if (sees) {
    const seen = await exec(ctx, object, sql`select 1 from ${tableOf(ctx, object)} as t0 where t0.${ident('id')} = ${id} and ${sees('t0')}`);
    if (seen[0]) throw new DomainError({ code: 'forbidden', errors: [{ field: 'id', code: 'invalidValue', params: { detail: `you may not ${need} this record` } }] });
  } else {
    const exists = await exec(ctx, object, sql`select 1 from ${tableOf(ctx, object)} where ${ident('id')} = ${id}`);
    if (exists[0]) throw new DomainError({ code: 'forbidden', errors: [{ field: 'id', code: 'invalidValue', params: { detail: `you may not ${need} this record` } }] });
  }
  throw new DomainError({ code: 'notFound' });
}

/** Fields hidden from the actor read as unknown (their existence is not revealed); read-only ones as read-only. */
export function refuseFieldsOutOfReach(ctx: Pick<WriteContext, 'access'>, object: ObjectDef, body: unknown, prefix: string): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const problems: FieldProblem[] = [];
  for (const f of object.fields) {
    if (f.system || !Object.hasOwn(body, f.apiName)) continue;
    const level = ctx.access.field(object.apiName, f.apiName);
    if (level === 'hidden') problems.push({ field: prefix + f.apiName, code: 'unknownField' });
    else if (level === 'readOnly') problems.push({ field: prefix + f.apiName, code: 'readOnlyField' });
  }
  if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
}

/**
 * A lookup may only point at a record the actor can see, and a record may
 * only be owned by an active user of the same workspace: otherwise ids
 * could be probed, or records handed to another tenant.
 */
async function refuseUnreachableReferences(ctx: WriteContext, object: ObjectDef, rows: Record<string, unknown>[], pathPrefix?: (i: number) => string): Promise<void> {
  const problems: FieldProblem[] = [];
  const at = (i: number, field: string) => (pathPrefix?.(i) ?? '') + field;
  const owners = [...new Set(rows.map((r) => r.ownerId).filter((v): v is string => typeof v === 'string' && v !== ctx.actor.userId))];
  if (owners.length > 0) {
    const { rows: found } = await ctx.tx.query<{ id: string }>('select id from mainline.users where workspace_id = $1 and active and id = any($2::uuid[])', [ctx.actor.workspaceId, owners]);
    const ok = new Set(found.map((u) => u.id));
    rows.forEach((r, i) => {
      if (typeof r.ownerId === 'string' && r.ownerId !== ctx.actor.userId && !ok.has(r.ownerId)) problems.push({ field: at(i, 'ownerId'), code: 'referenceNotFound' });
    });
  }
  for (const f of object.fields) {
    if ((f.type !== 'lookup' && f.type !== 'masterDetail') || !f.target) continue;
    const ids = [...new Set(rows.map((r) => r[f.apiName]).filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) continue;
    const target = ctx.metadata.objects[f.target];
    let reachable: Set<string>;
    // A detail record is part of its master: adding one means changing the master.
    const need: AccessNeed = f.type === 'masterDetail' && object.sharingModel === 'controlledByParent' ? 'edit' : 'read';
    if (!target || !ctx.access.permissions.object(target.apiName).read) reachable = new Set();
    else {
      const sees = ctx.access.visibility(target, need);
      if (!sees) continue; // every record is visible; the foreign key catches ids that do not exist
      const found = await exec(ctx, target, sql`select t0.${ident('id')} as id from ${tableOf(ctx, target)} as t0 where t0.${ident('id')} = any(${ids}::uuid[]) and ${sees('t0')}`);
      reachable = new Set(found.map((r) => r.id as string));
    }
    rows.forEach((r, i) => {
      const v = r[f.apiName];
      if (typeof v === 'string' && !reachable.has(v)) problems.push({ field: at(i, f.apiName), code: 'referenceNotFound' });
    });
  }
  if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
}

const NO_BEHAVIOUR: ObjectBehaviour = {};
/** Business logic attached to the object, as the composition root provided it (see object-behaviours.ts). */
const behaviourOf = (ctx: WriteContext, object: string): ObjectBehaviour => ctx.behaviours?.(object) ?? NO_BEHAVIOUR;

/**
 * Validation rules run on the whole record as it will be written (after
 * defaults, auto-numbers and audit fields), for every source of writes,
 * before anything is written. Related values the rules read are loaded
 * without the actor's visibility: they decide validity, they are not shown.
 */
async function enforceValidationRules(ctx: WriteContext, object: ObjectDef, items: { record: ApiRecord; prior?: ApiRecord; prefix: string }[]): Promise<void> {
  const hasProcesses = (object.processes ?? []).some((p) => p.active);
  if (!hasRecordRules(ctx.metadata, object) && !hasProcesses) return;
  const paths = [...new Set([...ruleRelatedPaths(ctx.metadata, object), ...processGuardPaths(ctx.metadata, object)])];
  const records = await withRelatedValues(ctx, object, items.map((i) => i.record), paths);
  const context = formulaContextOf(ctx.actor, ctx.now);
  // Moves through a process first: a refused move is the first thing a user needs to hear.
  const problems = items.flatMap((item, i) => [
    ...(hasProcesses ? processMoveProblems({ metadata: ctx.metadata, object, record: records[i]!, prior: item.prior, roleId: ctx.actor.roleId, isAdmin: ctx.actor.isAdmin, context, prefix: item.prefix }) : []),
    ...brokenValidationRules({ metadata: ctx.metadata, object, record: records[i]!, prior: item.prior, context, prefix: item.prefix }),
    ...unmetRequirements({ metadata: ctx.metadata, object, record: records[i]!, prior: item.prior, context, prefix: item.prefix }),
  ]);
  if (problems.length > 0) throw new DomainError({ code: 'validationRuleFailed', errors: problems });
}

/**
 * Values of default formulas for fields the bodies left out, evaluated on
 * the whole row (audit fields and auto-numbers included) before before-save
 * automation and validation see it; they count as given in change events.
 */
function applyDefaultFormulas(ctx: WriteContext, object: ObjectDef, bodies: unknown[], rows: ApiRecord[], prepared: ApiRecord[], pathPrefix?: (i: number) => string): void {
  if (!hasDefaultFormulas(object)) return;
  const context = formulaContextOf(ctx.actor, ctx.now);
  const problems: FieldProblem[] = [];
  rows.forEach((row, i) => {
    const given = new Set(Object.keys(bodies[i] as object));
    const computed = defaultFormulaValues({ metadata: ctx.metadata, object, record: row, given, context, prefix: pathPrefix?.(i) });
    Object.assign(row, computed.values);
    Object.assign(prepared[i]!, computed.values);
    problems.push(...computed.problems);
  });
  if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
}

/**
 * Adds the object's own roll-up values formulas read: computed from the
 * database as a read would, in this transaction. A record not written yet
 * has no details: its counts and sums are 0, its minimums and maximums blank.
 */
async function withRollupValues(ctx: Pick<WriteContext, 'tx' | 'metadata'>, object: ObjectDef, records: ApiRecord[], fields: string[]): Promise<ApiRecord[]> {
  if (fields.length === 0 || records.length === 0) return records;
  const ids = records.map((r) => r.id).filter((id): id is string => typeof id === 'string');
  const q = compileRecordSelect({ metadata: ctx.metadata, object: object.apiName, fields, where: (alias) => sql`${ident(alias)}.${ident('id')} = any(${ids}::uuid[])` });
  const found = new Map((await exec(ctx, object, q.select)).map((row) => q.toRecord(row)).map((r) => [String(r.id), r]));
  const empty = emptyRollupValues(object);
  const none = Object.fromEntries(fields.map((f) => [f, empty[f] ?? null]));
  return records.map((r) => ({ ...r, ...(found.get(String(r.id)) ?? none), id: r.id }));
}

/**
 * Adds what formulas read beyond the record's own row (see pathsToLoad):
 * own roll-ups (one query), and `lookup.path` values, one query per lookup
 * field however many records there are.
 */
export async function withRelatedValues(ctx: Pick<WriteContext, 'tx' | 'metadata'>, object: ObjectDef, records: ApiRecord[], paths: string[]): Promise<ApiRecord[]> {
  const byLookup = new Map<string, string[]>();
  for (const path of paths.filter((p) => p.includes('.'))) {
    const [head, ...rest] = path.split('.');
    byLookup.set(head!, [...(byLookup.get(head!) ?? []), rest.join('.')]);
  }
  let out = await withRollupValues(ctx, object, records, paths.filter((p) => !p.includes('.')));
  for (const [lookup, suffixes] of byLookup) {
    const target = object.fields.find((f) => f.apiName === lookup)?.target;
    const ids = [...new Set(out.map((r) => r[lookup]).filter((v): v is string => typeof v === 'string'))];
    const found = new Map<string, ApiRecord>();
    if (target && ids.length > 0) {
      const q = compileRecordSelect({ metadata: ctx.metadata, object: target, fields: suffixes, where: (alias) => sql`${ident(alias)}.${ident('id')} = any(${ids}::uuid[])` });
      for (const row of await exec(ctx, objectOf(ctx, target), q.select)) {
        const related = q.toRecord(row);
        found.set(String(related.id), related);
      }
    }
    out = out.map((r) => {
      const related = typeof r[lookup] === 'string' ? found.get(r[lookup] as string) : undefined;
      return { ...r, ...Object.fromEntries(suffixes.map((s) => [`${lookup}.${s}`, related?.[s] ?? null])) };
    });
  }
  return out;
}

/**
 * The record a write returns shows its formula fields as a read would,
 * computed in SQL from the row just written (one query for the batch).
 * Formula values are never stored, so history and events leave them out.
 */
async function withFormulaValues(ctx: WriteContext, object: ObjectDef, records: ApiRecord[]): Promise<ApiRecord[]> {
  const formulas = object.fields.filter(isComputedField).map((f) => f.apiName);
  if (formulas.length === 0 || records.length === 0) return records;
  const ids = records.map((r) => r.id as string);
  const q = compileRecordSelect({
    metadata: ctx.metadata,
    object: object.apiName,
    fields: formulas,
    where: (alias) => sql`${ident(alias)}.${ident('id')} = any(${ids}::uuid[])`,
    formulaContext: formulaContextOf(ctx.actor, ctx.now),
  });
  const computed = new Map<string, ApiRecord>();
  for (const row of await exec(ctx, object, q.select)) {
    const values = q.toRecord(row);
    computed.set(String(values.id), values);
  }
  return records.map((r) => ({ ...r, ...computed.get(String(r.id)) }));
}


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
    sql`insert into ${qualified(ctx.metadata.schema, '_history')} (object, record_id, operation, field, old_value, new_value, actor_id, changed_at, automation)
        select ${object.apiName}, e.record_id, e.operation, e.field, e.old_value, e.new_value, ${ctx.actor.userId}::uuid, ${ctx.now.toISOString()}::timestamptz, ${ctx.automation?.rule ?? null}::text
          from jsonb_to_recordset(${payload}::jsonb) as e(record_id uuid, operation text, field text, old_value jsonb, new_value jsonb)`,
  );
}
