import { DomainError, isUuid } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromZod, permissionGrantInput, permissionHolderInput, permissionHolderPatch, roleInput, rolePatch, schemaRef, sharingRuleInput, sharingRulePatch, teamInput, teamPatch, userInput, userPatch, type JsonSchema, type Locale, type RouteDocs } from '@mainline/core';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID, type RouteDoc, type Text } from '../http/route-docs.ts';
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

/** A list, create, read, update and delete set of administration routes; `only` picks those the server has. */
function adminCrud(base: string, name: string, what: { one: Text; many: Text }, only: readonly ('list' | 'create' | 'get' | 'update' | 'delete')[]): RouteDoc[] {
  const ok = (status: 200 | 201, schema: string, description: Text) => ({ status, description, schema: schemaRef(schema) });
  const list = `${name}List`;
  const routes: Record<string, RouteDoc> = {
    list: { method: 'get', path: base, operationId: `list${name}s`, access: 'admin', summary: text(`List ${what.many.en}`, `查询${what.many['zh-CN']}`, `查詢${what.many['zh-TW']}`), ok: ok(200, list, what.many), problems: [401, 403] },
    create: { method: 'post', path: base, operationId: `create${name}`, access: 'admin', summary: text(`Create ${what.one.en}`, `新建${what.one['zh-CN']}`, `新增${what.one['zh-TW']}`), body: schemaRef(`${name}Input`), ok: ok(201, name, what.one), problems: [400, 401, 403, 409, 413, 415] },
    get: { method: 'get', path: `${base}/:id`, operationId: `get${name}`, access: 'admin', summary: text(`Get ${what.one.en}`, `查看${what.one['zh-CN']}`, `檢視${what.one['zh-TW']}`), ok: ok(200, name, what.one), problems: [401, 403, 404] },
    update: { method: 'patch', path: `${base}/:id`, operationId: `update${name}`, access: 'admin', summary: text(`Update ${what.one.en}`, `更新${what.one['zh-CN']}`, `更新${what.one['zh-TW']}`), body: schemaRef(`${name}Patch`), ok: ok(200, name, what.one), problems: [400, 401, 403, 404, 409, 413, 415] },
    delete: { method: 'delete', path: `${base}/:id`, operationId: `delete${name}`, access: 'admin', summary: text(`Delete ${what.one.en}`, `删除${what.one['zh-CN']}`, `刪除${what.one['zh-TW']}`), ok: { status: 204, description: text('Deleted.', '已删除。', '已刪除。') }, problems: [401, 403, 404, 409] },
  };
  return only.map((k) => routes[k]!);
}

/** The access administration routes, for the OpenAPI document: bodies from the zod inputs core's access-inputs.ts defines. */
export function accessAdminRouteDocs(locale: Locale): RouteDocs {
  const idList: JsonSchema = { type: 'array', items: UUID };
  const grantee = shape({ type: { type: 'string', enum: ['user', 'team', 'role', 'roleAndSubordinates'] }, id: UUID });
  const holder = shape({ id: UUID, name: { type: 'string' }, description: { type: ['string', 'null'] }, permissions: fromZod(permissionGrantInput) });
  const schemas: Record<string, JsonSchema> = {
    AdminUser: shape({
      id: UUID,
      email: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      timeZone: { type: 'string' },
      isAdmin: { type: 'boolean' },
      isIntegration: { type: 'boolean' },
      active: { type: 'boolean' },
      profileId: orNull(UUID),
      roleId: orNull(UUID),
      permissionSetIds: idList,
      teamIds: idList,
      lastLoginAt: orNull(DATETIME),
      lockedUntil: orNull(DATETIME),
      createdAt: DATETIME,
    }),
    AdminUserList: listOf('users', schemaRef('AdminUser')),
    AdminUserInput: fromZod(userInput, 'A new user; without a password they sign in by single sign-on only.'),
    AdminUserPatch: fromZod(userPatch, 'The properties to change; `active: false` signs the user out everywhere.'),
    Role: shape({ id: UUID, name: { type: 'string' }, parentId: orNull(UUID) }),
    RoleList: listOf('roles', schemaRef('Role')),
    RoleInput: fromZod(roleInput),
    RolePatch: fromZod(rolePatch),
    Profile: holder,
    ProfileList: listOf('profiles', schemaRef('Profile')),
    ProfileInput: fromZod(permissionHolderInput),
    ProfilePatch: fromZod(permissionHolderPatch),
    PermissionSet: holder,
    PermissionSetList: listOf('permissionSets', schemaRef('PermissionSet')),
    PermissionSetInput: fromZod(permissionHolderInput),
    PermissionSetPatch: fromZod(permissionHolderPatch),
    Team: shape({ id: UUID, name: { type: 'string' }, description: { type: ['string', 'null'] }, memberIds: idList }),
    TeamList: listOf('teams', schemaRef('Team')),
    TeamInput: fromZod(teamInput),
    TeamPatch: fromZod(teamPatch),
    SharingRule: shape(
      {
        id: UUID,
        object: { type: 'string' },
        name: { type: 'string' },
        description: { type: ['string', 'null'] },
        criteria: { description: 'The FilterTree of the records shared (or ownedBy).' },
        ownedBy: grantee,
        sharedWith: grantee,
        access: { type: 'string', enum: ['read', 'edit'] },
      },
      ['criteria', 'ownedBy'],
    ),
    SharingRuleList: listOf('sharingRules', schemaRef('SharingRule')),
    SharingRuleInput: fromZod(sharingRuleInput, 'Give exactly one of criteria and ownedBy.'),
    SharingRulePatch: fromZod(sharingRulePatch),
  };
  const user = { one: text('a user', '用户', '使用者'), many: text('users', '用户', '使用者') };
  return describeRoutes(
    locale,
    ADMIN_TAG,
    [
      ...adminCrud('/api/admin/users', 'AdminUser', user, ['list', 'create', 'get', 'update']),
      {
        method: 'post',
        path: '/api/admin/users/:id/unlock',
        operationId: 'unlockAdminUser',
        access: 'admin',
        summary: text('Unlock a user', '解锁用户', '解除鎖定使用者'),
        description: text('Ends a lockout after failed sign-ins.', '解除登录失败导致的锁定。', '解除登入失敗導致的鎖定。'),
        ok: { status: 200, description: user.one, schema: schemaRef('AdminUser') },
        problems: [401, 403, 404],
      },
      ...adminCrud('/api/admin/roles', 'Role', { one: text('a role', '角色', '角色'), many: text('roles', '角色', '角色') }, ['list', 'create', 'update', 'delete']),
      ...adminCrud('/api/admin/profiles', 'Profile', { one: text('a profile', '简档', '設定檔'), many: text('profiles', '简档', '設定檔') }, ['list', 'create', 'get', 'update', 'delete']),
      ...adminCrud('/api/admin/permission-sets', 'PermissionSet', { one: text('a permission set', '权限集', '權限集'), many: text('permission sets', '权限集', '權限集') }, ['list', 'create', 'get', 'update', 'delete']),
      ...adminCrud('/api/admin/teams', 'Team', { one: text('a team', '团队', '團隊'), many: text('teams', '团队', '團隊') }, ['list', 'create', 'update', 'delete']),
      ...adminCrud('/api/admin/sharing-rules', 'SharingRule', { one: text('a sharing rule', '共享规则', '共用規則'), many: text('sharing rules', '共享规则', '共用規則') }, ['list', 'create', 'update', 'delete']),
    ],
    schemas,
  );
}

export const ADMIN_TAG = {
  name: 'Administration', description: text('Users, roles, profiles, permission sets, teams, sharing, API keys, single sign-on and the security log of the workspace.', '工作区的用户、角色、简档、权限集、团队、共享、API 密钥、单点登录与安全日志。', '工作區的使用者、角色、設定檔、權限集、團隊、共用、API 金鑰、單一登入與安全性記錄。') };
