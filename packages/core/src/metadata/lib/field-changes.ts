import { maxLengthOf, numericShape, sqlTypeOf } from '../field-values.ts';
import type { ConversionCheck, FieldChange, FieldDef, FieldType } from '../types.ts';

const TEXT_LIKE: ReadonlySet<FieldType> = new Set(['text', 'longText', 'richText', 'email', 'phone', 'url']);
const NUMERIC: ReadonlySet<FieldType> = new Set(['decimal', 'currency', 'percent']);
const PICKLISTS: ReadonlySet<FieldType> = new Set(['picklist', 'multiPicklist']);

/**
 * The database work an edit needs, in order: picklist removals are checked
 * on the old column, a unique index is dropped before the column changes
 * type and rebuilt afterwards (so duplicates the conversion creates, like
 * "01" and "1", are reported, not raised), then constraints follow.
 */
export function fieldChanges(before: FieldDef, after: FieldDef, check: ConversionCheck | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  const typeChanges = before.type !== after.type;
  const columnChanges = typeChanges && sqlTypeOf(before) !== sqlTypeOf(after);

  if (PICKLISTS.has(after.type)) {
    const kept = new Set((after.values ?? []).map((v) => v.apiName));
    const removed = (before.values ?? []).map((v) => v.apiName).filter((v) => !kept.has(v));
    if (removed.length > 0) changes.push({ kind: 'removePicklistValues', values: removed });
  }
  if (typeChanges) {
    if (before.unique && columnChanges) changes.push({ kind: 'setUnique', unique: false });
    changes.push({ kind: 'convertType', from: before.type, to: after.type, check: check ?? 'none' });
  } else if (NUMERIC.has(after.type)) {
    const [b, a] = [numericShape(before), numericShape(after)];
    if (b.precision !== a.precision || b.scale !== a.scale) changes.push({ kind: 'resizeNumeric', precision: a.precision, scale: a.scale });
  }
  const max = maxLengthOf(after);
  if (TEXT_LIKE.has(after.type) && max !== undefined && (typeChanges || max < (maxLengthOf(before) ?? Infinity))) changes.push({ kind: 'checkMaxLength', maxLength: max });
  if (before.required !== after.required) changes.push({ kind: 'setRequired', required: after.required });
  const uniqueNow = before.unique && !columnChanges;
  if (uniqueNow !== after.unique) changes.push({ kind: 'setUnique', unique: after.unique });
  return changes;
}
