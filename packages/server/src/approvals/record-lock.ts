import { DomainError, type LocalizedText, type ObjectDef } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import type { WriteContext } from '../records/write-context.ts';
import { pendingRequest, type ApprovalRequest } from './approval-store.ts';

/** Why a record may not be changed: the approval request it awaits, in `recordLocked`'s params. */
export type ApprovalLock = { process: LocalizedText | string; approvalProcess: string; approvalRequest: string };

/**
 * A record awaiting approval is locked: the write path refuses to change or
 * delete it, for everyone — administrators recall the request first, so what
 * the approver decides on is what stays. The approval machinery writes its
 * own field updates only while no request is pending (before submitting,
 * after deciding), so it needs no way around this. Objects without approval
 * processes cost no query.
 */
export async function approvalLock(q: Queryable, schema: string, object: ObjectDef, recordId: string): Promise<ApprovalLock | undefined> {
  if (!object.approvalProcesses?.length) return undefined;
  const pending = await pendingRequest(q, schema, object.apiName, recordId);
  return pending ? lockOf(object, pending) : undefined;
}

export function lockOf(object: ObjectDef, pending: ApprovalRequest): ApprovalLock {
  const process = object.approvalProcesses?.find((p) => p.apiName === pending.process);
  return { process: process?.label ?? pending.process, approvalProcess: pending.process, approvalRequest: pending.id };
}

export async function refuseWhenLocked(ctx: WriteContext, object: ObjectDef, recordId: string): Promise<void> {
  const lock = await approvalLock(ctx.tx, ctx.metadata.schema, object, recordId);
  if (lock) throw new DomainError({ code: 'recordLocked', params: lock });
}
