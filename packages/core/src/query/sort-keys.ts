import type { FieldDef } from '../metadata/types.ts';
import { CURSOR_KINDS, type CursorKind, type CursorValues } from './cursor.ts';
import { columnOf, resolvePath, type FieldRef, type TableScope } from './field-paths.ts';
import { resolveReadable } from './formula-columns.ts';
import { FAMILY, picklistOrder, type Family } from './operators.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, describeInput, report, type Problems } from './query-problems.ts';
import { join, raw, sql, type Sql } from './sql.ts';

/**
 * Sort keys and keyset pagination.
 *
 * Order: the requested keys, then `id` in the direction of the last key, so
 * the order is total and a cursor names one position. Default
 * `createdAt desc, id desc`. Blanks sort as Postgres does by default: last
 * when ascending, first when descending (so a (col, id) index serves both
 * directions). Picklists sort by the order their values are defined in.
 *
 * A page after a cursor is "rows after the cursor's key values in that
 * order". When every key is never blank and all go one way it is one
 * row-value comparison, `(col, id) < ($1, $2)`, which a (col, id) index
 * serves directly; otherwise it is the OR-expansion, with blanks placed
 * where the ORDER BY puts them.
 */

export type Direction = 'asc' | 'desc';

export type OrderKey = {
  readonly path: string;
  readonly direction: Direction;
  /** What ORDER BY and the keyset compare. */
  readonly expr: Sql;
  /** The value as exact text for the cursor (timestamps to the microsecond). */
  readonly text: Sql;
  readonly kind: CursorKind;
  readonly nullable: boolean;
  /** What a cursor must have been made for. */
  readonly signature: string;
};

type KeyForm = { expr: Sql; text: Sql; kind: CursorKind; alwaysNullable?: boolean; order?: string[] };

const UTC_MICROS = raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);

/** How each family sorts, or why it cannot. */
const KEY_FORMS: Record<Family, ((column: Sql, field: FieldDef) => KeyForm) | { refused: string }> = {
  text: (c) => ({ expr: c, text: c, kind: 'text' }),
  number: (c, f) => ({ expr: c, text: sql`${c}::text`, kind: f.type === 'integer' ? 'bigint' : 'numeric' }),
  date: (c) => ({ expr: c, text: sql`to_char(${c}, 'YYYY-MM-DD')`, kind: 'date' }),
  datetime: (c) => ({ expr: c, text: sql`to_char(${c} at time zone 'UTC', ${UTC_MICROS})`, kind: 'timestamptz' }),
  boolean: (c) => ({ expr: c, text: sql`${c}::text`, kind: 'boolean' }),
  uuid: (c) => ({ expr: c, text: sql`${c}::text`, kind: 'uuid' }),
  picklist: (c, f) => {
    const order = picklistOrder(f);
    // A value no longer defined has no position and sorts with the blanks.
    const expr = sql`array_position(${order}::text[], ${c})`;
    return { expr, text: sql`${expr}::text`, kind: 'integer', alwaysNullable: true, order };
  },
  longText: { refused: 'long text cannot be sorted' },
  multiPicklist: { refused: 'multi-select picklists cannot be sorted' },
  json: { refused: 'JSON fields cannot be sorted' },
};

/** Filled by the platform on every write, so never blank even where metadata does not say required. */
const NEVER_BLANK = new Set(['id', 'createdAt', 'updatedAt']);

function orderKey(ref: FieldRef, direction: Direction): OrderKey | string {
  const form = KEY_FORMS[FAMILY[ref.field.type]];
  if ('refused' in form) return form.refused;
  const key = form(columnOf(ref), ref.field);
  const related = ref.joinPaths.length > 0;
  const nullable = key.alwaysNullable === true || related || !(ref.field.required || NEVER_BLANK.has(ref.field.apiName));
  const signature = `${ref.path} ${direction}${key.order ? ` [${key.order.join('|')}]` : ''}`;
  return { path: ref.path, direction, expr: key.expr, text: key.text, kind: key.kind, nullable, signature };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Resolves requested sort keys (or the default) and appends the id tie-breaker; undefined when problems were reported. */
export function resolveSort(scope: TableScope, sort: unknown, problems: Problems): OrderKey[] | undefined {
  const requested = sort === undefined || (Array.isArray(sort) && sort.length === 0) ? defaultSort(scope) : sort;
  if (!Array.isArray(requested)) {
    report(problems, 'sort', 'invalidSort', { field: 'sort', detail: 'expected a list of {field, direction}' });
    return undefined;
  }
  if (requested.length > QUERY_LIMITS.sortKeys) {
    report(problems, 'sort', 'outOfRange', { detail: `at most ${QUERY_LIMITS.sortKeys} sort keys` });
    return undefined;
  }
  const keys: OrderKey[] = [];
  let bad = false;
  for (const item of requested) {
    const key = resolveKey(scope, item, keys, problems);
    if (!key) bad = true;
    else keys.push(key);
    if (key?.path === 'id') break; // id is unique: later keys could never decide anything
  }
  if (bad) return undefined;
  if (keys.at(-1)?.path !== 'id') {
    const id = resolvePath(scope, 'id');
    if (!id.ok) {
      report(problems, 'sort', id.code, id.params);
      return undefined;
    }
    keys.push(orderKey(id.ref, keys.at(-1)?.direction ?? 'desc') as OrderKey);
  }
  return keys;
}

function resolveKey(scope: TableScope, item: unknown, earlier: readonly OrderKey[], problems: Problems): OrderKey | undefined {
  const field = isRecord(item) && Object.hasOwn(item, 'field') ? item.field : undefined;
  const direction = isRecord(item) && Object.hasOwn(item, 'direction') ? item.direction : undefined;
  if (typeof field !== 'string' || (direction !== 'asc' && direction !== 'desc')) {
    report(problems, 'sort', 'invalidSort', { field: field === undefined ? '' : describeInput(field), detail: 'each sort key is {field, direction: "asc" | "desc"}' });
    return undefined;
  }
  const resolved = resolveReadable(scope, field);
  if (!resolved.ok) {
    report(problems, 'sort', resolved.code, resolved.params);
    return undefined;
  }
  if (earlier.some((k) => k.path === field)) {
    report(problems, 'sort', 'invalidSort', { field: clip(field), detail: 'it is listed more than once' });
    return undefined;
  }
  const key = orderKey(resolved.ref, direction);
  if (typeof key === 'string') {
    report(problems, 'sort', 'invalidSort', { field: clip(field), detail: key });
    return undefined;
  }
  return key;
}

function defaultSort(scope: TableScope): { field: string; direction: Direction }[] {
  return resolvePath(scope, 'createdAt').ok ? [{ field: 'createdAt', direction: 'desc' }] : [];
}

export function orderBySql(keys: readonly OrderKey[]): Sql {
  return join(keys.map((k) => sql`${k.expr} ${raw(k.direction)}`));
}

export const sortSignature = (object: string, keys: readonly OrderKey[]): string => `${object}: ${keys.map((k) => k.signature).join(', ')}`;

const bound = (key: OrderKey, value: string): Sql => sql`${value}::${raw(CURSOR_KINDS[key.kind].cast)}`;

/** WHERE terms selecting the rows after the cursor position; values are known here, so blank positions compile to IS NULL tests. */
export function keysetTerms(keys: readonly OrderKey[], values: CursorValues): Sql[] {
  const first = keys[0]!;
  if (keys.every((k) => !k.nullable && k.direction === first.direction)) {
    const op = raw(first.direction === 'asc' ? '>' : '<');
    if (keys.length === 1) return [sql`${first.expr} ${op} ${bound(first, values[0]!)}`];
    return [sql`(${join(keys.map((k) => k.expr))}) ${op} (${join(keys.map((k, i) => bound(k, values[i]!)))})`];
  }
  const disjuncts: Sql[] = [];
  keys.forEach((key, i) => {
    const after = afterTerm(key, values[i] ?? null);
    if (!after) return;
    const equalBefore = keys.slice(0, i).map((k, j) => equalTerm(k, values[j] ?? null));
    disjuncts.push(equalBefore.length === 0 ? after : sql`(${join([...equalBefore, after], ' and ')})`);
  });
  const expansion = disjuncts.length === 0 ? raw('false') : disjuncts.length === 1 ? disjuncts[0]! : sql`(${join(disjuncts, ' or ')})`;
  // A never-blank first key also bounds the scan, which a (col, …) index can use even when later directions differ.
  const lead = !first.nullable && values[0] !== null ? [sql`${first.expr} ${raw(first.direction === 'asc' ? '>=' : '<=')} ${bound(first, values[0]!)}`] : [];
  return [...lead, expansion];
}

function equalTerm(key: OrderKey, value: string | null): Sql {
  return value === null ? sql`${key.expr} is null` : sql`${key.expr} = ${bound(key, value)}`;
}

/** Rows strictly after `value` on this key alone; undefined when none can be (blanks are last ascending). */
function afterTerm(key: OrderKey, value: string | null): Sql | undefined {
  if (key.direction === 'asc') {
    if (value === null) return undefined;
    return key.nullable ? sql`(${key.expr} > ${bound(key, value)} or ${key.expr} is null)` : sql`${key.expr} > ${bound(key, value)}`;
  }
  return value === null ? sql`${key.expr} is not null` : sql`${key.expr} < ${bound(key, value)}`;
}
