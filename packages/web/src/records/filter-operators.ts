import type { FieldDef, FieldType } from '../api/types.ts';

export type FilterOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'between' | 'contains' | 'startsWith' | 'isNull';
/** What value an operator takes: one value, a list, [low, high], or yes/no. */
export type ValueShape = 'one' | 'list' | 'pair' | 'flag';
export type Condition = { key: string; field: string; op: FilterOp; value?: unknown };

const COMPARE: FilterOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'isNull'];
const TEXT: FilterOp[] = ['contains', 'startsWith', 'eq', 'ne', 'in', 'isNull'];

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
  datetime: ['lt', 'gt', 'between', 'isNull'],
  boolean: ['eq', 'isNull'],
  picklist: ['in', 'eq', 'ne', 'isNull'],
  multiPicklist: ['contains', 'in', 'eq', 'isNull'],
  lookup: ['eq', 'ne', 'isNull'],
  masterDetail: ['eq', 'ne', 'isNull'],
  userRef: ['eq', 'ne', 'isNull'],
  id: ['eq'],
  json: ['isNull'],
};

export const shapeOf = (op: FilterOp): ValueShape => (op === 'isNull' ? 'flag' : op === 'in' ? 'list' : op === 'between' ? 'pair' : 'one');

export const filterableFields = (fields: FieldDef[]): FieldDef[] => fields.filter((f) => f.type !== 'id' && f.type !== 'userRef');

const isFilled = (c: Condition): boolean => {
  if (c.value === undefined || c.value === null || c.value === '') return false;
  if (Array.isArray(c.value)) return c.value.length > 0 && c.value.every((v) => v !== undefined && v !== null && v !== '');
  return true;
};

/** The API's filter tree for the conditions that have a value (all must hold). */
export function toFilter(conditions: Condition[]): unknown {
  const leaves = conditions.filter(isFilled).map((c) => ({ field: c.field, op: c.op, value: c.value }));
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
