import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import { toApiValue } from '../formula/formula-values.ts';
import { isBeforeSave } from '../metadata/define-automation-rule.ts';
import type { AutomationRule, AutomationValues, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';
import { pathsToLoad } from './formula-inputs.ts';

/**
 * Which automation rules a write starts, and the values their actions
 * write. Formulas are checked once per metadata version (metadata objects
 * are immutable and cached per version, so a WeakMap on the object
 * definition is exactly that cache), then evaluated in memory per record.
 */

type Compiled = { rule: AutomationRule; condition: CheckedFormula | null; formulas: Map<string, CheckedFormula> };
const compiled = new WeakMap<ObjectDef, Compiled[]>();

export type RecordOperation = 'create' | 'update' | 'delete';
type Rec = Readonly<Record<string, unknown>>;

function compile(metadata: WorkspaceMetadata, object: ObjectDef): Compiled[] {
  let rules = compiled.get(object);
  if (rules) return rules;
  const check = (source: string) => {
    const c = checkFormula({ metadata, object: object.apiName, source, rule: true });
    return c.ok ? c : null;
  };
  rules = (object.automationRules ?? [])
    .filter((r) => r.active)
    .flatMap((rule) => {
      const condition = rule.condition ? check(rule.condition) : null;
      // Rules are re-checked whenever fields change; one that no longer checks is skipped rather than blocking every write.
      if (rule.condition && !condition) return [];
      const formulas = new Map<string, CheckedFormula>();
      for (const a of rule.actions) {
        if (a.type !== 'updateFields' && a.type !== 'createRecord') continue;
        for (const v of Object.values(a.values)) {
          if (typeof v !== 'string' || formulas.has(v)) continue;
          const f = check(v);
          if (!f) return [];
          formulas.set(v, f);
        }
      }
      return [{ rule, condition, formulas }];
    });
  compiled.set(object, rules);
  return rules;
}

/** Active rules of the object, in their order. */
export const activeAutomationRules = (metadata: WorkspaceMetadata, object: ObjectDef): AutomationRule[] => compile(metadata, object).map((c) => c.rule);

/** Related paths (`account.name`) and own roll-ups the rules read: the write path loads them before evaluating. */
export function automationRelatedPaths(metadata: WorkspaceMetadata, object: ObjectDef): string[] {
  const paths = compile(metadata, object).flatMap((c) => [...(c.condition?.paths ?? []), ...[...c.formulas.values()].flatMap((f) => f.paths)]);
  return pathsToLoad(object, paths);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether a record event is one the rule's trigger names (scheduled triggers never match an event). */
export function triggerMatches(rule: AutomationRule, operation: RecordOperation, record: Rec, prior: Rec | undefined): boolean {
  const t = rule.trigger;
  switch (t.on) {
    case 'create':
    case 'update':
    case 'delete':
      return t.on === operation;
    case 'fieldChanged':
      return operation === 'update' && prior !== undefined && !same(prior[t.field], record[t.field]);
    case 'stateEntered':
      return (operation === 'create' && record[t.field] === t.value) || (operation === 'update' && prior !== undefined && prior[t.field] !== t.value && record[t.field] === t.value);
    default:
      return false;
  }
}

type EvalInput = { metadata: WorkspaceMetadata; object: ObjectDef; record: Rec; prior?: Rec; context: FormulaContext };

function conditionHolds(c: Compiled, input: EvalInput): boolean {
  if (!c.condition) return true;
  // PRIORVALUE on a create reads the record itself, as in validation rules.
  return evaluateFormula(c.condition.tree, { record: input.record, prior: input.prior, context: input.context }) === true;
}

/** Rules this record event starts: trigger and condition both hold on the record as written. */
export function triggeredRules(input: EvalInput & { operation: RecordOperation }): AutomationRule[] {
  return compile(input.metadata, input.object)
    .filter((c) => triggerMatches(c.rule, input.operation, input.record, input.prior) && conditionHolds(c, input))
    .map((c) => c.rule);
}

/** Whether a rule's condition holds now (scheduled rules are checked when they run). */
export function automationConditionHolds(rule: AutomationRule, input: EvalInput): boolean {
  const c = compile(input.metadata, input.object).find((x) => x.rule === rule);
  return c !== undefined && conditionHolds(c, input);
}

/** The API values of an action's `values`: formulas evaluated on the triggering record, literals as they are. */
export function automationValues(rule: AutomationRule, values: AutomationValues, input: EvalInput): Record<string, unknown> {
  const c = compile(input.metadata, input.object).find((x) => x.rule === rule);
  const out: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(values)) {
    if (typeof v !== 'string') out[field] = v;
    else {
      const f = c?.formulas.get(v);
      out[field] = f ? toApiValue(evaluateFormula(f.tree, { record: input.record, prior: input.prior, context: input.context })) : null;
    }
  }
  return out;
}

/**
 * Before-save field updates for a create or update: each matching rule in
 * order sees the record as earlier rules left it. Returns the fields to
 * write on top of the caller's values (empty when no rule applies).
 */
export function beforeSaveUpdates(input: EvalInput & { operation: 'create' | 'update' }): Record<string, unknown> {
  let record: Rec = input.record;
  const updates: Record<string, unknown> = {};
  for (const c of compile(input.metadata, input.object)) {
    const before = c.rule.actions.filter((a) => isBeforeSave(c.rule, a));
    if (before.length === 0) continue;
    if (!triggerMatches(c.rule, input.operation, record, input.prior) || !conditionHolds(c, { ...input, record })) continue;
    for (const a of before) {
      if (a.type !== 'updateFields') continue;
      const v = automationValues(c.rule, a.values, { ...input, record });
      Object.assign(updates, v);
      record = { ...record, ...v };
    }
  }
  return updates;
}

/** Indexes of a rule's actions that run after commit, on the job. */
export const afterCommitActions = (rule: AutomationRule): number[] => rule.actions.flatMap((a, i) => (isBeforeSave(rule, a) ? [] : [i]));
