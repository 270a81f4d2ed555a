import type { FieldProblem } from '../../errors/domain-error.ts';
import { parseAutoNumberPattern } from '../auto-number.ts';
import { DEFAULT_MAX_LENGTH, DEFAULT_NUMERIC, parseFieldValue } from '../field-values.ts';
import { CUSTOM_FIELD_TYPES, type CustomFieldType, type DeleteRule, type FieldDef, type FormulaReturnType, type LocalizedText, type ObjectDef, type PicklistValue, type RollupDef } from '../types.ts';
import type { PicklistValueDraft } from './inputs.ts';

/**
 * The rules a field definition must satisfy beyond its shape: which options
 * a type takes, how options relate, and what they point at. Shared by
 * create and update (an update is checked as the whole field it produces).
 */

export type FieldDraft = {
  apiName: string;
  type: CustomFieldType;
  label?: LocalizedText;
  helpText?: LocalizedText;
  required?: boolean;
  unique?: boolean;
  externalId?: boolean;
  defaultValue?: unknown;
  maxLength?: number;
  precision?: number;
  scale?: number;
  values?: PicklistValueDraft[];
  target?: string;
  deleteRule?: DeleteRule;
  pattern?: string;
  formula?: string;
  returnType?: FormulaReturnType;
  rollup?: RollupDef;
  defaultFormula?: string;
  requiredWhen?: string;
  searchable?: boolean;
};

export type BuildContext = {
  /** The object the field belongs to (its own apiName is a valid lookup target). */
  object: string;
  existing: Record<string, ObjectDef>;
  /** Problem paths start with this, e.g. "nameField.". */
  prefix?: string;
  system?: boolean;
};

type TypeSet = ReadonlySet<CustomFieldType>;
const CUSTOM_TYPES: readonly CustomFieldType[] = CUSTOM_FIELD_TYPES;
const types = (...t: CustomFieldType[]): TypeSet => new Set(t);

const TEXT_LIKE = types('text', 'longText', 'richText', 'email', 'phone', 'url');
/** Options that only some types take; anything else given is refused rather than silently ignored. */
const APPLIES: Record<
  | 'maxLength'
  | 'precision'
  | 'scale'
  | 'values'
  | 'target'
  | 'deleteRule'
  | 'pattern'
  | 'unique'
  | 'externalId'
  | 'defaultValue'
  | 'required'
  | 'formula'
  | 'returnType'
  | 'rollup'
  | 'defaultFormula'
  | 'requiredWhen'
  | 'searchable',
  TypeSet
> = {
  maxLength: TEXT_LIKE,
  precision: types('decimal', 'currency', 'percent'),
  scale: types('decimal', 'currency', 'percent'),
  values: types('picklist', 'multiPicklist'),
  target: types('lookup', 'masterDetail'),
  deleteRule: types('lookup', 'masterDetail'),
  pattern: types('autoNumber'),
  unique: types('text', 'email', 'phone', 'url', 'integer', 'decimal', 'percent', 'date', 'datetime', 'autoNumber', 'lookup'),
  externalId: types('text', 'email', 'phone', 'integer', 'autoNumber'),
  defaultValue: types('text', 'longText', 'richText', 'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'picklist', 'multiPicklist', 'json'),
  // A computed value cannot be required: nothing can be written to satisfy it.
  required: new Set(CUSTOM_TYPES.filter((t) => t !== 'formula' && t !== 'rollup')),
  formula: types('formula'),
  returnType: types('formula'),
  rollup: types('rollup'),
  // What a formula can compute (a picklist default is the value's name as text).
  defaultFormula: types('text', 'longText', 'email', 'phone', 'url', 'integer', 'decimal', 'currency', 'percent', 'boolean', 'date', 'datetime', 'picklist'),
  requiredWhen: new Set(CUSTOM_TYPES.filter((t) => t !== 'formula' && t !== 'rollup' && t !== 'autoNumber')),
  searchable: types('text', 'longText', 'email', 'phone', 'url', 'autoNumber'),
};
/** What a type cannot do without. */
const NEEDS: Partial<Record<CustomFieldType, (keyof FieldDraft)[]>> = {
  picklist: ['values'],
  multiPicklist: ['values'],
  lookup: ['target'],
  masterDetail: ['target'],
  autoNumber: ['pattern'],
  formula: ['formula', 'returnType'],
  rollup: ['rollup'],
};

/** Upper bounds of maxLength per type: what the type's format allows. */
const MAX_LENGTH_LIMIT: Partial<Record<CustomFieldType, number>> = { text: 10000, email: 254, phone: 40, url: 8192, longText: 1_000_000, richText: 1_000_000 };
/**
 * A btree index entry holds at most ~2700 bytes and a character takes up to
 * 4, so a unique text field is capped well below that to keep inserts from
 * failing on long values.
 */
export const UNIQUE_TEXT_MAX_LENGTH = 600;

/** Whether an option asks for something: false and null ask for nothing, so are never refused. */
const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== false;

function defaultDeleteRule(type: 'lookup' | 'masterDetail', required: boolean): DeleteRule {
  // A required lookup cannot be cleared, so its default must be to refuse.
  return type === 'masterDetail' ? 'cascade' : required ? 'restrict' : 'setNull';
}

export function buildField(draft: FieldDraft, ctx: BuildContext): { field: FieldDef; problems: FieldProblem[] } {
  const prefix = ctx.prefix ?? '';
  const problems: FieldProblem[] = [];
  const at = (path: string) => prefix + path;
  const refuse = (path: string, detail: string) => problems.push({ field: at(path), code: 'invalidValue', params: { detail } });
  const { type } = draft;

  for (const key of Object.keys(APPLIES) as (keyof typeof APPLIES)[]) {
    if (isSet(draft[key]) && !APPLIES[key].has(type)) problems.push({ field: at(key), code: 'notApplicable', params: { type } });
  }
  const applies = (key: keyof typeof APPLIES) => APPLIES[key].has(type);
  for (const needed of NEEDS[type] ?? []) if (draft[needed] === undefined) problems.push({ field: at(needed), code: 'required' });
  if (!draft.label) problems.push({ field: at('label'), code: 'required' });

  // required, unique, external id
  let required = draft.required ?? false;
  if (type === 'masterDetail') {
    if (draft.required === false) refuse('required', 'a master-detail field is always required');
    required = true;
  }
  let unique = applies('unique') && (draft.unique ?? false);
  const externalId = applies('externalId') && (draft.externalId ?? false);
  if (externalId) {
    if (draft.unique === false) refuse('unique', 'an external id is always unique');
    unique = true;
  }
  if (type === 'autoNumber') {
    if (draft.unique === false) refuse('unique', 'auto-numbers are always unique');
    unique = true;
  }

  // text length
  const maxLength = applies('maxLength') ? draft.maxLength : undefined;
  const limit = MAX_LENGTH_LIMIT[type];
  if (maxLength !== undefined && limit !== undefined && maxLength > limit) problems.push({ field: at('maxLength'), code: 'outOfRange', params: { detail: `at most ${limit} for ${type}` } });
  const effectiveMax = maxLength ?? DEFAULT_MAX_LENGTH[type];
  if (unique && TEXT_LIKE.has(type) && effectiveMax !== undefined && effectiveMax > UNIQUE_TEXT_MAX_LENGTH) {
    refuse('maxLength', `a unique ${type} field holds at most ${UNIQUE_TEXT_MAX_LENGTH} characters (index limit); set maxLength to ${UNIQUE_TEXT_MAX_LENGTH} or less`);
  }

  // numbers
  const precision = applies('precision') ? draft.precision : undefined;
  const scale = applies('scale') ? draft.scale : undefined;
  const shape = DEFAULT_NUMERIC[type];
  if (shape && (scale ?? shape.scale) > (precision ?? shape.precision)) {
    problems.push({ field: at('scale'), code: 'outOfRange', params: { detail: `at most the precision (${precision ?? shape.precision})` } });
  }

  // picklist values
  const values = applies('values') && draft.values ? buildValues(draft.values, at, problems) : undefined;

  // references
  let target: string | undefined;
  let deleteRule: DeleteRule | undefined;
  if (type === 'lookup' || type === 'masterDetail') {
    target = draft.target;
    if (target !== undefined && target !== ctx.object && !Object.hasOwn(ctx.existing, target)) {
      problems.push({ field: at('target'), code: 'unknownObject', params: { object: target.slice(0, 100) } });
    }
    if (type === 'masterDetail' && target === ctx.object) refuse('target', 'a master-detail field cannot point at its own object: every record would need a parent first');
    deleteRule = draft.deleteRule ?? defaultDeleteRule(type, required);
    if (deleteRule === 'setNull' && required) refuse('deleteRule', 'a required reference cannot be cleared when its target is deleted; use restrict or cascade');
  }

  // auto-number
  let pattern: string | undefined;
  if (type === 'autoNumber' && draft.pattern !== undefined) {
    pattern = draft.pattern;
    const parsed = parseAutoNumberPattern(pattern);
    if (!parsed.ok) problems.push({ field: at('pattern'), code: 'invalidFormat', params: { format: `auto-number pattern such as "Q-{YYYY}-{000000}" (${parsed.detail})` } });
  }

  const field: FieldDef = {
    apiName: draft.apiName,
    type,
    label: draft.label ?? {},
    ...(draft.helpText ? { helpText: draft.helpText } : {}),
    required,
    unique,
    externalId,
    system: ctx.system ?? false,
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(precision !== undefined ? { precision } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...(values ? { values } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(deleteRule ? { deleteRule } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    // Checked against the workspace's metadata by defineField/patchField (formula-field-problems.ts).
    ...(type === 'formula' && draft.formula !== undefined ? { formula: draft.formula } : {}),
    ...(type === 'formula' && draft.returnType !== undefined ? { returnType: draft.returnType } : {}),
    // Its return type follows from the function and the summarised field (formula-field-problems.ts).
    ...(type === 'rollup' && draft.rollup !== undefined ? { rollup: rollupOf(draft.rollup) } : {}),
    ...(applies('defaultFormula') && draft.defaultFormula !== undefined ? { defaultFormula: draft.defaultFormula } : {}),
    ...(applies('requiredWhen') && draft.requiredWhen !== undefined ? { requiredWhen: draft.requiredWhen } : {}),
    ...(applies('searchable') && draft.searchable !== undefined ? { searchable: draft.searchable } : {}),
  };
  if (field.defaultFormula !== undefined && isSet(draft.defaultValue)) refuse('defaultFormula', 'give a default value or a default formula, not both');

  // The default is checked last, against the field it will belong to.
  if (draft.defaultValue !== undefined && draft.defaultValue !== null && applies('defaultValue')) {
    if (unique) refuse('defaultValue', 'a unique field cannot have a default value: every new record would share it');
    else {
      const parsed = parseFieldValue(field, draft.defaultValue, at('defaultValue'));
      if (parsed.ok) field.defaultValue = parsed.value;
      else problems.push(parsed.problem);
    }
  }
  return { field, problems };
}

/** Only the keys a roll-up has, in a stable order. */
const rollupOf = (r: RollupDef): RollupDef => ({
  object: r.object,
  via: r.via,
  function: r.function,
  ...(r.field !== undefined ? { field: r.field } : {}),
  ...(r.filter !== undefined ? { filter: r.filter } : {}),
});

/** Repeated names are the input schema's check (it sees invalid entries too); orders are checked here, after defaults apply. */
function buildValues(drafts: PicklistValueDraft[], at: (p: string) => string, problems: FieldProblem[]): PicklistValue[] {
  const orders = new Set<number>();
  const values = drafts.map((v, i): PicklistValue => {
    const order = v.order ?? i;
    if (orders.has(order)) problems.push({ field: at(`values[${i}].order`), code: 'alreadyExists', params: { value: order } });
    orders.add(order);
    if (!v.label) problems.push({ field: at(`values[${i}].label`), code: 'required' });
    return {
      apiName: v.apiName,
      label: v.label ?? {},
      order,
      ...(v.color ? { color: v.color } : {}),
      active: v.active ?? true,
      ...(v.meta ? { meta: v.meta } : {}),
    };
  });
  return values.sort((a, b) => a.order - b.order);
}
