import { DomainError, fromZod, schemaRef, type FieldProblem, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TAG } from '../access/access-admin-routes.ts';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID } from '../http/route-docs.ts';
import { z } from 'zod';
import type { Database, Queryable } from '../db/port.ts';
import { idParams, parseInput, uuidText } from '../http/parse-input.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { authed, requirePerson } from './authenticate.ts';
import { recordSecurityEvent } from './security-audit.ts';
import type { SessionCache } from './session-cache.ts';

export const newApiKey = z
  .object({
    name: z.string().trim().min(1).max(200),
    userId: uuidText(),
    scope: z
      .object({
        access: z.enum(['read', 'readWrite']),
        // Omitted: every object the user may use. Listed: only these (enforced in the record path).
        objects: z.array(z.string().min(1).max(40)).min(1).max(200).optional(),
      })
      .strict(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** The key's user must be an active user of the caller's own workspace; scoped objects must exist there. */
async function checkReferences(q: Queryable, workspaceId: string, input: z.output<typeof newApiKey>, now: Date): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const { rows } = await q.query<{ active: boolean }>('select active from mainline.users where id = $1 and workspace_id = $2', [input.userId, workspaceId]);
  if (!rows[0]) problems.push({ field: 'userId', code: 'referenceNotFound' });
  else if (!rows[0].active) problems.push({ field: 'userId', code: 'invalidValue', params: { detail: 'the user is deactivated' } });
  if (input.scope.objects) {
    const known = await q.query<{ api_name: string }>('select api_name from mainline.object_metadata where workspace_id = $1 and api_name = any($2)', [workspaceId, input.scope.objects]);
    const names = new Set(known.rows.map((r) => r.api_name));
    input.scope.objects.forEach((o, i) => {
      if (!names.has(o)) problems.push({ field: `scope.objects[${i}]`, code: 'invalidValue', params: { detail: `there is no object named "${o}"` } });
    });
  }
  if (input.expiresAt && new Date(input.expiresAt) <= now) problems.push({ field: 'expiresAt', code: 'outOfRange', params: { detail: 'must be in the future' } });
  return problems;
}

/**
 * API keys of the caller's workspace, managed by its administrators in a
 * signed-in session: a key can never mint, list or revoke keys.
 */
export function apiKeyRoutes(deps: { db: Database; now: () => Date; sessions: SessionCache }) {
  return async (app: FastifyInstance) => {
    const admin = { config: { access: 'admin' as const } };

    app.post('/api/admin/api-keys', admin, async (request, reply) => {
      const { actor } = authed(request);
      requirePerson(actor);
      const input = parseInput(newApiKey, request.body);
      const now = deps.now();
      const created = await deps.db.transaction(async (tx) => {
        const problems = await checkReferences(tx, actor.workspaceId, input, now);
        if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
        const scope = { access: input.scope.access, ...(input.scope.objects ? { objects: [...new Set(input.scope.objects)] } : {}) };
        const made = await createApiKey(tx, { workspaceId: actor.workspaceId, userId: input.userId, name: input.name, scope, expiresAt: input.expiresAt ? new Date(input.expiresAt) : null, createdBy: actor.userId });
        await recordSecurityEvent(tx, {
          workspaceId: actor.workspaceId,
          userId: actor.userId,
          event: 'apiKey.created',
          detail: { keyId: made.key.id, name: made.key.name, keyUserId: made.key.userId, prefix: made.key.prefix, scope, expiresAt: made.key.expiresAt },
          ip: request.ip,
        });
        return made;
      });
      // The secret is in this response only; it cannot be read again.
      return reply.code(201).send({ ...created.key, secret: created.secret });
    });

    app.get('/api/admin/api-keys', admin, async (request) => {
      const { actor } = authed(request);
      requirePerson(actor);
      return { apiKeys: await listApiKeys(deps.db, actor.workspaceId) };
    });

    app.delete('/api/admin/api-keys/:id', admin, async (request, reply) => {
      const { actor } = authed(request);
      requirePerson(actor);
      const { id } = parseInput(idParams, request.params);
      const revoked = await deps.db.transaction(async (tx) => {
        const r = await revokeApiKey(tx, { workspaceId: actor.workspaceId, id, now: deps.now() });
        if (r?.changed) await recordSecurityEvent(tx, { workspaceId: actor.workspaceId, userId: actor.userId, event: 'apiKey.revoked', detail: { keyId: id, name: r.key.name, prefix: r.key.prefix }, ip: request.ip });
        return r;
      });
      if (!revoked) throw new DomainError({ code: 'notFound', errors: [{ field: 'id', code: 'invalidValue', params: { detail: 'no such API key' } }] });
      // Committed: forget the cached key here at once; other processes do on NOTIFY.
      deps.sessions.forget({ session: revoked.keyHash });
      return reply.code(204).send();
    });
  };
}

/** API key administration, for the OpenAPI document. */
export function apiKeyRouteDocs(locale: Locale): RouteDocs {
  const key = {
    id: UUID,
    name: { type: 'string' },
    userId: UUID,
    prefix: { type: 'string', description: 'The start of the key, to recognise it by.' },
    scope: shape({ access: { type: 'string', enum: ['read', 'readWrite'] }, objects: { type: 'array', items: { type: 'string' } } }, ['objects']),
    createdBy: orNull(UUID),
    createdAt: DATETIME,
    expiresAt: orNull(DATETIME),
    revokedAt: orNull(DATETIME),
    lastUsedAt: orNull(DATETIME),
  };
  const session = text('Needs a signed-in session: an API key can never mint, list or revoke keys.', '需要已登录的会话：API 密钥不能创建、列出或吊销密钥。', '需要已登入的工作階段：API 金鑰不能建立、列出或撤銷金鑰。');
  return describeRoutes(
    locale,
    ADMIN_TAG,
    [
      { method: 'get', path: '/api/admin/api-keys', operationId: 'listApiKeys', access: 'admin', summary: text('List API keys', '查询 API 密钥', '查詢 API 金鑰'), description: session, ok: { status: 200, description: text('The keys (never their secrets).', '密钥列表（不含密钥本身）。', '金鑰清單（不含金鑰本身）。'), schema: schemaRef('ApiKeyList') }, problems: [401, 403] },
      {
        method: 'post',
        path: '/api/admin/api-keys',
        operationId: 'createApiKey',
        access: 'admin',
        summary: text('Create an API key', '新建 API 密钥', '新增 API 金鑰'),
        description: session,
        body: schemaRef('ApiKeyInput'),
        ok: { status: 201, description: text('The key with its secret, shown this once.', '密钥及其密文，仅显示这一次。', '金鑰及其密文，僅顯示這一次。'), schema: schemaRef('NewApiKey') },
        problems: [400, 401, 403, 413, 415],
      },
      { method: 'delete', path: '/api/admin/api-keys/:id', operationId: 'revokeApiKey', access: 'admin', summary: text('Revoke an API key', '吊销 API 密钥', '撤銷 API 金鑰'), description: session, ok: { status: 204, description: text('Revoked.', '已吊销。', '已撤銷。') }, problems: [400, 401, 403, 404] },
    ],
    {
      ApiKey: shape(key),
      ApiKeyList: listOf('apiKeys', schemaRef('ApiKey')),
      ApiKeyInput: fromZod(newApiKey, 'A key acting as `userId`, limited by `scope`; objects left out: every object the user may use.'),
      NewApiKey: shape({ ...key, secret: { type: 'string', description: 'Send as `Authorization: Bearer <secret>`; it cannot be read again.' } }),
    },
  );
}
