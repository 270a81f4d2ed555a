import { validationError, type FieldProblem } from '../errors/domain-error.ts';
import { parseFieldValue } from '../metadata/field-values.ts';
import { isComputedField } from '../metadata/formula-value-field.ts';
import type { FieldDef, ObjectDef } from '../metadata/types.ts';

/** Fields the platform fills in; a client may set `id` on create (offline clients mint their own UUIDv7s) and `ownerId` always. */
const PLATFORM_FILLED = new Set(['createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

export type WriteMode = 'create' | 'update';

export function isWritable(field: FieldDef, mode: WriteMode): boolean {
  // Formula and roll-up fields are computed on read; auto-numbers by the platform.
  if (field.type === 'autoNumber' || isComputedField(field) || PLATFORM_FILLED.has(field.apiName)) return false;
  if (field.apiName === 'id') return mode === 'create';
  return true;
}

/**
 * Checks a create or update body against the object's metadata and returns
 * the parsed values keyed by field API name (null = clear). Reports every
 * problem at once. On create, missing fields take their defaults and
 * required fields must end up with a value.
 */
export function prepareWrite(input: { object: ObjectDef; body: unknown; mode: WriteMode; pathPrefix?: string }): Record<string, unknown> {
  const { object, body, mode } = input;
  const prefix = input.pathPrefix ?? '';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ field: prefix || 'body', code: 'wrongType', params: { expected: 'a JSON object' } }]);
  }
  const fields = new Map(object.fields.map((f) => [f.apiName, f]));
  const problems: FieldProblem[] = [];
  const values: Record<string, unknown> = {};

  for (const [key, rawValue] of Object.entries(body as Record<string, unknown>)) {
    // JSON has no undefined; internal callers use it for "not given".
    if (rawValue === undefined) continue;
    const path = prefix + key;
    const field = fields.get(key);
    if (!field) {
      problems.push({ field: path, code: 'unknownField' });
      continue;
    }
    if (!isWritable(field, mode)) {
      problems.push({ field: path, code: 'readOnlyField' });
      continue;
    }
    if (rawValue === null) {
      if (field.required) problems.push({ field: path, code: 'required' });
      else values[key] = null;
      continue;
    }
    const parsed = parseFieldValue(field, rawValue, path);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push(parsed.problem);
  }

  if (mode === 'create') {
    for (const field of object.fields) {
      if (field.apiName in values || !isWritable(field, 'create') || field.apiName === 'id') continue;
      if (problems.some((p) => p.field === prefix + field.apiName)) continue;
      if (field.defaultValue !== undefined && field.defaultValue !== null) values[field.apiName] = field.defaultValue;
      // A default formula is evaluated once the whole record is known (field-formulas.ts), and reports a blank result itself.
      else if (field.required && field.apiName !== 'ownerId' && field.defaultFormula === undefined) problems.push({ field: prefix + field.apiName, code: 'required' });
    }
  }
  if (problems.length > 0) throw validationError(problems);
  return values;
}
