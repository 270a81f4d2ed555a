import type { JsonSchema } from '../../metadata/json-schema.ts';
import type { Locale } from '../../metadata/types.ts';
import type { MediaTypeObject, OperationObject, PathItemObject, RequestBodyObject, ResponseObject, TagObject } from '../openapi-document.ts';
import { text, type TextKey } from './openapi-text.ts';
import { problemResponse, problems, SESSION_COOKIE } from './platform-components.ts';
import { parameterRef, responseRef, schemaRef } from './refs.ts';
import { RECORDS_TAG } from './record-paths.ts';

/**
 * The routes that do not depend on metadata: auth, metadata, composite
 * batches, the event feed, health and this document. Tag names start with a
 * capital so they never collide with an object's tag (its lowerCamel API name).
 */

const TAGS = { auth: 'Auth', metadata: 'Metadata', composite: 'Composite', events: 'Events', system: 'System' } as const;

export function platformTags(locale: Locale): TagObject[] {
  const tag = (name: string, key: TextKey): TagObject => ({ name, description: text(key, locale) });
  return [
    tag(TAGS.auth, 'tagAuth'),
    tag(TAGS.metadata, 'tagMetadata'),
    tag(RECORDS_TAG, 'tagRecords'),
    tag(TAGS.composite, 'tagComposite'),
    tag(TAGS.events, 'tagEvents'),
    tag(TAGS.system, 'tagSystem'),
  ];
}

/** Operation ids of the platform routes, claimed before any object's so they never change. */
export const PLATFORM_OPERATION_IDS = [
  'login',
  'logout',
  'getCurrentUser',
  'updateCurrentUser',
  'listObjects',
  'createObject',
  'getObject',
  'updateObject',
  'deleteObject',
  'listFields',
  'createField',
  'getField',
  'updateField',
  'deleteField',
  'runComposite',
  'listEvents',
  'getHealth',
  'getOpenApiDocument',
] as const;
type PlatformOperationId = (typeof PLATFORM_OPERATION_IDS)[number];

const json = (schema: JsonSchema): Record<string, MediaTypeObject> => ({ 'application/json': { schema } });
const ok = (description: string, schemaName: string): ResponseObject => ({ description, content: json(schemaRef(schemaName)) });
const body = (schemaName: string): RequestBodyObject => ({ required: true, content: json(schemaRef(schemaName)) });

export function platformPaths(locale: Locale): Record<string, PathItemObject> {
  const t = (key: TextKey) => text(key, locale);
  const op = (operationId: PlatformOperationId, tag: string, o: Omit<OperationObject, 'tags' | 'operationId'>): OperationObject => ({ operationId, ...o, tags: [tag] });
  const meta = (operationId: PlatformOperationId, o: Omit<OperationObject, 'tags' | 'operationId'>) => op(operationId, TAGS.metadata, o);

  return {
    '/api/auth/login': {
      post: op('login', TAGS.auth, {
        summary: t('loginSummary'),
        security: [],
        requestBody: body('LoginRequest'),
        responses: {
          '200': {
            ...ok(t('resSession'), 'Session'),
            headers: { 'Set-Cookie': { description: `${SESSION_COOKIE}=<token>; Path=/; HttpOnly; SameSite=Lax`, schema: { type: 'string' } } },
          },
          ...problems(400, 413, 415),
          '401': problemResponse(t('problem401Login')),
          '423': problemResponse(t('problem423Login')),
          '429': problemResponse(t('problem429')),
        },
      }),
    },
    '/api/auth/logout': {
      post: op('logout', TAGS.auth, { summary: t('logoutSummary'), responses: { '204': { description: t('resLoggedOut') }, ...problems(401) } }),
    },
    '/api/auth/me': {
      get: op('getCurrentUser', TAGS.auth, { summary: t('meSummary'), responses: { '200': ok(t('resMe'), 'CurrentUser'), ...problems(401) } }),
      patch: op('updateCurrentUser', TAGS.auth, { summary: t('updateMeSummary'), requestBody: body('PreferencesRequest'), responses: { '200': ok(t('resMe'), 'CurrentUser'), ...problems(400, 401, 403, 413, 415) } }),
    },
    '/api/metadata/objects': {
      get: meta('listObjects', { summary: t('listObjectsSummary'), responses: { '200': ok(t('resObjects'), 'ObjectDefinitionList'), ...problems(401) } }),
      post: meta('createObject', {
        summary: t('createObjectSummary'),
        description: t('adminOnly'),
        requestBody: body('ObjectDefinitionInput'),
        responses: { '201': ok(t('resObject'), 'ObjectDefinition'), ...problems(400, 401, 403, 409, 413, 415, 422) },
      }),
    },
    '/api/metadata/objects/{object}': {
      parameters: [parameterRef('ObjectName')],
      get: meta('getObject', { summary: t('getObjectSummary'), responses: { '200': ok(t('resObject'), 'ObjectDefinition'), ...problems(401, 404) } }),
      patch: meta('updateObject', {
        summary: t('updateObjectSummary'),
        description: t('adminOnly'),
        requestBody: body('ObjectDefinitionPatch'),
        responses: { '200': ok(t('resObject'), 'ObjectDefinition'), ...problems(400, 401, 403, 404, 413, 415, 422) },
      }),
      delete: meta('deleteObject', {
        summary: t('deleteObjectSummary'),
        description: t('adminOnly'),
        responses: { '204': { description: t('resDeleted') }, ...problems(401, 403, 404, 409) },
      }),
    },
    '/api/metadata/objects/{object}/fields': {
      parameters: [parameterRef('ObjectName')],
      get: meta('listFields', { summary: t('listFieldsSummary'), responses: { '200': ok(t('resFields'), 'FieldDefinitionList'), ...problems(401, 404) } }),
      post: meta('createField', {
        summary: t('createFieldSummary'),
        description: t('adminOnly'),
        requestBody: body('FieldDefinitionInput'),
        responses: { '201': ok(t('resField'), 'FieldDefinition'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      }),
    },
    '/api/metadata/objects/{object}/fields/{field}': {
      parameters: [parameterRef('ObjectName'), parameterRef('FieldName')],
      get: meta('getField', { summary: t('getFieldSummary'), responses: { '200': ok(t('resField'), 'FieldDefinition'), ...problems(401, 404) } }),
      patch: meta('updateField', {
        summary: t('updateFieldSummary'),
        description: t('adminOnly'),
        requestBody: body('FieldDefinitionPatch'),
        responses: { '200': ok(t('resField'), 'FieldDefinition'), ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
      }),
      delete: meta('deleteField', {
        summary: t('deleteFieldSummary'),
        description: t('adminOnly'),
        responses: { '204': { description: t('resDeleted') }, ...problems(401, 403, 404, 409) },
      }),
    },
    '/api/composite': {
      post: op('runComposite', TAGS.composite, {
        summary: t('compositeSummary'),
        description: t('compositeDescription'),
        requestBody: body('CompositeRequest'),
        responses: {
          '200': ok(t('resComposite'), 'CompositeResponse'),
          ...problems(401, 403, 413, 415),
          // A failed operation's status is passed through, so each status a record route can fail with appears here.
          ...Object.fromEntries(['400', '404', '409', '422'].map((s) => [s, responseRef('CompositeFailed')])),
        },
      }),
    },
    '/api/events': {
      get: op('listEvents', TAGS.events, {
        summary: t('eventsSummary'),
        description: t('eventsDescription'),
        parameters: [parameterRef('EventsAfter'), parameterRef('EventsLimit')],
        responses: { '200': ok(t('resEvents'), 'ChangeEventPage'), ...problems(400, 401) },
      }),
    },
    '/healthz': {
      get: op('getHealth', TAGS.system, { summary: t('healthSummary'), security: [], responses: { '200': ok(t('resHealth'), 'Health') } }),
    },
    '/api/openapi.json': {
      get: op('getOpenApiDocument', TAGS.system, {
        summary: t('openApiSummary'),
        description: t('openApiDescription'),
        responses: { '200': { description: t('resOpenApi'), content: json({ type: 'object', description: 'An OpenAPI 3.1 document.' }) }, ...problems(401) },
      }),
    },
  };
}
