import type { FieldProblem } from '../../errors/domain-error.ts';
import { checkFormula, checkFormulaField } from '../../formula/check-formula.ts';
import type { FormulaType } from '../../formula/formula-nodes.ts';
import { FIELD_FORMULA_TYPE } from '../../formula/formula-values.ts';
import { brokenRollupFields, checkRollup } from '../../query/rollup-columns.ts';
import type { FieldDef, ObjectDef, WorkspaceMetadata } from '../types.ts';

/**
 * The formulas of a field, checked against the workspace as it will be
 * with the field in place: a formula field's formula (so a reference to
 * itself, or a loop through other formula fields, is found and named), a
 * roll-up's definition (which also gives its return type), a default
 * formula and a required-when condition. Problems are on the key holding
 * the formula, and formula messages say the line and column.
 */
export function formulaFieldProblems(field: FieldDef, ctx: { object: ObjectDef; existing: Record<string, ObjectDef> }): { field: FieldDef; problems: FieldProblem[] } {
  const object: ObjectDef = { ...ctx.object, fields: [...ctx.object.fields.filter((f) => f.apiName !== field.apiName), field] };
  const metadata: WorkspaceMetadata = { schema: 'check', version: 0, objects: { ...ctx.existing, [object.apiName]: object } };
  const problems: FieldProblem[] = [];
  let out = field;
  if (field.type === 'formula' && field.formula !== undefined && field.returnType !== undefined) {
    const checked = checkFormulaField({ metadata, object, field });
    if (!checked.ok) problems.push({ field: 'formula', code: checked.problem.code, params: checked.problem.params });
  }
  if (field.type === 'rollup' && field.rollup) {
    const checked = checkRollup(metadata, object.apiName, field.rollup);
    if (checked.ok) out = { ...field, returnType: checked.returnType };
    else problems.push(...checked.problems);
  }
  if (field.defaultFormula !== undefined) {
    const expected: FormulaType = field.type === 'picklist' ? 'text' : FIELD_FORMULA_TYPE[field.type]!;
    problems.push(...ownFormulaProblems('defaultFormula', field.defaultFormula, metadata, object, { returnType: expected }));
  }
  if (field.requiredWhen !== undefined) problems.push(...ownFormulaProblems('requiredWhen', field.requiredWhen, metadata, object, { returnType: 'boolean', rule: true }));
  return { field: out, problems };
}

/**
 * A default formula runs before the record exists, on the values being
 * written, so it reads only fields of the record itself (no lookups, no
 * roll-ups: none of those can be loaded for a record not yet saved).
 */
function ownFormulaProblems(key: string, source: string, metadata: WorkspaceMetadata, object: ObjectDef, opts: { returnType: FormulaType; rule?: boolean }): FieldProblem[] {
  const checked = checkFormula({ metadata, object: object.apiName, source, returnType: opts.returnType, rule: opts.rule === true });
  if (!checked.ok) return [{ field: key, code: checked.problem.code, params: checked.problem.params }];
  if (key === 'defaultFormula') {
    const related = checked.paths.find((p) => p.includes('.') || object.fields.find((f) => f.apiName === p)?.type === 'rollup');
    if (related) return [{ field: key, code: 'invalidValue', params: { detail: `a default formula reads only fields of the record itself, not ${related}` } }];
  }
  return [];
}

/** Formula and roll-up fields (`object.field`) that no longer check against `metadata`: a field change that produces any is refused. */
export function brokenFormulaFields(metadata: WorkspaceMetadata): string[] {
  return [
    ...Object.values(metadata.objects).flatMap((o) =>
      o.fields.filter((f) => f.type === 'formula' && !checkFormulaField({ metadata, object: o, field: f }).ok).map((f) => `${o.apiName}.${f.apiName}`),
    ),
    ...brokenRollupFields(metadata),
  ];
}
