import { columnsOf, fromRow } from '../metadata/field-values.ts';
import { columnOf, type FieldRef, type TableScope } from './field-paths.ts';
import { resolveReadable } from './formula-columns.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { report, type Problems } from './query-problems.ts';
import { ident, sql, type Sql } from './sql.ts';

/**
 * The fields a read returns. Base fields are selected under their column
 * names, so rows read like the object's table; related fields under
 * "<table alias>.<column>", which no API name can collide with (API names
 * have no dots) and which fits Postgres's 63-character identifiers however
 * long the path is. Records key related values by their dotted path.
 */

/** `id` first and always; by default every field of the object. */
export function resolveFields(scope: TableScope, fields: unknown, problems: Problems): FieldRef[] {
  const requested = fields === undefined ? scope.base.fields.map((f) => f.apiName) : fields;
  if (!Array.isArray(requested) || !requested.every((f): f is string => typeof f === 'string')) {
    report(problems, 'fields', 'wrongType', { expected: 'a list of field names' });
    return [];
  }
  if (requested.length > QUERY_LIMITS.fields) {
    report(problems, 'fields', 'outOfRange', { detail: `at most ${QUERY_LIMITS.fields} fields` });
    return [];
  }
  const refs = new Map<string, FieldRef>();
  for (const path of ['id', ...requested]) {
    if (refs.has(path)) continue;
    const resolved = resolveReadable(scope, path);
    if (resolved.ok) refs.set(path, resolved.ref);
    else report(problems, 'fields', resolved.code, resolved.params);
  }
  return [...refs.values()];
}

/** Formula values are always aliased like related columns: computed, they have no column name of their own. */
const isRelated = (ref: FieldRef): boolean => ref.joinPaths.length > 0 || ref.expr !== undefined;
const relatedAlias = (ref: FieldRef, column: string): string => `${ref.alias}.${column}`;

export function selectColumns(refs: readonly FieldRef[]): Sql[] {
  return refs.flatMap((ref) =>
    columnsOf(ref.field).map((c) => (isRelated(ref) ? sql`${columnOf(ref, c.name)} as ${ident(relatedAlias(ref, c.name))}` : columnOf(ref, c.name))),
  );
}

/** A result row as an API record: values converted by field type, related ones under their paths. */
export function recordFrom(refs: readonly FieldRef[], row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const ref of refs) {
    const source = isRelated(ref) ? Object.fromEntries(columnsOf(ref.field).map((c) => [c.name, row[relatedAlias(ref, c.name)]])) : row;
    record[ref.path] = fromRow(ref.field, source);
  }
  return record;
}
