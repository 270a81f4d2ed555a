import type { FieldProblem } from '../../errors/domain-error.ts';
import { checkFormulaField } from '../../formula/check-formula.ts';
import type { FieldDef, ObjectDef, WorkspaceMetadata } from '../types.ts';

/**
 * A formula field's formula, checked against the workspace as it will be
 * with the field in place: so a reference to itself, or a loop through
 * other formula fields, is found and named. Problems are on `formula`, and
 * their messages say the line and column.
 */
export function formulaFieldProblems(field: FieldDef, ctx: { object: ObjectDef; existing: Record<string, ObjectDef> }): FieldProblem[] {
  if (field.type !== 'formula' || field.formula === undefined || field.returnType === undefined) return [];
  const object: ObjectDef = { ...ctx.object, fields: [...ctx.object.fields.filter((f) => f.apiName !== field.apiName), field] };
  const metadata: WorkspaceMetadata = { schema: 'check', version: 0, objects: { ...ctx.existing, [object.apiName]: object } };
  const checked = checkFormulaField({ metadata, object, field });
  return checked.ok ? [] : [{ field: 'formula', code: checked.problem.code, params: checked.problem.params }];
}

/** Formula fields (`object.field`) whose formulas no longer check against `metadata`: a field change that produces any is refused. */
export function brokenFormulaFields(metadata: WorkspaceMetadata): string[] {
  return Object.values(metadata.objects).flatMap((o) =>
    o.fields.filter((f) => f.type === 'formula' && !checkFormulaField({ metadata, object: o, field: f }).ok).map((f) => `${o.apiName}.${f.apiName}`),
  );
}
