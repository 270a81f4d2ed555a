import { z } from 'zod';
import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula } from '../formula/check-formula.ts';
import { FORMULA_LIMITS } from '../formula/formula-problem.ts';
import { localizedText } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { API_NAME_PATTERN, MAX_VALIDATION_RULES_PER_OBJECT, type ObjectDef, type ValidationRule, type WorkspaceMetadata } from './types.ts';

/**
 * Validation rules as metadata: shape-checked, and the condition
 * type-checked against the workspace (it must be a boolean formula; it may
 * use PRIORVALUE and ISCHANGED). Every problem is reported at once.
 */

const apiName = z.string().max(40).regex(API_NAME_PATTERN);
const shape = {
  apiName,
  condition: z.string().min(1).max(FORMULA_LIMITS.length),
  message: localizedText(1000),
  field: apiName.optional(),
  active: z.boolean().optional(),
};
const ruleInput = z.strictObject(shape);
const rulePatch = z.strictObject({ ...shape, apiName: apiName.optional(), condition: shape.condition.optional(), message: shape.message.optional(), field: apiName.nullable().optional() });

export type ValidationRuleContext = { metadata: WorkspaceMetadata; object: ObjectDef };

/** Problems with a rule's condition and field against the metadata (also used to re-check rules after field changes). */
export function validationRuleProblems(rule: Pick<ValidationRule, 'condition' | 'field'>, ctx: ValidationRuleContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source: rule.condition, rule: true, returnType: 'boolean' });
  if (!checked.ok) problems.push({ field: 'condition', code: checked.problem.code, params: checked.problem.params });
  if (rule.field !== undefined && !ctx.object.fields.some((f) => f.apiName === rule.field)) problems.push({ field: 'field', code: 'unknownField', params: { field: rule.field } });
  return problems;
}

export function defineValidationRule(input: unknown, ctx: ValidationRuleContext): ValidationRule {
  const { data, problems } = parseReportingAll(ruleInput, input);
  const existing = ctx.object.validationRules ?? [];
  if (existing.length >= MAX_VALIDATION_RULES_PER_OBJECT) problems.push({ field: 'validationRules', code: 'tooMany', params: { max: MAX_VALIDATION_RULES_PER_OBJECT } });
  if (data.apiName !== undefined && existing.some((r) => r.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  if (data.condition !== undefined) problems.push(...validationRuleProblems({ condition: data.condition, field: data.field }, ctx).filter((p) => p.field === 'condition'));
  if (data.field !== undefined) problems.push(...validationRuleProblems({ condition: 'TRUE', field: data.field }, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return { apiName: data.apiName!, condition: data.condition!, message: data.message!, ...(data.field ? { field: data.field } : {}), active: data.active ?? true };
}

/** Changes a rule; its API name never changes. `field: null` removes the field. */
export function patchValidationRule(current: ValidationRule, input: unknown, ctx: ValidationRuleContext): ValidationRule {
  const { data, problems } = parseReportingAll(rulePatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  const { field: _field, ...rest } = current;
  const field = data.field === undefined ? current.field : (data.field ?? undefined);
  const next: ValidationRule = { ...rest, ...(field ? { field } : {}), condition: data.condition ?? current.condition, message: data.message ?? current.message, active: data.active ?? current.active };
  if (problems.length === 0) problems.push(...validationRuleProblems(next, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** The input shapes, for the API document. */
export const validationRuleInputs = { create: ruleInput, patch: rulePatch };
