import { qualified, render, sql, validationError } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { refuseUnknownParams, type QueryParams } from '../records/record-reads.ts';

/** Change events in commit order (see write-context.ts for why sequence order is commit order). */
export async function listEvents(ctx: { q: Queryable; schema: string }, params: QueryParams) {
  refuseUnknownParams(params, new Set(['after', 'limit']));
  const after = params.after ?? '0';
  if (typeof after !== 'string' || !/^\d{1,18}$/.test(after)) throw validationError([{ field: 'after', code: 'invalidFormat', params: { format: 'event cursor (a sequence number)' } }], 'invalidQuery');
  const limitText = params.limit ?? '100';
  if (typeof limitText !== 'string' || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000) {
    throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  }
  const r = render(sql`select seq, object, record_id, operation, changed_fields, actor_id, occurred_at
      from ${qualified(ctx.schema, '_events')} where seq > ${after}::bigint order by seq limit ${Number(limitText)}`);
  const { rows } = await ctx.q.query<Record<string, unknown>>(r.text, r.values);
  const events = rows.map((e) => ({
    seq: String(e.seq),
    object: e.object,
    recordId: e.record_id,
    operation: e.operation,
    changedFields: e.changed_fields,
    actorId: e.actor_id,
    occurredAt: e.occurred_at,
  }));
  // The cursor never goes backwards: with no new events, poll again with the same one.
  return { events, nextCursor: events.length > 0 ? events[events.length - 1]!.seq : after };
}
