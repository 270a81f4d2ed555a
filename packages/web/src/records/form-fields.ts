import type { FieldAccess, FieldDef, ObjectDef, PermissionsDocument } from '../api/types.ts';

/** Set by the platform, never in a form: identity, audit stamps, and the owner (assigned to the creator). */
const NOT_IN_FORMS = new Set(['id', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

export type FormField = { field: FieldDef; readOnly: boolean };

/** The fields a form shows: hidden ones never, read-only ones (permissions, auto numbers) disabled. */
export function formFields(object: ObjectDef, permissions: PermissionsDocument | undefined): FormField[] {
  const access = (f: FieldDef): FieldAccess => permissions?.objects[object.apiName]?.fields[f.apiName] ?? 'editable';
  return object.fields
    .filter((f) => !NOT_IN_FORMS.has(f.apiName) && access(f) !== 'hidden')
    .map((f) => ({ field: f, readOnly: access(f) === 'readOnly' || f.type === 'autoNumber' || f.type === 'formula' || f.type === 'rollup' }));
}

export const isWide = (f: FieldDef): boolean => f.type === 'longText' || f.type === 'richText' || f.type === 'json';

/** What to send: on create every filled value, on edit only what changed; never read-only fields. */
export function changedValues(fields: FormField[], values: Record<string, unknown>, original: Record<string, unknown> | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const { field, readOnly } of fields) {
    if (readOnly) continue;
    const value = values[field.apiName] ?? null;
    if (original ? JSON.stringify(value) !== JSON.stringify(original[field.apiName] ?? null) : value !== null) body[field.apiName] = value;
  }
  return body;
}
