import { DomainError, isUuid } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authed } from '../auth/authenticate.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/port.ts';
import {
  createPermissionHolder,
  createRole,
  createSharingRule,
  createTeam,
  deletePermissionHolder,
  deleteRole,
  deleteSharingRule,
  deleteTeam,
  getPermissionHolder,
  listPermissionHolders,
  listRoles,
  listSharingRules,
  listTeams,
  updatePermissionHolder,
  updateRole,
  updateSharingRule,
  updateTeam,
  type AdminContext,
  type PermissionHolderKind,
} from './access-admin.ts';
import { createWorkspaceUser, getUser, listUsers, unlockUser, updateWorkspaceUser } from './user-admin.ts';

type Params = { id: string };

/** Workspace administrators manage users, roles, profiles, permission sets, teams and sharing rules. */
export function accessAdminRoutes(deps: { db: Database; sessions: SessionCache }) {
  return async (app: FastifyInstance) => {
    // Committed by the time the response goes out: drop this process's cached sessions of the
    // workspace now, before the caller's next request; other processes hear the NOTIFY.
    app.addHook('onSend', async (request) => {
      if (request.method !== 'GET' && request.workspace) deps.sessions.forget({ workspace: request.workspace.id });
    });
    const admin = { config: { access: 'admin' as const } };
    const run = <T>(request: FastifyRequest, fn: (ctx: AdminContext) => Promise<T>): Promise<T> => {
      const { actor } = authed(request);
      return deps.db.transaction((tx) => fn({ tx, workspaceId: actor.workspaceId, actorId: actor.userId, ip: request.ip }));
    };
    // A malformed id cannot name anything in this workspace: 404 without asking the database.
    const withId = <T>(request: FastifyRequest<{ Params: Params }>, fn: (ctx: AdminContext, id: string) => Promise<T>): Promise<T> => {
      if (!isUuid(request.params.id)) return Promise.reject(new DomainError({ code: 'notFound' }));
      return run(request, (ctx) => fn(ctx, request.params.id.toLowerCase()));
    };

    app.get('/api/admin/users', admin, async (request) => ({ users: await run(request, listUsers) }));
    app.post('/api/admin/users', admin, async (request, reply) => reply.code(201).send(await run(request, (ctx) => createWorkspaceUser(ctx, request.body))));
    app.get<{ Params: Params }>('/api/admin/users/:id', admin, async (request) => withId(request, getUser));
    app.patch<{ Params: Params }>('/api/admin/users/:id', admin, async (request) => withId(request, (ctx, id) => updateWorkspaceUser(ctx, id, request.body)));
    app.post<{ Params: Params }>('/api/admin/users/:id/unlock', admin, async (request) => withId(request, unlockUser));

    app.get('/api/admin/roles', admin, async (request) => ({ roles: await run(request, listRoles) }));
    app.post('/api/admin/roles', admin, async (request, reply) => reply.code(201).send(await run(request, (ctx) => createRole(ctx, request.body))));
    app.patch<{ Params: Params }>('/api/admin/roles/:id', admin, async (request) => withId(request, (ctx, id) => updateRole(ctx, id, request.body)));
    app.delete<{ Params: Params }>('/api/admin/roles/:id', admin, async (request, reply) => {
      await withId(request, deleteRole);
      return reply.code(204).send();
    });

    const holders: [string, PermissionHolderKind, string][] = [
      ['/api/admin/profiles', 'profiles', 'profiles'],
      ['/api/admin/permission-sets', 'permission_sets', 'permissionSets'],
    ];
    for (const [path, kind, listKey] of holders) {
      app.get(path, admin, async (request) => ({ [listKey]: await run(request, (ctx) => listPermissionHolders(ctx, kind)) }));
      app.post(path, admin, async (request, reply) => reply.code(201).send(await run(request, (ctx) => createPermissionHolder(ctx, kind, request.body))));
      app.get<{ Params: Params }>(`${path}/:id`, admin, async (request) => withId(request, (ctx, id) => getPermissionHolder(ctx, kind, id)));
      app.patch<{ Params: Params }>(`${path}/:id`, admin, async (request) => withId(request, (ctx, id) => updatePermissionHolder(ctx, kind, id, request.body)));
      app.delete<{ Params: Params }>(`${path}/:id`, admin, async (request, reply) => {
        await withId(request, (ctx, id) => deletePermissionHolder(ctx, kind, id));
        return reply.code(204).send();
      });
    }

    app.get('/api/admin/teams', admin, async (request) => ({ teams: await run(request, listTeams) }));
    app.post('/api/admin/teams', admin, async (request, reply) => reply.code(201).send(await run(request, (ctx) => createTeam(ctx, request.body))));
    app.patch<{ Params: Params }>('/api/admin/teams/:id', admin, async (request) => withId(request, (ctx, id) => updateTeam(ctx, id, request.body)));
    app.delete<{ Params: Params }>('/api/admin/teams/:id', admin, async (request, reply) => {
      await withId(request, deleteTeam);
      return reply.code(204).send();
    });

    app.get('/api/admin/sharing-rules', admin, async (request) => ({ sharingRules: await run(request, listSharingRules) }));
    app.post('/api/admin/sharing-rules', admin, async (request, reply) => reply.code(201).send(await run(request, (ctx) => createSharingRule(ctx, request.body))));
    app.patch<{ Params: Params }>('/api/admin/sharing-rules/:id', admin, async (request) => withId(request, (ctx, id) => updateSharingRule(ctx, id, request.body)));
    app.delete<{ Params: Params }>('/api/admin/sharing-rules/:id', admin, async (request, reply) => {
      await withId(request, deleteSharingRule);
      return reply.code(204).send();
    });
  };
}
