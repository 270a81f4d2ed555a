import type { FieldDef, FieldType, FormulaReturnType } from './types.ts';

/**
 * A formula field has no column: what lists, filters, sorts and schemas
 * need is how its computed value behaves, which is the behaviour of a
 * stored field of its return type. This is that stand-in field, so the
 * operator table, sort keys, row reading and JSON Schema need no formula
 * cases of their own (a number formula filters like a decimal, and so on).
 */

const VALUE_TYPE: Record<FormulaReturnType, FieldType> = {
  number: 'decimal',
  // Rounded to 2 places when computed (formula-columns.ts); read and filtered as a decimal amount.
  currency: 'decimal',
  text: 'text',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
};

/** Widest numeric shape: formula numbers are unconstrained `numeric`, division keeps 10 places. */
const NUMBER_SHAPE = { precision: 38, scale: 10 };
/** Filter values on text formulas may be as long as the longest text field. */
const TEXT_MAX = 10000;

const cache = new WeakMap<FieldDef, FieldDef>();

export const isFormulaField = (field: FieldDef): boolean => field.type === 'formula';
/** Formula and roll-up fields: computed on read, no column, never written. */
export const isComputedField = (field: FieldDef): boolean => field.type === 'formula' || field.type === 'rollup';

/** The stored-field equivalent of a formula or roll-up field's value (a count is an integer); any other field is returned as it is. */
export function valueFieldOf(field: FieldDef): FieldDef {
  if (!isComputedField(field)) return field;
  let value = cache.get(field);
  if (!value) {
    const returnType = field.returnType ?? (field.type === 'rollup' ? 'number' : 'text');
    const type = field.rollup?.function === 'count' ? 'integer' : VALUE_TYPE[returnType];
    value = {
      apiName: field.apiName,
      type,
      label: field.label,
      required: false,
      unique: false,
      externalId: false,
      system: false,
      ...(type === 'decimal' ? (returnType === 'currency' ? { precision: 38, scale: 2 } : NUMBER_SHAPE) : {}),
      ...(type === 'text' ? { maxLength: TEXT_MAX } : {}),
    };
    cache.set(field, value);
  }
  return value;
}
