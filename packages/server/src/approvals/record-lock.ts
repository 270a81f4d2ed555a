import { DomainError, type ObjectDef } from '@mainline/core';
import type { WriteContext } from '../records/write-context.ts';
import { pendingRequest } from './approval-store.ts';

/**
 * A record awaiting approval is locked: the write path refuses to change or
 * delete it, for everyone — administrators recall the request first, so what
 * the approver decides on is what stays. The approval machinery writes its
 * own field updates only while no request is pending (before submitting,
 * after deciding), so it needs no way around this. Objects without approval
 * processes cost no query.
 */
export async function refuseWhenLocked(ctx: WriteContext, object: ObjectDef, recordId: string): Promise<void> {
  if (!object.approvalProcesses?.length) return;
  const pending = await pendingRequest(ctx.tx, ctx.metadata.schema, object.apiName, recordId);
  if (!pending) return;
  const process = object.approvalProcesses.find((p) => p.apiName === pending.process);
  throw new DomainError({ code: 'recordLocked', params: { process: process?.label ?? pending.process, approvalProcess: pending.process, approvalRequest: pending.id } });
}
