import { automationValues, quoteIdent, type AutomationAction, type AutomationRule, type FormulaContext, type LocalizedText, type ObjectDef } from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { createRecords, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { submitForApproval } from '../approvals/approval-actions.ts';
import { assignOwner } from './assignment.ts';
import { fillTemplate } from './templates.ts';

/** One run of one rule on one record: what every action reads. */
export type RuleRun = {
  rule: AutomationRule;
  object: ObjectDef;
  /** The record as the write left it (a deleted one as it was), with related values its formulas read. */
  record: Record<string, unknown>;
  prior?: Record<string, unknown>;
  jobId: string;
  index: number;
};

export const EXTERNAL_ACTIONS: ReadonlySet<AutomationAction['type']> = new Set(['webhook', 'email']);

const formulaContext = (ctx: WriteContext): FormulaContext => ({ now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } });

/** A user of this workspace (never another tenant's), for recipients named by id. */
async function requireWorkspaceUser(ctx: WriteContext, id: unknown, what: string): Promise<string> {
  if (typeof id !== 'string') throw new Error(`${what}: the record has no owner`);
  const { rows } = await ctx.tx.query('select 1 from mainline.users where id = $1 and workspace_id = $2', [id, ctx.actor.workspaceId]);
  if (!rows[0]) throw new Error(`${what}: ${id} is not a user of this workspace`);
  return id;
}

/**
 * Actions that change the database run through the one write path, in the
 * job's transaction, so their effect commits exactly when the job is marked
 * done: a crash in between rolls both back and the job runs again.
 */
export async function runDatabaseAction(ctx: WriteContext, run: RuleRun, action: AutomationAction): Promise<void> {
  const input = { metadata: ctx.metadata, object: run.object, record: run.record, prior: run.prior, context: formulaContext(ctx) };
  switch (action.type) {
    case 'updateFields':
      await updateRecord(ctx, run.object.apiName, run.record.id as string, automationValues(run.rule, action.values, input));
      return;
    case 'createRecord':
      await createRecords(ctx, action.object, [automationValues(run.rule, action.values, input)]);
      return;
    case 'createTask': {
      const owner = await requireWorkspaceUser(ctx, !action.assignTo || action.assignTo === 'owner' ? run.record.ownerId : action.assignTo, 'createTask');
      const link = (name: 'account' | 'contact') =>
        run.object.apiName === name ? run.record.id : run.object.fields.some((f) => f.apiName === name && f.target === name) ? run.record[name] : undefined;
      const due = action.dueInDays === undefined ? {} : { dueAt: new Date(ctx.now.getTime() + action.dueInDays * 86_400_000).toISOString() };
      await createRecords(ctx, 'activity', [
        {
          kind: 'task',
          name: fillTemplate(action.subject, run.record).slice(0, 255),
          relatedObject: run.object.apiName,
          relatedId: run.record.id,
          ownerId: owner,
          ...(link('account') ? { account: link('account') } : {}),
          ...(link('contact') ? { contact: link('contact') } : {}),
          ...due,
        },
      ]);
      return;
    }
    case 'notify': {
      const to = await requireWorkspaceUser(ctx, action.to === 'owner' ? run.record.ownerId : action.to, 'notify');
      const message: LocalizedText = Object.fromEntries(Object.entries(action.message).map(([locale, text]) => [locale, fillTemplate(text, run.record)]));
      await ctx.tx.query(
        `insert into ${quoteIdent(ctx.metadata.schema)}._notifications (id, user_id, object, record_id, rule, message, created_at) values ($1, $2, $3, $4, $5, $6, $7)`,
        [uuidv7(), to, run.object.apiName, run.record.id, run.rule.apiName, JSON.stringify(message), ctx.now.toISOString()],
      );
      return;
    }
    case 'assign':
      await assignOwner(ctx, run.object, run.record, action.rule);
      return;
    case 'submitForApproval':
      // A refusal (criteria no longer hold, already pending) fails the job with the approval's own message.
      await submitForApproval(ctx, run.object.apiName, run.record.id as string, { ...(action.process ? { process: action.process } : {}), comment: `automation: ${run.rule.apiName}` });
      return;
    default:
      throw new Error(`${action.type} is not a database action`);
  }
}
