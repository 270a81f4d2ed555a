import type { FormulaContext } from '../formula/formula-functions.ts';
import { currencyColumn, fromRow } from '../metadata/field-values.ts';
import type { FieldDef, WorkspaceMetadata } from '../metadata/types.ts';
import { BASE_ALIAS, columnOf, createScope, fromSql, joinsSql, type FieldRef, type TableScope } from './field-paths.ts';
import type { FilterNode } from './filter.ts';
import { conditionTerm, resolveFilter } from './filter-plan.ts';
import { checkFilterShape } from './filter-shape.ts';
import { resolveReadable } from './formula-columns.ts';
import type { Visibility } from './list-query.ts';
import { FAMILY, picklistOrder } from './operators.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, queryError, report, throwIfAny, type Problems } from './query-problems.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

/**
 * Grouped totals over any object — "pipeline by stage", "won revenue by
 * month" — compiled like lists are: the same field paths (hidden fields do
 * not exist in the reader's view), the same filter, the same visibility
 * predicate ANDed in, so a total never counts a record its reader could not
 * list.
 *
 *     groupBy=stage,closeDate:month   measures=count,sum:amount,avg:probability
 *
 * Groups: picklists, lookups (with the related record's name), user fields,
 * booleans, whole numbers (scores), and dates or date-times bucketed by day, week (from Monday),
 * month, quarter or year — date-times in the reader's time zone. Measures:
 * count, and sum, avg, min, max of number, percent and currency fields.
 *
 * Money in different currencies is never added up: a currency measure is a
 * list with one {amount, currency} per currency present in the group. To
 * compute that and every other measure in one scan, the statement groups by
 * the keys and that field's currency code first, then folds the currencies
 * together: sums of sums, mins of mins, and averages as sum / count, all in
 * exact numeric arithmetic. So one request may measure one currency field.
 */

export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];
export const DATE_BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];

export type GroupSpec = { field: string; bucket?: DateBucket };
export type MeasureSpec = { fn: AggregateFunction; field?: string };

export const AGGREGATE_LIMITS = { groupBy: 3, measures: 10, defaultGroups: 1000, maxGroups: 1000 } as const;

/** An average keeps this many decimal places (trailing zeros trimmed): plenty for scores and amounts. */
const AVG_SCALE = 10;

export type AggregateQueryInput = {
  metadata: WorkspaceMetadata;
  object: string;
  groupBy: GroupSpec[];
  measures: MeasureSpec[];
  filter?: FilterNode;
  visibility?: Visibility;
  /** The reader and their clock: the time zone date-time buckets are cut in, and what formula fields need. */
  formulaContext: FormulaContext;
  /** Largest number of groups returned; more sets `truncated`. */
  limit?: number;
  /** A measure name ("count", "sum:amount") or a group name, "-" in front for descending; default: by the groups. */
  sort?: string;
};

export type AggregateGroup = {
  /** Group values by group name ("stage", "closeDate:month"): picklist API names, ids, booleans, bucket start dates (YYYY-MM-DD). */
  key: Record<string, unknown>;
  /** The related record's name for lookup groups. */
  labels: Record<string, string | null>;
  /** By measure name: count a number; sums and averages decimal strings; min and max as the field's values; currency measures a list per currency. */
  values: Record<string, unknown>;
};

export type AggregateResult = { groupBy: string[]; measures: string[]; groups: AggregateGroup[]; truncated: boolean };

export type CompiledAggregate = { select: Sql; toResult(rows: Record<string, unknown>[]): AggregateResult };

const groupName = (g: GroupSpec): string => (g.bucket ? `${g.field}:${g.bucket}` : g.field);
const measureName = (m: MeasureSpec): string => (m.field ? `${m.fn}:${m.field}` : m.fn);

function splitList(name: string, text: string, max: number): string[] {
  if (typeof text !== 'string') throw queryError(name, 'wrongType', { expected: 'text' });
  if (text.length > QUERY_LIMITS.paramText) throw queryError(name, 'outOfRange', { detail: `at most ${QUERY_LIMITS.paramText} characters` });
  const items = text.split(',').map((s) => s.trim());
  if (items.length > max) throw queryError(name, 'outOfRange', { detail: `at most ${max} items` });
  if (items.some((s) => s.length === 0)) throw queryError(name, 'invalidValue', { detail: 'an item is empty' });
  return items;
}

const isOneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** "stage,closeDate:month". Fields are checked when compiling. */
export function parseGroupByParam(text: string): GroupSpec[] {
  return splitList('groupBy', text, AGGREGATE_LIMITS.groupBy).map((item) => {
    const [field, bucket, ...rest] = item.split(':');
    if (rest.length > 0 || !field || (bucket !== undefined && !isOneOf(DATE_BUCKETS, bucket))) {
      throw queryError('groupBy', 'invalidValue', { detail: `"${clip(item)}": a field, or a date field and one of ${DATE_BUCKETS.join(', ')} ("closeDate:month")` });
    }
    return bucket ? { field, bucket } : { field };
  });
}

/** "count,sum:amount". Fields are checked when compiling. */
export function parseMeasuresParam(text: string): MeasureSpec[] {
  return splitList('measures', text, AGGREGATE_LIMITS.measures).map((item) => {
    const [fn, field, ...rest] = item.split(':');
    const valid = fn !== undefined && isOneOf(AGGREGATE_FUNCTIONS, fn) && rest.length === 0 && (fn === 'count' ? field === undefined : Boolean(field));
    if (!valid) throw queryError('measures', 'invalidValue', { detail: `"${clip(item)}": count, or one of sum, avg, min, max and a number field ("sum:amount")` });
    return field ? { fn, field } : { fn };
  });
}

// ---- groups ------------------------------------------------------------------

/**
 * `order`: what sorts the groups when it is not the key itself (a picklist's value order), computed from
 * the key once per group rather than per row; `label`: a lookup's related name.
 */
type Group = { name: string; ref: FieldRef; expr: Sql; order?: (key: Sql) => Sql; label?: Sql };

const GROUPABLE = new Set(['picklist', 'boolean', 'uuid']);
const isLookup = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

/** Bucket start as text: dates have no zone; a date-time's day is the reader's. */
function bucketExpr(ref: FieldRef, bucket: DateBucket, timeZone: string): Sql {
  const local = FAMILY[ref.field.type] === 'datetime' ? sql`(${columnOf(ref)} at time zone ${timeZone}::text)` : sql`${columnOf(ref)}::timestamp`;
  return sql`to_char(date_trunc(${raw(`'${bucket}'`)}, ${local}), 'YYYY-MM-DD')`;
}

function resolveGroup(scope: TableScope, spec: GroupSpec, timeZone: string, problems: Problems): Group | undefined {
  const name = groupName(spec);
  const resolved = resolveReadable(scope, spec.field);
  if (!resolved.ok) {
    report(problems, 'groupBy', resolved.code, resolved.params);
    return undefined;
  }
  const { ref } = resolved;
  const family = FAMILY[ref.field.type];
  if (spec.bucket) {
    if (family !== 'date' && family !== 'datetime') {
      report(problems, 'groupBy', 'invalidValue', { detail: `"${clip(name)}": only date and date-time fields are grouped by ${spec.bucket}` });
      return undefined;
    }
    return { name, ref, expr: bucketExpr(ref, spec.bucket, timeZone) };
  }
  if ((!GROUPABLE.has(family) && ref.field.type !== 'integer') || ref.field.type === 'id') {
    const hint = family === 'date' || family === 'datetime' ? ` (add a period: "${clip(spec.field)}:month")` : '';
    report(problems, 'groupBy', 'invalidValue', { detail: `"${clip(name)}" cannot be grouped by: use a picklist, lookup, user, yes/no, whole-number or date field${hint}` });
    return undefined;
  }
  const column = columnOf(ref);
  if (ref.field.type === 'picklist') {
    const values = picklistOrder(ref.field);
    return { name, ref, expr: column, order: (key) => sql`array_position(${values}::text[], ${key})` };
  }
  if (isLookup(ref.field)) {
    // The related name is what people read; the id stays the key. A name the reader may not see is left out.
    const nameRef = resolveReadable(scope, `${spec.field}.name`);
    if (nameRef.ok) return { name, ref, expr: column, label: columnOf(nameRef.ref) };
  }
  return { name, ref, expr: column };
}

// ---- measures ----------------------------------------------------------------

type Measure = { name: string; spec: MeasureSpec; ref?: FieldRef };

const MEASURABLE = new Set(['integer', 'decimal', 'percent', 'currency']);

function resolveMeasure(scope: TableScope, spec: MeasureSpec, problems: Problems): Measure | undefined {
  const name = measureName(spec);
  if (!spec.field) return { name, spec };
  const resolved = resolveReadable(scope, spec.field);
  if (!resolved.ok) {
    report(problems, 'measures', resolved.code, resolved.params);
    return undefined;
  }
  if (!MEASURABLE.has(resolved.ref.field.type)) {
    report(problems, 'measures', 'invalidValue', { detail: `"${clip(name)}": ${spec.fn} takes a number, percent or currency field` });
    return undefined;
  }
  return { name, spec, ref: resolved.ref };
}

const isCurrency = (m: Measure): boolean => m.ref?.field.type === 'currency';
const partial = (i: number, part: string): Sql => sql`${ident(`m${i}_${part}`)}`;
const g = (i: number): Sql => sql`${ident(`g${i}`)}`;
const label = (i: number): Sql => sql`${ident(`l${i}`)}`;
const CUR = ident('cur');

/** Per (groups, currency) partials, which fold together exactly. */
function innerColumns(m: Measure, i: number): Sql[] {
  if (!m.ref) return [];
  const c = columnOf(m.ref);
  switch (m.spec.fn) {
    case 'sum':
      return [sql`sum(${c}) as ${partial(i, 's')}`];
    case 'avg':
      return [sql`sum(${c}) as ${partial(i, 's')}`, sql`count(${c}) as ${partial(i, 'n')}`];
    case 'min':
      return [sql`min(${c}) as ${partial(i, 'v')}`];
    case 'max':
      return [sql`max(${c}) as ${partial(i, 'v')}`];
    default:
      return [];
  }
}

const averageOf = (sum: Sql, count: Sql): Sql => sql`trim_scale(round(${sum}::numeric / nullif(${count}, 0), ${AVG_SCALE}))::text`;

function outerColumn(m: Measure, i: number): Sql {
  const out = ident(`m${i}`);
  if (m.spec.fn === 'count') return sql`sum(${ident('n')})::bigint as ${out}`;
  if (isCurrency(m)) {
    // One entry per currency: the inner rows are already one per currency, so each row's partials are that currency's result.
    const amount =
      m.spec.fn === 'avg' ? averageOf(partial(i, 's'), partial(i, 'n')) : m.spec.fn === 'sum' ? sql`${partial(i, 's')}::text` : sql`${partial(i, 'v')}::text`;
    const present = m.spec.fn === 'avg' || m.spec.fn === 'sum' ? partial(i, 's') : partial(i, 'v');
    return sql`coalesce(jsonb_agg(jsonb_build_object('currency', ${CUR}, 'amount', ${amount}) order by ${CUR}) filter (where ${present} is not null), '[]'::jsonb) as ${out}`;
  }
  switch (m.spec.fn) {
    case 'sum':
      return sql`sum(${partial(i, 's')})::text as ${out}`;
    case 'avg':
      return sql`${averageOf(sql`sum(${partial(i, 's')})`, sql`sum(${partial(i, 'n')})`)} as ${out}`;
    case 'min':
      return sql`min(${partial(i, 'v')}) as ${out}`;
    default:
      return sql`max(${partial(i, 'v')}) as ${out}`;
  }
}

function measureValue(m: Measure, raw: unknown): unknown {
  if (m.spec.fn === 'count') return Number(raw ?? 0);
  if (isCurrency(m)) return raw ?? [];
  if (m.spec.fn === 'sum' || m.spec.fn === 'avg') return raw ?? null;
  // min and max read like the field itself (an integer a number, a decimal a string).
  return fromRow(m.ref!.field, { [m.ref!.field.apiName]: raw });
}

// ---- sort --------------------------------------------------------------------

function resolveOrder(sort: string | undefined, groups: Group[], measures: Measure[], problems: Problems): Sql | undefined {
  const byGroups = groups.map((grp, i) => join([...(grp.label || grp.order ? [sql`${sortColumn(grp, i)} asc nulls last`] : []), sql`${g(i)} asc nulls last`]));
  if (sort === undefined) return byGroups.length > 0 ? join(byGroups) : undefined;
  const descending = sort.startsWith('-');
  const name = sort.replace(/^[-+]/, '');
  const direction = raw(descending ? 'desc nulls last' : 'asc nulls last');
  const m = measures.findIndex((x) => x.name === name);
  if (m >= 0 && !isCurrency(measures[m]!)) {
    const numeric = measures[m]!.spec.fn === 'sum' || measures[m]!.spec.fn === 'avg' ? sql`${ident(`m${m}`)}::numeric` : sql`${ident(`m${m}`)}`;
    return join([sql`${numeric} ${direction}`, ...byGroups]);
  }
  const gi = groups.findIndex((x) => x.name === name);
  if (gi >= 0) return join([sql`${sortColumn(groups[gi]!, gi)} ${direction}`, ...byGroups]);
  report(problems, 'sort', 'invalidSort', { field: clip(name), detail: m >= 0 ? 'a currency measure has a total per currency, so it cannot order groups' : 'sort by a requested measure or group' });
  return undefined;
}

const sortColumn = (grp: Group, i: number): Sql => (grp.label ? label(i) : grp.order ? sql`${ident(`o${i}`)}` : g(i));

function checkGroupLimit(limit: unknown, problems: Problems): number {
  if (limit === undefined) return AGGREGATE_LIMITS.defaultGroups;
  if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= AGGREGATE_LIMITS.maxGroups) return limit;
  report(problems, 'limit', 'outOfRange', { detail: `a whole number from 1 to ${AGGREGATE_LIMITS.maxGroups}` });
  return AGGREGATE_LIMITS.defaultGroups;
}

export function compileAggregateQuery(input: AggregateQueryInput): CompiledAggregate {
  const scope = createScope(input.metadata, input.object, input.formulaContext);
  const problems: Problems = [];
  if (input.measures.length === 0) report(problems, 'measures', 'required');
  const groups = input.groupBy.map((spec) => resolveGroup(scope, spec, input.formulaContext.timeZone, problems));
  const measures = input.measures.map((spec) => resolveMeasure(scope, spec, problems));
  const names = [...input.groupBy.map(groupName)];
  if (new Set(names).size !== names.length) report(problems, 'groupBy', 'invalidValue', { detail: 'a group is listed more than once' });
  const currencyFields = new Set(measures.filter((m): m is Measure => m !== undefined && isCurrency(m)).map((m) => m.ref!.path));
  if (currencyFields.size > 1) report(problems, 'measures', 'invalidValue', { detail: 'measure at most one currency field per request: amounts in different fields are not folded together' });
  const filterNode = input.filter === undefined ? undefined : checkFilterShape(input.filter, problems);
  const condition = filterNode && resolveFilter(scope, filterNode, 'filter', problems);
  const limit = checkGroupLimit(input.limit, problems);
  throwIfAny(problems);
  const gs = groups as Group[];
  const ms = measures as Measure[];
  const order = resolveOrder(input.sort, gs, ms, problems);
  throwIfAny(problems);

  const currencyRef = ms.find(isCurrency)?.ref;
  const inner: Sql[] = [];
  // Keys are grouped by position, not expression: an expression holding a parameter would not match itself in GROUP BY.
  const innerKeys: Sql[] = [];
  const key = (column: Sql) => {
    inner.push(column);
    innerKeys.push(raw(String(inner.length)));
  };
  gs.forEach((grp, i) => {
    key(sql`${grp.expr} as ${g(i)}`);
    if (grp.label) inner.push(sql`max(${grp.label}) as ${label(i)}`);
  });
  if (currencyRef) key(sql`${columnOf(currencyRef, currencyColumn(currencyRef.field))} as ${CUR}`);
  inner.push(sql`count(*) as ${ident('n')}`, ...ms.flatMap(innerColumns));
  const terms = [...(condition ? [conditionTerm(condition)] : []), ...(input.visibility ? [sql`(${input.visibility(BASE_ALIAS)})`] : [])];
  const innerSql = join(
    [
      sql`select ${join(inner)}`,
      sql`from ${fromSql(scope)}`,
      ...joinsSql(scope),
      ...(terms.length > 0 ? [sql`where ${join(terms, ' and ')}`] : []),
      ...(innerKeys.length > 0 ? [sql`group by ${join(innerKeys)}`] : []),
    ],
    ' ',
  );
  const outer = [
    ...gs.flatMap((grp, i) => [g(i), ...(grp.order ? [sql`${grp.order(g(i))} as ${ident(`o${i}`)}`] : []), ...(grp.label ? [sql`max(${label(i)}) as ${label(i)}`] : [])]),
    ...ms.map(outerColumn),
  ];
  // Without groups the inner rows (one per currency, or one) fold into the single total; an empty table still answers one row.
  const folded = join([sql`select ${join(outer)} from (${innerSql}) as ${ident('p')}`, ...(gs.length > 0 ? [sql`group by ${join(gs.map((_, i) => g(i)))}`] : [])], ' ');
  // Ordered outside the fold, where the measures are plain columns an ORDER BY expression may use.
  const select = join([sql`select * from (${folded}) as ${ident('r')}`, ...(order ? [sql`order by ${order}`] : []), sql`limit ${limit + 1}`], ' ');

  return {
    select,
    toResult(rows) {
      const page = rows.slice(0, limit);
      return {
        groupBy: gs.map((x) => x.name),
        measures: ms.map((x) => x.name),
        truncated: rows.length > limit,
        groups: page.map((row) => ({
          key: Object.fromEntries(gs.map((grp, i) => [grp.name, keyValue(grp, row[`g${i}`])])),
          labels: Object.fromEntries(gs.flatMap((grp, i) => (grp.label ? [[grp.name, (row[`l${i}`] as string | null) ?? null]] : []))),
          values: Object.fromEntries(ms.map((m, i) => [m.name, measureValue(m, row[`m${i}`])])),
        })),
      };
    },
  };
}

function keyValue(grp: Group, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (grp.ref.field.type === 'boolean') return raw === true || raw === 't' || raw === 'true';
  if (grp.ref.field.type === 'integer') return Number(raw);
  return String(raw);
}
