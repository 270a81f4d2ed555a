import type { JsonSchema } from '../../metadata/json-schema.ts';
import { API_NAME_PATTERN } from '../../metadata/types.ts';
import type { Reference } from '../openapi-document.ts';

/** References into the document's components, and the small schemas many components share. */

export const schemaRef = (name: string): Reference => ({ $ref: `#/components/schemas/${name}` });
export const parameterRef = (name: string): Reference => ({ $ref: `#/components/parameters/${name}` });
export const responseRef = (name: string): Reference => ({ $ref: `#/components/responses/${name}` });

export const UUID: JsonSchema = { type: 'string', format: 'uuid' };
export const DATETIME: JsonSchema = { type: 'string', format: 'date-time' };
export const SEQUENCE: JsonSchema = { type: 'string', pattern: '^\\d{1,18}$' };
export const API_NAME: JsonSchema = { type: 'string', pattern: API_NAME_PATTERN.source };
export const OPERATION: JsonSchema = { type: 'string', enum: ['create', 'update', 'delete'] };
export const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type, 'null'] });
