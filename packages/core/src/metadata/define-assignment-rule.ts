import { z } from 'zod';
import { checkFormula } from '../formula/check-formula.ts';
import { FORMULA_LIMITS } from '../formula/formula-problem.ts';
import { localizedText } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { API_NAME_PATTERN, type AssignmentRule, type ObjectDef, type WorkspaceMetadata } from './types.ts';

/**
 * Assignment rules as metadata: ordered entries, each an optional boolean
 * condition and whom to assign to. Users and roles are checked when the
 * rule runs (they change without a metadata change); formulas now.
 */

const apiName = z.string().max(40).regex(API_NAME_PATTERN);
const target = z.union([z.strictObject({ user: z.uuid() }), z.strictObject({ roleRoundRobin: z.uuid() }), z.strictObject({ roleLeastLoaded: z.uuid() })]);
const entry = z.strictObject({ condition: z.string().min(1).max(FORMULA_LIMITS.length).optional(), assignTo: target });
const shape = { apiName, label: localizedText(200).optional(), active: z.boolean().optional(), entries: z.array(entry).min(1).max(100) };
const ruleInput = z.strictObject(shape);
const rulePatch = z.strictObject({ ...shape, apiName: apiName.optional(), entries: shape.entries.optional() });

export const MAX_ASSIGNMENT_RULES_PER_OBJECT = 20;
export type AssignmentRuleContext = { metadata: WorkspaceMetadata; object: ObjectDef };

function conditionProblems(rule: Pick<AssignmentRule, 'entries'>, ctx: AssignmentRuleContext) {
  return rule.entries.flatMap((e, i) => {
    if (!e.condition) return [];
    const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source: e.condition, returnType: 'boolean' });
    return checked.ok ? [] : [{ field: `entries[${i}].condition`, code: checked.problem.code, params: checked.problem.params }];
  });
}

export function defineAssignmentRule(input: unknown, ctx: AssignmentRuleContext): AssignmentRule {
  const { data, problems } = parseReportingAll(ruleInput, input);
  const existing = ctx.object.assignmentRules ?? [];
  if (existing.length >= MAX_ASSIGNMENT_RULES_PER_OBJECT) problems.push({ field: 'assignmentRules', code: 'tooMany', params: { max: MAX_ASSIGNMENT_RULES_PER_OBJECT } });
  if (data.apiName !== undefined && existing.some((r) => r.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  if (data.entries) problems.push(...conditionProblems({ entries: data.entries }, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return { apiName: data.apiName!, ...(data.label ? { label: data.label } : {}), active: data.active ?? true, entries: data.entries! };
}

export function patchAssignmentRule(current: AssignmentRule, input: unknown, ctx: AssignmentRuleContext): AssignmentRule {
  const { data, problems } = parseReportingAll(rulePatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  const next: AssignmentRule = { ...current, ...(data.label ? { label: data.label } : {}), active: data.active ?? current.active, entries: data.entries ?? current.entries };
  if (problems.length === 0) problems.push(...conditionProblems(next, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** Problems of a rule after a field change (conditions that no longer check). */
export const assignmentRuleProblems = conditionProblems;

/** The input shapes, for the API document. */
export const assignmentRuleInputs = { create: ruleInput, patch: rulePatch };
