import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import { toApiValue } from '../formula/formula-values.ts';
import type { ApprovalProcess, AutomationValues, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';
import { pathsToLoad } from './formula-inputs.ts';

/**
 * The formulas of an approval process evaluated on a record: entry
 * criteria, step criteria and outcome field values. Checked once per
 * process definition (definitions are immutable per metadata version, so a
 * WeakMap on the definition is the cache), evaluated in memory.
 */

type Rec = Readonly<Record<string, unknown>>;
export type ApprovalEvalInput = { metadata: WorkspaceMetadata; object: ObjectDef; process: ApprovalProcess; record: Rec; context: FormulaContext };

const compiled = new WeakMap<ApprovalProcess, Map<string, CheckedFormula | null>>();

function formulaOf(input: Omit<ApprovalEvalInput, 'record' | 'context'>, source: string): CheckedFormula | null {
  let cache = compiled.get(input.process);
  if (!cache) compiled.set(input.process, (cache = new Map()));
  if (!cache.has(source)) {
    const c = checkFormula({ metadata: input.metadata, object: input.object.apiName, source });
    cache.set(source, c.ok ? c : null);
  }
  return cache.get(source)!;
}

/** Whether a boolean criterion holds; absent criteria always hold, and one that no longer checks (a field changed) never does. */
export function approvalCriterionHolds(input: ApprovalEvalInput, source: string | undefined): boolean {
  if (source === undefined) return true;
  const f = formulaOf(input, source);
  return f !== null && evaluateFormula(f.tree, { record: input.record, context: input.context }) === true;
}

/** API values of an outcome's `updateFields`: formulas evaluated on the record, literals as they are. */
export function approvalValues(input: ApprovalEvalInput, values: AutomationValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(values)) {
    if (typeof v !== 'string') out[field] = v;
    else {
      const f = formulaOf(input, v);
      out[field] = f ? toApiValue(evaluateFormula(f.tree, { record: input.record, context: input.context })) : null;
    }
  }
  return out;
}

/** Related paths (`account.level`) and own roll-ups the process's formulas read: the caller loads them before evaluating. */
export function approvalRelatedPaths(input: Omit<ApprovalEvalInput, 'record' | 'context'>): string[] {
  const p = input.process;
  const sources = [p.entryCriteria, ...p.steps.map((s) => s.criteria), ...[p.onSubmit, p.onApprove, p.onReject, p.onRecall].flatMap((o) => Object.values(o?.updateFields ?? {}))];
  const paths = sources.flatMap((s) => (typeof s === 'string' ? (formulaOf(input, s)?.paths ?? []) : []));
  return pathsToLoad(input.object, paths);
}
