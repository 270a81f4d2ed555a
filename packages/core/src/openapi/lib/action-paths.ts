import type { Locale, WorkspaceMetadata } from '../../metadata/types.ts';
import type { PathItemObject } from '../openapi-document.ts';
import { pascalCase, type NameRegistry } from './component-names.ts';
import { problems } from './platform-components.ts';
import { parameterRef } from './refs.ts';

/** A business action the server offers on an object (lead conversion, quote acceptance, …). */
export type ActionDescription = { object: string; name: string; description: string; collection: boolean };

const anyObject = { type: 'object', additionalProperties: true } as const;

/**
 * `POST /api/records/{object}/{id}/actions/{action}` (and collection actions
 * without an id), for the objects of this document only: an action on an
 * object the caller cannot read is not listed.
 */
export function actionPaths(input: { actions: readonly ActionDescription[]; metadata: WorkspaceMetadata; locale: Locale; operationIds: NameRegistry }): Record<string, PathItemObject> {
  const paths: Record<string, PathItemObject> = {};
  const sorted = [...input.actions].sort((a, b) => (`${a.object}.${a.name}` < `${b.object}.${b.name}` ? -1 : 1));
  for (const a of sorted) {
    if (!Object.hasOwn(input.metadata.objects, a.object)) continue;
    const path = a.collection ? `/api/records/${a.object}/actions/${a.name}` : `/api/records/${a.object}/{id}/actions/${a.name}`;
    paths[path] = {
      ...(a.collection ? {} : { parameters: [parameterRef('RecordId')] }),
      post: {
        tags: [a.object],
        operationId: input.operationIds.claim(`${a.name}${pascalCase(a.object)}`),
        summary: a.description,
        requestBody: { required: false, content: { 'application/json': { schema: anyObject } } },
        responses: { '200': { description: a.description, content: { 'application/json': { schema: anyObject } } }, ...problems(400, 401, 403, 404, 409) },
      },
    };
  }
  return paths;
}
