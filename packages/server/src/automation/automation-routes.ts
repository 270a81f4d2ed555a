import { DomainError, isUuid, validationError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
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
