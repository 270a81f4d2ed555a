import {
  DomainError,
  approvalCriterionHolds,
  approvalRelatedPaths,
  approvalValues,
  problemsFromZod,
  quoteIdent,
  type ApprovalEvalInput,
  type ApprovalFieldUpdates,
  type ApprovalProcess,
  type LocalizedText,
  type ObjectDef,
} from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { systemAccess } from '../access/record-access.ts';
import { eq, findRecords } from '../mainline/record-queries.ts';
import { lockRecord, objectOf, updateRecord, withRelatedValues, type ApiRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { insertRequest, pendingRequest, saveRequest, type ApprovalDecision, type ApprovalRequest } from './approval-store.ts';
import { resolveApprovers } from './approvers.ts';

/**
 * Submitting a record for approval and deciding on it, as record actions
 * (`POST /api/records/{object}/{id}/actions/submitForApproval` …) on every
 * object with an approval process. Each runs in the action's one write
 * transaction with the business row locked, so decisions on a record
 * happen one at a time; outcome field updates go through the write path
 * in that same transaction, and so do the in-app notifications.
 */

const comment = z.string().max(2000).optional();
const submitBody = z.strictObject({ process: z.string().min(1).max(40).optional(), comment });
const decisionBody = z.strictObject({ comment });

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {}, { reportInput: true });
  if (!r.success) throw new DomainError({ code: 'validationFailed', errors: problemsFromZod(r.error.issues) });
  return r.data;
}

/** The approval machinery writes outcome fields whatever the deciding user may edit: an administrator configured them. */
const machinery = (ctx: WriteContext): WriteContext => ({ ...ctx, access: systemAccess(ctx.metadata, ctx.actor.userId, ctx.access.sharingRules) });
const labelOf = (p: ApprovalProcess): LocalizedText => p.label ?? { en: p.apiName };

async function evalInput(ctx: WriteContext, object: ObjectDef, process: ApprovalProcess, record: ApiRecord): Promise<ApprovalEvalInput> {
  const [withRelated] = await withRelatedValues(ctx, object, [record], approvalRelatedPaths({ metadata: ctx.metadata, object, process }));
  return { metadata: ctx.metadata, object, process, record: withRelated!, context: { now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } } };
}

async function applyOutcome(ctx: WriteContext, object: ObjectDef, process: ApprovalProcess, recordId: string, outcome: ApprovalFieldUpdates | undefined): Promise<void> {
  if (!outcome) return;
  const sys = machinery(ctx);
  const record = await lockRecord(sys, object, recordId, 'edit');
  await updateRecord(sys, object.apiName, recordId, approvalValues(await evalInput(ctx, object, process, record), outcome.updateFields));
}

/** The first step from `from` whose criteria hold, with its approvers; null when no step is left. */
async function nextStep(ctx: WriteContext, object: ObjectDef, process: ApprovalProcess, recordId: string, from: number, submitterId: string): Promise<{ step: number; approvers: string[] } | null> {
  const record = await lockRecord(machinery(ctx), object, recordId, 'read');
  const input = await evalInput(ctx, object, process, record);
  for (let i = from; i < process.steps.length; i++) {
    const step = process.steps[i]!;
    if (!approvalCriterionHolds(input, step.criteria)) continue;
    const resolved = await resolveApprovers(ctx.tx, { workspaceId: ctx.actor.workspaceId, approver: step.approver, submitterId });
    if (resolved.userIds.length === 0) {
      throw new DomainError({ code: 'conflict', errors: [{ field: `steps[${i}].approver`, code: 'noApprover', params: { step: i + 1, process: labelOf(process), reason: resolved.why } }] });
    }
    return { step: i, approvers: resolved.userIds };
  }
  return null;
}

async function notify(ctx: WriteContext, userIds: string[], object: ObjectDef, record: ApiRecord, process: ApprovalProcess, message: (label: string, name: string, locale: 'en' | 'zh-CN' | 'zh-TW') => string): Promise<void> {
  const name = String(record.name ?? record.id);
  for (const userId of new Set(userIds)) {
    const text: LocalizedText = Object.fromEntries((['zh-CN', 'zh-TW', 'en'] as const).map((l) => [l, message(labelOf(process)[l] ?? labelOf(process).en ?? process.apiName, name, l)]));
    await ctx.tx.query(
      `insert into ${quoteIdent(ctx.metadata.schema)}._notifications (id, user_id, object, record_id, rule, message, created_at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [uuidv7(), userId, object.apiName, record.id, `approval:${process.apiName}`, JSON.stringify(text), ctx.now.toISOString()],
    );
  }
}

const AWAITING = { en: (l: string, n: string) => `${n} awaits your approval (${l}).`, 'zh-CN': (l: string, n: string) => `${n} 等待您审批（${l}）。`, 'zh-TW': (l: string, n: string) => `${n} 等待您簽核（${l}）。` };
const APPROVED = { en: (l: string, n: string) => `${n} was approved (${l}).`, 'zh-CN': (l: string, n: string) => `${n} 已审批通过（${l}）。`, 'zh-TW': (l: string, n: string) => `${n} 已簽核通過（${l}）。` };
const REJECTED = { en: (l: string, n: string) => `${n} was rejected (${l}).`, 'zh-CN': (l: string, n: string) => `${n} 的审批被拒绝（${l}）。`, 'zh-TW': (l: string, n: string) => `${n} 的簽核被駁回（${l}）。` };
const say = (table: typeof AWAITING, note?: string | null) => (l: string, n: string, locale: keyof typeof AWAITING) => table[locale](l, n) + (note ? ` ${note}` : '');

/** The record as the caller may see it (null when they may not), for the response. */
async function visible(ctx: WriteContext, object: ObjectDef, id: string): Promise<ApiRecord | null> {
  return (await findRecords(ctx, object.apiName, eq('id', id)))[0] ?? null;
}

const decision = (ctx: WriteContext, action: ApprovalDecision['action'], step: number, note: string | undefined): ApprovalDecision => ({ action, step, actorId: ctx.actor.userId, comment: note ?? null, at: ctx.now.toISOString() });

export async function submitForApproval(ctx: WriteContext, objectName: string, id: string, body: unknown): Promise<unknown> {
  const input = parse(submitBody, body);
  const object = objectOf(ctx, objectName);
  // Whoever submits must be able to change the record: submitting changes it and locks it.
  const record = await lockRecord(ctx, object, id, 'edit');
  const recordId = record.id as string;
  const pending = await pendingRequest(ctx.tx, ctx.metadata.schema, object.apiName, recordId);
  const named = (p: ApprovalProcess) => p.apiName === input.process;
  if (pending) {
    const process = object.approvalProcesses?.find((p) => p.apiName === pending.process);
    throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'approvalPending', params: { process: process ? labelOf(process) : pending.process } }] });
  }
  const candidates = (object.approvalProcesses ?? []).filter((p) => p.active && (input.process === undefined || named(p)));
  if (candidates.length === 0) throw new DomainError({ code: 'validationFailed', errors: [{ field: 'process', code: 'invalidValue', params: { detail: `no active approval process${input.process ? ` named "${input.process}"` : ''} on ${object.apiName}` } }] });
  let process: ApprovalProcess | undefined;
  for (const p of candidates) if (approvalCriterionHolds(await evalInput(ctx, object, p, record), p.entryCriteria)) (process ??= p);
  if (!process) {
    throw new DomainError({ code: 'conflict', errors: candidates.map((p) => ({ field: 'entryCriteria', code: 'approvalEntryCriteria' as const, params: { process: labelOf(p), criteria: p.entryCriteria ?? '' } })) });
  }
  await applyOutcome(ctx, object, process, recordId, process.onSubmit);
  const step = await nextStep(ctx, object, process, recordId, 0, ctx.actor.userId);
  const now = ctx.now.toISOString();
  const base = { object: object.apiName, recordId, process: process.apiName, submitterId: ctx.actor.userId, history: [decision(ctx, 'submit', step?.step ?? 0, input.comment)], submittedAt: now };
  let request: ApprovalRequest;
  if (step) {
    request = await insertRequest(ctx.tx, ctx.metadata.schema, { ...base, status: 'pending', step: step.step, approvers: step.approvers, decidedAt: null });
    await notify(ctx, step.approvers, object, record, process, say(AWAITING));
  } else {
    // No step applies to this record: nobody needs to decide, so it is approved at once.
    request = await insertRequest(ctx.tx, ctx.metadata.schema, { ...base, status: 'approved', step: 0, approvers: [], decidedAt: now });
    await applyOutcome(ctx, object, process, recordId, process.onApprove);
  }
  return { request, record: await visible(ctx, object, recordId) };
}

/** The record and its pending request, the business row locked; the decider need not be able to edit the record. */
async function pendingOf(ctx: WriteContext, objectName: string, id: string) {
  const object = objectOf(ctx, objectName);
  const record = await lockRecord(machinery(ctx), object, id, 'read');
  const recordId = record.id as string;
  const request = await pendingRequest(ctx.tx, ctx.metadata.schema, object.apiName, recordId);
  // Who cannot see the record learns nothing about it.
  const seen = async () => (await findRecords(ctx, object.apiName, eq('id', recordId), { fields: ['id'] })).length > 0;
  if (!request) {
    if (!(await seen())) throw new DomainError({ code: 'notFound' });
    throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'approvalNotPending' }] });
  }
  const process = object.approvalProcesses?.find((p) => p.apiName === request.process);
  return { object, record, recordId, request, process, seen };
}

async function decide(ctx: WriteContext, objectName: string, id: string, body: unknown, verdict: 'approve' | 'reject'): Promise<unknown> {
  const input = parse(decisionBody, body);
  const { object, record, recordId, request, process, seen } = await pendingOf(ctx, objectName, id);
  const step = process?.steps[request.step];
  if (!ctx.actor.isAdmin) {
    const resolved = step ? await resolveApprovers(ctx.tx, { workspaceId: ctx.actor.workspaceId, approver: step.approver, submitterId: request.submitterId }) : { userIds: [], why: { en: 'the process no longer exists; an administrator decides.' } };
    if (!resolved.userIds.includes(ctx.actor.userId)) {
      if (!request.approvers.includes(ctx.actor.userId) && !(await seen())) throw new DomainError({ code: 'notFound' });
      throw new DomainError({ code: 'forbidden', errors: [{ field: 'approver', code: 'notApprover', params: { step: request.step + 1, process: process ? labelOf(process) : request.process, reason: resolved.why } }] });
    }
  }
  const now = ctx.now.toISOString();
  const history = [...request.history, decision(ctx, verdict, request.step, input.comment)];
  let saved: ApprovalRequest;
  if (verdict === 'reject' || !process) {
    saved = await saveRequest(ctx.tx, ctx.metadata.schema, { ...request, status: verdict === 'reject' ? 'rejected' : 'approved', history, approvers: [], decidedAt: now }, now);
    if (process) await applyOutcome(ctx, object, process, recordId, verdict === 'reject' ? process.onReject : process.onApprove);
  } else {
    const next = await nextStep(ctx, object, process, recordId, request.step + 1, request.submitterId);
    if (next) {
      saved = await saveRequest(ctx.tx, ctx.metadata.schema, { ...request, step: next.step, approvers: next.approvers, history }, now);
      await notify(ctx, next.approvers, object, record, process, say(AWAITING));
    } else {
      // The last step approved: the request is decided before the outcome is written, so the write is not locked out.
      saved = await saveRequest(ctx.tx, ctx.metadata.schema, { ...request, status: 'approved', history, approvers: [], decidedAt: now }, now);
      await applyOutcome(ctx, object, process, recordId, process.onApprove);
    }
  }
  if (saved.status !== 'pending' && process) await notify(ctx, [request.submitterId], object, record, process, say(saved.status === 'approved' ? APPROVED : REJECTED, input.comment));
  return { request: saved, record: await visible(ctx, object, recordId) };
}

export async function recallApproval(ctx: WriteContext, objectName: string, id: string, body: unknown): Promise<unknown> {
  const input = parse(decisionBody, body);
  const { object, recordId, request, process, seen } = await pendingOf(ctx, objectName, id);
  if (request.submitterId !== ctx.actor.userId && !ctx.actor.isAdmin) {
    if (!(await seen())) throw new DomainError({ code: 'notFound' });
    throw new DomainError({ code: 'forbidden', errors: [{ field: 'id', code: 'notSubmitter' }] });
  }
  const now = ctx.now.toISOString();
  const saved = await saveRequest(ctx.tx, ctx.metadata.schema, { ...request, status: 'recalled', history: [...request.history, decision(ctx, 'recall', request.step, input.comment)], approvers: [], decidedAt: now }, now);
  if (process) await applyOutcome(ctx, object, process, recordId, process.onRecall);
  return { request: saved, record: await visible(ctx, object, recordId) };
}

export type ApprovalAction = { description: string; run(ctx: WriteContext, object: string, id: string, body: unknown): Promise<unknown> };

/** Record actions every object with an approval process has. */
export const APPROVAL_ACTIONS: Record<string, ApprovalAction> = {
  submitForApproval: { description: 'Submit the record for approval: {process?, comment?}. Refused when the entry criteria do not hold or a request is pending.', run: submitForApproval },
  approve: { description: 'Approve the current step of the pending request: {comment?}. Only its approver (or an administrator).', run: (ctx, o, id, body) => decide(ctx, o, id, body, 'approve') },
  reject: { description: 'Reject the pending request: {comment?}. Only the current step’s approver (or an administrator).', run: (ctx, o, id, body) => decide(ctx, o, id, body, 'reject') },
  recall: { description: 'Withdraw the pending request: {comment?}. The submitter or an administrator.', run: recallApproval },
};
