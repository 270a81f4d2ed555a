import type { FieldProblem } from '../errors/domain-error.ts';
import { apiNameProblem } from './lib/api-names.ts';
import { buildField } from './lib/build-field.ts';
import { objectInput, objectPatch } from './lib/inputs.ts';
import { definitionError, parseReportingAll } from './lib/problems.ts';
import { MAX_OBJECTS, type FieldDef, type FieldType, type LocalizedText, type ObjectDef } from './types.ts';

export type { ObjectInput, ObjectPatch } from './lib/inputs.ts';

const SYSTEM_LABELS = {
  id: { 'zh-CN': '记录 ID', 'zh-TW': '記錄 ID', en: 'Record ID' },
  name: { 'zh-CN': '名称', 'zh-TW': '名稱', en: 'Name' },
  ownerId: { 'zh-CN': '负责人', 'zh-TW': '負責人', en: 'Owner' },
  createdAt: { 'zh-CN': '创建时间', 'zh-TW': '建立時間', en: 'Created at' },
  createdBy: { 'zh-CN': '创建人', 'zh-TW': '建立者', en: 'Created by' },
  updatedAt: { 'zh-CN': '最后修改时间', 'zh-TW': '最後修改時間', en: 'Last modified at' },
  updatedBy: { 'zh-CN': '最后修改人', 'zh-TW': '最後修改者', en: 'Last modified by' },
} as const satisfies Record<string, LocalizedText>;

const systemField = (apiName: keyof typeof SYSTEM_LABELS, type: FieldType, unique = false): FieldDef => ({
  apiName,
  type,
  label: { ...SYSTEM_LABELS[apiName] },
  required: true,
  unique,
  externalId: false,
  system: true,
});

/**
 * A new object with its system fields, in this order: id (UUIDv7 primary
 * key), name (required text, or an auto-number), ownerId, and the audit
 * fields. Throws every problem with the input at once.
 */
export function defineObject(input: unknown, ctx: { existing: Record<string, ObjectDef> }): ObjectDef {
  const { data, problems } = parseReportingAll(objectInput, input);
  if (Object.keys(ctx.existing).length >= MAX_OBJECTS) problems.push({ field: 'objects', code: 'tooMany', params: { max: MAX_OBJECTS } });
  if (data.apiName !== undefined) {
    const nameProblem = apiNameProblem(data.apiName, 'object', 'apiName');
    if (nameProblem) problems.push(nameProblem);
    else if (Object.hasOwn(ctx.existing, data.apiName)) problems.push({ field: 'apiName', code: 'alreadyExists', params: { value: data.apiName } });
  }
  const apiName = data.apiName ?? '';
  const { type: nameType, label: nameLabel, ...nameOptions } = data.nameField ?? {};
  const name = buildField(
    { ...nameOptions, apiName: 'name', type: nameType ?? 'text', label: nameLabel ?? { ...SYSTEM_LABELS.name }, required: true },
    { object: apiName, existing: ctx.existing, prefix: 'nameField.', system: true },
  );
  problems.push(...name.problems);
  if (problems.length > 0) throw definitionError(problems);

  return {
    apiName,
    label: data.label!,
    ...(data.pluralLabel ? { pluralLabel: data.pluralLabel } : {}),
    ...(data.description ? { description: data.description } : {}),
    ...(data.sharingModel ? { sharingModel: data.sharingModel } : {}),
    ...(data.implicitParentAccess ? { implicitParentAccess: data.implicitParentAccess } : {}),
    ...(data.searchable === false ? { searchable: false } : {}),
    ...(data.category ? { category: data.category } : {}),
    ...(data.listColumns ? { listColumns: data.listColumns } : {}),
    fields: [
      systemField('id', 'id', true),
      name.field,
      systemField('ownerId', 'userRef'),
      systemField('createdAt', 'datetime'),
      systemField('createdBy', 'userRef'),
      systemField('updatedAt', 'datetime'),
      systemField('updatedBy', 'userRef'),
    ],
  };
}

/**
 * Changes an object's labels, description and settings (sharing, implicit
 * parent access, global search, navigation, list columns); its API name never
 * changes (integrations depend on it). null clears an optional text.
 */
export function patchObject(object: ObjectDef, input: unknown): ObjectDef {
  const { data, problems } = parseReportingAll(objectPatch, input);
  if (data.apiName !== undefined && data.apiName !== object.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' } satisfies FieldProblem);
  (data.listColumns ?? []).forEach((c, i) => {
    if (!listColumnExists(object, c)) problems.push({ field: `listColumns[${i}]`, code: 'unknownField', params: { field: c.slice(0, 100) } });
  });
  if (data.implicitParentAccess && !isParentLookup(object, data.implicitParentAccess)) problems.push({ field: 'implicitParentAccess', code: 'unknownField', params: { field: data.implicitParentAccess.slice(0, 100) } });
  if (problems.length > 0) throw definitionError(problems);
  const { pluralLabel, description, fields, category, listColumns, implicitParentAccess, searchable, ...rest } = object;
  const nextParent = data.implicitParentAccess === undefined ? implicitParentAccess : (data.implicitParentAccess ?? undefined);
  const nextCategory = data.category === undefined ? category : (data.category ?? undefined);
  const nextColumns = data.listColumns === undefined ? listColumns : (data.listColumns ?? undefined);
  const nextPlural = data.pluralLabel === undefined ? pluralLabel : (data.pluralLabel ?? undefined);
  const nextDescription = data.description === undefined ? description : (data.description ?? undefined);
  return {
    ...rest,
    label: data.label ?? object.label,
    ...(nextPlural ? { pluralLabel: nextPlural } : {}),
    ...(nextDescription ? { description: nextDescription } : {}),
    ...((data.sharingModel ?? object.sharingModel) ? { sharingModel: data.sharingModel ?? object.sharingModel } : {}),
    ...(nextParent ? { implicitParentAccess: nextParent } : {}),
    // Only `false` is stored: absent means searchable, as for objects defined before the setting existed.
    ...((data.searchable ?? searchable) === false ? { searchable: false } : {}),
    ...(nextCategory ? { category: nextCategory } : {}),
    ...(nextColumns ? { listColumns: nextColumns } : {}),
    fields,
  };
}

/** A list column is a field of the object, or a path through a lookup to the target's name (`account.name`). */
export function listColumnExists(object: ObjectDef, column: string): boolean {
  const [head, tail] = column.split('.', 2);
  const field = object.fields.find((f) => f.apiName === head);
  if (!field) return false;
  return tail === undefined || ((field.type === 'lookup' || field.type === 'masterDetail') && tail === 'name');
}

/** Implicit parent access goes through a lookup (not master-detail: a detail already follows its master). */
export function isParentLookup(object: ObjectDef, field: string): boolean {
  return object.fields.some((f) => f.apiName === field && f.type === 'lookup' && !!f.target);
}
