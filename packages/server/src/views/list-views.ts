import {
  DomainError,
  LOCALES,
  QUERY_LIMITS,
  checkFilter,
  compileListQuery,
  isUuid,
  qualified,
  render,
  validationError,
  type FieldProblem,
  type FormulaContext,
  type ListView,
  type SortKey,
  type WorkspaceMetadata,
} from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { objectFor, type RecordAccess } from '../access/record-access.ts';
import type { Queryable } from '../db/port.ts';
import { parseInput } from '../http/parse-input.ts';

/**
 * Saved list views: which columns a list shows, its filter and its sort.
 * A view is checked against its author's view of the metadata when saved,
 * with the list compiler itself, so a view that would not run is refused
 * naming the column, sort key or filter condition at fault. When it is read,
 * it is fitted to the reader: columns and sort keys on fields hidden from
 * them are dropped, and a filter naming such a field is withheld (and said
 * so), since filtering by a hidden value would reveal it.
 */

export type ViewContext = { q: Queryable; metadata: WorkspaceMetadata; access: RecordAccess; formula: FormulaContext; userId: string };

const MAX_LABEL = 100;
/** Private views one user keeps per object: enough for anyone, bounded for the picker and the table. */
const MAX_OWN_VIEWS = 100;

const labelText = z.string().trim().min(1).max(MAX_LABEL);
const label = z.union([
  labelText,
  z
    .strictObject(Object.fromEntries(LOCALES.map((l) => [l, labelText.optional()])) as Record<(typeof LOCALES)[number], z.ZodOptional<typeof labelText>>)
    .refine((o) => Object.values(o).some((v) => v !== undefined), { params: { code: 'required' } }),
]);
const fieldPath = z.string().min(1).max(200);
const columns = z.array(fieldPath).min(1).max(QUERY_LIMITS.fields);
const sort = z.array(z.strictObject({ field: fieldPath, direction: z.enum(['asc', 'desc']) })).max(QUERY_LIMITS.sortKeys);
const visibility = z.enum(['private', 'shared']);

export const viewInput = z.strictObject({
  object: z.string().min(1).max(40),
  label,
  // Left out: the object's own list columns, following them as fields are added (standard "All" views).
  columns: columns.optional(),
  filter: z.unknown().optional(),
  sort: sort.optional(),
  visibility: visibility.optional(),
});
export const viewPatch = z.strictObject({ label: label.optional(), columns: columns.optional(), filter: z.unknown().optional(), sort: sort.optional(), visibility: visibility.optional() });


/** A stored row: the view before it is fitted to a reader. */
type Row = Omit<ListView, 'ownerId' | 'editable' | 'filterWithheld' | 'updatedAt'> & { owner_id: string | null; updated_at: Date | string };

const table = (ctx: ViewContext) => render(qualified(ctx.metadata.schema, '_list_views')).text;

/** The problems compiling a list with this one part would have, or none. */
function problemsOf(ctx: ViewContext, object: string, part: { fields?: string[]; filter?: unknown; sort?: SortKey[] }): FieldProblem[] {
  try {
    compileListQuery({
      metadata: ctx.access.view,
      object,
      formulaContext: ctx.formula,
      ...(part.fields ? { fields: part.fields } : {}),
      ...(part.filter !== undefined ? { filter: checkFilter(part.filter) } : {}),
      ...(part.sort ? { sort: part.sort } : {}),
    });
    return [];
  } catch (error) {
    if (error instanceof DomainError && error.errors.length > 0) return error.errors;
    throw error;
  }
}

/** Every problem of a view's columns, filter and sort for its author, each at its place in the body. */
function checkParts(ctx: ViewContext, object: string, parts: { columns?: string[]; filter?: unknown; sort?: SortKey[] }): void {
  const problems: FieldProblem[] = [];
  parts.columns?.forEach((column, i) => {
    if (parts.columns!.indexOf(column) !== i) problems.push({ field: `columns[${i}]`, code: 'invalidValue', params: { detail: `"${column}" is listed twice` } });
    else problems.push(...problemsOf(ctx, object, { fields: [column] }).map((p) => ({ ...p, field: `columns[${i}]` })));
  });
  if (parts.filter !== undefined && parts.filter !== null) problems.push(...problemsOf(ctx, object, { filter: parts.filter }));
  parts.sort?.forEach((key, i) => problems.push(...problemsOf(ctx, object, { sort: [key] }).map((p) => ({ ...p, field: `sort[${i}]` }))));
  if (problems.length > 0) throw validationError(problems);
}

/** Stored as checked: only the keys a filter has, so nothing else rides along in the row. */
const storedFilter = (filter: unknown): string | null => (filter === undefined || filter === null ? null : JSON.stringify(checkFilter(filter)));

/** What the reader may be shown of a stored view. */
function fitted(ctx: ViewContext, row: Row): ListView {
  const seen = row.columns.filter((c) => problemsOf(ctx, row.object, { fields: [c] }).length === 0);
  // No stored columns: the view follows the object's list columns (answered as [], which clients read as "the default").
  const followsObject = row.columns.length === 0;
  const filterRuns = row.filter === null || problemsOf(ctx, row.object, { filter: row.filter }).length === 0;
  return {
    id: row.id,
    object: row.object,
    label: row.label,
    // `name` can never be hidden, so a view always has a column to show.
    columns: followsObject ? [] : seen.length > 0 ? seen : ['name'],
    filter: filterRuns ? row.filter : null,
    sort: row.sort.filter((key) => problemsOf(ctx, row.object, { sort: [key] }).length === 0),
    visibility: row.visibility,
    standard: row.standard,
    ownerId: row.owner_id,
    editable: mayChange(ctx, row),
    ...(filterRuns ? {} : { filterWithheld: true }),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function mayChange(ctx: ViewContext, row: Pick<Row, 'visibility' | 'owner_id'>): boolean {
  return row.visibility === 'private' ? row.owner_id === ctx.userId : ctx.access.permissions.manageSharedViews;
}

function requireSharing(ctx: ViewContext): void {
  if (!ctx.access.permissions.manageSharedViews) {
    throw new DomainError({ code: 'forbidden', errors: [{ field: 'visibility', code: 'invalidValue', params: { detail: 'only administrators and those allowed to manage shared views may create, change or delete shared views' } }] });
  }
}

/** The views of an object the reader has: standard ones, shared ones, then their own. */
export const viewListQuery = z.strictObject({ object: z.string().min(1).max(40) });

export async function listViews(ctx: ViewContext, query: unknown): Promise<{ views: ListView[] }> {
  const { object } = parseInput(viewListQuery, query);
  objectFor(ctx.metadata, ctx.access, object, 'read');
  const { rows } = await ctx.q.query<Row>(
    `select * from ${table(ctx)} where object = $1 and (visibility = 'shared' or owner_id = $2)
     order by standard desc, visibility desc, position, created_at, id`,
    [object, ctx.userId],
  );
  return { views: rows.map((r) => fitted(ctx, r)) };
}

/** A view the reader may see; anything else (another user's private view, another tenant's, an object they cannot read) is not found. */
async function visibleRow(ctx: ViewContext, id: string, lock = false): Promise<Row> {
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const { rows } = await ctx.q.query<Row>(`select * from ${table(ctx)} where id = $1 ${lock ? 'for update' : ''}`, [id.toLowerCase()]);
  const row = rows[0];
  if (!row || (row.visibility === 'private' && row.owner_id !== ctx.userId) || !Object.hasOwn(ctx.access.view.objects, row.object)) throw new DomainError({ code: 'notFound' });
  return row;
}

export async function getView(ctx: ViewContext, id: string): Promise<ListView> {
  return fitted(ctx, await visibleRow(ctx, id));
}

export async function createView(ctx: ViewContext, body: unknown, opts: { standard?: boolean; position?: number } = {}): Promise<ListView> {
  const input = parseInput(viewInput, body);
  objectFor(ctx.metadata, ctx.access, input.object, 'read');
  const shared = opts.standard === true || input.visibility === 'shared';
  if (shared) requireSharing(ctx);
  checkParts(ctx, input.object, input);
  if (!shared) {
    const { rows } = await ctx.q.query<{ n: string }>(`select count(*) as n from ${table(ctx)} where object = $1 and owner_id = $2 and visibility = 'private'`, [input.object, ctx.userId]);
    if (Number(rows[0]!.n) >= MAX_OWN_VIEWS) throw validationError([{ field: 'object', code: 'tooMany', params: { max: MAX_OWN_VIEWS } }]);
  }
  const { rows } = await ctx.q.query<Row>(
    `insert into ${table(ctx)} (id, object, label, columns, filter, sort, visibility, owner_id, standard, position)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
    [
      uuidv7(),
      input.object,
      JSON.stringify(input.label),
      JSON.stringify(input.columns ?? []),
      storedFilter(input.filter),
      JSON.stringify(input.sort ?? []),
      shared ? 'shared' : 'private',
      opts.standard ? null : ctx.userId,
      opts.standard === true,
      opts.position ?? 0,
    ],
  );
  return fitted(ctx, rows[0]!);
}

/**
 * Changes what the body names. The new columns, filter and sort are checked
 * for the editor, as when created. A standard view stays shared; a shared view
 * made private becomes the editor's.
 */
export async function updateView(ctx: ViewContext, id: string, body: unknown): Promise<ListView> {
  const patch = parseInput(viewPatch, body);
  const row = await visibleRow(ctx, id, true);
  if (!mayChange(ctx, row)) requireSharing(ctx);
  if (patch.visibility === 'shared' && row.visibility === 'private') requireSharing(ctx);
  if (row.standard && patch.visibility === 'private') throw validationError([{ field: 'visibility', code: 'invalidValue', params: { detail: 'a standard view stays shared' } }]);
  checkParts(ctx, row.object, patch);
  const sets: string[] = [];
  const params: unknown[] = [row.id];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (patch.label !== undefined) set('label', JSON.stringify(patch.label));
  if (patch.columns !== undefined) set('columns', JSON.stringify(patch.columns));
  if ('filter' in patch) set('filter', storedFilter(patch.filter));
  if (patch.sort !== undefined) set('sort', JSON.stringify(patch.sort));
  if (patch.visibility !== undefined && patch.visibility !== row.visibility) {
    set('visibility', patch.visibility);
    set('owner_id', patch.visibility === 'private' ? ctx.userId : row.owner_id);
  }
  if (sets.length === 0) return fitted(ctx, row);
  const { rows } = await ctx.q.query<Row>(`update ${table(ctx)} set ${sets.join(', ')}, updated_at = now() where id = $1 returning *`, params);
  return fitted(ctx, rows[0]!);
}

export async function deleteView(ctx: ViewContext, id: string): Promise<void> {
  const row = await visibleRow(ctx, id, true);
  if (!mayChange(ctx, row)) requireSharing(ctx);
  await ctx.q.query(`delete from ${table(ctx)} where id = $1`, [row.id]);
}
