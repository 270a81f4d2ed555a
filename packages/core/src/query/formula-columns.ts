import { checkFormulaField } from '../formula/check-formula.ts';
import { compileFormulaSql, formulaJoins } from '../formula/compile-formula-sql.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import { valueFieldOf } from '../metadata/formula-value-field.ts';
import { resolvePath, type FieldRef, type PathResult, type TableScope } from './field-paths.ts';
import { clip } from './query-problems.ts';
import { rollupRef } from './rollup-columns.ts';
import { sql } from './sql.ts';

/**
 * Field paths as reads use them (selected fields, filters, sorts): like
 * resolvePath, except that a formula field becomes its compiled SQL
 * expression over the same scope, so its lookups join once with the rest
 * of the statement. The ref then carries the formula's value field (a
 * number formula reads, filters and sorts as a decimal) and the expression
 * in place of a column.
 */
export function resolveReadable(scope: TableScope, path: string): PathResult {
  const resolved = resolvePath(scope, path);
  if (resolved.ok && resolved.ref.field.type === 'rollup') return rollupRef(scope.metadata, resolved.ref);
  if (!resolved.ok || resolved.ref.field.type !== 'formula') return resolved;
  return formulaRef(scope, resolved.ref);
}

function formulaRef(scope: TableScope, ref: FieldRef): PathResult {
  const prefix = ref.path.split('.').slice(0, -1).join('.');
  const checked = checkFormulaField({
    metadata: scope.metadata,
    object: ref.object,
    field: ref.field,
    scope,
    root: { object: ref.object, alias: ref.alias, prefix, joinPaths: ref.joinPaths },
  });
  // Metadata changes are refused while they would break a formula field, so this is a field the caller cannot use as it stands.
  if (!checked.ok) return { ok: false, code: 'invalidValue', params: { detail: `the formula of ${clip(ref.path)} no longer checks` } };
  const context = scope.context ?? probeContext();
  const expr = compileFormulaSql(checked.tree, context);
  if (!scope.context && (context as ProbeContext).touched) {
    return { ok: false, code: 'invalidValue', params: { detail: `${clip(ref.path)} depends on the current user or time, which this query does not have` } };
  }
  const joinPaths = [...new Set([...ref.joinPaths, ...formulaJoins(checked.tree)])];
  return { ok: true, ref: { ...ref, field: valueFieldOf(ref.field), joinPaths, expr: sql`(${expr})` } };
}

export type ProbeContext = FormulaContext & { readonly touched: boolean };

/** A context that notes whether the compiled formula read it (TODAY, NOW, DATEVALUE, $User): such a formula needs a real one. */
export function probeContext(): ProbeContext {
  let touched = false;
  return {
    get now() {
      touched = true;
      return new Date(0);
    },
    get timeZone() {
      touched = true;
      return 'UTC';
    },
    get user() {
      touched = true;
      return { id: '', name: '', email: '' };
    },
    get touched() {
      return touched;
    },
  };
}
