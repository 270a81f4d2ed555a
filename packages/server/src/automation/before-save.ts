import { activeAutomationRules, automationRelatedPaths, beforeSaveUpdates, diffRecords, isBeforeSave, prepareWrite, type ObjectDef } from '@mainline/core';
import { withRelatedValues } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';

type Item = { record: Record<string, unknown>; prior?: Record<string, unknown>; values: Record<string, unknown>; prefix: string };

/**
 * Before-save automation: field updates of rules started by a create or an
 * update join the values being written, inside the write transaction and
 * before validation rules, so the record is validated and stored once, with
 * one history entry per field. They do not start rules again (one pass, in
 * rule order), so they cannot loop. `record` and `values` are updated in place:
 * the write path goes on with them.
 */
export async function applyBeforeSaveAutomation(ctx: WriteContext, object: ObjectDef, operation: 'create' | 'update', items: Item[]): Promise<void> {
  const rules = activeAutomationRules(ctx.metadata, object);
  if (!rules.some((r) => r.actions.some((a) => isBeforeSave(r, a)))) return;
  // An update that changes nothing starts nothing.
  const live = operation === 'update' ? items.filter((i) => diffRecords(object, i.prior!, i.record).length > 0) : items;
  if (live.length === 0) return;
  const records = await withRelatedValues(ctx, object, live.map((i) => i.record), automationRelatedPaths(ctx.metadata, object));
  const context = { now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } };
  live.forEach((item, i) => {
    const updates = beforeSaveUpdates({ metadata: ctx.metadata, object, operation, record: records[i]!, prior: item.prior, context });
    if (Object.keys(updates).length === 0) return;
    // Values a rule computes are checked like any written value; a bad one names the field.
    const parsed = prepareWrite({ object, body: updates, mode: 'update', pathPrefix: item.prefix });
    Object.assign(item.values, parsed);
    Object.assign(item.record, parsed);
  });
}
