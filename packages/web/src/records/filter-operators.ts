import type { FieldDef, FieldType } from '../api/types.ts';

/** The server's operators, and `notIn`, which the UI offers and sends as {not: {op: 'in'}}. */
export type FilterOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'notIn' | 'between' | 'contains' | 'startsWith' | 'isNull';
/** What value an operator takes: one value, a list, [low, high], or yes/no. */
export type ValueShape = 'one' | 'list' | 'pair' | 'flag';
export type Condition = { key: string; field: string; op: FilterOp; value?: unknown };

const COMPARE: FilterOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull'];
const TEXT: FilterOp[] = ['contains', 'startsWith', 'eq', 'ne', 'in', 'notIn', 'isNull'];

/** The operators the server accepts for each field type (README: the operator table), in the order the UI offers them. */
export const OPERATORS_BY_TYPE: Record<FieldType, FilterOp[]> = {
  text: TEXT,
  email: TEXT,
  phone: TEXT,
  url: TEXT,
  autoNumber: TEXT,
  // A formula compares as the type it returns; the server names the operator it refuses for that type.
  formula: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'contains', 'isNull'],
  rollup: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull'],
  longText: ['contains', 'startsWith', 'isNull'],
  richText: ['contains', 'isNull'],
  integer: COMPARE,
  decimal: COMPARE,
  percent: COMPARE,
  currency: COMPARE,
  date: COMPARE,
  datetime: ['gte', 'lte', 'lt', 'gt', 'between', 'isNull'],
  boolean: ['eq', 'isNull'],
  picklist: ['in', 'notIn', 'eq', 'ne', 'isNull'],
  multiPicklist: ['contains', 'in', 'eq', 'isNull'],
  lookup: ['eq', 'ne', 'isNull'],
  masterDetail: ['eq', 'ne', 'isNull'],
  userRef: ['eq', 'ne', 'isNull'],
  id: ['eq'],
  json: ['isNull'],
};

export const shapeOf = (op: FilterOp): ValueShape => (op === 'isNull' ? 'flag' : op === 'in' || op === 'notIn' ? 'list' : op === 'between' ? 'pair' : 'one');

export const filterableFields = (fields: FieldDef[]): FieldDef[] => fields.filter((f) => f.type !== 'id');

const isFilled = (c: Condition): boolean => {
  if (c.value === undefined || c.value === null || c.value === '') return false;
  if (Array.isArray(c.value)) return c.value.length > 0 && c.value.every((v) => v !== undefined && v !== null && v !== '');
  return true;
};

/** The API's filter tree for the conditions that have a value (all must hold). */
export function toFilter(conditions: Condition[]): unknown {
  const leaves = conditions.filter(isFilled).map((c) => (c.op === 'notIn' ? { not: { field: c.field, op: 'in', value: c.value } } : { field: c.field, op: c.op, value: c.value }));
  if (leaves.length === 0) return undefined;
  return leaves.length === 1 ? leaves[0] : { and: leaves };
}

/** Conditions kept in the page address (`?filter=`), so a filtered list can be shared and survives going back. */
export function parseConditions(text: string | null): Condition[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((c): c is Condition => typeof c === 'object' && c !== null && typeof c.field === 'string' && typeof c.op === 'string');
  } catch {
    return [];
  }
}

type Leaf = { field: string; op: FilterOp; value?: unknown };
const isLeaf = (node: unknown): node is Leaf => typeof node === 'object' && node !== null && typeof (node as Leaf).field === 'string' && typeof (node as Leaf).op === 'string';

/**
 * A saved view's filter as rows the filter builder edits: a condition, or
 * all of several, where "not any of" stands for {not: {op: in}}. Null when
 * the tree says more than that (or-groups), which the builder cannot show.
 */
export function conditionsFromFilter(filter: unknown): Condition[] | null {
  if (filter === null || filter === undefined) return [];
  const items = typeof filter === 'object' && Array.isArray((filter as { and?: unknown }).and) ? ((filter as { and: unknown[] }).and) : [filter];
  const out: Condition[] = [];
  for (const [i, item] of items.entries()) {
    const negated = typeof item === 'object' && item !== null && 'not' in item ? (item as { not: unknown }).not : undefined;
    if (isLeaf(negated) && negated.op === 'in') out.push({ key: `v${i}`, field: negated.field, op: 'notIn', value: negated.value });
    else if (isLeaf(item)) out.push({ key: `v${i}`, field: item.field, op: item.op, value: item.value });
    else return null;
  }
  return out;
}
