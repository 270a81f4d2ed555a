import {
  fromZod,
  parameterRef,
  problems,
  type HttpMethod,
  type JsonSchema,
  type Locale,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ProblemStatus,
  type Reference,
  type ResponseObject,
  type RouteDocs,
  type TagObject,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { z } from 'zod';

/**
 * How a server module describes its routes for the OpenAPI document
 * (GET /api/openapi.json), next to the zod schemas its handlers parse, so
 * the document states what is parsed. Texts come in every shipped language.
 */

export type Text = Record<Locale, string>;
export const text = (en: string, zhCN: string, zhTW: string): Text => ({ en, 'zh-CN': zhCN, 'zh-TW': zhTW });

/** Who may call a route: the `access` of its Fastify config (see authenticate.ts). */
type Access = 'public' | 'user' | 'admin' | 'platformAdmin';

const ACCESS_NOTE: Record<Exclude<Access, 'user'>, Text> = {
  public: text('No sign-in needed.', '无需登录。', '無需登入。'),
  admin: text(
    'Needs administration permission: workspace administrators only.',
    '需要管理权限：仅限工作区管理员。',
    '需要管理權限：僅限工作區管理員。',
  ),
  platformAdmin: text(
    'Platform operators only (a signed-in platform administrator, never an API key); acts across workspaces.',
    '仅限平台运维人员（已登录的平台管理员，不可使用 API 密钥）；跨工作区操作。',
    '僅限平台維運人員（已登入的平台管理員，不可使用 API 金鑰）；跨工作區操作。',
  ),
};

export type RouteDoc = {
  method: HttpMethod;
  /** The Fastify path (`/api/views/:id`); `:name` becomes `{name}`. */
  path: string;
  operationId: string;
  /** The module's tag when left out. */
  tag?: string;
  summary: Text;
  description?: Text;
  /** As the route's config says; 'user' (any signed-in caller) when left out. */
  access?: Access;
  /** Path parameters by name; `object` and `id` have defaults (object API name; record id, else a UUID). */
  pathParams?: Record<string, ParameterObject | Reference>;
  /** The query the handler parses: a zod object (each key a parameter) or parameters. */
  query?: z.ZodObject | (ParameterObject | Reference)[];
  /** The JSON body the handler parses (a zod schema, or a schema for bodies checked in code). */
  body?: z.ZodType | JsonSchema;
  /** The success response: its status, and its JSON schema unless it has no body. */
  ok: { status: 200 | 201 | 204 | 302; description: Text; schema?: JsonSchema; mediaType?: string; headers?: ResponseObject['headers'] };
  /** Further responses (another success form, statuses `problems` has no name for). */
  more?: Record<string, ResponseObject>;
  problems: ProblemStatus[];
};

/** What a module contributes: its tag, routes and component schemas, for one caller's document. */
export type RouteDocsBuilder = (locale: Locale, metadata: WorkspaceMetadata) => RouteDocs;

const isZod = (s: unknown): s is z.ZodType => typeof s === 'object' && s !== null && '_zod' in s;

const uuidParam = (name: string): ParameterObject => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });

function queryParameters(query: z.ZodObject): ParameterObject[] {
  const schema = fromZod(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query' as const, ...(schema.required?.includes(name) ? { required: true } : {}), schema: s }));
}

function operation(doc: RouteDoc, tag: string, locale: Locale): OperationObject {
  const access = doc.access ?? 'user';
  const description = [doc.description?.[locale], access === 'user' ? undefined : ACCESS_NOTE[access][locale]].filter(Boolean).join(' ');
  const params = [...doc.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]): ParameterObject | Reference => {
    const given = doc.pathParams?.[name!];
    if (given) return given;
    if (name === 'object') return parameterRef('ObjectName');
    // Under a record, `id` is the record's; elsewhere the id of what the path names.
    if (name === 'id') return /^\/api\/records\/[^/]+\/:id/.test(doc.path) ? parameterRef('RecordId') : uuidParam('id');
    return { name: name!, in: 'path', required: true, schema: { type: 'string', minLength: 1 } };
  });
  const query = doc.query === undefined ? [] : Array.isArray(doc.query) ? doc.query : queryParameters(doc.query);
  const { status, schema, mediaType, headers } = doc.ok;
  const response: ResponseObject = { description: doc.ok.description[locale], ...(headers ? { headers } : {}), ...(schema ? { content: { [mediaType ?? 'application/json']: { schema } } } : {}) };
  return {
    operationId: doc.operationId,
    summary: doc.summary[locale],
    ...(description ? { description } : {}),
    tags: [doc.tag ?? tag],
    ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: isZod(doc.body) ? fromZod(doc.body) : doc.body } } } } : {}),
    responses: { [String(status)]: response, ...doc.more, ...problems(...doc.problems) },
    ...(access === 'public' ? { security: [] } : {}),
  };
}

/** A module's routes as RouteDocs: paths in the order given, each under the module's (first) tag unless it names another. */
type Tag = { name: string; description?: Text };

export function describeRoutes(locale: Locale, tags: Tag | readonly Tag[], routes: readonly RouteDoc[], schemas: Record<string, JsonSchema> = {}): RouteDocs {
  const list: readonly Tag[] = Array.isArray(tags) ? tags : [tags as Tag];
  const paths: Record<string, PathItemObject> = {};
  for (const doc of routes) {
    const path = doc.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const item: PathItemObject = (paths[path] ??= {});
    if (item[doc.method]) throw new Error(`${doc.method} ${path} is described twice`);
    item[doc.method] = operation(doc, list[0]!.name, locale);
  }
  // Without a description the tag is one the document already has (Records, Auth).
  const tagObjects: TagObject[] = list.flatMap((t) => (t.description ? [{ name: t.name, description: t.description[locale] }] : []));
  return { paths, schemas, tags: tagObjects };
}

/** Schemas many route docs use. */
export const UUID: JsonSchema = { type: 'string', format: 'uuid' };
export const DATETIME: JsonSchema = { type: 'string', format: 'date-time' };
export const orNull = (schema: JsonSchema): JsonSchema => ('$ref' in schema ? { oneOf: [schema, { type: 'null' }] } : { ...schema, type: [schema.type, 'null'] });
export const listOf = (key: string, items: JsonSchema): JsonSchema => ({ type: 'object', properties: { [key]: { type: 'array', items } }, required: [key] });
/** An object whose listed properties are all present (responses: further properties may be added later). */
export const shape = (properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
});
