import { z } from 'zod';
import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula } from '../formula/check-formula.ts';
import { FORMULA_LIMITS } from '../formula/formula-problem.ts';
import { FIELD_FORMULA_TYPE } from '../formula/formula-values.ts';
import { localizedText } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { API_NAME_PATTERN, MAX_APPROVAL_PROCESSES_PER_OBJECT, MAX_APPROVAL_STEPS, type ApprovalProcess, type ObjectDef, type WorkspaceMetadata } from './types.ts';

/**
 * Approval processes as metadata: the shape is checked with zod, then every
 * formula (entry criteria, step criteria, field updates) is type-checked
 * against the object. Every problem is reported at once, each with its path
 * (`steps[1].approver`, `onApprove.updateFields.status`). Whether named
 * users and roles belong to the workspace is the server's check (I/O).
 */

const apiName = z.string().max(40).regex(API_NAME_PATTERN);
const formula = z.string().min(1).max(FORMULA_LIMITS.length);
const approver = z.union([z.strictObject({ user: z.uuid() }), z.strictObject({ submitterManager: z.literal(true) }), z.strictObject({ role: z.uuid() })]);
const step = z.strictObject({ name: z.string().min(1).max(100).optional(), approver, criteria: formula.optional() });
const values = z.record(z.string().max(100), z.unknown()).refine((v) => Object.keys(v).length > 0 && Object.keys(v).length <= 200, { params: { code: 'outOfRange', detail: 'from 1 to 200 fields' } });
const updates = z.strictObject({ updateFields: values });

const shape = {
  apiName,
  label: localizedText(200).optional(),
  active: z.boolean().optional(),
  entryCriteria: formula.optional(),
  steps: z.array(step).min(1).max(MAX_APPROVAL_STEPS),
  onSubmit: updates.optional(),
  onApprove: updates.optional(),
  onReject: updates.optional(),
  onRecall: updates.optional(),
};
const processInput = z.strictObject(shape);
const processPatch = z.strictObject({
  ...shape,
  apiName: apiName.optional(),
  steps: shape.steps.optional(),
  entryCriteria: formula.nullable().optional(),
  onSubmit: updates.nullable().optional(),
  onApprove: updates.nullable().optional(),
  onReject: updates.nullable().optional(),
  onRecall: updates.nullable().optional(),
});

export type ApprovalProcessContext = { metadata: WorkspaceMetadata; object: ObjectDef };
const OUTCOMES = ['onSubmit', 'onApprove', 'onReject', 'onRecall'] as const;
const READ_ONLY = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

function booleanProblem(path: string, source: string | undefined, ctx: ApprovalProcessContext): FieldProblem[] {
  if (source === undefined) return [];
  const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source, returnType: 'boolean' });
  return checked.ok ? [] : [{ field: path, code: checked.problem.code, params: checked.problem.params }];
}

/** Problems of a whole process against the metadata (also used to re-check processes after field changes). */
export function approvalProcessProblems(p: Pick<ApprovalProcess, 'entryCriteria' | 'steps' | 'onSubmit' | 'onApprove' | 'onReject' | 'onRecall'>, ctx: ApprovalProcessContext): FieldProblem[] {
  const problems: FieldProblem[] = [...booleanProblem('entryCriteria', p.entryCriteria, ctx)];
  p.steps.forEach((s, i) => problems.push(...booleanProblem(`steps[${i}].criteria`, s.criteria, ctx)));
  for (const outcome of OUTCOMES) {
    for (const [name, v] of Object.entries(p[outcome]?.updateFields ?? {})) {
      const at = `${outcome}.updateFields.${name}`;
      const field = ctx.object.fields.find((f) => f.apiName === name);
      if (!field) problems.push({ field: at, code: 'unknownField', params: { field: name } });
      else if (field.type === 'autoNumber' || READ_ONLY.has(name)) problems.push({ field: at, code: 'readOnlyField' });
      else if (typeof v === 'string') {
        // A picklist takes text; a string is a formula (`"approved"` with its quotes is the text approved).
        const type = FIELD_FORMULA_TYPE[field.type];
        const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source: v, returnType: type === 'picklist' ? 'text' : type });
        if (!checked.ok) problems.push({ field: at, code: checked.problem.code, params: checked.problem.params });
        else if (field.type === 'picklist' && checked.tree.kind === 'literal') {
          const value = String(checked.tree.value);
          if (!(field.values ?? []).some((pv) => pv.apiName === value)) problems.push({ field: at, code: 'invalidPicklistValue', params: { value: value.slice(0, 100) } });
        }
      }
    }
  }
  return problems;
}

export function defineApprovalProcess(input: unknown, ctx: ApprovalProcessContext): ApprovalProcess {
  const { data, problems } = parseReportingAll(processInput, input);
  const existing = ctx.object.approvalProcesses ?? [];
  if (existing.length >= MAX_APPROVAL_PROCESSES_PER_OBJECT) problems.push({ field: 'approvalProcesses', code: 'tooMany', params: { max: MAX_APPROVAL_PROCESSES_PER_OBJECT } });
  if (data.apiName !== undefined && existing.some((p) => p.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  const next: ApprovalProcess = {
    apiName: data.apiName!,
    ...(data.label ? { label: data.label } : {}),
    active: data.active ?? true,
    ...(data.entryCriteria ? { entryCriteria: data.entryCriteria } : {}),
    steps: (data.steps ?? []) as ApprovalProcess['steps'],
    ...(data.onSubmit ? { onSubmit: data.onSubmit } : {}),
    ...(data.onApprove ? { onApprove: data.onApprove } : {}),
    ...(data.onReject ? { onReject: data.onReject } : {}),
    ...(data.onRecall ? { onRecall: data.onRecall } : {}),
  };
  problems.push(...approvalProcessProblems(next, ctx).filter((p) => !problems.some((q) => q.field === p.field)));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** Changes a process; its API name never changes; `steps` are replaced whole; `null` removes criteria or an outcome. */
export function patchApprovalProcess(current: ApprovalProcess, input: unknown, ctx: ApprovalProcessContext): ApprovalProcess {
  const { data, problems } = parseReportingAll(processPatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const next: ApprovalProcess = { ...current, ...(data.label ? { label: data.label } : {}), active: data.active ?? current.active, steps: (data.steps as ApprovalProcess['steps'] | undefined) ?? current.steps };
  for (const key of ['entryCriteria', ...OUTCOMES] as const) {
    if (!(key in given) || !(key in data)) continue;
    const value = data[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  if (problems.length === 0) problems.push(...approvalProcessProblems(next, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** The input shapes, for the API document. */
export const approvalProcessInputs = { create: processInput, patch: processPatch };
