import { fieldValueSchema, localizedText, recordSchemas, type JsonSchema } from '../../metadata/json-schema.ts';
import { API_NAME_PATTERN, type FieldDef, type Locale, type ObjectDef } from '../../metadata/types.ts';
import type { MediaTypeObject, OperationObject, ParameterObject, PathItemObject, Reference, RequestBodyObject, ResponseObject, TagObject } from '../openapi-document.ts';
import { pascalCase, type NameRegistry, type ObjectComponentNames } from './component-names.ts';
import { text } from './openapi-text.ts';
import { problems } from './platform-components.ts';
import { parameterRef, schemaRef } from './refs.ts';

/**
 * The records API of one object (typed by its schemas) and of any object
 * (generic over `{object}`). Both come from one builder so the two can
 * never describe different routes.
 */

export const RECORDS_TAG = 'Records';

type RecordApi = {
  /** "/api/records/account" or "/api/records/{object}". */
  base: string;
  /** Path parameters every path of this API has (the generic `{object}`). */
  scope: (ParameterObject | Reference)[];
  tag: string;
  label: string;
  plural: string;
  schemas: ObjectComponentNames;
  operationIds: Record<'list' | 'create' | 'get' | 'update' | 'delete' | 'history', string>;
  /** The upsert paths: one per external-id field, or one generic. */
  upserts: { path: string; parameters: (ParameterObject | Reference)[]; fieldLabel: string; operationId: string }[];
};

const json = (schema: JsonSchema): Record<string, MediaTypeObject> => ({ 'application/json': { schema } });
const ok = (description: string, schemaName: string): ResponseObject => ({ description, content: json(schemaRef(schemaName)) });
const body = (schemaName: string): RequestBodyObject => ({ required: true, content: json(schemaRef(schemaName)) });

const WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 415, 422);
const READ_PROBLEMS = problems(400, 401, 403, 404);

function recordPathItems(api: RecordApi, locale: Locale): Record<string, PathItemObject> {
  const t = (key: Parameters<typeof text>[0], params: Record<string, string> = {}) => text(key, locale, { label: api.label, plural: api.plural, ...params });
  const scoped = (params: (ParameterObject | Reference)[]) => [...api.scope, ...params];
  const op = (o: Omit<OperationObject, 'tags'>): OperationObject => ({ ...o, tags: [api.tag] });
  const record = api.schemas.record;

  const paths: Record<string, PathItemObject> = {
    [api.base]: {
      ...(api.scope.length > 0 ? { parameters: api.scope } : {}),
      get: op({
        operationId: api.operationIds.list,
        summary: t('listSummary'),
        description: t('listDescription'),
        parameters: ['Filter', 'Sort', 'Fields', 'Limit', 'Cursor', 'Count', 'Search'].map(parameterRef),
        responses: { '200': ok(t('resPage'), api.schemas.page), ...READ_PROBLEMS },
      }),
      post: op({
        operationId: api.operationIds.create,
        summary: t('createSummary'),
        description: t('createDescription'),
        requestBody: body(api.schemas.create),
        responses: { '201': ok(t('resCreated'), record), ...WRITE_PROBLEMS },
      }),
    },
    [`${api.base}/{id}`]: {
      parameters: scoped([parameterRef('RecordId')]),
      get: op({
        operationId: api.operationIds.get,
        summary: t('getSummary'),
        parameters: [parameterRef('Fields')],
        responses: { '200': ok(t('resRecord'), record), ...READ_PROBLEMS },
      }),
      patch: op({
        operationId: api.operationIds.update,
        summary: t('updateSummary'),
        description: t('updateDescription'),
        requestBody: body(api.schemas.update),
        responses: { '200': ok(t('resUpdated'), record), ...WRITE_PROBLEMS },
      }),
      delete: op({
        operationId: api.operationIds.delete,
        summary: t('deleteSummary'),
        description: t('deleteDescription'),
        responses: { '204': { description: t('resDeleted') }, ...problems(401, 403, 404, 409) },
      }),
    },
    [`${api.base}/{id}/history`]: {
      parameters: scoped([parameterRef('RecordId')]),
      get: op({
        operationId: api.operationIds.history,
        summary: t('historySummary'),
        description: t('historyDescription'),
        parameters: [parameterRef('HistoryLimit'), parameterRef('HistoryCursor')],
        responses: { '200': ok(t('resHistory'), 'HistoryPage'), ...READ_PROBLEMS },
      }),
    },
  };
  for (const upsert of api.upserts) {
    paths[upsert.path] = {
      parameters: scoped(upsert.parameters),
      put: op({
        operationId: upsert.operationId,
        summary: t('upsertSummary', { field: upsert.fieldLabel }),
        description: t('upsertDescription', { field: upsert.fieldLabel }),
        // Update, not create: an existing record takes the body as an update, so no field is required up front.
        requestBody: body(api.schemas.update),
        responses: { '200': ok(t('resUpdated'), record), '201': ok(t('resCreated'), record), ...WRITE_PROBLEMS },
      }),
    };
  }
  return paths;
}

/** A path segment's value schema: the field's own, without null (a path segment is never null). */
function keyValueSchema(field: FieldDef, locale: Locale): JsonSchema {
  const { default: _default, ...schema } = fieldValueSchema({ ...field, required: true }, locale, 'write');
  return schema;
}

export function objectApi(input: { object: ObjectDef; names: ObjectComponentNames; locale: Locale; operationIds: NameRegistry }): {
  paths: Record<string, PathItemObject>;
  schemas: Record<string, JsonSchema>;
  tag: TagObject;
} {
  const { object, names, locale, operationIds } = input;
  const label = localizedText(object.label, locale, object.apiName);
  const plural = localizedText(object.pluralLabel, locale, label);
  const base = `/api/records/${object.apiName}`;
  const id = pascalCase(object.apiName);
  // Claimed before any upsert's, so adding an external-id field never renames these.
  const operationIdsOfObject = {
    list: operationIds.claim(`list${id}`),
    create: operationIds.claim(`create${id}`),
    get: operationIds.claim(`get${id}`),
    update: operationIds.claim(`update${id}`),
    delete: operationIds.claim(`delete${id}`),
    history: operationIds.claim(`get${id}History`),
  };
  const upserts = object.fields
    .filter((f) => f.externalId)
    .map((f) => ({
      path: `${base}/by/${f.apiName}/{value}`,
      parameters: [{ name: 'value', in: 'path' as const, required: true, description: text('paramUpsertValue', locale), schema: keyValueSchema(f, locale) }],
      fieldLabel: localizedText(f.label, locale, f.apiName),
      operationId: operationIds.claim(`upsert${id}By${pascalCase(f.apiName)}`),
    }));
  const paths = recordPathItems(
    {
      base,
      scope: [],
      tag: object.apiName,
      label,
      plural,
      schemas: names,
      operationIds: operationIdsOfObject,
      upserts,
    },
    locale,
  );
  const { record, create, update } = recordSchemas(object, locale);
  const page: JsonSchema = {
    type: 'object',
    title: plural,
    'x-mainline-object': object.apiName,
    properties: {
      records: { type: 'array', items: schemaRef(names.record) },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
      total: { type: 'integer', minimum: 0, description: 'Only when `count=true`.' },
    },
    required: ['records', 'nextCursor'],
  };
  const description = object.description ? localizedText(object.description, locale, '') : '';
  return {
    paths,
    schemas: { [names.record]: record, [names.create]: create, [names.update]: update, [names.page]: page },
    tag: { name: object.apiName, description: description || text('tagObject', locale, { label }), 'x-displayName': label },
  };
}

/** Records of objects this document does not know yet (created after it was generated). */
export function genericRecordApi(locale: Locale, operationIds: NameRegistry): Record<string, PathItemObject> {
  const label = text('record', locale);
  const ids = {
    list: operationIds.claim('listRecords'),
    create: operationIds.claim('createRecord'),
    get: operationIds.claim('getRecord'),
    update: operationIds.claim('updateRecord'),
    delete: operationIds.claim('deleteRecord'),
    history: operationIds.claim('getRecordHistory'),
  };
  const upsert = {
    path: '/api/records/{object}/by/{field}/{value}',
    parameters: [
      { name: 'field', in: 'path' as const, required: true, description: text('paramUpsertField', locale), schema: { type: 'string', pattern: API_NAME_PATTERN.source } },
      { name: 'value', in: 'path' as const, required: true, description: text('paramUpsertValue', locale), schema: { type: 'string' } },
    ],
    fieldLabel: '{field}',
    operationId: operationIds.claim('upsertRecord'),
  };
  return recordPathItems(
    {
      base: '/api/records/{object}',
      scope: [parameterRef('ObjectName')],
      tag: RECORDS_TAG,
      label,
      plural: text('records', locale),
      schemas: { record: 'GenericRecord', create: 'GenericRecordInput', update: 'GenericRecordInput', page: 'GenericRecordPage' },
      operationIds: ids,
      upserts: [upsert],
    },
    locale,
  );
}
