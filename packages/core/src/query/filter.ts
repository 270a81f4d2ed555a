import type { WorkspaceMetadata } from '../metadata/types.ts';
import { createScope } from './field-paths.ts';
import { parseCompactFilter, renderCompactFilter } from './filter-compact.ts';
import { conditionMatches, resolveFilter } from './filter-plan.ts';
import { checkFilterShape } from './filter-shape.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, queryError, throwIfAny, type Problems } from './query-problems.ts';

/**
 * Record filters: the tree a list's `filter` parameter carries.
 *
 *     {"and": [{"field": "stage", "op": "in", "value": ["open", "won"]},
 *              {"or": [{"field": "budget", "op": "gt", "value": "1000"},
 *                      {"field": "account.name", "op": "startsWith", "value": "华东"}]}]}
 *
 * Fields may be paths through lookups (`account.parent.name`, at most two
 * hops). Values are checked against the field type as writes are (decimals
 * as strings, dates YYYY-MM-DD, datetimes ISO 8601 with a zone).
 *
 * Operators, by field type (see operators.ts for the table):
 * - eq, ne, in, isNull: every type except json (json takes isNull only);
 *   boolean takes eq, ne and isNull only.
 * - lt, lte, gt, gte, between [low, high] (inclusive): numbers, currency
 *   (its amount), dates, datetimes, short text (by the database collation)
 *   and picklists (by the order the values are defined in).
 * - contains, startsWith: text types, case-insensitive, `%` and `_` literal.
 * - multi-select picklists: eq is set equality, contains means "has all of
 *   these values" (one value or a list), in means "has any of them", and
 *   isNull also matches an empty selection.
 * - in takes a non-empty list of at most 1000 values; isNull takes true or false.
 *
 * Blanks: a record with no value fails every condition except `ne` (which
 * matches it: "not equal to x" includes blanks) and `isNull: true`; `not`
 * matches exactly the records its operand does not.
 */

export type FilterOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains' | 'startsWith' | 'isNull' | 'between';

export type FilterNode = { and: FilterNode[] } | { or: FilterNode[] } | { not: FilterNode } | { field: string; op: FilterOp; value?: unknown };

/**
 * Reads the `filter` query parameter: JSON when it starts with `{`, else the
 * compact URL form described in filter-compact.ts, e.g.
 * `stage[in]:["open","won"],or(budget[gt]:"1000",name[startsWith]:华东)`.
 * Checks the tree's shape and limits; fields and values are checked when the
 * query is compiled against metadata.
 */
export function parseFilterParam(text: string): FilterNode {
  if (typeof text !== 'string') throw queryError('filter', 'wrongType', { expected: 'text' });
  if (text.length > QUERY_LIMITS.filterText) throw queryError('filter', 'outOfRange', { detail: `at most ${QUERY_LIMITS.filterText} characters` });
  const trimmed = text.trim();
  const parsed = trimmed.startsWith('{') ? parseJson(trimmed) : parseCompactFilter(trimmed);
  const problems: Problems = [];
  const node = checkFilterShape(parsed, problems);
  throwIfAny(problems);
  return node!;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw queryError('filter', 'invalidFilter', { detail: `not valid JSON (${clip(error instanceof Error ? error.message : String(error))})` });
  }
}

/** Checks an untrusted value (a filter inside a JSON body, e.g. a saved view's) is a filter tree; fields and values are checked when compiled. */
export function checkFilter(raw: unknown): FilterNode {
  const problems: Problems = [];
  const node = checkFilterShape(raw, problems);
  throwIfAny(problems);
  return node!;
}

/** The compact URL form of a filter; parseFilterParam reads it back to an equal tree. */
export function renderFilterParam(filter: FilterNode): string {
  const problems: Problems = [];
  const node = checkFilterShape(filter, problems);
  throwIfAny(problems);
  return renderCompactFilter(node!);
}

/**
 * Whether an API record matches a filter, by the same operator table the
 * SQL comes from (for rules evaluated in memory, and for tests that check
 * both agree). Related values are read from dotted keys, as lists return
 * them. Text order is by code unit here and by collation in the database.
 */
export function matchesFilter(input: { metadata: WorkspaceMetadata; object: string; filter: FilterNode; record: Record<string, unknown> }): boolean {
  const scope = createScope(input.metadata, input.object);
  const problems: Problems = [];
  const node = checkFilterShape(input.filter, problems);
  const condition = node && resolveFilter(scope, node, 'filter', problems);
  throwIfAny(problems);
  return conditionMatches(condition!, input.record);
}
