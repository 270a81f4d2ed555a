import type { FieldProblem } from '../errors/domain-error.ts';

/**
 * Configuring a product from its options: each option belongs to a group
 * with a minimum and maximum number of choices, has a maximum quantity, and
 * may exclude other groups. A selection either satisfies every rule or is
 * refused with one problem per broken rule.
 */

export type ProductOptionRule = {
  id: string;
  name: string;
  group: string;
  minSelect: number;
  maxSelect: number;
  maxQuantity: number;
  /** Groups that cannot be chosen together with this option. */
  excludes: readonly string[];
};

export type OptionChoice = { option: string; quantity: number };

export function configurationProblems(options: readonly ProductOptionRule[], choices: readonly OptionChoice[], path: string = 'options'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byId = new Map(options.map((o) => [o.id, o]));
  const chosen: ProductOptionRule[] = [];
  const seen = new Set<string>();
  choices.forEach((c, i) => {
    const o = byId.get(c.option);
    if (!o) return problems.push({ field: `${path}[${i}].option`, code: 'optionUnknown' });
    if (seen.has(o.id)) return problems.push({ field: `${path}[${i}].option`, code: 'optionTwice', params: { option: o.name } });
    seen.add(o.id);
    if (!Number.isInteger(c.quantity) || c.quantity < 1 || c.quantity > o.maxQuantity) {
      problems.push({ field: `${path}[${i}].quantity`, code: 'optionQuantity', params: { option: o.name, max: o.maxQuantity } });
    }
    chosen.push(o);
  });
  const groups = new Map<string, { min: number; max: number }>();
  for (const o of options) {
    const g = groups.get(o.group) ?? { min: 0, max: Number.POSITIVE_INFINITY };
    groups.set(o.group, { min: Math.max(g.min, o.minSelect), max: Math.min(g.max, o.maxSelect) });
  }
  for (const [group, { min, max }] of groups) {
    const n = chosen.filter((o) => o.group === group).length;
    if (n < min) problems.push({ field: path, code: 'optionGroupMin', params: { group, min } });
    if (n > max) problems.push({ field: path, code: 'optionGroupMax', params: { group, max } });
  }
  const chosenGroups = new Set(chosen.map((o) => o.group));
  for (const o of chosen) {
    for (const g of o.excludes) {
      if (g !== o.group && chosenGroups.has(g)) problems.push({ field: path, code: 'optionExcludes', params: { option: o.name, group: g } });
    }
  }
  return problems;
}

/** "a, b ,c" → ["a","b","c"]. */
export const parseExcludes = (text: unknown): string[] => (typeof text === 'string' ? text.split(',').map((s) => s.trim()).filter(Boolean) : []);
