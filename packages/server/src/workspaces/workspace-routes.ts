import { DomainError, fromZod, LOCALES, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { DATETIME, describeRoutes, listOf, shape, text, UUID } from '../http/route-docs.ts';
import { z } from 'zod';
import { authed } from '../auth/authenticate.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/port.ts';
import { idParams, parseInput } from '../http/parse-input.ts';
import { STANDARD_MODEL_HASH, installStandardModel } from '../metadata/standard-model.ts';
import { clashFromDatabase, deleteWorkspace, listWorkspaceSummaries, provisionWorkspace, updateWorkspace } from './workspace-admin.ts';
import { WORKSPACE_SLUG } from './workspaces.ts';

export const newWorkspace = z
  .object({
    slug: z.string().max(40).regex(WORKSPACE_SLUG),
    name: z.string().trim().min(1).max(200),
    admin: z
      .object({
        email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
        name: z.string().trim().min(1).max(200),
        password: z.string().min(12).max(1024).optional(),
      })
      .strict(),
  })
  .strict();

export const workspaceChange = z
  .object({
    status: z.enum(['active', 'suspended']).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const notFound = () => new DomainError({ code: 'notFound', errors: [{ field: 'id', code: 'invalidValue', params: { detail: 'no such workspace' } }] });

/** Tenant administration for platform administrators (access 'platformAdmin'; never through an API key). */
export function workspaceRoutes(deps: { db: Database; sessions: SessionCache }) {
  return async (app: FastifyInstance) => {
    const platform = { config: { access: 'platformAdmin' as const } };

    app.get('/api/platform/workspaces', platform, async () => ({ workspaces: await listWorkspaceSummaries(deps.db) }));

    app.post('/api/platform/workspaces', platform, async (request, reply) => {
      const { actor } = authed(request);
      const input = parseInput(newWorkspace, request.body);
      const created = await deps.db.transaction((tx) => provisionWorkspace(tx, input, { actor, ip: request.ip })).catch((error: unknown) => {
        throw clashFromDatabase(error, input);
      });
      return reply.code(201).send(created);
    });

    app.patch('/api/platform/workspaces/:id', platform, async (request) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const change = parseInput(workspaceChange, request.body);
      if (change.status === undefined && change.name === undefined) throw new DomainError({ code: 'validationFailed', errors: [{ field: 'status', code: 'required' }] });
      const updated = await deps.db.transaction((tx) => updateWorkspace(tx, id, change, { actor, ip: request.ip }));
      if (!updated) throw notFound();
      // Committed: this process drops the workspace's sessions and keys now; others on NOTIFY.
      deps.sessions.forget({ workspace: id });
      return updated;
    });

    // Which version of the standard model a tenant last received, and bringing it up to this one (additions and rewordings; see model-upgrade.ts).
    app.get('/api/platform/workspaces/:id/standardModel', platform, async (request) => {
      const { id } = parseInput(idParams, request.params);
      const { rows } = await deps.db.query<{ hash: string | null; items: string }>(
        'select w.standard_model_hash as hash, (select count(*) from mainline.standard_model_items i where i.workspace_id = w.id) as items from mainline.workspaces w where w.id = $1',
        [id],
      );
      if (!rows[0]) throw notFound();
      return { hash: rows[0].hash, current: STANDARD_MODEL_HASH, upToDate: rows[0].hash === STANDARD_MODEL_HASH, items: Number(rows[0].items) };
    });

    app.post('/api/platform/workspaces/:id/standardModel/upgrade', platform, async (request) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const result = await deps.db.transaction(async (tx) => {
        const found = await tx.query('select 1 from mainline.workspaces where id = $1', [id]);
        return found.rows[0] ? installStandardModel(tx, { workspaceId: id, actorId: actor.userId }) : undefined;
      });
      if (!result) throw notFound();
      return result;
    });

    app.delete('/api/platform/workspaces/:id', platform, async (request, reply) => {
      const { actor } = authed(request);
      const { id } = parseInput(idParams, request.params);
      const deleted = await deps.db.transaction((tx) => deleteWorkspace(tx, id, { actor, ip: request.ip }));
      if (!deleted) throw notFound();
      deps.sessions.forget({ workspace: id });
      return reply.code(204).send();
    });
  };
}

/** Tenant administration, for the OpenAPI document (every caller's document lists it; only platform operators may call it). */
export function workspaceRouteDocs(locale: Locale): RouteDocs {
  const summary = shape({ id: UUID, slug: { type: 'string' }, name: { type: 'string' }, status: { type: 'string', enum: ['active', 'suspended'] }, createdAt: DATETIME, userCount: { type: 'integer', minimum: 0 } });
  const one = text('The workspace.', '工作区。', '工作區。');
  const relabel = shape({ item: { type: 'string' }, text: { type: 'string' }, locales: { type: 'array', items: { type: 'string', enum: [...LOCALES] } } });
  const upgrade = shape({ hash: { type: 'string' }, applied: { type: 'array', items: { type: 'string' } }, skipped: { type: 'array', items: { type: 'string' } }, relabelled: { type: 'array', items: relabel } });
  return describeRoutes(
    locale,
    { name: 'Platform', description: text('Workspaces (tenants) of this installation, for its operators.', '本部署的工作区（租户），供平台运维使用。', '本部署的工作區（租戶），供平台維運使用。') },
    [
      { method: 'get', path: '/api/platform/workspaces', operationId: 'listWorkspaces', access: 'platformAdmin', summary: text('List workspaces', '查询工作区', '查詢工作區'), ok: { status: 200, description: text('The workspaces.', '工作区列表。', '工作區清單。'), schema: listOf('workspaces', summary) }, problems: [401, 403] },
      {
        method: 'post',
        path: '/api/platform/workspaces',
        operationId: 'createWorkspace',
        access: 'platformAdmin',
        summary: text('Create a workspace', '新建工作区', '新增工作區'),
        description: text('With its first administrator and the standard model; a generated password is returned this once.', '同时创建首位管理员并安装标准模型；生成的密码仅返回这一次。', '同時建立首位管理員並安裝標準模型；產生的密碼僅回傳這一次。'),
        body: fromZod(newWorkspace),
        ok: { status: 201, description: one, schema: shape({ workspace: summary, admin: shape({ id: UUID, email: { type: 'string' }, password: { type: 'string', description: 'Only when none was given.' } }, ['password']) }) },
        problems: [400, 401, 403, 409, 413, 415],
      },
      { method: 'patch', path: '/api/platform/workspaces/:id', operationId: 'updateWorkspace', access: 'platformAdmin', summary: text('Rename, suspend or reactivate a workspace', '重命名、停用或恢复工作区', '重新命名、停用或恢復工作區'), body: fromZod(workspaceChange), ok: { status: 200, description: one, schema: summary }, problems: [400, 401, 403, 404, 409, 413, 415] },
      { method: 'delete', path: '/api/platform/workspaces/:id', operationId: 'deleteWorkspace', access: 'platformAdmin', summary: text('Delete a workspace', '删除工作区', '刪除工作區'), description: text('With all its data.', '连同其全部数据。', '連同其全部資料。'), ok: { status: 204, description: text('Deleted.', '已删除。', '已刪除。') }, problems: [400, 401, 403, 404, 409] },
      {
        method: 'get',
        path: '/api/platform/workspaces/:id/standardModel',
        operationId: 'getWorkspaceStandardModel',
        access: 'platformAdmin',
        summary: text('Standard model version of a workspace', '工作区的标准模型版本', '工作區的標準模型版本'),
        ok: { status: 200, description: text('Which version it has, and whether it is current.', '当前版本及是否为最新。', '目前版本及是否為最新。'), schema: shape({ hash: { type: ['string', 'null'] }, current: { type: 'string' }, upToDate: { type: 'boolean' }, items: { type: 'integer', minimum: 0 } }) },
        problems: [400, 401, 403, 404],
      },
      {
        method: 'post',
        path: '/api/platform/workspaces/:id/standardModel/upgrade',
        operationId: 'upgradeWorkspaceStandardModel',
        access: 'platformAdmin',
        summary: text('Upgrade a workspace’s standard model', '升级工作区的标准模型', '升級工作區的標準模型'),
        description: text(
          'Adds what the workspace never received, and rewords labels in each language it still shows exactly as shipped; what the workspace changed or removed is kept as it is.',
          '新增工作区从未收到的项目，并更新其仍与出厂时完全相同的各语言标签；工作区自行修改或删除的部分保持不变。',
          '新增工作區從未收到的項目，並更新其仍與出廠時完全相同的各語言標籤；工作區自行修改或刪除的部分維持不變。',
        ),
        ok: { status: 200, description: text('What was applied, skipped and reworded.', '已应用、跳过与更新措辞的项目。', '已套用、略過與更新措辭的項目。'), schema: upgrade },
        problems: [400, 401, 403, 404],
      },
    ],
  );
}
