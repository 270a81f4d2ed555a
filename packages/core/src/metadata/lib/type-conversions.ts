import type { ConversionCheck, CustomFieldType, FieldType } from '../types.ts';

/**
 * Which type changes keep data safe, and how each proves it. A conversion
 * either always works ('none'), works when every existing value passes a
 * check the schema manager runs in SQL before altering the column, or is
 * refused with a reason. Anything not listed is refused.
 */

export type TypeConversion = { ok: true; check: ConversionCheck } | { ok: false; reason: string };

const FREE_TEXT = ['text', 'longText', 'richText'] as const;
/** Types whose values are plain strings a person typed (or picked). */
const TEXTUAL = [...FREE_TEXT, 'email', 'phone', 'url', 'picklist'] as const;

const FROM_TEXT: Partial<Record<FieldType, ConversionCheck>> = {
  ...Object.fromEntries(FREE_TEXT.map((t) => [t, 'none'])),
  email: 'email',
  phone: 'phone',
  url: 'url',
  integer: 'integer',
  decimal: 'decimal',
  percent: 'decimal',
  currency: 'decimal',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  picklist: 'picklistValues',
  multiPicklist: 'picklistValues',
};
const TO_FREE_TEXT: Partial<Record<FieldType, ConversionCheck>> = Object.fromEntries(FREE_TEXT.map((t) => [t, 'none']));
const TO_NUMERIC: Partial<Record<FieldType, ConversionCheck>> = { decimal: 'numericFit', percent: 'numericFit', currency: 'numericFit' };

/** from → to → check. Rows not listed, and targets missing from a row, are refused. */
export const TYPE_CONVERSIONS: Partial<Record<FieldType, Partial<Record<FieldType, ConversionCheck>>>> = {
  ...Object.fromEntries(TEXTUAL.map((t) => [t, FROM_TEXT])),
  autoNumber: TO_FREE_TEXT,
  integer: { ...TO_FREE_TEXT, ...TO_NUMERIC },
  decimal: { ...TO_FREE_TEXT, ...TO_NUMERIC, integer: 'wholeNumber' },
  percent: { ...TO_FREE_TEXT, ...TO_NUMERIC, integer: 'wholeNumber' },
  boolean: TO_FREE_TEXT,
  date: { ...TO_FREE_TEXT, datetime: 'none' },
  datetime: TO_FREE_TEXT,
  multiPicklist: { picklist: 'singleValue' },
  lookup: { masterDetail: 'none' },
  masterDetail: { lookup: 'none' },
};

const REFUSAL_REASONS: { when: (from: FieldType, to: FieldType) => boolean; reason: string }[] = [
  { when: (f, to) => f === 'formula' || to === 'formula', reason: 'a formula field computes its value and stores none, so no data can carry over; create a new field instead' },
  { when: (f, to) => f === 'rollup' || to === 'rollup', reason: 'a roll-up field computes its value and stores none, so no data can carry over; create a new field instead' },
  { when: (_f, to) => to === 'autoNumber', reason: 'existing records cannot be numbered retroactively; add a new auto-number field instead (it numbers existing records)' },
  { when: (f, to) => f === 'autoNumber' && to !== 'autoNumber', reason: 'an auto-number can only become free text (text, longText or richText)' },
  { when: (f, to) => to === 'lookup' || to === 'masterDetail' || f === 'lookup' || f === 'masterDetail', reason: 'a reference holds record ids; only lookup and master-detail convert into each other, so create a new field instead' },
  { when: (f, to) => f === 'json' || to === 'json', reason: 'JSON values have no safe conversion; create a new field and copy the data' },
  { when: (f) => f === 'currency', reason: 'the currency codes would be lost; create a new field and copy the amounts' },
  { when: (f, to) => f === 'datetime' && to === 'date', reason: 'the date of a moment depends on the time zone; create a new date field and fill it' },
  { when: (f) => f === 'multiPicklist', reason: 'a multi-select picklist can only become a picklist, when no record has more than one value' },
];

/** How a field of type `from` becomes type `to`. */
export function typeConversion(from: FieldType, to: CustomFieldType | FieldType): TypeConversion {
  const check = TYPE_CONVERSIONS[from]?.[to];
  if (check) return { ok: true, check };
  const reason = REFUSAL_REASONS.find((r) => r.when(from, to))?.reason ?? `${from} values have no safe conversion to ${to}`;
  return { ok: false, reason };
}
