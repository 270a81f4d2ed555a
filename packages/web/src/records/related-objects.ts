import type { FieldDef, ObjectDef } from '../api/types.ts';

export type Relation = { object: ObjectDef; field: FieldDef };

const isLookup = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

/**
 * Every (object, lookup field) pointing at `target`, from metadata: details
 * (master-detail) first, then lookups named after the target, then the rest.
 * A self-lookup (previous version, parent line) is a relation like any other.
 */
export function relationsTo(target: string, objects: ObjectDef[]): Relation[] {
  const rank = (r: Relation): number => (r.field.type === 'masterDetail' ? 0 : r.field.apiName === target ? 1 : 2);
  return objects
    .flatMap((object) => object.fields.filter((f) => isLookup(f) && f.target === target).map((field) => ({ object, field })))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}
