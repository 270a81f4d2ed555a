import { Decimal } from 'decimal.js';
import { fromRow } from '../metadata/field-values.ts';
import { isComputedField } from '../metadata/formula-value-field.ts';
import type { ObjectDef } from '../metadata/types.ts';

/** A database row (keyed by column) as the API shows it (keyed by field API name). */
export function toApiRecord(object: ObjectDef, row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  // Formula and roll-up fields have no column; reads compute them (formula-columns.ts).
  for (const field of object.fields) if (!isComputedField(field)) record[field.apiName] = fromRow(field, row);
  return record;
}

export type FieldChangeEntry = { field: string; oldValue: unknown; newValue: unknown };

/** Audit fields change on every write; history records what people changed. */
const NOT_TRACKED = new Set(['updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id']);

/** Field history as a pure diff of two API records over the object's metadata. */
export function diffRecords(object: ObjectDef, before: Record<string, unknown>, after: Record<string, unknown>): FieldChangeEntry[] {
  const changes: FieldChangeEntry[] = [];
  for (const field of object.fields) {
    // Computed values are not stored, so they have no history: the fields they read do.
    if (NOT_TRACKED.has(field.apiName) || isComputedField(field)) continue;
    const oldValue = before[field.apiName] ?? null;
    const newValue = after[field.apiName] ?? null;
    const same = field.type === 'decimal' || field.type === 'percent' || field.type === 'currency' ? sameNumber(oldValue, newValue) : sameValue(oldValue, newValue);
    if (!same) changes.push({ field: field.apiName, oldValue, newValue });
  }
  return changes;
}

/** "12.50" and "12.5" are one amount: writing a value back in another spelling is no change (and no history entry). */
function sameNumber(a: unknown, b: unknown): boolean {
  const amount = (v: unknown) => (v !== null && typeof v === 'object' && 'amount' in v ? (v as { amount: unknown }).amount : v);
  const code = (v: unknown) => (v !== null && typeof v === 'object' && 'currency' in v ? (v as { currency: unknown }).currency : undefined);
  const x = amount(a);
  const y = amount(b);
  if (code(a) !== code(b)) return false;
  if (x === null || y === null || x === undefined || y === undefined) return x === y || (x ?? null) === (y ?? null);
  try {
    return new Decimal(String(x)).equals(new Decimal(String(y)));
  } catch {
    return sameValue(a, b);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return canonical(a) === canonical(b);
}

// Key order must not make equal JSON values look changed.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
