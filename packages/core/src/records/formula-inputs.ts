import type { ObjectDef } from '../metadata/types.ts';

/**
 * Of the paths a formula reads, those a record's own row does not hold, which
 * the write path loads from the database before evaluating it: values of
 * related records through lookups (`account.name`) and the object's own
 * roll-ups, computed from its details.
 */
export function pathsToLoad(object: ObjectDef, paths: Iterable<string>): string[] {
  const rollups = new Set(object.fields.filter((f) => f.type === 'rollup').map((f) => f.apiName));
  return [...new Set([...paths].filter((p) => p.includes('.') || rollups.has(p)))];
}

/** The object's roll-ups over no details (a record not written yet): counts and sums 0, minimums and maximums blank. */
export function emptyRollupValues(object: ObjectDef): Record<string, number | null> {
  return Object.fromEntries(
    object.fields.filter((f) => f.type === 'rollup').map((f) => [f.apiName, f.rollup?.function === 'count' || f.rollup?.function === 'sum' ? 0 : null]),
  );
}
