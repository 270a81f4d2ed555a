import { DomainError, formatMessage, ident, isUuid, qualified, render, sql, type AccessNeed, type Locale, type Sql } from '@mainline/core';
import { pendingRequest } from '../approvals/approval-store.ts';
import { lockOf, type ApprovalLock } from '../approvals/record-lock.ts';
import { refuseUnknownParams, type QueryParams, type ReadContext } from '../records/record-reads.ts';
import { objectFor } from './record-access.ts';
import { SHARE_CONTROL } from './record-shares.ts';

/**
 * What the caller may do to one record, so the UI offers only what the
 * server will accept (the server still enforces). Computed from the very
 * rules the write path applies: the object permission (objectFor), the
 * record-visibility predicate for the need (lockRecord), the approval lock
 * (refuseWhenLocked) and, for sharing, the control rule of manual shares.
 * Value-dependent refusals (validation rules, processes, restrict deletes)
 * are the write's to report.
 *
 * A route of its own rather than `?include=access` on the record read: the
 * record's shape stays what it is (an extra key could clash with a field's
 * API name), and the UI refreshes it independently after actions and
 * approval decisions. One query for the predicates, one for the approval
 * lock (only on objects with approval processes).
 */
export type RecordAccessCheck = {
  read: true;
  edit: boolean;
  delete: boolean;
  share: boolean;
  /**
   * While the record awaits approval: which decisions the caller may make, so
   * the page offers Approve/Reject to the step's approvers and Recall to the
   * submitter (the approval actions still check on their own).
   */
  locked?: ApprovalLock & { reason: 'approvalPending'; message: string; decide: boolean; recall: boolean };
};

type Caller = { userId: string; isAdmin: boolean };

export async function recordAccessCheck(ctx: ReadContext & { actor: Caller }, objectName: string, id: string, params: QueryParams, locale: Locale): Promise<RecordAccessCheck> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  refuseUnknownParams(params, new Set());
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const key = id.toLowerCase();
  const permissions = ctx.access.permissions.object(object.apiName);
  const holds = (need: AccessNeed): Sql => {
    const predicate = ctx.access.visibility(object, need);
    return predicate ? sql`coalesce(${predicate('t0')}, false)` : sql`true`;
  };
  const sees = ctx.access.visibility(object, 'read');
  const r = render(sql`select ${holds('edit')} as edit, ${holds('delete')} as delete, ${holds(SHARE_CONTROL)} as share
      from ${qualified(ctx.metadata.schema, object.apiName)} as t0
     where t0.${ident('id')} = ${key}::uuid ${sees ? sql`and ${sees('t0')}` : sql``}`);
  const row = (await ctx.q.query<{ edit: boolean; delete: boolean; share: boolean }>(r.text, r.values)).rows[0];
  if (!row) throw new DomainError({ code: 'notFound' });
  const pending = object.approvalProcesses?.length ? await pendingRequest(ctx.q, ctx.metadata.schema, object.apiName, key) : undefined;
  const lock = pending ? lockOf(object, pending) : undefined;
  const { userId, isAdmin } = ctx.actor;
  return {
    read: true,
    edit: permissions.edit && row.edit && !lock,
    delete: permissions.delete && row.delete && !lock,
    share: row.share,
    ...(lock && pending
      ? {
          locked: {
            reason: 'approvalPending' as const,
            ...lock,
            message: formatMessage('recordLocked', lock, locale),
            decide: isAdmin || pending.approvers.includes(userId),
            recall: isAdmin || pending.submitterId === userId,
          },
        }
      : {}),
  };
}
