import { afterCommitActions, automationRelatedPaths, activeAutomationRules, qualified, render, sql, triggeredRules, type ObjectDef, type RecordOperation } from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { withRelatedValues } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';

const EVENT_TRIGGERS = new Set(['create', 'update', 'delete', 'fieldChanged', 'stateEntered']);

/** What a job keeps of the write that started it: the record as written and, on update, as it was. */
export type JobPayload = { operation: RecordOperation | 'scheduled'; record?: Record<string, unknown>; prior?: Record<string, unknown>; dueAt?: string };

/**
 * The last step of the write path: one durable job per rule the write
 * starts (trigger and condition hold on the record as written) that has
 * after-commit actions, inserted in the same transaction as the change, so
 * a committed change always has its jobs and a rolled-back one never does.
 * A write made by a job starts jobs one level deeper (loop protection).
 */
export async function enqueueAutomation(ctx: WriteContext, object: ObjectDef, operation: RecordOperation, items: { record: Record<string, unknown>; prior?: Record<string, unknown> }[]): Promise<void> {
  const rules = activeAutomationRules(ctx.metadata, object);
  if (!rules.some((r) => EVENT_TRIGGERS.has(r.trigger.on) && afterCommitActions(r).length > 0) || items.length === 0) return;
  const records = await withRelatedValues(ctx, object, items.map((i) => i.record), automationRelatedPaths(ctx.metadata, object));
  const context = { now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } };
  const depth = (ctx.automation?.depth ?? 0) + 1;
  const jobs = items.flatMap((item, i) =>
    triggeredRules({ metadata: ctx.metadata, object, operation, record: records[i]!, prior: item.prior, context })
      .filter((rule) => afterCommitActions(rule).length > 0)
      .map((rule) => {
        const payload: JobPayload = { operation, record: item.record, ...(item.prior ? { prior: item.prior } : {}) };
        return { id: uuidv7(), rule: rule.apiName, record_id: item.record.id, trigger: rule.trigger.on, next_action: afterCommitActions(rule)[0], payload };
      }),
  );
  if (jobs.length === 0) return;
  const r = render(sql`insert into ${qualified(ctx.metadata.schema, '_automation_jobs')} (id, object, rule, record_id, trigger, actor_id, depth, payload, next_action, run_at, created_at)
      select j.id, ${object.apiName}, j.rule, j.record_id, j.trigger, ${ctx.actor.userId}::uuid, ${depth}::int, j.payload, j.next_action, ${ctx.now.toISOString()}::timestamptz, ${ctx.now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) as j(id uuid, rule text, record_id uuid, trigger text, next_action int, payload jsonb)`);
  await ctx.tx.query(r.text, r.values);
}
