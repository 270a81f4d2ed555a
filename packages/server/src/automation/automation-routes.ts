import { DomainError, isUuid, validationError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { schemaRef, type Locale, type RouteDocs } from '@mainline/core';
import { DATETIME, describeRoutes, listOf, orNull, shape, text, UUID } from '../http/route-docs.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import { jobsTable, toJob } from './job-store.ts';

type Params = { id: string };
type Query = { status?: string; limit?: string };
const STATUSES = ['queued', 'running', 'done', 'failed'];

function limitOf(text: string | undefined): number {
  const n = Number(text ?? '100');
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  return n;
}

/**
 * The automation failure log and its replay (administrators); it reads the
 * caller's own workspace. (Notifications: notifications/notification-routes.ts.)
 */
export function automationRoutes(deps: { db: Database; now: () => Date }) {
  return async (app: FastifyInstance) => {
    const admin = { config: { access: 'admin' as const } };

    app.get<{ Querystring: Query }>('/api/automation/jobs', admin, async (request) => {
      const { status } = request.query;
      if (status !== undefined && !STATUSES.includes(status)) throw validationError([{ field: 'status', code: 'invalidValue', params: { detail: `must be one of: ${STATUSES.join(', ')}` } }], 'invalidQuery');
      const schema = authed(request).workspace.schemaName;
      const { rows } = await deps.db.query<Record<string, unknown>>(
        `select * from ${jobsTable(schema)} where ($1::text is null or status = $1) order by created_at desc, id desc limit $2`,
        [status ?? null, limitOf(request.query.limit)],
      );
      return { jobs: rows.map(toJob) };
    });

    app.post<{ Params: Params }>('/api/automation/jobs/:id/retry', admin, async (request) => {
      if (!isUuid(request.params.id)) throw new DomainError({ code: 'notFound' });
      const schema = authed(request).workspace.schemaName;
      const { rows } = await deps.db.query<Record<string, unknown>>(
        `update ${jobsTable(schema)} set status = 'queued', attempts = 0, run_at = $2, finished_at = null where id = $1 and status = 'failed' returning *`,
        [request.params.id, deps.now().toISOString()],
      );
      if (rows[0]) return toJob(rows[0]);
      const exists = await deps.db.query(`select status from ${jobsTable(schema)} where id = $1`, [request.params.id]);
      if (!exists.rows[0]) throw new DomainError({ code: 'notFound' });
      throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidValue', params: { detail: 'only a failed job can be retried' } }] });
    });
  };
}

/** The automation log, for the OpenAPI document. */
export function automationRouteDocs(locale: Locale): RouteDocs {
  const limit = { name: 'limit', in: 'query' as const, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } };
  const schemas = {
    AutomationJob: shape({
      id: UUID,
      object: { type: 'string' },
      rule: { type: 'string', description: 'API name of the automation rule.' },
      recordId: UUID,
      trigger: { type: 'string' },
      actorId: UUID,
      depth: { type: 'integer', description: 'How many automations deep (an automation’s own writes may trigger more).' },
      payload: { type: 'object', description: 'What the job acts on, as queued.' },
      nextAction: { type: 'integer', description: 'Index of the rule’s next action to run.' },
      status: { type: 'string', enum: [...STATUSES] },
      attempts: { type: 'integer', minimum: 0 },
      runAt: DATETIME,
      lastError: { type: ['string', 'null'] },
      createdAt: DATETIME,
      finishedAt: orNull(DATETIME),
    }),
    AutomationJobList: listOf('jobs', schemaRef('AutomationJob')),
  };
  return describeRoutes(
    locale,
    [
      { name: 'Automation', description: text('Automation jobs, their failures and replay.', '自动化任务、失败记录与重试。', '自動化工作、失敗紀錄與重試。') },
    ],
    [
      {
        method: 'get',
        path: '/api/automation/jobs',
        operationId: 'listAutomationJobs',
        summary: text('List automation jobs', '查询自动化任务', '查詢自動化工作'),
        description: text('Newest first.', '按时间倒序。', '依時間倒序。'),
        access: 'admin',
        query: [{ name: 'status', in: 'query', schema: { type: 'string', enum: [...STATUSES] } }, limit],
        ok: { status: 200, description: text('The jobs.', '任务列表。', '工作清單。'), schema: schemaRef('AutomationJobList') },
        problems: [400, 401, 403],
      },
      {
        method: 'post',
        path: '/api/automation/jobs/:id/retry',
        operationId: 'retryAutomationJob',
        summary: text('Retry a failed job', '重试失败的任务', '重試失敗的工作'),
        access: 'admin',
        ok: { status: 200, description: text('The job, queued again.', '重新排队的任务。', '重新排入佇列的工作。'), schema: schemaRef('AutomationJob') },
        problems: [401, 403, 404, 409],
      },
    ],
    schemas,
  );
}

