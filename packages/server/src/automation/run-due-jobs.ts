import { DomainError, automationConditionHolds, automationRelatedPaths, afterCommitActions, toProblem, toApiRecord, quoteIdent, type ObjectDef, type WorkspaceMetadata } from '@mainline/core';
import type { AccessCache } from '../access/access-store.ts';
import { systemAccess } from '../access/record-access.ts';
import { ACTOR_COLUMNS, actorFromRow, type Actor, type WorkspaceRef } from '../auth/sessions.ts';
import type { Database, Queryable } from '../db/port.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';
import { behaviourOf } from '../records/object-behaviours.ts';
import { withRelatedValues } from '../records/record-service.ts';
import { writeWithin, type WriteContext } from '../records/write-context.ts';
import { EXTERNAL_ACTIONS, runDatabaseAction, type RuleRun } from './automation-actions.ts';
import { emailRecipient, renderEmail, type Mailer } from './email-delivery.ts';
import { advanceJob, failAttempt, leaseJob, lockNextJob, type JobRow } from './job-store.ts';
import { enqueueScheduledJobs } from './scheduled-triggers.ts';
import { sendWebhook } from './webhook-delivery.ts';

export type AutomationSettings = {
  /** Attempts per action before the job is marked failed. */
  maxAttempts: number;
  /** First retry after this long, doubling each time. */
  backoffMs: number;
  /** How long an external call may run before another worker may try it again. */
  leaseMs: number;
  webhookTimeoutMs: number;
  /** A chain of rules starting rules stops beyond this depth. */
  maxDepth: number;
};
export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = { maxAttempts: 5, backoffMs: 30_000, leaseMs: 120_000, webhookTimeoutMs: 10_000, maxDepth: 5 };

export type AutomationDeps = { db: Database; now: () => Date; metadata: MetadataCache; access: AccessCache; settings: AutomationSettings; mailer?: Mailer };

/**
 * One worker pass: for every active workspace, enqueue scheduled firings
 * that came due, then run due jobs one by one until none is left (or
 * `limit`). Each job only touches its own workspace's schema, as its own
 * user. Answers how many job steps ran.
 */
export async function runDueJobs(deps: AutomationDeps, opts: { limit?: number } = {}): Promise<number> {
  const { rows } = await deps.db.query<{ id: string; schema_name: string; metadata_version: string; access_version: string }>(
    `select id, schema_name, metadata_version, access_version from mainline.workspaces where status = 'active' order by created_at`,
  );
  let ran = 0;
  const limit = opts.limit ?? 1000;
  for (const w of rows) {
    const ref: WorkspaceRef = { id: w.id, schemaName: w.schema_name, metadataVersion: Number(w.metadata_version), accessVersion: Number(w.access_version) };
    const metadata = await deps.metadata.load(deps.db, ref);
    await enqueueScheduledJobs(deps.db, metadata, deps.now());
    while (ran < limit && (await runNextJob(deps, ref, metadata))) ran++;
  }
  return ran;
}

type Step = { job: JobRow; run?: RuleRun; actor?: Actor; skip?: string; fail?: string };

/** Runs one step of the next due job; false when no job is due. */
async function runNextJob(deps: AutomationDeps, ref: WorkspaceRef, metadata: WorkspaceMetadata): Promise<boolean> {
  const schema = metadata.schema;
  const now = deps.now();
  let claimed: JobRow | undefined;
  let external: { step: Step; action: Extract<RuleRun['rule']['actions'][number], { type: 'webhook' | 'email' }> } | undefined;
  try {
    const found = await deps.db.transaction(async (tx) => {
      const job = await lockNextJob(tx, schema, now);
      if (!job) return false;
      claimed = job;
      const step = await prepareStep(tx, ref, metadata, job, deps);
      if (step.fail) {
        await failAttempt(tx, schema, job, step.fail, { now, maxAttempts: deps.settings.maxAttempts, backoffMs: deps.settings.backoffMs, final: true });
        return true;
      }
      if (step.skip || !step.run) {
        await advanceJob(tx, schema, job.id, undefined, now, step.skip);
        return true;
      }
      const action = step.run.rule.actions[job.nextAction]!;
      if (EXTERNAL_ACTIONS.has(action.type)) {
        // Calls to other systems must not hold a transaction open (on PGlite it would hold the whole
        // database): lease the job, commit, call, then record the result.
        await leaseJob(tx, schema, job.id, new Date(now.getTime() + deps.settings.leaseMs));
        external = { step, action: action as NonNullable<typeof external>['action'] };
        return true;
      }
      const access = systemAccess(metadata, step.actor!.userId, (await deps.access.workspace(tx, ref)).rules);
      await writeWithin(tx, { actor: step.actor!, metadata, access, now: deps.now, behaviours: behaviourOf, automation: { rule: `${job.object}.${job.rule}`, jobId: job.id, depth: job.depth } }, (ctx: WriteContext) =>
        runDatabaseAction(ctx, step.run!, action),
      );
      await advanceJob(tx, schema, job.id, nextAfter(step.run.rule, job.nextAction), now);
      return true;
    });
    if (!found) return false;
  } catch (error) {
    // The job's transaction rolled back with everything the action wrote; count the attempt apart.
    if (!claimed) throw error;
    await failAttempt(deps.db, schema, claimed, describe(error), { now, maxAttempts: deps.settings.maxAttempts, backoffMs: deps.settings.backoffMs });
    return true;
  }
  if (external) await runExternalStep(deps, ref, metadata, external.step, external.action);
  return true;
}

async function runExternalStep(deps: AutomationDeps, ref: WorkspaceRef, metadata: WorkspaceMetadata, step: Step, action: { type: 'webhook'; url: string } | { type: 'email'; to: string; subject: string; body: string }): Promise<void> {
  const { job, run } = step;
  const schema = metadata.schema;
  // The same id on every attempt, so receivers can drop repeats (at least once, idempotent in effect).
  const key = `${job.id}.${job.nextAction}`;
  try {
    if (action.type === 'webhook') {
      const payload = { type: `automation.${job.object}.${job.rule}`, timestamp: deps.now().toISOString(), data: { object: job.object, rule: job.rule, trigger: job.trigger, operation: job.payload.operation, record: run!.record, prior: run!.prior ?? null } };
      await sendWebhook({ q: deps.db, schema, object: job.object, rule: job.rule, url: action.url, id: key, now: deps.now(), payload, timeoutMs: deps.settings.webhookTimeoutMs });
    } else {
      if (!deps.mailer) throw new Error('email: no SMTP server is configured (set SMTP_URL)');
      const to = await emailRecipient(deps.db, { schema, workspaceId: ref.id, object: run!.object, record: run!.record, to: action.to });
      await deps.mailer.send({ to, ...renderEmail(action.subject, action.body, run!.record), messageId: `<${key}@mainline.automation>` });
    }
  } catch (error) {
    await failAttempt(deps.db, schema, job, describe(error), { now: deps.now(), maxAttempts: deps.settings.maxAttempts, backoffMs: deps.settings.backoffMs });
    return;
  }
  await advanceJob(deps.db, schema, job.id, nextAfter(run!.rule, job.nextAction), deps.now());
}

const nextAfter = (rule: RuleRun['rule'], index: number): number | undefined => afterCommitActions(rule).find((i) => i > index);

/** The rule, record and actor a job step needs; or why it cannot run (fail) or need not (skip). */
async function prepareStep(tx: Queryable, ref: WorkspaceRef, metadata: WorkspaceMetadata, job: JobRow, deps: AutomationDeps): Promise<Step> {
  const name = `${job.object}.${job.rule}`;
  if (job.depth > deps.settings.maxDepth) {
    return { job, fail: `rule ${name} triggered itself too deeply: this is run ${job.depth} of a chain of rules starting rules, the limit is ${deps.settings.maxDepth}; the chain was stopped here` };
  }
  const object: ObjectDef | undefined = Object.hasOwn(metadata.objects, job.object) ? metadata.objects[job.object] : undefined;
  const rule = object?.automationRules?.find((r) => r.apiName === job.rule);
  if (!object || !rule) return { job, fail: `rule ${name} no longer exists` };
  if (!rule.active) return { job, skip: `skipped: rule ${name} was deactivated` };
  if (!rule.actions[job.nextAction]) return { job, fail: `rule ${name} has no action ${job.nextAction} any more (its actions changed)` };
  const { rows } = await tx.query<Record<string, unknown>>(`select ${ACTOR_COLUMNS} from mainline.users u join mainline.workspaces w on w.id = u.workspace_id where u.id = $1 and u.workspace_id = $2`, [job.actorId, ref.id]);
  if (!rows[0]) return { job, fail: `rule ${name}: the user ${job.actorId} is not in this workspace` };
  const actor = actorFromRow(rows[0]).actor;
  let record = job.payload.record;
  if (job.payload.operation === 'scheduled' || !record) {
    const found = await tx.query<Record<string, unknown>>(`select * from ${quoteIdent(metadata.schema)}.${quoteIdent(object.apiName)} where id = $1`, [job.recordId]);
    if (!found.rows[0]) return { job, skip: 'skipped: the record was deleted' };
    record = toApiRecord(object, found.rows[0]);
  }
  const [withRelated] = await withRelatedValues({ tx, metadata }, object, [record], automationRelatedPaths(metadata, object));
  const run: RuleRun = { rule, object, record: withRelated!, prior: job.payload.prior, jobId: job.id, index: job.nextAction };
  if (job.payload.operation === 'scheduled' && job.nextAction === afterCommitActions(rule)[0]) {
    const context = { now: deps.now(), timeZone: actor.timeZone, user: { id: actor.userId, name: actor.name, email: actor.email } };
    const t = rule.trigger;
    if (t.on === 'timeInState' && record[t.field] !== t.value) return { job, skip: `skipped: the record left ${t.value}` };
    if (!automationConditionHolds(rule, { metadata, object, record: withRelated!, context })) return { job, skip: 'skipped: the condition does not hold' };
  }
  return { job, run, actor };
}

/** A readable failure: a refusal from the write path reads as its problem's details in English. */
function describe(error: unknown): string {
  if (error instanceof DomainError) {
    const p = toProblem(error, 'en');
    return `${p.title} ${p.detail !== p.title ? p.detail : ''}`.trim().slice(0, 4000);
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 4000);
}
