import type { FilterNode } from './filter.ts';
import { FILTER_OPS, isFilterOp } from './operators.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, describeInput, report, type Problems } from './query-problems.ts';

/**
 * Checks that an untrusted value (parsed JSON, or a tree a caller built) is
 * a filter tree, before anything looks at fields or values. Reports with
 * paths into the parameter (`filter.and[2].op`) and never trusts a type:
 * `{"and": 5}`, arrays, `__proto__` keys and the like become problems, not
 * exceptions. Returns a fresh tree holding only the keys it checked.
 */

const NODE_SHAPE = 'expected {"and": […]}, {"or": […]}, {"not": {…}} or a condition {"field": …, "op": …, "value": …}';
const LEAF_KEYS = new Set(['field', 'op', 'value']);

type Walk = { problems: Problems; leaves: number };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkFilterShape(raw: unknown, problems: Problems, path: string = 'filter'): FilterNode | undefined {
  return checkNode(raw, path, 1, { problems, leaves: 0 });
}

function checkNode(raw: unknown, path: string, depth: number, walk: Walk): FilterNode | undefined {
  if (walk.leaves > QUERY_LIMITS.filterLeaves) return undefined;
  if (depth > QUERY_LIMITS.filterDepth) {
    report(walk.problems, path, 'invalidFilter', { detail: `conditions are nested more than ${QUERY_LIMITS.filterDepth} levels deep` });
    return undefined;
  }
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    report(walk.problems, path, 'invalidFilter', { detail: NODE_SHAPE });
    return undefined;
  }
  const keys = Object.keys(raw);
  const group = keys.find((k) => k === 'and' || k === 'or' || k === 'not');
  if (group === undefined) return checkLeaf(raw, keys, path, walk);
  if (keys.length !== 1) {
    report(walk.problems, path, 'invalidFilter', { detail: `"${group}" must be the only key of its object` });
    return undefined;
  }
  if (group === 'not') {
    const item = checkNode(raw['not'], `${path}.not`, depth + 1, walk);
    return item && { not: item };
  }
  return checkGroup(group as 'and' | 'or', raw[group], `${path}.${group}`, depth, walk);
}

function checkGroup(kind: 'and' | 'or', raw: unknown, path: string, depth: number, walk: Walk): FilterNode | undefined {
  if (!Array.isArray(raw)) {
    report(walk.problems, path, 'invalidFilter', { detail: `"${kind}" takes a list of conditions` });
    return undefined;
  }
  const items = raw.map((item, i) => checkNode(item, `${path}[${i}]`, depth + 1, walk));
  if (!items.every((item): item is FilterNode => item !== undefined)) return undefined;
  return kind === 'and' ? { and: items } : { or: items };
}

function checkLeaf(raw: Record<string, unknown>, keys: string[], path: string, walk: Walk): FilterNode | undefined {
  const own = (key: string): unknown => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  const [field, op, value] = [own('field'), own('op'), own('value')];
  const problem = (at: string, code: Parameters<typeof report>[2], params?: Record<string, unknown>): void => {
    bad = true;
    report(walk.problems, at, code, params);
  };
  let bad = false;
  for (const key of keys.filter((k) => !LEAF_KEYS.has(k))) {
    problem(`${path}.${clip(key)}`, 'invalidFilter', { detail: `unknown key "${clip(key)}"; a condition has field, op and value` });
  }
  if (field === undefined) problem(`${path}.field`, 'required');
  else if (typeof field !== 'string' || field.length === 0) problem(`${path}.field`, 'wrongType', { expected: 'a field name' });
  if (op === undefined) problem(`${path}.op`, 'required');
  else if (!isFilterOp(op)) problem(`${path}.op`, 'invalidFilter', { detail: `unknown operator "${describeInput(op)}"; use one of ${FILTER_OPS.join(', ')}` });
  if (value === undefined) problem(`${path}.value`, 'required');
  walk.leaves += 1;
  if (walk.leaves === QUERY_LIMITS.filterLeaves + 1) problem('filter', 'outOfRange', { detail: `at most ${QUERY_LIMITS.filterLeaves} conditions` });
  if (bad || typeof field !== 'string' || !isFilterOp(op)) return undefined;
  return { field, op, value };
}
