import type { z } from 'zod';
import type { JsonSchema } from '../../metadata/json-schema.ts';
import { approvalProcessInputs } from '../../metadata/define-approval-process.ts';
import { assignmentRuleInputs } from '../../metadata/define-assignment-rule.ts';
import { automationRuleInputs } from '../../metadata/define-automation-rule.ts';
import { processInputs } from '../../metadata/define-process.ts';
import { validationRuleInputs } from '../../metadata/define-validation-rule.ts';
import type { Locale } from '../../metadata/types.ts';
import type { ParameterObject, PathItemObject } from '../openapi-document.ts';
import { fromZod } from './metadata-schemas.ts';
import { text, type TextKey } from './openapi-text.ts';
import { problems } from './platform-components.ts';
import { API_NAME, parameterRef, schemaRef } from './refs.ts';

/**
 * The named lists of an object definition (validation rules, processes,
 * automation, assignment and approval rules) under
 * /api/metadata/objects/{object}/{kind}: each kind the same five routes,
 * its shapes taken from the zod inputs the server parses.
 */

type Kind = { path: string; name: string; inputs: { create: z.ZodType; patch: z.ZodType }; adminRead: boolean };
const KINDS: readonly Kind[] = [
  { path: 'validationRules', name: 'ValidationRule', inputs: validationRuleInputs, adminRead: true },
  { path: 'processes', name: 'Process', inputs: processInputs, adminRead: false },
  { path: 'automationRules', name: 'AutomationRule', inputs: automationRuleInputs, adminRead: true },
  { path: 'assignmentRules', name: 'AssignmentRule', inputs: assignmentRuleInputs, adminRead: true },
  { path: 'approvalProcesses', name: 'ApprovalProcess', inputs: approvalProcessInputs, adminRead: false },
];

const plural = (name: string) => (name.endsWith('s') ? `${name}es` : `${name}s`);

/** Operation ids of these routes, claimed with the platform's. */
export const RULE_OPERATION_IDS = KINDS.flatMap((k) => [`list${plural(k.name)}`, `create${k.name}`, `get${k.name}`, `update${k.name}`, `delete${k.name}`]);

export function ruleSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    KINDS.flatMap((k) => [
      [k.name, fromZod(k.inputs.create)],
      [`${k.name}Patch`, fromZod(k.inputs.patch, 'The properties to change; null clears an optional one.')],
      [`${k.name}List`, { type: 'object', properties: { [k.path]: { type: 'array', items: schemaRef(k.name) } }, required: [k.path] }],
    ]),
  );
}

export const RULE_PARAMETERS = (locale: Locale): Record<string, ParameterObject> => ({ PartName: { name: 'rule', in: 'path', required: true, description: text('paramPart', locale), schema: API_NAME } });

export function rulePaths(locale: Locale, tag: string): Record<string, PathItemObject> {
  const json = (name: string) => ({ 'application/json': { schema: schemaRef(name) } });
  return Object.fromEntries(
    KINDS.flatMap((k) => {
      const part = text(`part${k.name}` as TextKey, locale);
      const parts = text(`parts${k.name}` as TextKey, locale);
      const admin = text('adminOnly', locale);
      const readable = k.adminRead ? { description: admin } : {};
      const one = { description: part, content: json(k.name) };
      return [
        [
          `/api/metadata/objects/{object}/${k.path}`,
          {
            parameters: [parameterRef('ObjectName')],
            get: { operationId: `list${plural(k.name)}`, tags: [tag], summary: text('listPartsSummary', locale, { parts }), ...readable, responses: { '200': { description: parts, content: json(`${k.name}List`) }, ...problems(401, 403, 404) } },
            post: {
              operationId: `create${k.name}`,
              tags: [tag],
              summary: text('createPartSummary', locale, { part }),
              description: admin,
              requestBody: { required: true, content: json(k.name) },
              responses: { '201': one, ...problems(400, 401, 403, 404, 409, 413, 415) },
            },
          },
        ],
        [
          `/api/metadata/objects/{object}/${k.path}/{rule}`,
          {
            parameters: [parameterRef('ObjectName'), parameterRef('PartName')],
            get: { operationId: `get${k.name}`, tags: [tag], summary: text('getPartSummary', locale, { part }), ...readable, responses: { '200': one, ...problems(401, 403, 404) } },
            patch: {
              operationId: `update${k.name}`,
              tags: [tag],
              summary: text('updatePartSummary', locale, { part }),
              description: admin,
              requestBody: { required: true, content: json(`${k.name}Patch`) },
              responses: { '200': one, ...problems(400, 401, 403, 404, 409, 413, 415) },
            },
            delete: { operationId: `delete${k.name}`, tags: [tag], summary: text('deletePartSummary', locale, { part }), description: admin, responses: { '204': { description: text('resDeleted', locale) }, ...problems(401, 403, 404, 409) } },
          },
        ],
      ];
    }),
  );
}
