import { DomainError, ident, qualified, render, sql } from '@mainline/core';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.ts';
import { createRecords, lockRecord, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { internal } from './internal-writes.ts';
import { all, eq, findRecords } from './record-queries.ts';

/**
 * Service: closing a case sends its contact the active satisfaction survey
 * (one marked "send when a case closes"); an answer stores CSAT (1–5) and
 * NPS (0–10) on the response, the case and the account (its CSAT average and
 * latest NPS). Feedback is closed with a resolution.
 */

const closeBody = z.strictObject({ resolution: z.string().max(10_000).optional() });

export async function closeCase(ctx: WriteContext, caseId: string, body: unknown): Promise<unknown> {
  const input = parseInput(closeBody, body ?? {});
  const current = await lockRecord(ctx, ctx.metadata.objects.case!, caseId, 'edit');
  if (current.status === 'closed') throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action: 'close', value: 'closed' } }] });
  const closed = await updateRecord(ctx, 'case', caseId, {
    status: 'closed',
    closedAt: ctx.now.toISOString(),
    ...(input.resolution ? { description: [current.description, input.resolution].filter(Boolean).join('\n\n') } : {}),
  });
  let surveyResponse: Record<string, unknown> | null = null;
  if (current.contact) {
    const [survey] = await findRecords(ctx, 'survey', all(eq('status', 'active'), eq('sendOnCaseClose', true)), { system: true, limit: 1, sort: [{ field: 'createdAt', direction: 'asc' }] });
    if (survey) {
      [surveyResponse] = (await createRecords(internal(ctx), 'surveyResponse', [{ survey: survey.id, case: caseId, account: current.account ?? undefined, contact: current.contact, status: 'sent' }])) as [Record<string, unknown>];
    }
  }
  return { case: closed, surveyResponse };
}

const answerBody = z
  .strictObject({ csatScore: z.number().int().min(1).max(5).optional(), npsScore: z.number().int().min(0).max(10).optional(), comment: z.string().max(10_000).optional() })
  .refine((b) => b.csatScore !== undefined || b.npsScore !== undefined, { message: 'give csatScore (1–5) or npsScore (0–10)', path: ['csatScore'] });

export async function answerSurvey(ctx: WriteContext, responseId: string, body: unknown): Promise<unknown> {
  const a = parseInput(answerBody, body);
  const response = await lockRecord(ctx, ctx.metadata.objects.surveyResponse!, responseId, 'edit');
  if (response.status === 'answered') throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action: 'answer', value: 'answered' } }] });
  const answered = await updateRecord(ctx, 'surveyResponse', responseId, { status: 'answered', respondedAt: ctx.now.toISOString(), ...a });
  const sys = internal(ctx);
  if (response.case) await updateRecord(sys, 'case', response.case as string, { ...(a.csatScore !== undefined ? { csatScore: a.csatScore } : {}), ...(a.npsScore !== undefined ? { npsScore: a.npsScore } : {}) });
  if (response.account) {
    const r = render(sql`select avg(${ident('csatScore')})::numeric(4,2)::text as avg from ${qualified(ctx.metadata.schema, 'surveyResponse')}
       where ${ident('account')} = ${response.account as string}::uuid and ${ident('status')} = 'answered' and ${ident('csatScore')} is not null`);
    const { rows } = await ctx.tx.query<{ avg: string | null }>(r.text, r.values);
    await updateRecord(sys, 'account', response.account as string, { ...(rows[0]?.avg ? { csatAverage: rows[0].avg } : {}), ...(a.npsScore !== undefined ? { npsLatest: a.npsScore } : {}) });
  }
  return { surveyResponse: answered };
}

const feedbackBody = z.strictObject({ resolution: z.string().trim().min(1).max(10_000) });

export async function closeFeedback(ctx: WriteContext, feedbackId: string, body: unknown): Promise<unknown> {
  const input = parseInput(feedbackBody, body ?? {});
  const current = await lockRecord(ctx, ctx.metadata.objects.feedback!, feedbackId, 'edit');
  if (current.status === 'closed') throw new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action: 'close', value: 'closed' } }] });
  return { feedback: await updateRecord(ctx, 'feedback', feedbackId, { status: 'closed', resolution: input.resolution, closedAt: ctx.now.toISOString() }) };
}
