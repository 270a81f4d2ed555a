import { quoteIdent } from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/port.ts';

/**
 * Approval requests in the workspace schema: one row per submission, the
 * decisions in order in `history`. Rows are read and changed only while the
 * business record's row is locked, so a record's requests change one at a time.
 */

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'recalled';
export type ApprovalDecision = { action: 'submit' | 'approve' | 'reject' | 'recall'; step: number; actorId: string; comment: string | null; at: string };
export type ApprovalRequest = {
  id: string;
  object: string;
  recordId: string;
  process: string;
  status: ApprovalStatus;
  /** Index of the current step (of the last one decided, once final). */
  step: number;
  submitterId: string;
  approvers: string[];
  history: ApprovalDecision[];
  submittedAt: string;
  decidedAt: string | null;
};

const table = (schema: string) => `${quoteIdent(schema)}._approval_requests`;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function toRequest(r: Record<string, unknown>): ApprovalRequest {
  return {
    id: r.id as string,
    object: r.object as string,
    recordId: r.record_id as string,
    process: r.process as string,
    status: r.status as ApprovalStatus,
    step: Number(r.step),
    submitterId: r.submitter_id as string,
    approvers: (r.approvers as string[] | null) ?? [],
    history: r.history as ApprovalDecision[],
    submittedAt: iso(r.submitted_at)!,
    decidedAt: iso(r.decided_at),
  };
}

export async function pendingRequest(q: Queryable, schema: string, object: string, recordId: string): Promise<ApprovalRequest | undefined> {
  const { rows } = await q.query<Record<string, unknown>>(`select * from ${table(schema)} where object = $1 and record_id = $2 and status = 'pending'`, [object, recordId]);
  return rows[0] ? toRequest(rows[0]) : undefined;
}

export async function insertRequest(q: Queryable, schema: string, r: Omit<ApprovalRequest, 'id'>): Promise<ApprovalRequest> {
  const { rows } = await q.query<Record<string, unknown>>(
    `insert into ${table(schema)} (id, object, record_id, process, status, step, submitter_id, approvers, history, submitted_at, decided_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::jsonb, $10, $11, $10) returning *`,
    [uuidv7(), r.object, r.recordId, r.process, r.status, r.step, r.submitterId, r.approvers, JSON.stringify(r.history), r.submittedAt, r.decidedAt],
  );
  return toRequest(rows[0]!);
}

export async function saveRequest(q: Queryable, schema: string, r: ApprovalRequest, now: string): Promise<ApprovalRequest> {
  const { rows } = await q.query<Record<string, unknown>>(
    `update ${table(schema)} set status = $2, step = $3, approvers = $4::uuid[], history = $5::jsonb, decided_at = $6, updated_at = $7 where id = $1 returning *`,
    [r.id, r.status, r.step, r.approvers, JSON.stringify(r.history), r.decidedAt, now],
  );
  return toRequest(rows[0]!);
}

export async function recordRequests(q: Queryable, schema: string, object: string, recordId: string): Promise<ApprovalRequest[]> {
  const { rows } = await q.query<Record<string, unknown>>(`select * from ${table(schema)} where object = $1 and record_id = $2 order by submitted_at desc, id desc`, [object, recordId]);
  return rows.map(toRequest);
}

export async function requestsAwaiting(q: Queryable, schema: string, userId: string, limit: number): Promise<ApprovalRequest[]> {
  const { rows } = await q.query<Record<string, unknown>>(`select * from ${table(schema)} where status = 'pending' and $1::uuid = any(approvers) order by submitted_at, id limit $2`, [userId, limit]);
  return rows.map(toRequest);
}
