import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import type { ObjectDef, ProcessDef, ProcessTransition, WorkspaceMetadata } from '../metadata/types.ts';
import { pathsToLoad } from './formula-inputs.ts';

/**
 * Whether a write respects the object's processes: a new record starts in
 * an allowed state, and a change of state follows a listed transition that
 * the actor's role may make and whose guard holds. One problem per refused
 * move, on the process's field, naming the rule that refused it.
 */

const guards = new WeakMap<ProcessTransition, CheckedFormula | null>();

function guardOf(metadata: WorkspaceMetadata, object: ObjectDef, t: ProcessTransition): CheckedFormula | null {
  if (!t.guard) return null;
  let g = guards.get(t);
  if (g === undefined) {
    const checked = checkFormula({ metadata, object: object.apiName, source: t.guard, rule: true, returnType: 'boolean' });
    // Processes are re-checked when fields change; a guard that no longer checks refuses rather than allows.
    g = checked.ok ? checked : null;
    guards.set(t, g);
  }
  return g;
}

export function processProblems(input: {
  metadata: WorkspaceMetadata;
  object: ObjectDef;
  record: Readonly<Record<string, unknown>>;
  prior?: Readonly<Record<string, unknown>>;
  /** The actor's role and the roles above it do not count: a transition names exactly who may make it. */
  roleId: string | null;
  /** Administrators may make any listed move whatever its roles (they still follow the process). */
  isAdmin: boolean;
  context: FormulaContext;
  prefix?: string;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const p of (input.object.processes ?? []).filter((x: ProcessDef) => x.active)) {
    const to = input.record[p.field];
    const path = (input.prefix ?? '') + p.field;
    // Messages name the field, the states and the process as people see them (labels in their language), not by API name.
    const def = input.object.fields.find((f) => f.apiName === p.field);
    const state = (v: unknown) => def?.values?.find((x) => x.apiName === v)?.label ?? String(v ?? '-');
    const names = { field: def?.label ?? p.field, process: p.label ?? p.apiName };
    if (!input.prior) {
      if (p.initial && typeof to === 'string' && !p.initial.includes(to)) problems.push({ field: path, code: 'processStart', params: { ...names, value: state(to), allowed: p.initial.join(', ') } });
      continue;
    }
    const from = input.prior[p.field];
    if (from === to || typeof to !== 'string') continue;
    const candidates = p.transitions.filter((t) => (t.from === '*' || t.from === from) && t.to === to);
    if (candidates.length === 0) {
      problems.push({ field: path, code: 'processMove', params: { ...names, from: state(from), to: state(to) } });
      continue;
    }
    const permitted = candidates.filter((t) => !t.roles || input.isAdmin || (input.roleId !== null && t.roles.includes(input.roleId)));
    if (permitted.length === 0) {
      problems.push({ field: path, code: 'processRole', params: { ...names, from: state(from), to: state(to) } });
      continue;
    }
    const passing = permitted.find((t) => {
      const g = guardOf(input.metadata, input.object, t);
      if (!t.guard) return true;
      return g !== null && evaluateFormula(g.tree, { record: input.record, prior: input.prior, context: input.context }) === true;
    });
    if (!passing) {
      const message = permitted.find((t) => t.message)?.message ?? { en: 'its condition is not met.', 'zh-CN': '条件不满足。', 'zh-TW': '條件不滿足。' };
      problems.push({ field: path, code: 'processGuard', params: { ...names, from: state(from), to: state(to), message } });
    }
  }
  return problems;
}

/** Related paths (`account.level`) and own roll-ups the active processes' guards read: the write path loads them before evaluating. */
export function processGuardPaths(metadata: WorkspaceMetadata, object: ObjectDef): string[] {
  const paths = (object.processes ?? [])
    .filter((p) => p.active)
    .flatMap((p) => p.transitions.flatMap((t) => guardOf(metadata, object, t)?.paths ?? []));
  return pathsToLoad(object, paths);
}
