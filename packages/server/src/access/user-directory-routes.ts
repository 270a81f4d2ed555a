import type { FastifyInstance } from 'fastify';
import type { Locale, RouteDocs } from '@mainline/core';
import { describeRoutes, listOf, shape, text, UUID } from '../http/route-docs.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';

/**
 * The workspace's people, by name: every record shows its owner and who
 * changed it, so any signed-in user may read colleagues' names (and only
 * names — email, role and profile stay with administrators), and only of
 * their own workspace.
 */
export function userDirectoryRoutes(deps: { db: Database }) {
  return async (app: FastifyInstance) => {
    app.get('/api/users', { config: { access: 'user' } }, async (request) => {
      const { actor } = authed(request);
      const { rows } = await deps.db.query<{ id: string; name: string; active: boolean }>(
        'select id, name, active from mainline.users where workspace_id = $1 order by name, id',
        [actor.workspaceId],
      );
      return { users: rows };
    });
  };
}

/** The user directory, for the OpenAPI document. */
export function userDirectoryRouteDocs(locale: Locale): RouteDocs {
  return describeRoutes(locale, { name: 'Users', description: text('The workspace’s people, by name.', '工作区成员的姓名。', '工作區成員的姓名。') }, [
    {
      method: 'get',
      path: '/api/users',
      operationId: 'listUserNames',
      summary: text('List the workspace’s users', '查询工作区用户', '查詢工作區使用者'),
      description: text('Names only, for showing owners and editors; email, role and profile are for administrators (GET /api/admin/users).', '仅含姓名，用于显示负责人与修改人；邮箱、角色与简档仅对管理员可见（GET /api/admin/users）。', '僅含姓名，用於顯示負責人與修改者；電子郵件、角色與設定檔僅對管理員可見（GET /api/admin/users）。'),
      ok: { status: 200, description: text('The users.', '用户列表。', '使用者清單。'), schema: listOf('users', shape({ id: UUID, name: { type: 'string' }, active: { type: 'boolean' } })) },
      problems: [401],
    },
  ]);
}
