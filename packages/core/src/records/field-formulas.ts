import type { FieldProblem } from '../errors/domain-error.ts';
import { checkFormula, type CheckedFormula } from '../formula/check-formula.ts';
import { evaluateFormula } from '../formula/evaluate-formula.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import { toApiValue } from '../formula/formula-values.ts';
import { parseFieldValue } from '../metadata/field-values.ts';
import type { FieldDef, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';

/**
 * Formulas a field carries besides a formula field's own: `defaultFormula`
 * (the value of a new record that leaves the field out) and `requiredWhen`
 * (a condition under which the field must have a value, checked with the
 * validation rules on every save). Both are checked against the field at
 * definition time (formula-field-problems.ts); one that no longer checks is
 * skipped rather than blocking every write, as validation rules are.
 */

type Compiled = { field: FieldDef; formula: CheckedFormula };
const defaults = new WeakMap<ObjectDef, Compiled[]>();
const requirements = new WeakMap<ObjectDef, Compiled[]>();

function compiledFor(cache: WeakMap<ObjectDef, Compiled[]>, metadata: WorkspaceMetadata, object: ObjectDef, key: 'defaultFormula' | 'requiredWhen'): Compiled[] {
  let out = cache.get(object);
  if (!out) {
    out = object.fields.flatMap((field) => {
      const source = field[key];
      if (source === undefined) return [];
      const formula = checkFormula({ metadata, object: object.apiName, source, rule: key === 'requiredWhen' });
      return formula.ok ? [{ field, formula }] : [];
    });
    cache.set(object, out);
  }
  return out;
}

export const hasDefaultFormulas = (object: ObjectDef): boolean => object.fields.some((f) => f.defaultFormula !== undefined);

/**
 * Values of fields a new record leaves out, computed from their default
 * formulas on the record as it stands (own fields only). A blank result
 * leaves the field blank, so a required field is then reported missing.
 */
export function defaultFormulaValues(input: {
  metadata: WorkspaceMetadata;
  object: ObjectDef;
  record: Readonly<Record<string, unknown>>;
  given: ReadonlySet<string>;
  context: FormulaContext;
  prefix?: string;
}): { values: Record<string, unknown>; problems: FieldProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const path = (f: FieldDef) => (input.prefix ?? '') + f.apiName;
  for (const { field, formula } of compiledFor(defaults, input.metadata, input.object, 'defaultFormula')) {
    if (input.given.has(field.apiName)) continue;
    const result = toApiValue(evaluateFormula(formula.tree, { record: input.record, context: input.context }));
    if (result === null) {
      if (field.required) problems.push({ field: path(field), code: 'required' });
      continue;
    }
    const parsed = parseFieldValue(field, result, path(field));
    if (parsed.ok) values[field.apiName] = parsed.value;
    else problems.push(parsed.problem);
  }
  return { values, problems };
}

/** Related paths (`account.name`) and own fields the required-when conditions read. */
export function requirementPaths(metadata: WorkspaceMetadata, object: ObjectDef): string[] {
  return [...new Set(compiledFor(requirements, metadata, object, 'requiredWhen').flatMap((r) => r.formula.paths))];
}

const isBlank = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && 'amount' in v && (v as { amount: unknown }).amount === null);

/** A record about to be saved, as rules and required-when conditions see it; `prefix` is for batch paths. */
export type RecordCheckInput = {
  metadata: WorkspaceMetadata;
  object: ObjectDef;
  record: Readonly<Record<string, unknown>>;
  prior?: Readonly<Record<string, unknown>>;
  context: FormulaContext;
  prefix?: string;
};

/** One problem per blank field whose required-when condition holds on the record. */
export function unmetRequirements(input: RecordCheckInput): FieldProblem[] {
  return compiledFor(requirements, input.metadata, input.object, 'requiredWhen')
    .filter(({ field }) => isBlank(input.record[field.apiName]))
    .filter(({ formula }) => evaluateFormula(formula.tree, { record: input.record, prior: input.prior, context: input.context }) === true)
    .map(({ field }) => ({ field: (input.prefix ?? '') + field.apiName, code: 'requiredByFormula', params: { label: field.label, condition: field.requiredWhen } }));
}
