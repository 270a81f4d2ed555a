import type { FieldDef, ObjectDef } from './types.ts';

/** One place in the metadata that points at an object or field. */
export type MetadataReference = { object: string; field: string };

const isReference = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

/** Lookups and master-details that target `apiName`, its own self-references included. */
export function referencesTo(apiName: string, objects: Record<string, ObjectDef>): MetadataReference[] {
  return Object.values(objects).flatMap((o) => o.fields.filter((f) => isReference(f) && f.target === apiName).map((f) => ({ object: o.apiName, field: f.apiName })));
}

/** One thing that depends on a field, with what kind of dependency it is. */
export type FieldReference = MetadataReference & { via: string };

/**
 * Each source lists what depends on a field. Today no metadata names
 * another field (lookups name objects), so the list is empty; formulas,
 * validation rules, layouts and the like each add their source here, and
 * deleting a field stays refused while any of them answers.
 */
type FieldReferenceSource = (target: { object: string; field: string }, objects: Record<string, ObjectDef>) => FieldReference[];
const FIELD_REFERENCE_SOURCES: readonly FieldReferenceSource[] = [];

/** What would break if the field went away. */
export function fieldReferences(target: { object: string; field: string }, objects: Record<string, ObjectDef>): FieldReference[] {
  return FIELD_REFERENCE_SOURCES.flatMap((source) => source(target, objects));
}
