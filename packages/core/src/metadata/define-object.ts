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

/** Changes an object's labels and description; its API name never changes (integrations depend on it). null clears an optional text. */
export function patchObject(object: ObjectDef, input: unknown): ObjectDef {
  const { data, problems } = parseReportingAll(objectPatch, input);
  if (data.apiName !== undefined && data.apiName !== object.apiName) problems.push({ field: 'apiName', code: 'apiNameImmutable' } satisfies FieldProblem);
  if (problems.length > 0) throw definitionError(problems);
  const { pluralLabel, description, fields, ...rest } = object;
  const nextPlural = data.pluralLabel === undefined ? pluralLabel : (data.pluralLabel ?? undefined);
  const nextDescription = data.description === undefined ? description : (data.description ?? undefined);
  return {
    ...rest,
    label: data.label ?? object.label,
    ...(nextPlural ? { pluralLabel: nextPlural } : {}),
    ...(nextDescription ? { description: nextDescription } : {}),
    ...((data.sharingModel ?? object.sharingModel) ? { sharingModel: data.sharingModel ?? object.sharingModel } : {}),
    fields,
  };
}
