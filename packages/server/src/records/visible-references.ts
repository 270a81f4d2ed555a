import { ident, join, qualified, sql, type Sql } from '@mainline/core';
import type { ReadContext } from './record-reads.ts';

/**
 * A reference to a record kept outside its table (a change event, a
 * follow, a notification) as `object` and `recordId` columns, and whether
 * the reader may see that record now: one predicate ORing, per object the
 * reader can read, a keyed probe of its table with their visibility ANDed
 * in. A deleted record (`deleted`) has no row to probe: it counts as seen
 * by readers who see every record of its object, or its owner's records.
 */
export type RecordReference = { object: Sql; recordId: Sql; deleted?: { when: Sql; ownerId: Sql } };

export function visibleReference(ctx: Pick<ReadContext, 'metadata' | 'access'>, ref: RecordReference): Sql {
  const owners = [...ctx.access.reach.ownerIds];
  const perObject: Sql[] = [];
  for (const object of Object.values(ctx.access.view.objects)) {
    const sees = ctx.access.visibility(object, 'read');
    if (!sees) {
      perObject.push(sql`${ref.object} = ${object.apiName}`);
      continue;
    }
    const gone = ref.deleted ? sql` or (${ref.deleted.when} and ${ref.deleted.ownerId} = any(${owners}::uuid[]))` : sql``;
    perObject.push(sql`(${ref.object} = ${object.apiName} and (
        exists (select 1 from ${qualified(ctx.metadata.schema, object.apiName)} as t0 where t0.${ident('id')} = ${ref.recordId} and ${sees('t0')})${gone}))`);
  }
  return perObject.length === 0 ? sql`false` : sql`(${join(perObject, ' or ')})`;
}

/** The record's current name, where the reader may see the `name` field (null otherwise, or when the row is gone). */
export function referenceName(ctx: Pick<ReadContext, 'metadata' | 'access'>, ref: Pick<RecordReference, 'object' | 'recordId'>): Sql {
  const cases = Object.values(ctx.access.view.objects)
    .filter((o) => o.fields.some((f) => f.apiName === 'name'))
    .map((o) => sql`when ${o.apiName} then (select t0.${ident('name')}::text from ${qualified(ctx.metadata.schema, o.apiName)} as t0 where t0.${ident('id')} = ${ref.recordId})`);
  return cases.length === 0 ? sql`null::text` : sql`(case ${ref.object} ${join(cases, ' ')} end)`;
}
