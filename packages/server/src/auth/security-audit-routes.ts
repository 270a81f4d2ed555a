import { DomainError, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { ADMIN_TAG } from '../access/access-admin-routes.ts';
import { DATETIME, describeRoutes, shape, text } from '../http/route-docs.ts';
import { z } from 'zod';
import type { Database } from '../db/port.ts';
import { parseInput } from '../http/parse-input.ts';
import { authed } from './authenticate.ts';
import { listSecurityEvents } from './security-audit.ts';

const cursor = z.string().regex(/^\d{1,18}$/);
export const auditQuery = z
  .object({
    after: cursor.optional(),
    before: cursor.optional(),
    event: z.string().max(64).regex(/^[A-Za-z]+(\.[A-Za-z]+)*$/).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/**
 * `GET /api/admin/security-audit`: a workspace administrator reads their own
 * workspace's log, newest first (page on with `before=<nextCursor>`), or
 * oldest first from `after=<id>` (poll on with `after=<nextCursor>`).
 */
export function securityAuditRoutes(deps: { db: Database }) {
  return async (app: FastifyInstance) => {
    app.get('/api/admin/security-audit', { config: { access: 'admin' } }, async (request) => {
      const { actor } = authed(request);
      const query = parseInput(auditQuery, request.query ?? {});
      if (query.after !== undefined && query.before !== undefined) throw new DomainError({ code: 'invalidQuery', errors: [{ field: 'before', code: 'invalidValue', params: { detail: 'use either after or before' } }] });
      const entries = await listSecurityEvents(deps.db, { workspaceId: actor.workspaceId, ...query });
      // Tailing always gets a cursor to continue from; browsing gets none past the last page.
      const nextCursor = query.after !== undefined ? (entries.at(-1)?.id ?? query.after) : entries.length === query.limit ? entries.at(-1)!.id : null;
      return { entries, nextCursor };
    });
  };
}

/** The security log, for the OpenAPI document. */
export function securityAuditRouteDocs(locale: Locale): RouteDocs {
  const entry = shape({ id: { type: 'string', pattern: '^\\d{1,18}$' }, event: { type: 'string', description: 'e.g. login.succeeded, apiKey.created.' }, userId: { type: ['string', 'null'], format: 'uuid' }, detail: { type: 'object' }, ip: { type: ['string', 'null'] }, occurredAt: DATETIME });
  return describeRoutes(locale, ADMIN_TAG, [
    {
      method: 'get',
      path: '/api/admin/security-audit',
      operationId: 'listSecurityEvents',
      access: 'admin',
      summary: text('Read the security log', '查看安全日志', '檢視安全性記錄'),
      description: text('Sign-ins, lockouts and changes to users, access, keys and providers. Newest first (page on with before=nextCursor), or oldest first from after (poll on with after=nextCursor).', '登录、锁定以及用户、权限、密钥与身份提供方的变更。默认按时间倒序（用 before=nextCursor 翻页），或从 after 起按时间顺序（用 after=nextCursor 持续读取）。', '登入、鎖定以及使用者、權限、金鑰與身分提供者的變更。預設依時間倒序（以 before=nextCursor 翻頁），或自 after 起依時間順序（以 after=nextCursor 持續讀取）。'),
      query: auditQuery,
      ok: { status: 200, description: text('The entries.', '日志条目。', '記錄項目。'), schema: shape({ entries: { type: 'array', items: entry }, nextCursor: { type: ['string', 'null'] } }) },
      problems: [400, 401, 403],
    },
  ]);
}
