import type { JsonSchema } from '../metadata/json-schema.ts';
import type { Locale, WorkspaceMetadata } from '../metadata/types.ts';
import { nameRegistry, objectComponentNames } from './lib/component-names.ts';
import { text } from './lib/openapi-text.ts';
import { platformParameters, platformResponses, platformSchemas, securitySchemes } from './lib/platform-components.ts';
import { PLATFORM_OPERATION_IDS, platformPaths, platformTags } from './lib/platform-paths.ts';
import { genericRecordApi, objectApi } from './lib/record-paths.ts';
import { actionPaths, type ActionDescription } from './lib/action-paths.ts';
import { FORMULA_OPERATION_IDS, formulaPaths, formulaSchemas } from './lib/formula-paths.ts';
import { RULE_OPERATION_IDS, RULE_PARAMETERS, rulePaths, ruleSchemas } from './lib/rule-paths.ts';

export type { ActionDescription } from './lib/action-paths.ts';
import type { HttpMethod, OpenApiDocument, PathItemObject, RouteDocs, TagObject } from './openapi-document.ts';

// Small helpers for callers that describe their own routes (RouteDocs).
export { fromZod } from './lib/metadata-schemas.ts';
export { problems, PROBLEM_MEDIA_TYPE, type ProblemStatus } from './lib/platform-components.ts';
export { parameterRef, responseRef, schemaRef } from './lib/refs.ts';

export type {
  HeaderObject,
  HttpMethod,
  MediaTypeObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  PathItemObject,
  Reference,
  RequestBodyObject,
  ResponseObject,
  RouteDocs,
  SecurityRequirement,
  SecuritySchemeObject,
  TagObject,
} from './openapi-document.ts';

/** Version of the API's fixed contract; the metadata version is appended, since each workspace's document differs by it. */
const API_VERSION = '0.1.0';
const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The OpenAPI 3.1 document of one workspace: the platform routes plus, for
 * every object, typed record routes whose schemas come from the same
 * metadata the server validates against (json-schema.ts).
 *
 * Deterministic: objects are taken in API-name order and every name is
 * claimed in a fixed order, so the same metadata yields the same document,
 * byte for byte. Only metadata goes in (never the tenant's schema name or
 * any record), so the document is safe to show to any user of the workspace.
 */
export function buildOpenApi(input: {
  metadata: WorkspaceMetadata;
  locale: Locale;
  serverUrl: string;
  actions?: readonly ActionDescription[];
  /** Further routes, described by their modules; taken in this order. */
  routes?: readonly RouteDocs[];
}): OpenApiDocument {
  const { metadata, locale, serverUrl } = input;
  const objects = Object.values(metadata.objects).sort((a, b) => (a.apiName < b.apiName ? -1 : a.apiName > b.apiName ? 1 : 0));
  const routes = mergeRoutes(input.routes ?? []);

  const shared = { ...platformSchemas(), ...ruleSchemas(), ...formulaSchemas() };
  for (const name of Object.keys(routes.schemas)) if (Object.hasOwn(shared, name)) throw new Error(`route schema ${name} is already a component`);
  Object.assign(shared, routes.schemas);
  const names = objectComponentNames(
    objects.map((o) => o.apiName),
    nameRegistry(Object.keys(shared)),
  );
  const fixedIds = [...PLATFORM_OPERATION_IDS, ...RULE_OPERATION_IDS, ...FORMULA_OPERATION_IDS];
  for (const id of routes.operationIds) if (fixedIds.includes(id)) throw new Error(`operation id ${id} is already taken`);
  // Every fixed operation id is claimed before any object's, so an object's can never take one.
  const operationIds = nameRegistry([...fixedIds, ...routes.operationIds]);
  const generic = genericRecordApi(locale, operationIds);
  const apis = objects.map((object) => objectApi({ object, names: names.get(object.apiName)!, locale, operationIds }));

  const paths: Record<string, PathItemObject> = { ...platformPaths(locale), ...rulePaths(locale, 'Metadata'), ...formulaPaths(locale, 'Metadata'), ...generic };
  for (const [path, item] of Object.entries(routes.paths)) {
    if (Object.hasOwn(paths, path)) throw new Error(`route ${path} is already documented`);
    paths[path] = item;
  }
  const schemas: Record<string, JsonSchema> = { ...shared };
  const tags: TagObject[] = platformTags(locale);
  for (const tag of routes.tags) if (!tags.some((t) => t.name === tag.name)) tags.push(tag);
  for (const api of apis) {
    Object.assign(paths, api.paths);
    Object.assign(schemas, api.schemas);
    tags.push(api.tag);
  }
  Object.assign(paths, actionPaths({ actions: input.actions ?? [], metadata, locale, operationIds }));

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: 'Mainline CRM API',
      version: `${API_VERSION}+metadata.${metadata.version}`,
      description: text('apiDescription', locale, { version: metadata.version }),
      'x-mainline-metadata-version': metadata.version,
    },
    servers: [{ url: serverUrl }],
    // Either scheme suffices: each entry of this list is an alternative.
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    tags,
    paths,
    components: {
      schemas,
      parameters: { ...platformParameters(locale), ...RULE_PARAMETERS(locale) },
      responses: platformResponses(locale),
      securitySchemes: securitySchemes(locale),
    },
  };
  // Builders share constant sub-schemas; a caller that edits its document (e.g. resolving $refs in place) must not change the next one.
  return structuredClone(document);
}

const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** The route docs as one: a path described by two modules gets both's methods; a method or operation id described twice is a mistake. */
function mergeRoutes(list: readonly RouteDocs[]): { paths: Record<string, PathItemObject>; schemas: Record<string, JsonSchema>; tags: TagObject[]; operationIds: string[] } {
  const paths: Record<string, PathItemObject> = {};
  const schemas: Record<string, JsonSchema> = {};
  const tags: TagObject[] = [];
  const operationIds: string[] = [];
  for (const docs of list) {
    for (const [name, schema] of Object.entries(docs.schemas ?? {})) {
      if (Object.hasOwn(schemas, name)) throw new Error(`route schema ${name} is described twice`);
      schemas[name] = schema;
    }
    for (const tag of docs.tags ?? []) if (!tags.some((t) => t.name === tag.name)) tags.push(tag);
    for (const [path, item] of Object.entries(docs.paths)) {
      const merged: PathItemObject = (paths[path] ??= {});
      if (item.parameters) merged.parameters ??= item.parameters;
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        if (merged[method]) throw new Error(`${method.toUpperCase()} ${path} is described twice`);
        if (operationIds.includes(op.operationId)) throw new Error(`operation id ${op.operationId} is used twice`);
        operationIds.push(op.operationId);
        merged[method] = op;
      }
    }
  }
  return { paths, schemas, tags, operationIds };
}
