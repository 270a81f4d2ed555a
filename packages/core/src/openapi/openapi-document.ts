import type { JsonSchema } from '../metadata/json-schema.ts';

/**
 * The subset of OpenAPI 3.1 that buildOpenApi produces, typed so the
 * builders cannot emit a misspelt key. Plain data: it serialises as is.
 */

export type Reference = { $ref: string };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ParameterObject = {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
};

export type MediaTypeObject = { schema: JsonSchema; example?: unknown };

export type HeaderObject = { description?: string; required?: boolean; schema: JsonSchema };

export type ResponseObject = {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
};

export type RequestBodyObject = { description?: string; required: boolean; content: Record<string, MediaTypeObject> };

export type SecurityRequirement = Record<string, string[]>;

export type OperationObject = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | Reference>;
  /** Present only to override the document's default (e.g. `[]` for public routes). */
  security?: SecurityRequirement[];
};

export type PathItemObject = { parameters?: (ParameterObject | Reference)[] } & Partial<Record<HttpMethod, OperationObject>>;

export type SecuritySchemeObject =
  | { type: 'http'; scheme: 'bearer'; description?: string }
  | { type: 'apiKey'; in: 'cookie' | 'header' | 'query'; name: string; description?: string };

export type TagObject = { name: string; description?: string; 'x-displayName'?: string };

export type OpenApiDocument = {
  openapi: '3.1.0';
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string; 'x-mainline-metadata-version': number };
  servers: { url: string }[];
  security: SecurityRequirement[];
  tags: TagObject[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
};

/**
 * Routes a caller of buildOpenApi describes itself (the server's modules,
 * next to the zod schemas they parse): their path items, the component
 * schemas those refer to, and their tags.
 */
export type RouteDocs = { paths: Record<string, PathItemObject>; schemas?: Record<string, JsonSchema>; tags?: TagObject[] };
