import { ERROR_STATUS } from '../../errors/domain-error.ts';
import { MESSAGES } from '../../errors/messages.ts';
import type { JsonSchema } from '../../metadata/json-schema.ts';
import { RELATED_FIELD_KEY_PATTERN } from '../../metadata/json-schema.ts';
import { LOCALES, type Locale } from '../../metadata/types.ts';
import { FILTER_OPS } from '../../query/operators.ts';
import { QUERY_LIMITS } from '../../query/query-limits.ts';
import { SEARCH_QUERY_MAX_LENGTH } from '../../search/search-text.ts';
import type { ParameterObject, Reference, ResponseObject, SecuritySchemeObject } from '../openapi-document.ts';
import { metadataSchemas } from './metadata-schemas.ts';
import { API_NAME, DATETIME, nullable, OPERATION, responseRef, schemaRef, SEQUENCE, UUID } from './refs.ts';
import { text } from './openapi-text.ts';

/**
 * Components every workspace's document shares: the problem format, the
 * platform endpoints' bodies, the list parameters and the security schemes.
 * Request bodies are closed (additionalProperties: false) where the server
 * refuses unknown keys; responses stay open so adding a key is not a
 * breaking change for generated clients.
 */

/** The server's constants, mirrored because core cannot import the server; the server's test pins them. */
export const SESSION_COOKIE = 'mainline_session';
export const MAX_COMPOSITE_OPERATIONS = 500;
const HISTORY_DEFAULT_LIMIT = 100;
const EVENTS_DEFAULT_LIMIT = 100;
const MAX_PAGE = 1000;

function problemSchemas(): Record<string, JsonSchema> {
  const codes = Object.keys(ERROR_STATUS);
  return {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. Further members carry the parameters of the message (e.g. `object`, `limit`).',
      properties: {
        type: { type: 'string', format: 'uri', description: 'Identifies the problem kind: https://mainline.dev/problems/{code}.' },
        title: { type: 'string', description: "A human message in the caller's language." },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        code: { type: 'string', enum: codes, description: 'Stable code of the problem; program against this, not the message.' },
        detail: { type: 'string' },
        errors: {
          type: 'array',
          description: 'Every problem found, each naming its field or query parameter (e.g. "budget", "filter.and[2].value").',
          items: {
            type: 'object',
            properties: {
              field: { type: 'string' },
              code: { type: 'string', enum: Object.keys(MESSAGES) },
              message: { type: 'string' },
            },
            required: ['field', 'code', 'message'],
          },
        },
      },
      required: ['type', 'title', 'status', 'code', 'detail'],
    },
    CompositeProblem: {
      allOf: [
        schemaRef('Problem'),
        {
          type: 'object',
          properties: {
            failedOperation: { type: 'integer', minimum: 0, description: 'Index of the operation that failed.' },
            failedCode: { type: 'string', enum: codes, description: 'The code the failed operation alone would have had.' },
          },
          required: ['failedOperation', 'failedCode'],
        },
      ],
    },
  };
}

function recordSchemasShared(): Record<string, JsonSchema> {
  return {
    GenericRecord: {
      type: 'object',
      description: 'A record: field values keyed by field API name, plus related fields as dotted keys when requested.',
      properties: { id: UUID },
      patternProperties: { [RELATED_FIELD_KEY_PATTERN]: {} },
      required: ['id'],
    },
    GenericRecordInput: { type: 'object', description: 'Field values keyed by field API name; see the typed schema of each object.' },
    GenericRecordPage: {
      type: 'object',
      properties: {
        records: { type: 'array', items: schemaRef('GenericRecord') },
        nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
        total: { type: 'integer', minimum: 0, description: 'Only when `count=true`.' },
      },
      required: ['records', 'nextCursor'],
    },
    FilterTree: {
      description: 'The JSON form of the `filter` parameter: conditions, grouped by and, or and not.',
      oneOf: [
        ...(['and', 'or'] as const).map((group) => ({
          type: 'object',
          properties: { [group]: { type: 'array', items: schemaRef('FilterTree') } },
          required: [group],
          additionalProperties: false,
        })),
        { type: 'object', properties: { not: schemaRef('FilterTree') }, required: ['not'], additionalProperties: false },
        {
          type: 'object',
          properties: {
            field: { type: 'string', minLength: 1, description: `A field, or a path through at most ${QUERY_LIMITS.pathHops} lookups such as "account.name".` },
            op: { type: 'string', enum: [...FILTER_OPS] },
            value: { description: 'Checked against the field type as writes are; a list for in, [low, high] for between, true or false for isNull.' },
          },
          required: ['field', 'op', 'value'],
          additionalProperties: false,
        },
      ],
    },
    HistoryEntry: {
      type: 'object',
      properties: {
        id: SEQUENCE,
        recordId: UUID,
        operation: OPERATION,
        field: { type: ['string', 'null'], description: 'The changed field of an update; null for create and delete.' },
        oldValue: { description: 'Value before an update; the whole record for a delete; null for a create.' },
        newValue: { description: 'Value after an update; null for create and delete.' },
        actorId: nullable(UUID),
        changedAt: DATETIME,
      },
      required: ['id', 'recordId', 'operation', 'field', 'oldValue', 'newValue', 'actorId', 'changedAt'],
    },
    HistoryPage: {
      type: 'object',
      properties: {
        entries: { type: 'array', items: schemaRef('HistoryEntry') },
        nextCursor: { type: ['string', 'null'], pattern: '^\\d{1,18}$', description: 'Pass as `cursor` for older entries; null when there are none.' },
      },
      required: ['entries', 'nextCursor'],
    },
  };
}

function integrationSchemas(): Record<string, JsonSchema> {
  return {
    CompositeOperation: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] },
        path: {
          type: 'string',
          minLength: 1,
          maxLength: 2000,
          description: 'A records path without a query string: /api/records/{object}, /api/records/{object}/{id} or /api/records/{object}/by/{field}/{value}. May contain `@{ref.field}`.',
          examples: ['/api/records/contact', '/api/records/account/@{p1.id}'],
        },
        body: { description: 'The request body of the operation. Strings may contain `@{ref.field}`; a string that is exactly one reference takes the referenced value with its type.' },
        ref: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,39}$', description: 'Names the result for later operations; unique within the batch.' },
      },
      required: ['method', 'path'],
      additionalProperties: false,
    },
    CompositeRequest: {
      type: 'object',
      properties: { operations: { type: 'array', minItems: 1, maxItems: MAX_COMPOSITE_OPERATIONS, items: schemaRef('CompositeOperation') } },
      required: ['operations'],
      additionalProperties: false,
    },
    CompositeResult: {
      type: 'object',
      properties: {
        ref: { type: 'string' },
        status: { type: 'integer', enum: [200, 201, 204] },
        body: { description: 'What the operation alone would have returned; null for a delete.' },
      },
      required: ['status', 'body'],
    },
    CompositeResponse: {
      type: 'object',
      properties: { results: { type: 'array', items: schemaRef('CompositeResult') } },
      required: ['results'],
    },
    ChangeEvent: {
      type: 'object',
      properties: {
        seq: { ...SEQUENCE, description: 'Position in commit order; a decimal string because it can outgrow JSON numbers.' },
        object: API_NAME,
        recordId: UUID,
        operation: OPERATION,
        changedFields: { type: 'array', items: { type: 'string' } },
        actorId: nullable(UUID),
        occurredAt: DATETIME,
      },
      required: ['seq', 'object', 'recordId', 'operation', 'changedFields', 'actorId', 'occurredAt'],
    },
    ChangeEventPage: {
      type: 'object',
      properties: {
        events: { type: 'array', items: schemaRef('ChangeEvent') },
        nextCursor: { ...SEQUENCE, description: 'Pass as `after` on the next call; unchanged when there were no new events.' },
      },
      required: ['events', 'nextCursor'],
    },
  };
}

function authSchemas(): Record<string, JsonSchema> {
  return {
    LoginRequest: {
      type: 'object',
      properties: { email: { type: 'string', minLength: 3, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
      required: ['email', 'password'],
      additionalProperties: false,
    },
    Session: {
      type: 'object',
      properties: { token: { type: 'string', description: 'Send as `Authorization: Bearer <token>`.' }, expiresAt: DATETIME },
      required: ['token', 'expiresAt'],
    },
    CurrentUser: {
      type: 'object',
      properties: {
        id: UUID,
        email: { type: 'string' },
        name: { type: 'string' },
        isAdmin: { type: 'boolean' },
        isPlatformAdmin: { type: 'boolean' },
        profileId: nullable(UUID),
        roleId: nullable(UUID),
        locale: { type: 'string', enum: [...LOCALES] },
        timeZone: { type: 'string', description: 'IANA time zone, e.g. Asia/Shanghai.' },
        workspaceId: UUID,
        apiKey: {
          type: 'object',
          description: 'Present when the request carries an API key: the key and what it allows.',
          properties: {
            id: UUID,
            scope: {
              type: 'object',
              properties: { access: { type: 'string', enum: ['read', 'readWrite'] }, objects: { type: 'array', items: { type: 'string' } } },
              required: ['access'],
            },
          },
          required: ['id', 'scope'],
        },
      },
      required: ['id', 'email', 'name', 'isAdmin', 'isPlatformAdmin', 'profileId', 'roleId', 'locale', 'timeZone', 'workspaceId'],
    },
    PreferencesRequest: {
      type: 'object',
      properties: {
        locale: { type: 'string', enum: [...LOCALES] },
        timeZone: { type: 'string', maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai.' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
      },
      additionalProperties: false,
    },
    Health: { type: 'object', properties: { status: { type: 'string', const: 'ok' } }, required: ['status'] },
  };
}

/** Schemas every document has; their names are claimed before any object's. */
export function platformSchemas(): Record<string, JsonSchema> {
  return { ...problemSchemas(), ...recordSchemasShared(), ...integrationSchemas(), ...authSchemas(), ...metadataSchemas() };
}

export function platformParameters(locale: Locale): Record<string, ParameterObject> {
  const t = (key: Parameters<typeof text>[0]) => text(key, locale);
  const L = QUERY_LIMITS;
  return {
    Filter: {
      name: 'filter',
      in: 'query',
      description: text('paramFilter', locale, { ops: FILTER_OPS.join(', ') }),
      schema: { type: 'string', maxLength: L.filterText },
      examples: {
        json: { summary: 'JSON (FilterTree)', value: '{"and":[{"field":"name","op":"startsWith","value":"华东"},{"field":"createdAt","op":"gte","value":"2026-01-01T00:00:00Z"}]}' },
        compact: { summary: 'compact', value: 'name[startsWith]:华东,createdAt[gte]:"2026-01-01T00:00:00Z"' },
      },
    },
    Sort: { name: 'sort', in: 'query', description: text('paramSort', locale, { max: L.sortKeys }), schema: { type: 'string', maxLength: L.paramText }, example: '-createdAt,name' },
    Fields: { name: 'fields', in: 'query', description: text('paramFields', locale, { max: L.fields }), schema: { type: 'string', maxLength: L.paramText }, example: 'id,name,ownerId' },
    Limit: { name: 'limit', in: 'query', description: t('paramLimit'), schema: { type: 'integer', minimum: 1, maximum: L.maxLimit, default: L.defaultLimit } },
    Cursor: { name: 'cursor', in: 'query', description: t('paramCursor'), schema: { type: 'string', maxLength: L.cursorText } },
    Count: { name: 'count', in: 'query', description: t('paramCount'), schema: { type: 'boolean', default: false } },
    Search: { name: 'q', in: 'query', description: t('paramSearch'), schema: { type: 'string', minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }, example: 'hdjm' },
    RecordId: { name: 'id', in: 'path', required: true, description: t('paramId'), schema: UUID },
    ObjectName: { name: 'object', in: 'path', required: true, description: t('paramObject'), schema: API_NAME },
    FieldName: { name: 'field', in: 'path', required: true, description: t('paramField'), schema: API_NAME },
    HistoryLimit: { name: 'limit', in: 'query', description: t('paramHistoryLimit'), schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: HISTORY_DEFAULT_LIMIT } },
    HistoryCursor: { name: 'cursor', in: 'query', description: t('paramCursor'), schema: SEQUENCE },
    EventsAfter: { name: 'after', in: 'query', description: t('paramAfter'), schema: { ...SEQUENCE, default: '0' } },
    EventsLimit: { name: 'limit', in: 'query', description: t('paramEventsLimit'), schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: EVENTS_DEFAULT_LIMIT } },
  };
}

/** Problem responses by status; every error the API returns is one of these. */
export const PROBLEM_RESPONSES = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableContent',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

const PROBLEM_TEXT = {
  400: 'problem400',
  401: 'problem401',
  403: 'problem403',
  404: 'problem404',
  409: 'problem409',
  413: 'problem413',
  415: 'problem415',
  422: 'problem422',
} as const satisfies Record<ProblemStatus, Parameters<typeof text>[0]>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export function problemResponse(description: string, schema: string = 'Problem'): ResponseObject {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef(schema) } } };
}

export function platformResponses(locale: Locale): Record<string, ResponseObject> {
  const out: Record<string, ResponseObject> = {};
  for (const [status, name] of Object.entries(PROBLEM_RESPONSES)) out[name] = problemResponse(text(PROBLEM_TEXT[Number(status) as ProblemStatus], locale));
  out.CompositeFailed = problemResponse(text('problemComposite', locale), 'CompositeProblem');
  return out;
}

/** The `responses` entries for the given problem statuses, in ascending order. */
export function problems(...statuses: ProblemStatus[]): Record<string, Reference> {
  return Object.fromEntries([...statuses].sort((a, b) => a - b).map((s) => [String(s), responseRef(PROBLEM_RESPONSES[s])]));
}

export function securitySchemes(locale: Locale): Record<string, SecuritySchemeObject> {
  return {
    bearerAuth: { type: 'http', scheme: 'bearer', description: text('bearerAuth', locale) },
    cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: text('cookieAuth', locale) },
  };
}
