import type { FieldDef, ObjectDef } from '../api/types.ts';

/**
 * What "open", "won" and "done" mean, read from picklist metadata
 * (`meta.closed`, `meta.won`) rather than from value names, so an
 * administrator's own stages and statuses count correctly.
 */
export const picklist = (object: ObjectDef | undefined, field: string): FieldDef | undefined => object?.fields.find((f) => f.apiName === field && f.type === 'picklist');

export function valuesWhere(field: FieldDef | undefined, holds: (meta: Record<string, unknown>) => boolean): string[] {
  return (field?.values ?? []).filter((v) => holds(v.meta ?? {})).map((v) => v.apiName);
}

export const openValues = (field: FieldDef | undefined): string[] => valuesWhere(field, (m) => m.closed !== true);
export const wonValues = (field: FieldDef | undefined): string[] => valuesWhere(field, (m) => m.won === true);
export const closedValues = (field: FieldDef | undefined): string[] => valuesWhere(field, (m) => m.closed === true);

/** A filter leaf "field is one of values", or one that matches nothing when the list is empty (the server refuses an empty `in`). */
export const oneOf = (field: string, values: string[]) => (values.length > 0 ? { field, op: 'in', value: values } : { field: 'id', op: 'isNull', value: true });

/** Today and this month in the user's time zone, as dates (YYYY-MM-DD). */
export function calendar(timeZone: string, now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [y, m] = parts.split('-').map(Number) as [number, number];
  const monthStart = (offset: number) => new Date(Date.UTC(y, m - 1 + offset, 1)).toISOString().slice(0, 10);
  const monthEnd = (offset: number) => new Date(Date.UTC(y, m + offset, 0)).toISOString().slice(0, 10);
  return { today: parts, monthStart, monthEnd };
}

/** The list page's `?filter=` for these conditions (all must hold). */
export function listLink(object: string, conditions: { field: string; op: string; value: unknown }[]): string {
  const filter = conditions.map((c, i) => ({ key: `${c.field}-${i}`, ...c }));
  return `/o/${object}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}
