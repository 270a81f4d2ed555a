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
import type { OpenApiDocument, PathItemObject, TagObject } from './openapi-document.ts';

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
export function buildOpenApi(input: { metadata: WorkspaceMetadata; locale: Locale; serverUrl: string; actions?: readonly ActionDescription[] }): OpenApiDocument {
  const { metadata, locale, serverUrl } = input;
  const objects = Object.values(metadata.objects).sort((a, b) => (a.apiName < b.apiName ? -1 : a.apiName > b.apiName ? 1 : 0));

  const shared = { ...platformSchemas(), ...ruleSchemas(), ...formulaSchemas() };
  const names = objectComponentNames(
    objects.map((o) => o.apiName),
    nameRegistry(Object.keys(shared)),
  );
  const operationIds = nameRegistry([...PLATFORM_OPERATION_IDS, ...RULE_OPERATION_IDS, ...FORMULA_OPERATION_IDS]);
  const generic = genericRecordApi(locale, operationIds);
  const apis = objects.map((object) => objectApi({ object, names: names.get(object.apiName)!, locale, operationIds }));

  const paths: Record<string, PathItemObject> = { ...platformPaths(locale), ...rulePaths(locale, 'Metadata'), ...formulaPaths(locale, 'Metadata'), ...generic };
  const schemas: Record<string, JsonSchema> = { ...shared };
  const tags: TagObject[] = platformTags(locale);
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
