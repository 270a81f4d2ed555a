import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { ObjectDef, ValidationRule, WorkspaceMetadata } from '../metadata/types.ts';
import { requirementPaths, type RecordCheckInput } from './field-formulas.ts';
import { pathsToLoad } from './formula-inputs.ts';

/**
 * Evaluates an object's active validation rules on a record about to be
 * written. Conditions are checked once per metadata version (metadata
 * objects are immutable and cached per version, so a WeakMap on the object
 * definition is exactly that cache).
 */

type CompiledRule = { rule: ValidationRule; formula: CheckedFormula };
const compiled = new WeakMap<ObjectDef, CompiledRule[]>();

export function compiledRules(metadata: WorkspaceMetadata, object: ObjectDef): CompiledRule[] {
  let rules = compiled.get(object);
  if (!rules) {
    rules = (object.validationRules ?? [])
      .filter((r) => r.active)
      .flatMap((rule) => {
        const formula = checkFormula({ metadata, object: object.apiName, source: rule.condition, rule: true, returnType: 'boolean' });
        // Rules are re-checked whenever fields change, so one that no longer checks is skipped rather than blocking every write.
        return formula.ok ? [{ rule, formula }] : [];
      });
    compiled.set(object, rules);
  }
  return rules;
}

const rulePaths = (metadata: WorkspaceMetadata, object: ObjectDef): string[] => [
  ...compiledRules(metadata, object).flatMap((r) => r.formula.paths),
  ...requirementPaths(metadata, object),
];

/** Related paths (`account.name`) and own roll-ups the active rules and required-when conditions read: the write path loads them before evaluating. */
export function ruleRelatedPaths(metadata: WorkspaceMetadata, object: ObjectDef): string[] {
  return pathsToLoad(object, rulePaths(metadata, object));
}

/** Whether saving a record of the object has rules or required-when conditions to check. */
export const hasRecordRules = (metadata: WorkspaceMetadata, object: ObjectDef): boolean =>
  compiledRules(metadata, object).length > 0 || object.fields.some((f) => f.requiredWhen !== undefined);

/** One problem per broken rule, on the rule's field (or `body`), with `prefix` for batch paths. */
export function brokenValidationRules(input: RecordCheckInput): FieldProblem[] {
  return compiledRules(input.metadata, input.object)
    .filter(({ formula }) => evaluateFormula(formula.tree, { record: input.record, prior: input.prior, context: input.context }) === true)
    .map(({ rule }) => ({ field: (input.prefix ?? '') + (rule.field ?? 'body'), code: 'validationRule', params: { rule: rule.apiName, message: rule.message } }));
}
