import { qualified, render, sql, validationError } from '@mainline/core';
import { visibleReference } from '../records/visible-references.ts';
import type { RecordAccess } from '../access/record-access.ts';
import type { Queryable } from '../db/port.ts';
import { refuseUnknownParams, type QueryParams } from '../records/record-reads.ts';
import type { WorkspaceMetadata } from '@mainline/core';

/**
 * Change events in commit order (see write-context.ts for why sequence
 * order is commit order), as the reader may see them: only objects they
 * can read, only records they can see now (a deletion: when they could see
 * its owner's records), and only fields visible to them.
 */
export async function listEvents(ctx: { q: Queryable; metadata: WorkspaceMetadata; access: RecordAccess }, params: QueryParams) {
  refuseUnknownParams(params, new Set(['after', 'limit']));
  const after = params.after ?? '0';
  if (typeof after !== 'string' || !/^\d{1,18}$/.test(after)) throw validationError([{ field: 'after', code: 'invalidFormat', params: { format: 'event cursor (a sequence number)' } }], 'invalidQuery');
  const limitText = params.limit ?? '100';
  if (typeof limitText !== 'string' || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000) {
    throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  }
  const schema = ctx.metadata.schema;
  if (Object.keys(ctx.access.view.objects).length === 0) return { events: [], nextCursor: after };
  const visible = visibleReference(ctx, { object: sql`e.object`, recordId: sql`e.record_id`, deleted: { when: sql`e.operation = 'delete'`, ownerId: sql`e.owner_id` } });
  const limit = Number(limitText);
  // At most this many events are scanned per call, so a reader who may see few of them
  // still gets a cursor that moves on instead of a scan of the whole log.
  const window = limit * 20;
  const events = qualified(schema, '_events');
  const r = render(sql`with w as (
        select e.seq, e.object, e.record_id, e.operation, e.changed_fields, e.actor_id, e.occurred_at, e.automation, ${visible} as visible
          from ${events} e where e.seq > ${after}::bigint order by e.seq limit ${window})
      (select seq, object, record_id, operation, changed_fields, actor_id, occurred_at, automation, true as visible from w where visible order by seq limit ${limit})
      union all
      (select max(seq), null::text, null::uuid, null::text, null::text[], null::uuid, null::timestamptz, null::text, false from w)`);
  const { rows } = await ctx.q.query<Record<string, unknown>>(r.text, r.values);
  const shown = rows.filter((e) => e.visible === true).map((e) => ({
    seq: String(e.seq),
    object: e.object,
    recordId: e.record_id,
    operation: e.operation,
    changedFields: (e.changed_fields as string[]).filter((f) => ctx.access.field(e.object as string, f) !== 'hidden'),
    actorId: e.actor_id,
    occurredAt: e.occurred_at,
    automation: e.automation ?? null,
  }));
  const scannedTo = rows.find((e) => e.visible === false)?.seq;
  // The cursor never goes backwards: after a full page, the last event shown; otherwise past everything scanned.
  const nextCursor = shown.length === limit ? shown[shown.length - 1]!.seq : scannedTo === null || scannedTo === undefined ? after : String(scannedTo);
  return { events: shown, nextCursor };
}
