import { z } from 'zod';
import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula } from '../formula/check-formula.ts';
import type { FormulaType } from '../formula/formula-nodes.ts';
import { FORMULA_LIMITS } from '../formula/formula-problem.ts';
import { FIELD_FORMULA_TYPE } from '../formula/formula-values.ts';
import { localizedText } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import {
  API_NAME_PATTERN,
  AUTOMATION_ACTION_TYPES,
  AUTOMATION_TRIGGER_KINDS,
  MAX_ACTIONS_PER_RULE,
  MAX_AUTOMATION_RULES_PER_OBJECT,
  type AutomationAction,
  type AutomationRule,
  type AutomationTrigger,
  type ObjectDef,
  type WorkspaceMetadata,
} from './types.ts';

/**
 * Automation rules as metadata: the shape is checked with zod, then every
 * field, state, object, formula and recipient is checked against the
 * workspace. Every problem is reported at once, each with its path
 * (`trigger.field`, `actions[1].values.amount`).
 */

const apiName = z.string().max(40).regex(API_NAME_PATTERN);
const formula = z.string().min(1).max(FORMULA_LIMITS.length);
const template = z.string().min(1).max(10_000);
const recipient = z.union([z.literal('owner'), z.uuid()]);
const values = z.record(z.string().max(100), z.unknown()).refine((v) => Object.keys(v).length > 0 && Object.keys(v).length <= 200, { params: { code: 'outOfRange', detail: 'from 1 to 200 fields' } });

const triggerShape = z.strictObject({
  on: z.enum(AUTOMATION_TRIGGER_KINDS),
  field: apiName.optional(),
  value: z.string().min(1).max(100).optional(),
  offsetDays: z.number().int().min(-3650).max(3650).optional(),
  afterHours: z.number().min(0).max(24 * 3650).optional(),
});

const ACTION_SHAPES = {
  updateFields: z.strictObject({ type: z.literal('updateFields'), values }),
  createRecord: z.strictObject({ type: z.literal('createRecord'), object: apiName, values }),
  createTask: z.strictObject({ type: z.literal('createTask'), subject: template, dueInDays: z.number().int().min(0).max(3650).optional(), assignTo: recipient.optional() }),
  notify: z.strictObject({ type: z.literal('notify'), to: recipient, message: localizedText(2000) }),
  webhook: z.strictObject({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }).max(2000) }),
  email: z.strictObject({ type: z.literal('email'), to: z.string().min(1).max(320), subject: template, body: template }),
  assign: z.strictObject({ type: z.literal('assign'), rule: apiName }),
  submitForApproval: z.strictObject({ type: z.literal('submitForApproval'), process: apiName.optional() }),
} satisfies Record<AutomationAction['type'], z.ZodObject>;

const shape = {
  apiName,
  label: localizedText(200).optional(),
  active: z.boolean().optional(),
  trigger: z.unknown(),
  condition: formula.optional(),
  actions: z.array(z.unknown()).min(1).max(MAX_ACTIONS_PER_RULE),
};
const ruleInput = z.strictObject(shape);
const rulePatch = z.strictObject({ ...shape, apiName: apiName.optional(), trigger: z.unknown().optional(), condition: formula.nullable().optional(), actions: shape.actions.optional() });

export type AutomationRuleContext = { metadata: WorkspaceMetadata; object: ObjectDef };

/** Before-save: field updates of a rule started by a create or an update run inside the write, before validation. */
export const BEFORE_SAVE_TRIGGERS: ReadonlySet<AutomationTrigger['on']> = new Set(['create', 'update', 'fieldChanged', 'stateEntered']);
export const isBeforeSave = (rule: Pick<AutomationRule, 'trigger'>, action: AutomationAction): boolean => action.type === 'updateFields' && BEFORE_SAVE_TRIGGERS.has(rule.trigger.on);

function parseTrigger(input: unknown, problems: FieldProblem[]): AutomationTrigger | undefined {
  const { data, problems: found } = parseReportingAll(triggerShape, input, 'trigger');
  problems.push(...found);
  if (found.length > 0 || !data.on) return undefined;
  const need = (key: 'field' | 'value' | 'offsetDays' | 'afterHours') => {
    if (data[key] === undefined) problems.push({ field: `trigger.${key}`, code: 'required' });
  };
  const allowed: Record<AutomationTrigger['on'], readonly string[]> = {
    create: [],
    update: [],
    delete: [],
    fieldChanged: ['field'],
    stateEntered: ['field', 'value'],
    scheduled: ['field', 'offsetDays'],
    timeInState: ['field', 'value', 'afterHours'],
  };
  for (const key of allowed[data.on]) need(key as 'field');
  for (const key of ['field', 'value', 'offsetDays', 'afterHours'] as const) {
    if (data[key] !== undefined && !allowed[data.on].includes(key)) problems.push({ field: `trigger.${key}`, code: 'invalidValue', params: { detail: `not used by the trigger "${data.on}"` } });
  }
  return problems.some((p) => p.field.startsWith('trigger')) ? undefined : (data as AutomationTrigger);
}

function parseActions(input: readonly unknown[], problems: FieldProblem[]): AutomationAction[] {
  return input.flatMap((raw, i) => {
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !(AUTOMATION_ACTION_TYPES as readonly string[]).includes(type)) {
      problems.push({ field: `actions[${i}].type`, code: 'invalidValue', params: { detail: `must be one of: ${AUTOMATION_ACTION_TYPES.join(', ')}` } });
      return [];
    }
    const { data, problems: found } = parseReportingAll(ACTION_SHAPES[type as AutomationAction['type']], raw, `actions[${i}]`);
    problems.push(...found);
    return found.length > 0 ? [] : [data as AutomationAction];
  });
}

/** A formula's result type for a field it is written to (a picklist takes text). */
function returnTypeFor(type: FormulaType | undefined): FormulaType | undefined {
  return type === 'picklist' ? 'text' : type;
}

function valuesProblems(path: string, vals: Record<string, unknown>, target: ObjectDef, ctx: AutomationRuleContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, v] of Object.entries(vals)) {
    const field = target.fields.find((f) => f.apiName === name);
    const at = `${path}.${name}`;
    if (!field) {
      problems.push({ field: at, code: 'unknownField', params: { field: name } });
      continue;
    }
    if (field.type === 'autoNumber' || ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'].includes(name)) {
      problems.push({ field: at, code: 'readOnlyField' });
      continue;
    }
    if (typeof v !== 'string') continue; // a literal: checked like any written value when the action runs
    const checked = checkFormula({ metadata: ctx.metadata, object: ctx.object.apiName, source: v, rule: true, returnType: returnTypeFor(FIELD_FORMULA_TYPE[field.type]) });
    if (!checked.ok) problems.push({ field: at, code: checked.problem.code, params: checked.problem.params });
  }
  return problems;
}

/** Problems of a whole rule against the metadata (also used to re-check rules after field changes). */
export function automationRuleProblems(rule: Pick<AutomationRule, 'trigger' | 'condition' | 'actions'>, ctx: AutomationRuleContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { object, metadata } = ctx;
  const fieldOf = (name: string) => object.fields.find((f) => f.apiName === name);
  const t = rule.trigger;
  if ('field' in t) {
    const field = fieldOf(t.field);
    if (!field) problems.push({ field: 'trigger.field', code: 'unknownField', params: { field: t.field } });
    else if ((t.on === 'stateEntered' || t.on === 'timeInState') && field.type !== 'picklist') {
      problems.push({ field: 'trigger.field', code: 'invalidValue', params: { detail: `"${t.field}" is not a picklist field of ${object.apiName}` } });
    } else if (t.on === 'scheduled' && field.type !== 'date' && field.type !== 'datetime') {
      problems.push({ field: 'trigger.field', code: 'invalidValue', params: { detail: `"${t.field}" is not a date or datetime field of ${object.apiName}` } });
    } else if ((t.on === 'stateEntered' || t.on === 'timeInState') && !(field.values ?? []).some((v) => v.apiName === t.value)) {
      problems.push({ field: 'trigger.value', code: 'invalidPicklistValue', params: { value: t.value.slice(0, 100) } });
    }
  }
  if (rule.condition !== undefined) {
    const checked = checkFormula({ metadata, object: object.apiName, source: rule.condition, rule: true, returnType: 'boolean' });
    if (!checked.ok) problems.push({ field: 'condition', code: checked.problem.code, params: checked.problem.params });
  }
  rule.actions.forEach((a, i) => {
    const at = `actions[${i}]`;
    switch (a.type) {
      case 'updateFields':
        if (t.on === 'delete') problems.push({ field: `${at}.type`, code: 'invalidValue', params: { detail: 'a deleted record cannot be updated' } });
        problems.push(...valuesProblems(`${at}.values`, a.values, object, ctx));
        break;
      case 'createRecord': {
        const target = Object.hasOwn(metadata.objects, a.object) ? metadata.objects[a.object] : undefined;
        if (!target) problems.push({ field: `${at}.object`, code: 'invalidValue', params: { detail: `there is no object named "${a.object}"` } });
        else problems.push(...valuesProblems(`${at}.values`, a.values, target, ctx));
        break;
      }
      case 'createTask':
        if (!metadata.objects.activity) problems.push({ field: `${at}.type`, code: 'invalidValue', params: { detail: 'tasks need the standard activity object' } });
        break;
      case 'email': {
        const to = a.to;
        if (to === 'owner' || to.includes('@')) {
          if (to.includes('@') && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)) problems.push({ field: `${at}.to`, code: 'invalidFormat', params: { format: 'email address' } });
        } else if (to === 'contact') {
          const lookup = fieldOf('contact');
          if (!lookup || lookup.target !== 'contact') problems.push({ field: `${at}.to`, code: 'invalidValue', params: { detail: `${object.apiName} has no contact lookup` } });
        } else if (fieldOf(to)?.type !== 'email') {
          problems.push({ field: `${at}.to`, code: 'invalidValue', params: { detail: `"${to.slice(0, 100)}" is not "owner", "contact", an email field of ${object.apiName} or an email address` } });
        }
        break;
      }
      case 'assign':
        if (t.on === 'delete') problems.push({ field: `${at}.type`, code: 'invalidValue', params: { detail: 'a deleted record cannot be assigned' } });
        if (!(object.assignmentRules ?? []).some((r) => r.apiName === a.rule)) problems.push({ field: `${at}.rule`, code: 'invalidValue', params: { detail: `no assignment rule "${a.rule}" on ${object.apiName}` } });
        break;
      case 'submitForApproval': {
        if (t.on === 'delete') problems.push({ field: `${at}.type`, code: 'invalidValue', params: { detail: 'a deleted record cannot be submitted for approval' } });
        const processes = (object.approvalProcesses ?? []).filter((p) => a.process === undefined || p.apiName === a.process);
        if (processes.length === 0) problems.push({ field: a.process === undefined ? `${at}.type` : `${at}.process`, code: 'invalidValue', params: { detail: `${object.apiName} has no approval process${a.process ? ` named "${a.process}"` : ''}` } });
        break;
      }
      default:
        break;
    }
  });
  return problems;
}

export function defineAutomationRule(input: unknown, ctx: AutomationRuleContext): AutomationRule {
  const { data, problems } = parseReportingAll(ruleInput, input);
  const existing = ctx.object.automationRules ?? [];
  if (existing.length >= MAX_AUTOMATION_RULES_PER_OBJECT) problems.push({ field: 'automationRules', code: 'tooMany', params: { max: MAX_AUTOMATION_RULES_PER_OBJECT } });
  if (data.apiName !== undefined && existing.some((r) => r.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  const input_ = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if (typeof input === 'object' && input !== null && !('trigger' in input_)) problems.push({ field: 'trigger', code: 'required' });
  const trigger = 'trigger' in input_ ? parseTrigger(input_.trigger, problems) : undefined;
  const actions = Array.isArray(data.actions) ? parseActions(data.actions, problems) : [];
  if (trigger && problems.length === 0) problems.push(...automationRuleProblems({ trigger, condition: data.condition, actions }, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return {
    apiName: data.apiName!,
    ...(data.label ? { label: data.label } : {}),
    active: data.active ?? true,
    trigger: trigger!,
    ...(data.condition ? { condition: data.condition } : {}),
    actions,
  };
}

/** Changes a rule; its API name never changes; `trigger` and `actions` are replaced whole; `condition: null` removes it. */
export function patchAutomationRule(current: AutomationRule, input: unknown, ctx: AutomationRuleContext): AutomationRule {
  const { data, problems } = parseReportingAll(rulePatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  const input_ = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const trigger = 'trigger' in input_ ? parseTrigger(input_.trigger, problems) : current.trigger;
  const actions = Array.isArray(data.actions) ? parseActions(data.actions, problems) : current.actions;
  const { condition: _condition, ...rest } = current;
  const condition = data.condition === undefined ? current.condition : (data.condition ?? undefined);
  const next: AutomationRule = { ...rest, ...(data.label ? { label: data.label } : {}), active: data.active ?? current.active, trigger: trigger ?? current.trigger, ...(condition ? { condition } : {}), actions };
  if (problems.length === 0) problems.push(...automationRuleProblems(next, ctx));
  if (problems.length > 0) throw definitionError(problems);
  return next;
}

/** The input shapes, for the API document. */
export const automationRuleInputs = { create: ruleInput, patch: rulePatch };
