import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula } from '../formula/check-formula.ts';
import { compileFormulaSql } from '../formula/compile-formula-sql.ts';
import type { TypedNode } from '../formula/formula-nodes.ts';
import { valueFieldOf } from '../metadata/formula-value-field.ts';
import type { FieldDef, FieldType, FormulaReturnType, ObjectDef, RollupDef, WorkspaceMetadata } from '../metadata/types.ts';
import { baseAliasOf, createScope, fieldsOf, fromSql, joinsSql, objectIn, type FieldRef, type PathResult, type TableScope } from './field-paths.ts';
import { probeContext } from './formula-columns.ts';
import { clip } from './query-problems.ts';
import { ident, join, sql, type Sql } from './sql.ts';

/**
 * Roll-up summary fields: count, sum, min or max over the detail records
 * that point at a master. Nothing is stored: the value is a correlated
 * subquery over the detail table, so it is read from committed rows (no
 * counter to race on) and lists can select, filter and sort by it like any
 * formula field. The subquery names its tables r0, r1, … so it can still
 * refer to the master's alias in the outer statement.
 *
 * A filter may not read the current user or time (its value would depend
 * on who reads), nor another roll-up (no nesting, hence no cycles).
 */

const SUMMABLE: Partial<Record<FieldType, FormulaReturnType>> = { integer: 'number', decimal: 'number', percent: 'number', currency: 'currency' };
const ORDERED: Partial<Record<FieldType, FormulaReturnType>> = { ...SUMMABLE, date: 'date', datetime: 'datetime' };

const ALIAS_PREFIX = 'r';

export type CheckedRollup = { ok: true; returnType: FormulaReturnType; compile: (masterAlias: string) => Sql } | { ok: false; problems: FieldProblem[] };

/** Checks a roll-up definition of `master` against the workspace; problems are on `rollup.<key>`. */
export function checkRollup(metadata: WorkspaceMetadata, master: string, spec: RollupDef): CheckedRollup {
  const problems: FieldProblem[] = [];
  const refuse = (key: string, detail: string) => problems.push({ field: `rollup.${key}`, code: 'invalidValue', params: { detail } });
  const detail = objectIn(metadata, spec.object);
  if (!detail) return { ok: false, problems: [{ field: 'rollup.object', code: 'unknownObject', params: { object: clip(spec.object) } }] };

  const via = fieldsOf(detail).get(spec.via);
  if (!via) problems.push({ field: 'rollup.via', code: 'unknownField', params: { field: clip(spec.via) } });
  else if ((via.type !== 'lookup' && via.type !== 'masterDetail') || via.target !== master) refuse('via', `must be a lookup or master-detail field of ${detail.apiName} pointing at ${master}`);

  let summed: FieldDef | undefined;
  let returnType: FormulaReturnType = 'number';
  if (spec.function === 'count') {
    if (spec.field !== undefined) refuse('field', 'count counts records; leave out field');
  } else if (spec.field === undefined) {
    problems.push({ field: 'rollup.field', code: 'required' });
  } else {
    summed = fieldsOf(detail).get(spec.field);
    const allowed = spec.function === 'sum' ? SUMMABLE : ORDERED;
    if (!summed) problems.push({ field: 'rollup.field', code: 'unknownField', params: { field: clip(spec.field) } });
    else if (allowed[summed.type] === undefined) {
      refuse('field', `${spec.function} needs a stored ${spec.function === 'sum' ? 'number or currency' : 'number, currency, date or datetime'} field, not ${summed.type}`);
    } else returnType = allowed[summed.type]!;
  }

  let filterTree: CheckedFilter | undefined;
  if (spec.filter !== undefined) {
    filterTree = checkFilter(metadata, detail, spec.filter);
    if (!filterTree.ok) problems.push({ field: 'rollup.filter', code: filterTree.problem.code, params: filterTree.problem.params });
  }
  if (problems.length > 0) return { ok: false, problems };

  // The filter's joins (made while checking it) belong to this subquery alone.
  const scope = filterTree?.ok ? filterTree.scope : createScope(metadata, detail.apiName, undefined, ALIAS_PREFIX);
  const compile = (masterAlias: string): Sql => {
    const base = baseAliasOf(scope);
    // Filters are checked not to read the context, so the probe is never consulted.
    const filter = filterTree;
    const terms = [sql`${ident(base)}.${ident(spec.via)} = ${ident(masterAlias)}.${ident('id')}`];
    if (filter?.ok) terms.push(sql`(${compileFormulaSql(filter.tree, probeContext())}) is true`);
    const column = summed ? sql`${ident(base)}.${ident(summed.apiName)}` : sql``;
    const aggregate =
      spec.function === 'count' ? sql`count(*)` : spec.function === 'sum' ? sql`coalesce(sum(${column}), 0)${returnType === 'currency' ? sql`::numeric(38,2)` : sql``}` : spec.function === 'min' ? sql`min(${column})` : sql`max(${column})`;
    return sql`(select ${aggregate} from ${fromSql(scope)} ${join(joinsSql(scope), ' ')} where ${join(terms, ' and ')})`;
  };
  return { ok: true, returnType, compile };
}

type CheckedFilter = { ok: true; tree: TypedNode; scope: TableScope } | { ok: false; problem: { code: FieldProblem['code']; params: Record<string, unknown> } };

function checkFilter(metadata: WorkspaceMetadata, detail: ObjectDef, source: string): CheckedFilter {
  const scope = createScope(metadata, detail.apiName, undefined, ALIAS_PREFIX);
  const checked = checkFormula({ metadata, object: detail.apiName, source, scope, returnType: 'boolean', inRollup: true });
  if (!checked.ok) return checked;
  const probe = probeContext();
  compileFormulaSql(checked.tree, probe);
  if (probe.touched) return { ok: false, problem: { code: 'invalidValue', params: { detail: 'a roll-up filter cannot depend on the current user or time (TODAY, NOW, $User): its value would change with who reads it' } } };
  return { ok: true, tree: checked.tree, scope };
}

/**
 * A roll-up field reached at `ref` (on the base table or through lookups)
 * as a readable ref: its value field, and the subquery in place of a column.
 */
export function rollupRef(metadata: WorkspaceMetadata, ref: FieldRef): PathResult {
  const checked = ref.field.rollup ? checkRollup(metadata, ref.object.apiName, ref.field.rollup) : undefined;
  // Metadata changes that would break a roll-up are refused, so this is one the caller's view cannot use.
  if (!checked?.ok) return { ok: false, code: 'invalidValue', params: { detail: `the roll-up ${clip(ref.path)} no longer checks` } };
  return { ok: true, ref: { ...ref, field: valueFieldOf(ref.field), expr: checked.compile(ref.alias) } };
}

/** Roll-up fields (`object.field`) whose definitions no longer check against `metadata`. */
export function brokenRollupFields(metadata: WorkspaceMetadata): string[] {
  return Object.values(metadata.objects).flatMap((o) =>
    o.fields
      .filter((f) => f.type === 'rollup' && !rollupStillHolds(metadata, o.apiName, f))
      .map((f) => `${o.apiName}.${f.apiName}`),
  );
}

/** Its definition checks and still computes what it was defined to (a summed field retyped from number to currency changes that). */
export function rollupStillHolds(metadata: WorkspaceMetadata, master: string, field: FieldDef): boolean {
  if (!field.rollup) return false;
  const checked = checkRollup(metadata, master, field.rollup);
  return checked.ok && checked.returnType === (field.returnType ?? 'number');
}
