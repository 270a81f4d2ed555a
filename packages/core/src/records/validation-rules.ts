import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import type { ObjectDef, ValidationRule, WorkspaceMetadata } from '../metadata/types.ts';

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

/** Related paths (`account.name`) the active rules read: the write path loads them before evaluating. */
export function ruleRelatedPaths(metadata: WorkspaceMetadata, object: ObjectDef): string[] {
  return [...new Set(compiledRules(metadata, object).flatMap((r) => r.formula.paths.filter((p) => p.includes('.'))))];
}

/** One problem per broken rule, on the rule's field (or `body`), with `prefix` for batch paths. */
export function brokenValidationRules(input: {
  metadata: WorkspaceMetadata;
  object: ObjectDef;
  record: Readonly<Record<string, unknown>>;
  prior?: Readonly<Record<string, unknown>>;
  context: FormulaContext;
  prefix?: string;
}): FieldProblem[] {
  return compiledRules(input.metadata, input.object)
    .filter(({ formula }) => evaluateFormula(formula.tree, { record: input.record, prior: input.prior, context: input.context }) === true)
    .map(({ rule }) => ({ field: (input.prefix ?? '') + (rule.field ?? 'body'), code: 'validationRule', params: { rule: rule.apiName, message: rule.message } }));
}
