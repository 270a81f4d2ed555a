import type { FormulaContext } from '../formula/formula-functions.ts';
import type { WorkspaceMetadata } from '../metadata/types.ts';
import { decodeCursor, encodeCursor, type CursorValues } from './cursor.ts';
import { BASE_ALIAS, createScope, fromSql, joinsSql, type TableScope } from './field-paths.ts';
import type { FilterNode } from './filter.ts';
import { conditionJoins, conditionTerm, resolveFilter, type Condition } from './filter-plan.ts';
import { checkFilterShape } from './filter-shape.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, queryError, report, throwIfAny, type Problems } from './query-problems.ts';
import { recordFrom, resolveFields, selectColumns } from './record-columns.ts';
import { keysetTerms, orderBySql, resolveSort, sortSignature, type OrderKey } from './sort-keys.ts';
import { ident, join, sql, type Sql } from './sql.ts';

/**
 * Compiles list and single-record reads to parameterised SQL. Every value
 * is a $n parameter, every identifier comes from metadata through ident(),
 * and all input problems (filter, sort, fields, limit, cursor) are reported
 * together as one `invalidQuery` error with a path per problem.
 *
 * The statement reads the object's table as t0 and LEFT JOINs t1, t2, … once
 * per lookup path used. Besides the requested columns it selects each sort
 * key's exact text as "_k0", "_k1", … (underscore: never an API name) for
 * the next page's cursor.
 */

export { QUERY_LIMITS } from './query-limits.ts';

export type SortKey = { field: string; direction: 'asc' | 'desc' };

/** A predicate on the base table's alias, ANDed into the WHERE of selects and counts (record visibility). */
export type Visibility = (alias: string) => Sql;

export type ListQueryInput = {
  metadata: WorkspaceMetadata;
  object: string;
  filter?: FilterNode;
  sort?: SortKey[];
  fields?: string[];
  limit?: number;
  cursor?: string;
  visibility?: Visibility;
  /** The reader and the request's clock, for formula fields using $User, TODAY() or NOW(); without it such fields are refused. */
  formulaContext?: FormulaContext;
};

export type ListPage = { records: Record<string, unknown>[]; nextCursor: string | null };

export type CompiledList = {
  /** Fetches limit + 1 rows: the extra one only tells whether there is a next page. */
  select: Sql;
  /** `select count(*) as total …` over the same filter and visibility, ignoring the cursor. */
  count: Sql;
  toPage(rows: Record<string, unknown>[]): ListPage;
};

/** "-budget,name": budget descending, then name ascending. Fields are checked when compiling. */
export function parseSortParam(text: string): SortKey[] {
  const items = splitParam('sort', text, QUERY_LIMITS.sortKeys, 'sort keys');
  const problems: Problems = [];
  const keys = items.map((item): SortKey => {
    const field = item.replace(/^[-+]/, '').trim();
    if (field.length === 0) report(problems, 'sort', 'invalidSort', { field: clip(item), detail: 'name a field, with "-" in front for descending order' });
    return { field, direction: item.startsWith('-') ? 'desc' : 'asc' };
  });
  throwIfAny(problems);
  return keys;
}

/** "name,budget,account.name". Fields are checked when compiling. */
export function parseFieldsParam(text: string): string[] {
  const items = splitParam('fields', text, QUERY_LIMITS.fields, 'fields');
  if (items.some((f) => f.length === 0)) throw queryError('fields', 'invalidValue', { detail: 'a field name is empty' });
  return items;
}

function splitParam(name: string, text: string, maxItems: number, what: string): string[] {
  if (typeof text !== 'string') throw queryError(name, 'wrongType', { expected: 'text' });
  if (text.length > QUERY_LIMITS.paramText) throw queryError(name, 'outOfRange', { detail: `at most ${QUERY_LIMITS.paramText} characters` });
  const items = text.split(',').map((s) => s.trim());
  if (items.length > maxItems) throw queryError(name, 'outOfRange', { detail: `at most ${maxItems} ${what}` });
  return items;
}

function checkLimit(limit: unknown, problems: Problems): number {
  if (limit === undefined) return QUERY_LIMITS.defaultLimit;
  if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= QUERY_LIMITS.maxLimit) return limit;
  report(problems, 'limit', 'outOfRange', { detail: `a whole number from 1 to ${QUERY_LIMITS.maxLimit}` });
  return QUERY_LIMITS.defaultLimit;
}

function resolveFilterInput(scope: TableScope, filter: unknown, problems: Problems): Condition | undefined {
  if (filter === undefined) return undefined;
  const node = checkFilterShape(filter, problems);
  return node && resolveFilter(scope, node, 'filter', problems);
}

const whereClause = (terms: readonly Sql[]): Sql[] => (terms.length === 0 ? [] : [sql`where ${join(terms, ' and ')}`]);
const visibilityTerms = (visibility: Visibility | undefined): Sql[] => (visibility ? [sql`(${visibility(BASE_ALIAS)})`] : []);
const keyColumns = (keys: readonly OrderKey[]): Sql[] => keys.map((k, i) => sql`${k.text} as ${ident(`_k${i}`)}`);
const keyText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function compileListQuery(input: ListQueryInput): CompiledList {
  const scope = createScope(input.metadata, input.object, input.formulaContext);
  const problems: Problems = [];
  const refs = resolveFields(scope, input.fields, problems);
  const condition = resolveFilterInput(scope, input.filter, problems);
  const keys = resolveSort(scope, input.sort, problems);
  const limit = checkLimit(input.limit, problems);
  const signature = keys ? sortSignature(scope.base.apiName, keys) : '';
  const after: CursorValues | undefined = keys && input.cursor !== undefined ? decodeCursor(input.cursor, signature, keys, problems) : undefined;
  throwIfAny(problems);
  const order = keys!;

  const filterTerms = [...(condition ? [conditionTerm(condition)] : []), ...visibilityTerms(input.visibility)];
  const select = join(
    [
      sql`select ${join([...selectColumns(refs), ...keyColumns(order)])}`,
      sql`from ${fromSql(scope)}`,
      ...joinsSql(scope),
      ...whereClause([...filterTerms, ...(after ? keysetTerms(order, after) : [])]),
      sql`order by ${orderBySql(order)}`,
      sql`limit ${limit + 1}`,
    ],
    ' ',
  );
  const count = join(
    [sql`select count(*) as total from ${fromSql(scope)}`, ...joinsSql(scope, condition ? conditionJoins(condition) : new Set()), ...whereClause(filterTerms)],
    ' ',
  );
  return {
    select,
    count,
    toPage(rows) {
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeCursor(signature, order.map((_, i) => keyText(last[`_k${i}`]))) : null;
      return { records: page.map((row) => recordFrom(refs, row)), nextCursor };
    },
  };
}

export type RecordSelectInput = {
  metadata: WorkspaceMetadata;
  object: string;
  fields?: string[];
  /** Which record(s): a predicate on the base table's alias. */
  where: (alias: string) => Sql;
  visibility?: Visibility;
  formulaContext?: FormulaContext;
};

export function compileRecordSelect(input: RecordSelectInput): { select: Sql; toRecord(row: Record<string, unknown>): Record<string, unknown> } {
  const scope = createScope(input.metadata, input.object, input.formulaContext);
  const problems: Problems = [];
  const refs = resolveFields(scope, input.fields, problems);
  throwIfAny(problems);
  const select = join(
    [
      sql`select ${join(selectColumns(refs))}`,
      sql`from ${fromSql(scope)}`,
      ...joinsSql(scope),
      ...whereClause([sql`(${input.where(BASE_ALIAS)})`, ...visibilityTerms(input.visibility)]),
    ],
    ' ',
  );
  return { select, toRecord: (row) => recordFrom(refs, row) };
}

/**
 * `select t0.id from … where …`: the ids of the records a filter (and an
 * optional extra predicate) matches, for set-based work such as applying a
 * sharing rule. Problems with the filter throw as for lists.
 */
export function compileMatchingIds(input: { metadata: WorkspaceMetadata; object: string; filter?: FilterNode; where?: (alias: string) => Sql; formulaContext?: FormulaContext }): Sql {
  const scope = createScope(input.metadata, input.object, input.formulaContext);
  const problems: Problems = [];
  const condition = resolveFilterInput(scope, input.filter, problems);
  throwIfAny(problems);
  const terms = [...(condition ? [conditionTerm(condition)] : []), ...(input.where ? [sql`(${input.where(BASE_ALIAS)})`] : [])];
  return join([sql`select ${ident(BASE_ALIAS)}.${ident('id')} as id from ${fromSql(scope)}`, ...joinsSql(scope, condition ? conditionJoins(condition) : new Set()), ...whereClause(terms)], ' ');
}
