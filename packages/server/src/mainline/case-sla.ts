import type { ObjectDef } from '@mainline/core';
import type { ObjectBehaviour } from '../records/object-behaviours.ts';

/**
 * A case's SLA: the due time follows from its priority, by configuration —
 * the priority value's `meta.slaHours`, counted from when the case was
 * opened. A due time the caller gives is kept; a change of priority moves
 * it, still counted from the opening. Priorities without `slaHours` set none.
 */
function slaDueAt(object: ObjectDef, priority: unknown, openedAt: Date): string | null {
  const value = object.fields.find((f) => f.apiName === 'priority')?.values?.find((v) => v.apiName === priority);
  const hours = value?.meta?.slaHours;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) return null;
  return new Date(openedAt.getTime() + hours * 3_600_000).toISOString();
}

const caseSla: ObjectBehaviour = {
  async beforeCreate(ctx, object, rows) {
    for (const row of rows) {
      if (row.slaDueAt !== undefined && row.slaDueAt !== null) continue;
      const due = slaDueAt(object, row.priority, ctx.now);
      if (due) row.slaDueAt = due;
    }
  },
  async beforeUpdate(_ctx, object, before, values) {
    if (!('priority' in values) || values.priority === before.priority || 'slaDueAt' in values) return;
    values.slaDueAt = slaDueAt(object, values.priority, new Date(before.createdAt as string));
  },
};

export const CASE_BEHAVIOURS: Record<string, ObjectBehaviour> = { case: caseSla };
