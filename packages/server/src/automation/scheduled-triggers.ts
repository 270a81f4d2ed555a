import { afterCommitActions, ident, qualified, raw, render, sql, type AutomationRule, type ObjectDef, type Sql, type WorkspaceMetadata } from '@mainline/core';
import type { Database } from '../db/port.ts';

/**
 * The scheduler: for each active scheduled rule, finds with SQL the
 * records whose due time fell since the rule's last scan, and enqueues one
 * job per (rule, record, due time). The scan mark and the jobs commit
 * together, and the due time is part of a unique key, so a restart neither
 * misses a firing (the next scan covers the downtime) nor repeats one. A
 * rule fires for due times after the scheduler first saw it, not for the past.
 *
 * Due times: a date field counts from midnight UTC of that day plus
 * `offsetDays`; a datetime from its instant. Time in state counts from the
 * last change of the field (field history), else from the record's creation.
 * Scheduled jobs run as the record's owner.
 */
export async function enqueueScheduledJobs(db: Database, metadata: WorkspaceMetadata, now: Date): Promise<void> {
  for (const object of Object.values(metadata.objects)) {
    for (const rule of object.automationRules ?? []) {
      if (!rule.active || (rule.trigger.on !== 'scheduled' && rule.trigger.on !== 'timeInState')) continue;
      await db.transaction((tx) => scanRule(tx, metadata, object, rule, now));
    }
  }
}

async function scanRule(tx: Parameters<Parameters<Database['transaction']>[0]>[0], metadata: WorkspaceMetadata, object: ObjectDef, rule: AutomationRule, now: Date): Promise<void> {
  const schedule = qualified(metadata.schema, '_automation_schedule');
  const mark = render(sql`select scanned_until from ${schedule} where object = ${object.apiName} and rule = ${rule.apiName} for update`);
  const found = await tx.query<{ scanned_until: string }>(mark.text, mark.values);
  if (!found.rows[0]) {
    const first = render(sql`insert into ${schedule} (object, rule, scanned_until) values (${object.apiName}, ${rule.apiName}, ${now.toISOString()}::timestamptz) on conflict do nothing`);
    await tx.query(first.text, first.values);
    return;
  }
  const from = found.rows[0].scanned_until;
  if (new Date(from).getTime() >= now.getTime()) return;
  const due = dueExpression(metadata, object, rule);
  const t = rule.trigger;
  const inState = t.on === 'timeInState' ? sql`and t0.${ident(t.field)} = ${t.value}` : sql``;
  const jobs = qualified(metadata.schema, '_automation_jobs');
  const dueText = sql`to_char(d.due at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const insert = render(sql`insert into ${jobs} (id, object, rule, record_id, trigger, actor_id, depth, payload, next_action, run_at, created_at, dedupe_key)
      select gen_random_uuid(), ${object.apiName}, ${rule.apiName}, d.id, ${t.on}, d.owner, 1,
             jsonb_build_object('operation', 'scheduled', 'dueAt', ${dueText}), ${firstAfterCommit(rule)}::int, d.due, ${now.toISOString()}::timestamptz,
             ${`${object.apiName}:${rule.apiName}:`} || d.id::text || ':' || ${dueText}
        from (select t0.${ident('id')} as id, t0.${ident('ownerId')} as owner, ${due} as due
                from ${qualified(metadata.schema, object.apiName)} as t0 where true ${inState}) d
       where d.due > ${from}::timestamptz and d.due <= ${now.toISOString()}::timestamptz
      on conflict (dedupe_key) do nothing`);
  await tx.query(insert.text, insert.values);
  const advance = render(sql`update ${schedule} set scanned_until = ${now.toISOString()}::timestamptz where object = ${object.apiName} and rule = ${rule.apiName}`);
  await tx.query(advance.text, advance.values);
}

/** Scheduled rules have no before-save part: every action runs on the job. */
const firstAfterCommit = (rule: AutomationRule): number => afterCommitActions(rule)[0] ?? 0;

function dueExpression(metadata: WorkspaceMetadata, object: ObjectDef, rule: AutomationRule): Sql {
  const t = rule.trigger;
  if (t.on === 'scheduled') {
    const field = object.fields.find((f) => f.apiName === t.field);
    const days = sql`make_interval(days => ${t.offsetDays}::int)`;
    return field?.type === 'date' ? sql`((t0.${ident(t.field)}::timestamp at time zone 'UTC') + ${days})` : sql`(t0.${ident(t.field)} + ${days})`;
  }
  if (t.on !== 'timeInState') return raw('null::timestamptz');
  const history = qualified(metadata.schema, '_history');
  return sql`(coalesce((select max(h.changed_at) from ${history} h where h.object = ${object.apiName} and h.record_id = t0.${ident('id')} and h.field = ${t.field}), t0.${ident('createdAt')})
              + make_interval(secs => ${t.afterHours * 3600}::double precision))`;
}
