import {
  DomainError,
  compileAggregateQuery,
  compileListQuery,
  compileRecordSelect,
  ident,
  isUuid,
  parseFieldsParam,
  parseFilterParam,
  parseGroupByParam,
  parseMeasuresParam,
  parseSortParam,
  qualified,
  render,
  sql,
  validationError,
  type FormulaContext,
  type ObjectDef,
  type Visibility,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { objectFor, visibleRecord, type RecordAccess } from '../access/record-access.ts';
import { parseSearchText, searchFieldsFor, searchListMatch } from '../search/search-query.ts';

/**
 * Reads of business records. Every read compiles through the core query
 * compiler against the actor's view of the metadata (hidden fields do not
 * exist there), with record visibility ANDed into the SQL.
 */

/** `formula`: the reader and the request's clock, for formula fields using $User, TODAY() or NOW(). */
export type ReadContext = { q: Queryable; metadata: WorkspaceMetadata; access: RecordAccess; formula?: FormulaContext };
export type QueryParams = Record<string, unknown>;

const LIST_PARAMS = new Set(['filter', 'sort', 'fields', 'limit', 'cursor', 'count', 'q']);

function single(params: QueryParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw validationError([{ field: name, code: 'wrongType', params: { expected: 'a single value' } }], 'invalidQuery');
  return v;
}

export function refuseUnknownParams(params: QueryParams, allowed: Set<string>): void {
  const unknown = Object.keys(params).filter((k) => !allowed.has(k));
  if (unknown.length > 0) throw validationError(unknown.map((k) => ({ field: k.slice(0, 100), code: 'unknownField' as const })), 'invalidQuery');
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,4}$/.test(text)) throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  return Number(text);
}

function parseBool(name: string, text: string | undefined): boolean {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  throw validationError([{ field: name, code: 'wrongType', params: { expected: 'true or false' } }], 'invalidQuery');
}

export async function listRecords(ctx: ReadContext, objectName: string, params: QueryParams) {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, LIST_PARAMS);
  const filterText = single(params, 'filter');
  const sortText = single(params, 'sort');
  const fieldsText = single(params, 'fields');
  const searchText = single(params, 'q');
  const compiled = compileListQuery({
    metadata: ctx.access.view,
    object: objectName,
    visibility: withSearch(ctx, object, searchText),
    filter: filterText ? parseFilterParam(filterText) : undefined,
    sort: sortText ? parseSortParam(sortText) : undefined,
    fields: fieldsText ? parseFieldsParam(fieldsText) : undefined,
    limit: parseLimit(single(params, 'limit')),
    cursor: single(params, 'cursor'),
    formulaContext: ctx.formula,
  });
  const withCount = parseBool('count', single(params, 'count'));
  const r = render(compiled.select);
  const { rows } = await ctx.q.query(r.text, r.values);
  const page = compiled.toPage(rows);
  if (!withCount) return page;
  const c = render(compiled.count);
  const { rows: countRows } = await ctx.q.query<{ total: string }>(c.text, c.values);
  return { ...page, total: Number(countRows[0]?.total ?? 0) };
}

/** Quick search within a list (`q`) narrows what the reader sees, with the matching of global search. */
function withSearch(ctx: ReadContext, object: ObjectDef, text: string | undefined): Visibility | undefined {
  const seen = ctx.access.visibility(object, 'read');
  if (text === undefined) return seen;
  const matches = searchListMatch(ctx.metadata.schema, object, searchFieldsFor(ctx.access, object), parseSearchText(text));
  return seen ? (alias) => sql`${seen(alias)} and ${matches(alias)}` : matches;
}

const AGGREGATE_PARAMS = new Set(['groupBy', 'measures', 'filter', 'limit', 'sort']);

/**
 * Grouped totals (see aggregate-query.ts) over the records the reader could
 * list with the same filter: same field view, same visibility predicate.
 */
export async function aggregateRecords(ctx: ReadContext & { formula: FormulaContext }, objectName: string, params: QueryParams) {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, AGGREGATE_PARAMS);
  const groupByText = single(params, 'groupBy');
  const measuresText = single(params, 'measures');
  const filterText = single(params, 'filter');
  const compiled = compileAggregateQuery({
    metadata: ctx.access.view,
    object: objectName,
    visibility: ctx.access.visibility(object, 'read'),
    groupBy: groupByText ? parseGroupByParam(groupByText) : [],
    measures: parseMeasuresParam(measuresText ?? 'count'),
    filter: filterText ? parseFilterParam(filterText) : undefined,
    limit: parseLimit(single(params, 'limit')),
    sort: single(params, 'sort'),
    formulaContext: ctx.formula,
  });
  const r = render(compiled.select);
  const { rows } = await ctx.q.query(r.text, r.values);
  return compiled.toResult(rows);
}

export async function getRecord(ctx: ReadContext, objectName: string, id: string, params: QueryParams = {}) {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, new Set(['fields']));
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const fieldsText = single(params, 'fields');
  const compiled = compileRecordSelect({
    metadata: ctx.access.view,
    object: objectName,
    visibility: ctx.access.visibility(object, 'read'),
    fields: fieldsText ? parseFieldsParam(fieldsText) : undefined,
    where: (alias) => sql`${ident(alias)}.${ident('id')} = ${id.toLowerCase()}::uuid`,
    formulaContext: ctx.formula,
  });
  const r = render(compiled.select);
  const { rows } = await ctx.q.query(r.text, r.values);
  if (!rows[0]) throw new DomainError({ code: 'notFound' });
  return compiled.toRecord(rows[0]);
}

/**
 * A record's history, for those who can see the record now (or, once it is
 * deleted, who can see every record of its object). Entries about fields
 * hidden from the reader are left out, and so are hidden fields inside the
 * snapshot a deletion keeps.
 */
export async function recordHistory(ctx: ReadContext, objectName: string, id: string, params: QueryParams) {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, new Set(['limit', 'cursor']));
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const limit = parseLimit(single(params, 'limit')) ?? 100;
  if (limit < 1 || limit > 1000) throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  const cursor = single(params, 'cursor');
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw validationError([{ field: 'cursor', code: 'invalidFormat', params: { format: 'history cursor' } }], 'invalidQuery');
  await requireVisibleOrViewAll(ctx, object, id.toLowerCase());
  const hidden = object.fields.filter((f) => ctx.access.field(object.apiName, f.apiName) === 'hidden').map((f) => f.apiName);
  const statement = sql`select id, record_id, operation, field, old_value, new_value, actor_id, changed_at, automation
      from ${qualified(ctx.metadata.schema, '_history')}
     where object = ${objectName} and record_id = ${id.toLowerCase()}::uuid ${cursor ? sql`and id < ${cursor}::bigint` : sql``}
       and (field is null or not (field = any(${hidden}::text[])))
     order by id desc limit ${limit + 1}`;
  const r = render(statement);
  const { rows } = await ctx.q.query<Record<string, unknown>>(r.text, r.values);
  const page = rows.slice(0, limit);
  return {
    entries: page.map((e) => ({
      id: String(e.id),
      recordId: e.record_id,
      operation: e.operation,
      field: e.field,
      oldValue: e.old_value && typeof e.old_value === 'object' && !Array.isArray(e.old_value) && e.field === null ? visibleRecord(ctx.access, object.apiName, e.old_value as Record<string, unknown>) : e.old_value,
      newValue: e.new_value,
      actorId: e.actor_id,
      automation: e.automation ?? null,
      changedAt: e.changed_at,
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

async function requireVisibleOrViewAll(ctx: ReadContext, object: ObjectDef, id: string): Promise<void> {
  const sees = ctx.access.visibility(object, 'read');
  const r = render(sql`select 1 from ${qualified(ctx.metadata.schema, object.apiName)} as t0 where t0.${ident('id')} = ${id}::uuid ${sees ? sql`and ${sees('t0')}` : sql``}`);
  const { rows } = await ctx.q.query(r.text, r.values);
  if (rows[0]) return;
  // Deleted (or never existed): only those who see every record of the object may read what is left.
  if (!sees) {
    const h = render(sql`select 1 from ${qualified(ctx.metadata.schema, '_history')} where object = ${object.apiName} and record_id = ${id}::uuid limit 1`);
    if ((await ctx.q.query(h.text, h.values)).rows[0]) return;
  }
  throw new DomainError({ code: 'notFound' });
}

/**
 * How long a record has spent in each value of a picklist (a process
 * state), from its field history: one period per stay, the last one still
 * open, and the total per value. Reading it needs what reading the history
 * needs, and the field must be visible to the reader.
 */
export async function timeInState(ctx: ReadContext, objectName: string, id: string, params: QueryParams, now: Date) {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, new Set(['field']));
  const fieldName = single(params, 'field');
  const field = object.fields.find((f) => f.apiName === fieldName && f.type === 'picklist' && ctx.access.field(object.apiName, f.apiName) !== 'hidden');
  if (!field) throw validationError([{ field: 'field', code: 'invalidValue', params: { detail: 'name a picklist field of this object' } }], 'invalidQuery');
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const record = await getRecord(ctx, objectName, id, { fields: `id,createdAt,${field.apiName}` });
  const r = render(sql`select old_value, new_value, changed_at from ${qualified(ctx.metadata.schema, '_history')}
     where object = ${object.apiName} and record_id = ${id.toLowerCase()}::uuid and field = ${field.apiName} order by id`);
  const { rows } = await ctx.q.query<{ old_value: unknown; new_value: unknown; changed_at: string }>(r.text, r.values);
  const periods: { value: unknown; enteredAt: string; leftAt: string | null; seconds: number }[] = [];
  let value: unknown = rows[0] ? rows[0].old_value : record[field.apiName];
  let since = new Date(record.createdAt as string);
  for (const change of rows) {
    const at = new Date(change.changed_at);
    periods.push({ value, enteredAt: since.toISOString(), leftAt: at.toISOString(), seconds: Math.max(0, Math.round((at.getTime() - since.getTime()) / 1000)) });
    value = change.new_value;
    since = at;
  }
  periods.push({ value, enteredAt: since.toISOString(), leftAt: null, seconds: Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) });
  const totals: Record<string, number> = {};
  for (const p of periods) if (typeof p.value === 'string') totals[p.value] = (totals[p.value] ?? 0) + p.seconds;
  return { field: field.apiName, current: value, periods, totals };
}
