import type { Locale, ObjectDef, RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { describeRoutes, listOf, shape, text } from '../http/route-docs.ts';
import { authed } from '../auth/authenticate.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/port.ts';
import type { AccessCache } from '../access/access-store.ts';
import { describeActions } from '../mainline/actions.ts';
import type { MetadataCache } from './metadata-store.ts';
import {
  createField,
  createObject,
  deleteField,
  deleteObject,
  requireField,
  requireObject,
  updateField,
  updateObject,
  processes,
  validationRules,
  automationRules,
  assignmentRules,
  approvalProcesses,
} from './metadata-service.ts';

type Params = { object: string; field: string; rule: string };

export function metadataRoutes(deps: { db: Database; sessions: SessionCache; metadata: MetadataCache; access: AccessCache }) {
  return async (app: FastifyInstance) => {
    // A change has committed by the time its response is sent: drop this process's cached
    // sessions of the workspace now (they carry its metadata version), before the caller's
    // next request can arrive. Other processes hear it through the NOTIFY sent on commit.
    app.addHook('onSend', async (request) => {
      if (request.method !== 'GET' && request.workspace) deps.sessions.forget({ workspace: request.workspace.id });
    });
    const user = { config: { access: 'user' as const } };
    const admin = { config: { access: 'admin' as const } };
    // Readers see the metadata as their permissions shape it: objects they cannot read and fields hidden from them are absent.
    const metadataOf = async (request: Parameters<typeof authed>[0]) => {
      const { actor, workspace } = authed(request);
      const full = await deps.metadata.load(deps.db, workspace);
      return (await deps.access.forActor(deps.db, actor, workspace, full)).view;
    };

    // Automation and assignment rules are administrators' business (webhook URLs, recipients): others do not see them on objects.
    const shown = (request: Parameters<typeof authed>[0], object: ObjectDef): ObjectDef => {
      if (authed(request).actor.isAdmin) return object;
      const { automationRules: _a, assignmentRules: _b, ...rest } = object;
      return rest;
    };
    app.get('/api/metadata/objects', user, async (request) => ({ objects: Object.values((await metadataOf(request)).objects).map((o) => shown(request, o)) }));
    app.post('/api/metadata/objects', admin, async (request, reply) => reply.code(201).send(await createObject(deps.db, authed(request).actor.workspaceId, request.body)));
    app.get<{ Params: Params }>('/api/metadata/objects/:object', user, async (request) => shown(request, requireObject(await metadataOf(request), request.params.object)));
    app.patch<{ Params: Params }>('/api/metadata/objects/:object', admin, async (request) => updateObject(deps.db, authed(request).actor.workspaceId, request.params.object, request.body));
    app.delete<{ Params: Params }>('/api/metadata/objects/:object', admin, async (request, reply) => {
      await deleteObject(deps.db, authed(request).actor.workspaceId, request.params.object);
      return reply.code(204).send();
    });
    app.get<{ Params: Params }>('/api/metadata/objects/:object/fields', user, async (request) => ({ fields: requireObject(await metadataOf(request), request.params.object).fields }));
    app.post<{ Params: Params }>('/api/metadata/objects/:object/fields', admin, async (request, reply) =>
      reply.code(201).send(await createField(deps.db, authed(request).actor.workspaceId, request.params.object, request.body)),
    );
    app.get<{ Params: Params }>('/api/metadata/objects/:object/fields/:field', user, async (request) =>
      requireField(requireObject(await metadataOf(request), request.params.object), request.params.field),
    );
    app.patch<{ Params: Params }>('/api/metadata/objects/:object/fields/:field', admin, async (request) =>
      updateField(deps.db, authed(request).actor.workspaceId, request.params.object, request.params.field, request.body),
    );
    app.delete<{ Params: Params }>('/api/metadata/objects/:object/fields/:field', admin, async (request, reply) => {
      await deleteField(deps.db, authed(request).actor.workspaceId, request.params.object, request.params.field);
      return reply.code(204).send();
    });
    // The business actions of an object, for the UI's buttons (bodies and effects: see the OpenAPI document).
    app.get<{ Params: Params }>('/api/metadata/objects/:object/actions', user, async (request) => {
      const view = await metadataOf(request);
      const object = requireObject(view, request.params.object).apiName;
      // With the metadata, objects with an approval process also offer submit / approve / reject / recall.
      return { actions: describeActions(view).filter((a) => a.object === object).map(({ name, description, collection }) => ({ name, description, collection })) };
    });
    // Validation rules are administrators' business (their conditions name fields some users may not see);
    // processes are readable by everyone who may read the object, since the UI shows which moves exist.
    const fullMetadata = async (request: Parameters<typeof authed>[0]) => deps.metadata.load(deps.db, authed(request).workspace);
    const parts = [
      { path: 'validationRules', parts: validationRules, read: admin, metadataFor: fullMetadata },
      { path: 'processes', parts: processes, read: user, metadataFor: metadataOf },
      // Automation and assignment rules are administrators' business too (webhook URLs, recipients).
      { path: 'automationRules', parts: automationRules, read: admin, metadataFor: fullMetadata },
      { path: 'assignmentRules', parts: assignmentRules, read: admin, metadataFor: fullMetadata },
      // Approval processes are readable like processes: users see which approvals a record can go through.
      { path: 'approvalProcesses', parts: approvalProcesses, read: user, metadataFor: metadataOf },
    ] as const;
    for (const { path, parts: p, read, metadataFor } of parts) {
      const base = `/api/metadata/objects/:object/${path}`;
      app.get<{ Params: Params }>(base, read, async (request) => ({ [path]: requireObject(await metadataFor(request), request.params.object)[path] ?? [] }));
      app.post<{ Params: Params }>(base, admin, async (request, reply) => reply.code(201).send(await p.create(deps.db, authed(request).actor.workspaceId, request.params.object, request.body)));
      app.get<{ Params: Params }>(`${base}/:rule`, read, async (request) => p.require(requireObject(await metadataFor(request), request.params.object), request.params.rule));
      app.patch<{ Params: Params }>(`${base}/:rule`, admin, async (request) => p.update(deps.db, authed(request).actor.workspaceId, request.params.object, request.params.rule, request.body));
      app.delete<{ Params: Params }>(`${base}/:rule`, admin, async (request, reply) => {
        await p.remove(deps.db, authed(request).actor.workspaceId, request.params.object, request.params.rule);
        return reply.code(204).send();
      });
    }
  };
}

/** The actions list, for the OpenAPI document (the rest of these routes buildOpenApi describes). */
export function metadataRouteDocs(locale: Locale): RouteDocs {
  return describeRoutes(locale, { name: 'Metadata' }, [
    {
      method: 'get',
      path: '/api/metadata/objects/:object/actions',
      operationId: 'listObjectActions',
      summary: text('List the actions of an object', '查询对象的操作', '查詢物件的動作'),
      description: text('The business actions for buttons (POST /api/records/{object}/{id}/actions/{action}, or without an id for collection actions).', '供按钮使用的业务操作（POST /api/records/{object}/{id}/actions/{action}；集合操作不带 id）。', '供按鈕使用的業務動作（POST /api/records/{object}/{id}/actions/{action}；集合動作不帶 id）。'),
      ok: { status: 200, description: text('The actions.', '操作列表。', '動作清單。'), schema: listOf('actions', shape({ name: { type: 'string' }, description: { type: 'string' }, collection: { type: 'boolean', description: 'Acts on the object’s records, without an id.' } })) },
      problems: [401, 404],
    },
  ]);
}
