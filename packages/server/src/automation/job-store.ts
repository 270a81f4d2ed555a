import { quoteIdent } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import type { JobPayload } from './enqueue-jobs.ts';

/** The durable job table of one workspace schema (see workspace-schema.ts). */

export type JobRow = {
  id: string;
  object: string;
  rule: string;
  recordId: string;
  trigger: string;
  actorId: string;
  depth: number;
  payload: JobPayload;
  nextAction: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export const jobsTable = (schema: string): string => `${quoteIdent(schema)}._automation_jobs`;

export function toJob(r: Record<string, unknown>): JobRow {
  return {
    id: r.id as string,
    object: r.object as string,
    rule: r.rule as string,
    recordId: r.record_id as string,
    trigger: r.trigger as string,
    actorId: r.actor_id as string,
    depth: Number(r.depth),
    payload: r.payload as JobPayload,
    nextAction: Number(r.next_action),
    status: r.status as JobRow['status'],
    attempts: Number(r.attempts),
    runAt: r.run_at as string,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
  };
}

/**
 * Locks the next due job for this transaction: queued and due, or running
 * with its lease run out (the worker calling out for it died). SKIP LOCKED
 * lets several workers share the table without waiting on each other.
 */
export async function lockNextJob(tx: Queryable, schema: string, now: Date): Promise<JobRow | undefined> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `select * from ${jobsTable(schema)}
      where (status = 'queued' and run_at <= $1) or (status = 'running' and locked_until < $1)
      order by run_at, id limit 1 for update skip locked`,
    [now.toISOString()],
  );
  return rows[0] ? toJob(rows[0]) : undefined;
}

/** The action ran: move on to the next after-commit action, or finish. */
export async function advanceJob(tx: Queryable, schema: string, id: string, next: number | undefined, now: Date, note?: string): Promise<void> {
  await tx.query(
    next === undefined
      ? `update ${jobsTable(schema)} set status = 'done', locked_until = null, finished_at = $2, last_error = $3 where id = $1`
      : `update ${jobsTable(schema)} set status = 'queued', next_action = $4, attempts = 0, run_at = $2, locked_until = null, last_error = $3 where id = $1`,
    next === undefined ? [id, now.toISOString(), note ?? null] : [id, now.toISOString(), note ?? null, next],
  );
}

/** External calls run outside any transaction: the job is leased while it runs, and a lapsed lease lets another worker run it again. */
export async function leaseJob(tx: Queryable, schema: string, id: string, until: Date): Promise<void> {
  await tx.query(`update ${jobsTable(schema)} set status = 'running', locked_until = $2 where id = $1`, [id, until.toISOString()]);
}

/**
 * A failed attempt: retry later with exponential backoff, or, after the last
 * attempt (or when retrying cannot help), mark the job failed with the error
 * for a person to read in the failure log.
 */
export async function failAttempt(q: Queryable, schema: string, job: JobRow, error: string, opts: { now: Date; maxAttempts: number; backoffMs: number; final?: boolean }): Promise<void> {
  const attempts = job.attempts + 1;
  if (opts.final || attempts >= opts.maxAttempts) {
    await q.query(`update ${jobsTable(schema)} set status = 'failed', attempts = $2, last_error = $3, locked_until = null, finished_at = $4 where id = $1`, [job.id, attempts, error, opts.now.toISOString()]);
    return;
  }
  const runAt = new Date(opts.now.getTime() + opts.backoffMs * 2 ** (attempts - 1));
  await q.query(`update ${jobsTable(schema)} set status = 'queued', attempts = $2, last_error = $3, locked_until = null, run_at = $4 where id = $1`, [job.id, attempts, error, runAt.toISOString()]);
}
