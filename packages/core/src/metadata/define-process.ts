import { z } from 'zod';
import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula } from '../formula/check-formula.ts';
import { FORMULA_LIMITS } from '../formula/formula-problem.ts';
import { localizedText } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { API_NAME_PATTERN, MAX_PROCESSES_PER_OBJECT, type ObjectDef, type ProcessDef, type WorkspaceMetadata } from './types.ts';

/**
 * Processes as metadata: shape-checked, every state named must be a value
 * of the picklist, every guard a boolean formula that type-checks. All
 * problems are reported at once, each with its path.
 */

const apiName = z.string().max(40).regex(API_NAME_PATTERN);
const transition = z.strictObject({
  from: z.string().min(1).max(100),
  to: z.string().min(1).max(100),
  roles: z.array(z.uuid()).max(100).optional(),
  guard: z.string().min(1).max(FORMULA_LIMITS.length).optional(),
  message: localizedText(1000).optional(),
});
const shape = {
  apiName,
  field: apiName,
  label: localizedText(200).optional(),
  initial: z.array(z.string().min(1).max(100)).max(100).optional(),
  transitions: z.array(transition).min(1).max(500),
  active: z.boolean().optional(),
};
const processInput = z.strictObject(shape);
const processPatch = z.strictObject({ ...shape, apiName: apiName.optional(), field: apiName.optional(), transitions: shape.transitions.optional(), initial: shape.initial.nullable() });

export type ProcessContext = { metadata: WorkspaceMetadata; object: ObjectDef };

/** Problems of a whole process against the metadata (also used to re-check processes after field changes). */
export function processDefinitionProblems(p: Pick<ProcessDef, 'field' | 'initial' | 'transitions'>, ctx: ProcessContext): FieldProblem[] {
  const field = ctx.object.fields.find((f) => f.apiName === p.field);
  if (!field || field.type !== 'picklist') return [{ field: 'field', code: 'invalidValue', params: { detail: `"${p.field}" is not a picklist field of ${ctx.object.apiName}` } }];
  const values = new Set((field.values ?? []).map((v) => v.apiName));
  const problems: FieldProblem[] = [];
  const state = (path: string, v: string, any: boolean) => {
    if (!(any && v === '*') && !values.has(v)) problems.push({ field: path, code: 'invalidPicklistValue', params: { value: v.slice(0, 100) } });
  };
  (p.initial ?? []).forEach((v, i) => state(`initial[${i}]`, v, false));
  p.transitions.forEach((t, i) => {
    state(`transitions[${i}].from`, t.from, true);
    state(`transitions[${i}].to`, t.to, false);
    if (t.guard !== undefined) {
      const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source: t.guard, rule: true, returnType: 'boolean' });
      if (!checked.ok) problems.push({ field: `transitions[${i}].guard`, code: checked.problem.code, params: checked.problem.params });
    }
  });
  return problems;
}

export function defineProcess(input: unknown, ctx: ProcessContext): ProcessDef {
  const { data, problems } = parseReportingAll(processInput, input);
  const existing = ctx.object.processes ?? [];
  if (existing.length >= MAX_PROCESSES_PER_OBJECT) problems.push({ field: 'processes', code: 'tooMany', params: { max: MAX_PROCESSES_PER_OBJECT } });
  if (data.apiName !== undefined && existing.some((p) => p.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  if (data.field !== undefined && existing.some((p) => p.field === data.field && p.active)) problems.push({ field: 'field', code: 'alreadyExists', params: { value: data.field } });
  if (problems.length === 0) problems.push(...processDefinitionProblems({ field: data.field!, initial: data.initial, transitions: data.transitions! }, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return {
    apiName: data.apiName!,
    field: data.field!,
    ...(data.label ? { label: data.label } : {}),
    ...(data.initial ? { initial: data.initial } : {}),
    transitions: data.transitions!,
    active: data.active ?? true,
  };
}

export function patchProcess(current: ProcessDef, input: unknown, ctx: ProcessContext): ProcessDef {
  const { data, problems } = parseReportingAll(processPatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  if (data.field !== undefined && data.field !== current.field) problems.push({ field: 'field', code: 'invalidValue', params: { detail: 'a process stays on its field; create another process instead' } });
  const { initial: _initial, ...rest } = current;
  const initial = data.initial === undefined ? current.initial : (data.initial ?? undefined);
  const next: ProcessDef = { ...rest, ...(initial ? { initial } : {}), ...(data.label ? { label: data.label } : {}), transitions: data.transitions ?? current.transitions, active: data.active ?? current.active };
  if (problems.length === 0) problems.push(...processDefinitionProblems(next, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** The input shapes, for the API document. */
export const processInputs = { create: processInput, patch: processPatch };
