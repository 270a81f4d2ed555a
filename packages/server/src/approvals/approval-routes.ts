import { ident, qualified, render, sql, validationError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import type { AccessCache } from '../access/access-store.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { getRecord } from '../records/record-reads.ts';
import { recordRequests, requestsAwaiting } from './approval-store.ts';

type Params = { object: string; id: string };
type Query = { limit?: string };

/**
 * Reading approvals: a record's requests with their decisions (whoever may
 * read the record), and what awaits the caller's decision. Decisions are
 * record actions (approval-actions.ts), made through the write path.
 */
export function approvalRoutes(deps: { db: Database; metadata: MetadataCache; access: AccessCache }) {
  return async (app: FastifyInstance) => {
    const user = { config: { access: 'user' as const } };
    const context = async (request: Parameters<typeof authed>[0]) => {
      const { actor, workspace } = authed(request);
      const metadata = await deps.metadata.load(deps.db, workspace);
      return { actor, workspace, metadata, access: await deps.access.forActor(deps.db, actor, workspace, metadata), q: deps.db };
    };

    app.get<{ Params: Params }>('/api/records/:object/:id/approvals', user, async (request) => {
      const ctx = await context(request);
      // Reading the record first: who cannot see it gets 404, as for the record itself.
      const record = await getRecord(ctx, request.params.object, request.params.id, { fields: 'id' });
      return { requests: await recordRequests(deps.db, ctx.metadata.schema, request.params.object, String(record.id)) };
    });

    app.get<{ Querystring: Query }>('/api/approvals/pending', user, async (request) => {
      const ctx = await context(request);
      const limit = Number(request.query.limit ?? '100');
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
      const requests = await requestsAwaiting(deps.db, ctx.metadata.schema, ctx.actor.userId, limit);
      // An approver must know what they decide on, so the record's name is shown whatever they may otherwise read.
      const names = new Map<string, string>();
      for (const object of new Set(requests.map((r) => r.object))) {
        if (!Object.hasOwn(ctx.metadata.objects, object)) continue;
        const ids = requests.filter((r) => r.object === object).map((r) => r.recordId);
        const r = render(sql`select ${ident('id')} as id, ${ident('name')} as name from ${qualified(ctx.metadata.schema, object)} where ${ident('id')} = any(${ids}::uuid[])`);
        for (const row of (await deps.db.query<{ id: string; name: unknown }>(r.text, r.values)).rows) names.set(`${object}/${row.id}`, String(row.name ?? ''));
      }
      return { requests: requests.map((r) => ({ ...r, recordName: names.get(`${r.object}/${r.recordId}`) ?? null })) };
    });
  };
}
