import {
  DomainError,
  brokenFormulaFields,
  defineField,
  defineObject,
  defineValidationRule,
  patchValidationRule,
  validationRuleProblems,
  fieldReferences,
  patchField,
  patchObject,
  referencesTo,
  type FieldDef,
  type ObjectDef,
  type ValidationRule,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { Database, Queryable } from '../db/port.ts';
import { addFieldColumns, createObjectTable, dropFieldColumns, dropObjectTable } from '../schema/schema-manager.ts';
import { applyFieldChanges } from '../schema/apply-field-changes.ts';
import { bumpMetadataVersion, deleteObjectDefinition, lockMetadataForChange, readMetadata, saveObjectDefinition } from './metadata-store.ts';

/**
 * Metadata changes: validate with the pure definitions in core, apply DDL,
 * store the definition and bump the workspace's metadata version — all in
 * one transaction, serialised per workspace.
 */

type Change<T> = (tx: Queryable, metadata: WorkspaceMetadata) => Promise<T>;

export async function changeMetadata<T>(db: Database | Queryable, workspaceId: string, change: Change<T>): Promise<T> {
  const body = async (tx: Queryable) => {
    const ws = await lockMetadataForChange(tx, workspaceId);
    const metadata = await readMetadata(tx, { id: workspaceId, ...ws });
    const result = await change(tx, metadata);
    await bumpMetadataVersion(tx, workspaceId);
    return result;
  };
  return 'transaction' in db ? db.transaction(body) : body(db);
}

export function requireObject(metadata: WorkspaceMetadata, apiName: string): ObjectDef {
  const object = Object.hasOwn(metadata.objects, apiName) ? metadata.objects[apiName] : undefined;
  if (!object) throw new DomainError({ code: 'unknownObject', params: { object: apiName.slice(0, 100) } });
  return object;
}

export function requireField(object: ObjectDef, apiName: string): FieldDef {
  const field = object.fields.find((f) => f.apiName === apiName);
  if (!field) throw new DomainError({ code: 'notFound', status: 404, errors: [{ field: apiName.slice(0, 100), code: 'unknownField' }] });
  return field;
}

export const createObject = (db: Database | Queryable, workspaceId: string, input: unknown): Promise<ObjectDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = defineObject(input, { existing: md.objects });
    await createObjectTable(tx, md.schema, object);
    await saveObjectDefinition(tx, workspaceId, object);
    return object;
  });

export const updateObject = (db: Database | Queryable, workspaceId: string, apiName: string, input: unknown): Promise<ObjectDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = patchObject(requireObject(md, apiName), input);
    await saveObjectDefinition(tx, workspaceId, object);
    return object;
  });

export const deleteObject = (db: Database | Queryable, workspaceId: string, apiName: string): Promise<void> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, apiName);
    const refs = referencesTo(apiName, md.objects).filter((r) => r.object !== apiName);
    if (refs.length > 0) {
      throw new DomainError({ code: 'conflict', errors: [{ field: apiName, code: 'referencedBy', params: { by: refs.map((r) => `${r.object}.${r.field}`).join(', ') } }] });
    }
    await dropObjectTable(tx, md.schema, object);
    await deleteObjectDefinition(tx, workspaceId, apiName);
  });

export const createField = (db: Database | Queryable, workspaceId: string, objectName: string, input: unknown): Promise<FieldDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const field = defineField(input, { object, existing: md.objects });
    await addFieldColumns(tx, md.schema, object, field);
    await saveObjectDefinition(tx, workspaceId, { ...object, fields: [...object.fields, field] });
    return field;
  });

export const updateField = (db: Database | Queryable, workspaceId: string, objectName: string, fieldName: string, input: unknown): Promise<FieldDef> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const current = requireField(object, fieldName);
    const { field, changes } = patchField(current, input, { object, existing: md.objects });
    const next = { ...object, fields: object.fields.map((f) => (f.apiName === fieldName ? field : f)) };
    refuseBreakingRules(md, next, fieldName);
    await applyFieldChanges(tx, { schema: md.schema, object, before: current, after: field, changes });
    await saveObjectDefinition(tx, workspaceId, next);
    return field;
  });

export const deleteField = (db: Database | Queryable, workspaceId: string, objectName: string, fieldName: string): Promise<void> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const field = requireField(object, fieldName);
    if (field.system) throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'systemFieldLocked' }] });
    const refs = fieldReferences({ object: objectName, field: fieldName }, md.objects);
    if (refs.length > 0) {
      throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'referencedBy', params: { by: refs.map((r) => `${r.object}.${r.field} (${r.via})`).join(', ') } }] });
    }
    const next = { ...object, fields: object.fields.filter((f) => f.apiName !== fieldName) };
    refuseBreakingRules(md, next, fieldName);
    await dropFieldColumns(tx, md.schema, object, field);
    await saveObjectDefinition(tx, workspaceId, next);
  });

/**
 * A field change or deletion must not leave a validation rule or a formula
 * field (of any object: both reach fields through lookups) that no longer
 * type-checks.
 */
function refuseBreakingRules(md: WorkspaceMetadata, changed: ObjectDef, fieldName: string): void {
  const after: WorkspaceMetadata = { ...md, objects: { ...md.objects, [changed.apiName]: changed } };
  const broken = [
    ...Object.values(after.objects).flatMap((o) =>
      (o.validationRules ?? []).filter((r) => validationRuleProblems(r, { metadata: after, object: o }).length > 0).map((r) => `${o.apiName} validation rule ${r.apiName}`),
    ),
    ...brokenFormulaFields(after).map((f) => `${f} (formula)`),
  ];
  if (broken.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: fieldName, code: 'referencedBy', params: { by: broken.join(', ') } }] });
}

export function requireRule(object: ObjectDef, apiName: string): ValidationRule {
  const rule = (object.validationRules ?? []).find((r) => r.apiName === apiName);
  if (!rule) throw new DomainError({ code: 'notFound', status: 404, errors: [{ field: apiName.slice(0, 100), code: 'invalidValue', params: { detail: 'no validation rule of this name' } }] });
  return rule;
}

const withRules = (object: ObjectDef, rules: ValidationRule[]): ObjectDef => {
  const { validationRules: _old, ...rest } = object;
  return rules.length > 0 ? { ...rest, validationRules: rules } : rest;
};

export const createValidationRule = (db: Database | Queryable, workspaceId: string, objectName: string, input: unknown): Promise<ValidationRule> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const rule = defineValidationRule(input, { metadata: md, object });
    await saveObjectDefinition(tx, workspaceId, withRules(object, [...(object.validationRules ?? []), rule]));
    return rule;
  });

export const updateValidationRule = (db: Database | Queryable, workspaceId: string, objectName: string, ruleName: string, input: unknown): Promise<ValidationRule> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    const rule = patchValidationRule(requireRule(object, ruleName), input, { metadata: md, object });
    await saveObjectDefinition(tx, workspaceId, withRules(object, (object.validationRules ?? []).map((r) => (r.apiName === ruleName ? rule : r))));
    return rule;
  });

export const deleteValidationRule = (db: Database | Queryable, workspaceId: string, objectName: string, ruleName: string): Promise<void> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const object = requireObject(md, objectName);
    requireRule(object, ruleName);
    await saveObjectDefinition(tx, workspaceId, withRules(object, (object.validationRules ?? []).filter((r) => r.apiName !== ruleName)));
  });

/**
 * Installs a package of objects and fields (the standard model, later
 * customers' packages) in one metadata change: every object is defined
 * first, so fields may point at any object of the package whatever the
 * order; then the tables, then their columns and constraints. Each
 * definition goes through the same checks as the metadata API.
 */
export const installObjects = (
  db: Database | Queryable,
  workspaceId: string,
  pkg: { objects: { object: unknown; fields: unknown[] }[]; extraFields?: { object: string; fields: unknown[] }[] },
): Promise<ObjectDef[]> =>
  changeMetadata(db, workspaceId, async (tx, md) => {
    const existing: Record<string, ObjectDef> = { ...md.objects };
    const created = pkg.objects.map((p) => {
      const object = defineObject(p.object, { existing });
      existing[object.apiName] = object;
      return object.apiName;
    });
    const system = new Map(created.map((name) => [name, existing[name]!]));
    const added = new Map<string, FieldDef[]>();
    const fieldsOf = [...pkg.objects.map((p, i) => ({ object: created[i]!, fields: p.fields })), ...(pkg.extraFields ?? [])];
    for (const { object: name, fields } of fieldsOf) {
      for (const input of fields) {
        const object = existing[name];
        if (!object) throw new DomainError({ code: 'unknownObject', params: { object: name } });
        const field = defineField(input, { object, existing });
        existing[name] = { ...object, fields: [...object.fields, field] };
        added.set(name, [...(added.get(name) ?? []), field]);
      }
    }
    for (const object of system.values()) await createObjectTable(tx, md.schema, object);
    for (const [name, fields] of added) {
      const object = existing[name]!;
      for (const field of fields) await addFieldColumns(tx, md.schema, object, field);
    }
    for (const name of new Set([...created, ...added.keys()])) await saveObjectDefinition(tx, workspaceId, existing[name]!);
    return created.map((name) => existing[name]!);
  });
