import { parseFormula } from '../formula/parse-formula.ts';
import type { SyntaxNode } from '../formula/formula-nodes.ts';
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
 * Each source lists what depends on a field: formula fields name the
 * fields they read (and the lookups they follow); layouts and the like add
 * their source here, and deleting a field stays refused while any of them
 * answers. (Validation rules are re-checked on every field change instead.)
 */
type FieldReferenceSource = (target: { object: string; field: string }, objects: Record<string, ObjectDef>) => FieldReference[];
const FIELD_REFERENCE_SOURCES: readonly FieldReferenceSource[] = [
  (target, objects) =>
    Object.values(objects).flatMap((o) =>
      o.fields
        .filter((f) => f.type === 'formula' && !(o.apiName === target.object && f.apiName === target.field))
        .filter((f) => formulaFieldsRead(o, f, objects).some((r) => r.object === target.object && r.field === target.field))
        .map((f) => ({ object: o.apiName, field: f.apiName, via: 'formula' })),
    ),
];

/** Every field a formula field's formula names, lookups along its paths included, as written (not through other formulas). */
export function formulaFieldsRead(object: ObjectDef, field: FieldDef, objects: Record<string, ObjectDef>): MetadataReference[] {
  const parsed = parseFormula(field.formula ?? '');
  if (!parsed.ok) return [];
  const out: MetadataReference[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.kind === 'field') out.push(...pathFields(object, n.path, objects));
    else if (n.kind === 'negate') walk(n.operand);
    else if (n.kind === 'binary') [n.left, n.right].forEach(walk);
    else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(parsed.tree);
  return out;
}

function pathFields(start: ObjectDef, path: string, objects: Record<string, ObjectDef>): MetadataReference[] {
  const out: MetadataReference[] = [];
  let object: ObjectDef | undefined = start;
  for (const segment of path.split('.')) {
    const field: FieldDef | undefined = object?.fields.find((f) => f.apiName === segment);
    if (!object || !field) break;
    out.push({ object: object.apiName, field: field.apiName });
    object = field.target !== undefined && Object.hasOwn(objects, field.target) ? objects[field.target] : undefined;
  }
  return out;
}

/** What would break if the field went away. */
export function fieldReferences(target: { object: string; field: string }, objects: Record<string, ObjectDef>): FieldReference[] {
  return FIELD_REFERENCE_SOURCES.flatMap((source) => source(target, objects));
}
