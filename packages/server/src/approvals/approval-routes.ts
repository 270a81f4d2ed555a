import { ident, qualified, render, sql, validationError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { schemaRef, type Locale, type RouteDocs } from '@mainline/core';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID } from '../http/route-docs.ts';
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

/** The approval reads, for the OpenAPI document (decisions are record actions, documented with them). */
export function approvalRouteDocs(locale: Locale): RouteDocs {
  const request = {
    id: UUID,
    object: { type: 'string' },
    recordId: UUID,
    process: { type: 'string', description: 'API name of the approval process.' },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'recalled'] },
    step: { type: 'integer', minimum: 0, description: 'Index of the current step (of the last one decided, once final).' },
    submitterId: UUID,
    approvers: { type: 'array', items: UUID, description: 'Who may decide the current step.' },
    history: {
      type: 'array',
      items: shape({ action: { type: 'string', enum: ['submit', 'approve', 'reject', 'recall'] }, step: { type: 'integer' }, actorId: UUID, comment: { type: ['string', 'null'] }, at: DATETIME }),
    },
    submittedAt: DATETIME,
    decidedAt: orNull(DATETIME),
  };
  const schemas = {
    ApprovalRequest: shape(request),
    ApprovalRequestList: listOf('requests', schemaRef('ApprovalRequest')),
    PendingApprovalList: listOf('requests', shape({ ...request, recordName: { type: ['string', 'null'], description: "The record's name, shown to the approver whatever else they may read." } })),
  };
  return describeRoutes(
    locale,
    { name: 'Approvals', description: text('Approval requests and what awaits your decision.', '审批请求及待你审批的事项。', '簽核請求及待你簽核的事項。') },
    [
      {
        method: 'get',
        path: '/api/approvals/pending',
        operationId: 'listPendingApprovals',
        summary: text('Approvals awaiting me', '待我审批', '待我簽核'),
        query: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }],
        ok: { status: 200, description: text('The requests awaiting the caller’s decision.', '等待调用者审批的请求。', '等待呼叫者簽核的請求。'), schema: schemaRef('PendingApprovalList') },
        problems: [400, 401],
      },
      {
        method: 'get',
        path: '/api/records/:object/:id/approvals',
        operationId: 'listRecordApprovals',
        summary: text('Approval requests of a record', '记录的审批请求', '記錄的簽核請求'),
        description: text('With their decisions; for anyone who may read the record.', '含审批记录；可读取该记录的用户均可查看。', '含簽核紀錄；可讀取該記錄的使用者皆可查看。'),
        ok: { status: 200, description: text('The requests, with their decisions.', '审批请求及其审批记录。', '簽核請求及其簽核紀錄。'), schema: schemaRef('ApprovalRequestList') },
        problems: [401, 403, 404],
      },
    ],
    schemas,
  );
}
