import { DomainError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/port.ts';
import { parseInput } from '../http/parse-input.ts';
import { authed } from './authenticate.ts';
import { listSecurityEvents } from './security-audit.ts';

const cursor = z.string().regex(/^\d{1,18}$/);
const auditQuery = z
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
