import type { FieldProblem } from '../errors/domain-error.ts';
import { apiNameProblem } from './lib/api-names.ts';
import { buildField, type FieldDraft } from './lib/build-field.ts';
import { fieldChanges } from './lib/field-changes.ts';
import { formulaFieldProblems } from './lib/formula-field-problems.ts';
import { fieldInput, fieldPatchFor, type PicklistValueDraft } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { typeConversion } from './lib/type-conversions.ts';
import { CUSTOM_FIELD_TYPES, MAX_FIELDS_PER_OBJECT, type CustomFieldType, type FieldChange, type FieldDef, type ObjectDef } from './types.ts';

export { TYPE_CONVERSIONS, typeConversion, type TypeConversion } from './lib/type-conversions.ts';
export { UNIQUE_TEXT_MAX_LENGTH } from './lib/build-field.ts';
export { brokenFormulaFields } from './lib/formula-field-problems.ts';
export type { FieldInput, FieldPatch } from './lib/inputs.ts';

export type FieldContext = { object: ObjectDef; existing: Record<string, ObjectDef> };

function fail(problems: FieldProblem[]): never {
  throw definitionError(problems);
}

/** A new custom field of `object`, checked against the rest of the workspace's metadata. Throws every problem at once. */
export function defineField(input: unknown, ctx: FieldContext): FieldDef {
  const { data, problems } = parseReportingAll(fieldInput, input);
  if (ctx.object.fields.length >= MAX_FIELDS_PER_OBJECT) problems.push({ field: 'fields', code: 'tooMany', params: { max: MAX_FIELDS_PER_OBJECT } });
  if (data.apiName !== undefined) {
    const nameProblem = apiNameProblem(data.apiName, 'field', 'apiName');
    if (nameProblem) problems.push(nameProblem);
    else if (ctx.object.fields.some((f) => f.apiName === data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  }
  if (data.type === undefined) fail(problems);
  const built = buildField({ ...data, apiName: data.apiName ?? '', type: data.type }, { object: ctx.object.apiName, existing: ctx.existing });
  problems.push(...built.problems);
  const checked = problems.length === 0 ? formulaFieldProblems(built.field, ctx) : undefined;
  problems.push(...(checked?.problems ?? []));
  if (problems.length > 0 || !checked) fail(problems);
  return checked.field;
}

/** What a system field may change: `name` is a real field (its length, uniqueness and pattern are the customer's); the rest only read differently. */
const SYSTEM_PATCHABLE = new Set(['apiName', 'label', 'helpText']);
const NAME_PATCHABLE = new Set([...SYSTEM_PATCHABLE, 'maxLength', 'unique', 'externalId', 'pattern']);

const isCustomType = (t: string): t is CustomFieldType => (CUSTOM_FIELD_TYPES as readonly string[]).includes(t);

/** Options that describe one type only; a type change drops them unless the new type shares them. */
const TYPE_OPTIONS: Partial<Record<CustomFieldType, (keyof FieldDraft)[]>> = {
  picklist: ['values'],
  multiPicklist: ['values'],
  lookup: ['target', 'deleteRule'],
  masterDetail: ['target', 'deleteRule'],
  autoNumber: ['pattern', 'searchable'],
  formula: ['formula', 'returnType'],
  rollup: ['rollup', 'returnType'],
  text: ['maxLength', 'searchable'],
  longText: ['maxLength', 'searchable'],
  richText: ['maxLength'],
  email: ['maxLength', 'searchable'],
  phone: ['maxLength', 'searchable'],
  url: ['maxLength', 'searchable'],
  decimal: ['precision', 'scale'],
  currency: ['precision', 'scale'],
  percent: ['precision', 'scale'],
};
/** Kept across a type change only between these pairs: the option means the same on both sides. */
const SHARED_ACROSS: Partial<Record<keyof FieldDraft, readonly CustomFieldType[]>> = {
  values: ['picklist', 'multiPicklist'],
  target: ['lookup', 'masterDetail'],
  precision: ['decimal', 'currency', 'percent'],
  scale: ['decimal', 'currency', 'percent'],
  searchable: ['text', 'longText', 'email', 'phone', 'url', 'autoNumber'],
};

/** The current field as the starting point of an update to `type`. */
function draftOf(current: FieldDef & { type: CustomFieldType }, type: CustomFieldType): FieldDraft {
  const { system: _system, values, ...rest } = current;
  const draft: FieldDraft = { ...rest, type, ...(values ? { values: values.map(({ order: _order, ...v }) => v) } : {}) };
  // A roll-up's return type is derived again from what it summarises.
  if (current.type === 'rollup') delete draft.returnType;
  if (type === current.type) return draft;
  for (const key of TYPE_OPTIONS[current.type] ?? []) {
    if (!(SHARED_ACROSS[key]?.includes(type) ?? false)) delete draft[key];
  }
  // Becoming a master-detail makes a lookup required and cascading unless the update says otherwise;
  // what the lookup had (optional, set null) would otherwise be refused as contradictions.
  if (type === 'masterDetail') {
    if (draft.deleteRule === 'setNull') delete draft.deleteRule;
    if (draft.required === false) delete draft.required;
  }
  return draft;
}

/** New values are the whole list in its new order; a value already defined keeps whatever its entry leaves out. */
function mergeValues(current: FieldDef, next: PicklistValueDraft[]): PicklistValueDraft[] {
  const byName = new Map((current.values ?? []).map(({ order: _order, ...v }) => [v.apiName, v]));
  return next.map((v) => ({ ...byName.get(v.apiName), ...v }));
}

/**
 * Applies an update to a field: returns the field it becomes and the
 * database changes that needs. The API name never changes (labels do), a
 * type change is allowed only along the conversion table, and everything
 * is checked as one whole field so every problem is reported at once.
 *
 * `values` is the picklist's whole new list. A value left out is removed,
 * which the database refuses while any record still uses it (the answer
 * names the value and the count): deactivate it with `active: false`
 * instead, which keeps old records readable and stops new use.
 */
export function patchField(current: FieldDef, input: unknown, ctx: FieldContext): { field: FieldDef; changes: FieldChange[] } {
  const fieldPatch = fieldPatchFor((current.values ?? []).map((v) => v.apiName));
  const { data, problems } = parseReportingAll(fieldPatch, input);
  if (data.apiName !== undefined && data.apiName !== current.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' });
  if (data.target !== undefined && current.target !== undefined && data.target !== current.target) {
    problems.push({ field: 'target', code: 'invalidValue', params: { detail: 'the target of a reference cannot change; create a new field instead' } });
  }

  if (current.system) {
    const allowed = current.apiName === 'name' ? NAME_PATCHABLE : SYSTEM_PATCHABLE;
    const keys = typeof input === 'object' && input !== null ? Object.keys(input) : [];
    for (const key of keys) if (!allowed.has(key) && Object.hasOwn(fieldPatch.shape, key)) problems.push({ field: key, code: 'systemFieldLocked', params: { field: current.apiName } });
    if (current.apiName !== 'name') {
      if (problems.length > 0) fail(problems);
      const { helpText: _old, ...rest } = current;
      const helpText = data.helpText === undefined ? current.helpText : (data.helpText ?? undefined);
      return { field: { ...rest, label: data.label ?? current.label, ...(helpText ? { helpText } : {}) }, changes: [] };
    }
  }
  const currentType = current.type;
  if (!isCustomType(currentType)) throw new Error(`field ${current.apiName} has platform type ${currentType} but is not a system field`);

  const type = data.type ?? currentType;
  const draft = draftOf({ ...current, type: currentType }, type);
  for (const [key, value] of Object.entries(data) as [keyof typeof data, unknown][]) {
    if (key === 'apiName' || key === 'type' || key === 'target') continue;
    if (value === null) delete draft[key];
    else if (key === 'values') draft.values = mergeValues(current, value as PicklistValueDraft[]);
    else (draft as Record<string, unknown>)[key] = value;
  }
  if (data.target !== undefined && current.target === undefined) draft.target = data.target;
  // A carried-over `unique: false` is no objection to becoming an external id (which makes it unique).
  if (data.externalId === true && data.unique === undefined) delete draft.unique;

  const conversion = type === currentType ? undefined : typeConversion(currentType, type);
  if (conversion && !conversion.ok) {
    problems.push({ field: 'type', code: 'typeChangeRefused', params: { field: current.apiName, from: current.type, to: type, detail: conversion.reason } });
  }
  const built = buildField(draft, { object: ctx.object.apiName, existing: ctx.existing, system: current.system });
  problems.push(...built.problems);
  const checked = problems.length === 0 ? formulaFieldProblems(built.field, ctx) : undefined;
  problems.push(...(checked?.problems ?? []));
  if (problems.length > 0 || !checked) fail(problems);
  return { field: checked.field, changes: fieldChanges(current, checked.field, conversion?.ok ? conversion.check : undefined) };
}
