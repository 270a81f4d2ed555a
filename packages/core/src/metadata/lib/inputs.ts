import { z } from 'zod';
import { FORMULA_LIMITS } from '../../formula/formula-problem.ts';
import { CUSTOM_FIELD_TYPES, FORMULA_RETURN_TYPES, MAX_PICKLIST_VALUES, ROLLUP_FUNCTIONS, SHARING_MODELS } from '../types.ts';
import type { CustomParams } from './problems.ts';

/**
 * The shapes of metadata API inputs. Structure and bounds live here;
 * rules that relate one property to another, or to existing metadata,
 * live in build-field.ts so every problem is still reported at once.
 */

const problem = (params: CustomParams) => ({ params });
const hasNul = (s: string): boolean => s.includes('\u0000');

/** Visible text: not blank, no NUL (jsonb, where definitions live, cannot hold one). */
const visibleText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, problem({ code: 'invalidValue', detail: 'must not be blank' }))
    .refine((s) => !hasNul(s), problem({ code: 'invalidValue', detail: 'contains a NUL character' }));

/** zh-CN, zh-TW and en; at least one. */
export const localizedText = (max: number) =>
  z
    .strictObject({ 'zh-CN': visibleText(max).optional(), 'zh-TW': visibleText(max).optional(), en: visibleText(max).optional() })
    .refine((t) => Object.values(t).some((v) => v !== undefined), problem({ code: 'invalidValue', detail: 'give the text in at least one of zh-CN, zh-TW, en' }));

export const LABEL = localizedText(200);
export const LONG_TEXT = localizedText(2000);

export const DELETE_RULES = ['restrict', 'setNull', 'cascade'] as const;
export const LONG_TEXT_LIMIT = 1_000_000;
export const MAX_PRECISION = 38;
const MAX_META_BYTES = 4096;

/** Picklist value names are stored in records, so they may be any short visible text (also Chinese), not only API names. */
const valueName = z
  .string()
  .min(1)
  .max(100)
  .refine((s) => s.trim() === s && !/[\u0000-\u001f\u007f]/.test(s), problem({ code: 'invalidFormat', format: 'picklist value (visible text without leading or trailing spaces)' }));

const meta = z.record(z.string(), z.unknown()).refine((m) => {
  const json = JSON.stringify(m);
  return new TextEncoder().encode(json).length <= MAX_META_BYTES && !json.includes('\\u0000');
}, problem({ code: 'outOfRange', detail: `at most ${MAX_META_BYTES} bytes of JSON without NUL characters` }));

const valueShape = {
  apiName: valueName,
  label: LABEL,
  color: z.string().refine((s) => /^#[0-9A-Fa-f]{6}$/.test(s), problem({ code: 'invalidFormat', format: 'colour (#RRGGBB)' })).optional(),
  active: z.boolean().optional(),
  meta: meta.optional(),
  order: z.number().int().min(0).max(1_000_000).optional(),
};
/**
 * Repeated value names are reported even when other entries are invalid
 * (`when`), so one response lists every problem with the list.
 */
const distinctNames = z.superRefine<unknown[]>(
  (values, ctx) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const name = typeof v === 'object' && v !== null ? (v as { apiName?: unknown }).apiName : undefined;
      if (typeof name !== 'string') return;
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [i, 'apiName'], params: { code: 'alreadyExists', value: name } });
      seen.add(name);
    });
  },
  { when: () => true },
);
const valueList = <T extends z.ZodType>(value: T) => z.array(value).min(1).max(MAX_PICKLIST_VALUES).check(distinctNames);

const picklistValueInput = z.strictObject(valueShape);
/** On update a value already defined may omit what it keeps (label, colour, ...). */
const picklistValuePatch = z.strictObject({ ...valueShape, label: LABEL.optional() });
export type PicklistValueDraft = z.output<typeof picklistValuePatch>;

const optionShape = {
  helpText: LONG_TEXT.optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  externalId: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  maxLength: z.number().int().min(1).max(LONG_TEXT_LIMIT).optional(),
  precision: z.number().int().min(1).max(MAX_PRECISION).optional(),
  scale: z.number().int().min(0).max(MAX_PRECISION).optional(),
  target: z.string().max(100).optional(),
  deleteRule: z.enum(DELETE_RULES).optional(),
  pattern: z.string().max(200).optional(),
  formula: z.string().max(FORMULA_LIMITS.length).optional(),
  returnType: z.enum(FORMULA_RETURN_TYPES).optional(),
  rollup: z
    .strictObject({
      object: z.string().max(100),
      via: z.string().max(100),
      function: z.enum(ROLLUP_FUNCTIONS),
      field: z.string().max(100).optional(),
      filter: z.string().max(FORMULA_LIMITS.length).optional(),
    })
    .optional(),
  defaultFormula: z.string().max(FORMULA_LIMITS.length).optional(),
  requiredWhen: z.string().max(FORMULA_LIMITS.length).optional(),
  searchable: z.boolean().optional(),
};

export const fieldInput = z.strictObject({
  apiName: z.string().max(100),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: LABEL,
  ...optionShape,
  values: valueList(picklistValueInput).optional(),
});
export type FieldInput = z.input<typeof fieldInput>;

/**
 * An update: null clears an option back to its default. `values` is the
 * whole new list; entries naming a value the field already has may leave
 * out what they keep, new ones need a label (checked here, against the
 * field's current values, so it is reported alongside every other problem).
 */
export const fieldPatchFor = (currentValues: readonly string[]) => {
  const known = new Set(currentValues);
  const newValuesNeedLabels = z.superRefine<unknown[]>(
    (values, ctx) => {
      values.forEach((v, i) => {
        if (typeof v !== 'object' || v === null) return;
        const { apiName, label } = v as { apiName?: unknown; label?: unknown };
        if (typeof apiName === 'string' && !known.has(apiName) && label === undefined) ctx.addIssue({ code: 'custom', path: [i, 'label'], params: { code: 'required' } });
      });
    },
    { when: () => true },
  );
  return z.strictObject({
    apiName: z.string().max(100).optional(),
    type: z.enum(CUSTOM_FIELD_TYPES).optional(),
    label: LABEL.optional(),
    helpText: LONG_TEXT.nullable().optional(),
    required: z.boolean().optional(),
    unique: z.boolean().optional(),
    externalId: z.boolean().optional(),
    defaultValue: z.unknown().optional(),
    maxLength: optionShape.maxLength.unwrap().nullable().optional(),
    precision: optionShape.precision.unwrap().nullable().optional(),
    scale: optionShape.scale.unwrap().nullable().optional(),
    target: z.string().max(100).optional(),
    deleteRule: z.enum(DELETE_RULES).nullable().optional(),
    pattern: z.string().max(200).optional(),
    formula: optionShape.formula,
    returnType: optionShape.returnType,
    rollup: optionShape.rollup,
    defaultFormula: optionShape.defaultFormula.unwrap().nullable().optional(),
    requiredWhen: optionShape.requiredWhen.unwrap().nullable().optional(),
    searchable: z.boolean().nullable().optional(),
    values: valueList(picklistValuePatch).check(newValuesNeedLabels).optional(),
  });
};
/** The update shape in general (documentation); patchField uses fieldPatchFor with the field's values. */
export const fieldPatch = fieldPatchFor([]);
export type FieldPatch = z.input<typeof fieldPatch>;

/** How the system `name` field is made: required text by default, or an auto-number. */
const nameFieldInput = z.strictObject({
  type: z.enum(['text', 'autoNumber']).optional(),
  label: LABEL.optional(),
  helpText: LONG_TEXT.optional(),
  maxLength: optionShape.maxLength,
  unique: z.boolean().optional(),
  externalId: z.boolean().optional(),
  pattern: optionShape.pattern,
});

export const objectInput = z.strictObject({
  apiName: z.string().max(100),
  label: LABEL,
  pluralLabel: LABEL.optional(),
  description: LONG_TEXT.optional(),
  sharingModel: z.enum(SHARING_MODELS).optional(),
  implicitParentAccess: z.string().min(1).max(100).optional(),
  searchable: z.boolean().optional(),
  category: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/).optional(),
  listColumns: z.array(z.string().min(1).max(200)).max(30).optional(),
  nameField: nameFieldInput.optional(),
});
export type ObjectInput = z.input<typeof objectInput>;

export const objectPatch = z.strictObject({
  apiName: z.string().max(100).optional(),
  label: LABEL.optional(),
  pluralLabel: LABEL.nullable().optional(),
  description: LONG_TEXT.nullable().optional(),
  sharingModel: z.enum(SHARING_MODELS).optional(),
  implicitParentAccess: z.string().min(1).max(100).nullable().optional(),
  searchable: z.boolean().optional(),
  category: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/).nullable().optional(),
  listColumns: z.array(z.string().min(1).max(200)).max(30).nullable().optional(),
});
export type ObjectPatch = z.input<typeof objectPatch>;
