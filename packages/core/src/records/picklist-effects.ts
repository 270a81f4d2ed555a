import type { FieldProblem } from '../errors/domain-error.ts';
import { parseFieldValue } from '../metadata/field-values.ts';
import type { ObjectDef } from '../metadata/types.ts';

/**
 * Behaviour carried by picklist values as configuration, so a state's rules
 * live with the state: entering a value whose `meta.sets` is
 * `{"probability": "60"}` fills those fields (unless the same write sets
 * them), and `meta.requires: ["closeReason"]` makes those fields required
 * while the record is in that value. An administrator changes an
 * opportunity's stage probabilities or closing reasons by editing the
 * picklist, not the code.
 */
export function applyPicklistEffects(input: {
  object: ObjectDef;
  /** The stored record before the write; undefined on create. */
  before: Record<string, unknown> | undefined;
  /** The parsed values of this write (mutated: `sets` are added). */
  values: Record<string, unknown>;
  /** Fields the caller gave explicitly: `sets` never overrides them. */
  explicit: ReadonlySet<string>;
  pathPrefix?: string;
}): FieldProblem[] {
  const { object, before, values, explicit } = input;
  const prefix = input.pathPrefix ?? '';
  const fields = new Map(object.fields.map((f) => [f.apiName, f]));
  const problems: FieldProblem[] = [];
  const after = (name: string) => (name in values ? values[name] : before?.[name]);
  for (const f of object.fields) {
    if (f.type !== 'picklist' || !f.values) continue;
    const value = after(f.apiName);
    const entered = value !== undefined && value !== null && (before === undefined || before[f.apiName] !== value);
    const def = f.values.find((v) => v.apiName === value);
    const meta = def?.meta;
    if (!meta) continue;
    if (entered && meta.sets && typeof meta.sets === 'object') {
      for (const [name, raw] of Object.entries(meta.sets as Record<string, unknown>)) {
        const target = fields.get(name);
        if (!target || explicit.has(name)) continue;
        const parsed = parseFieldValue(target, raw, prefix + name);
        if (parsed.ok) values[name] = parsed.value;
      }
    }
    if (Array.isArray(meta.requires)) {
      for (const name of meta.requires) {
        if (typeof name !== 'string' || !fields.has(name)) continue;
        const v = after(name);
        if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
          problems.push({ field: prefix + name, code: 'requiredWhen', params: { when: f.apiName, value: String(value) } });
        }
      }
    }
  }
  return problems;
}
