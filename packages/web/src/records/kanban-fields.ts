import type { FieldDef, ObjectDef } from '../api/types.ts';

/** Picklists worth a board: those a process governs, or whose values have colours (stage, status). */
export function kanbanFields(object: ObjectDef): FieldDef[] {
  const governed = new Set((object.processes ?? []).filter((p) => p.active).map((p) => p.field));
  return object.fields.filter((f) => f.type === 'picklist' && (governed.has(f.apiName) || (f.values ?? []).some((v) => v.color)));
}
