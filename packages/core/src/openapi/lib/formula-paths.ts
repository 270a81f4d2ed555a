import type { JsonSchema } from '../../metadata/json-schema.ts';
import type { Locale } from '../../metadata/types.ts';
import { FORMULA_LIMITS } from '../../formula/formula-problem.ts';
import type { PathItemObject } from '../openapi-document.ts';
import { text } from './openapi-text.ts';
import { problems } from './platform-components.ts';
import { schemaRef } from './refs.ts';

/** `POST /api/formula/check`, the editors' type check (formula-routes.ts in the server parses the same shape). */

export const FORMULA_OPERATION_IDS = ['checkFormula'] as const;

const RETURN_TYPES = ['number', 'text', 'boolean', 'date', 'datetime', 'currency'];

export function formulaSchemas(): Record<string, JsonSchema> {
  return {
    FormulaCheckRequest: {
      type: 'object',
      properties: {
        object: { type: 'string', minLength: 1, maxLength: 100 },
        formula: { type: 'string', maxLength: FORMULA_LIMITS.length },
        returnType: { type: 'string', enum: RETURN_TYPES },
        rule: { type: 'boolean', description: 'Check as a validation-rule condition: PRIORVALUE and ISCHANGED allowed.' },
      },
      required: ['object', 'formula'],
      additionalProperties: false,
    },
    FormulaCheckResult: {
      oneOf: [
        {
          type: 'object',
          properties: { valid: { const: true }, type: { type: 'string' }, fields: { type: 'array', items: { type: 'string' }, description: 'Every field path the formula reads.' } },
          required: ['valid', 'type', 'fields'],
        },
        {
          type: 'object',
          properties: {
            valid: { const: false },
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, message: { type: 'string' } },
              required: ['code', 'line', 'column', 'message'],
            },
          },
          required: ['valid', 'error'],
        },
      ],
    },
  };
}

export function formulaPaths(locale: Locale, tag: string): Record<string, PathItemObject> {
  return {
    '/api/formula/check': {
      post: {
        operationId: 'checkFormula',
        tags: [tag],
        summary: text('checkFormulaSummary', locale),
        description: text('checkFormulaDescription', locale),
        requestBody: { required: true, content: { 'application/json': { schema: schemaRef('FormulaCheckRequest') } } },
        responses: { '200': { description: text('checkFormulaSummary', locale), content: { 'application/json': { schema: schemaRef('FormulaCheckResult') } } }, ...problems(400, 401, 404, 413, 415) },
      },
    },
  };
}
