import type { FilterNode, FilterOp } from './filter.ts';
import { columnOf, type FieldRef, type TableScope } from './field-paths.ts';
import { resolveReadable } from './formula-columns.ts';
import { actualOf, FAMILY, OPERATORS, parseOperatorValue, type Meaning } from './operators.ts';
import { clip, report, type Problems } from './query-problems.ts';
import { resolveRelativeValue } from './relative-values.ts';
import { join, raw, sql, type Sql } from './sql.ts';

/**
 * A filter tree checked against metadata: every field resolved to a column,
 * every operator to its meaning for that field type, every value parsed.
 * Nodes are frozen and tagged by `kind`; SQL, in-memory matching and join
 * collection are visitors keyed by kind, so a new kind of node does not
 * compile until each of them handles it.
 */
export type Condition =
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'test'; readonly ref: FieldRef; readonly op: FilterOp; readonly meaning: Meaning; readonly value: unknown };

type Visitor<R> = { readonly [K in Condition['kind']]: (node: Extract<Condition, { kind: K }>) => R };
const visit = <R>(visitor: Visitor<R>, node: Condition): R => (visitor[node.kind] as (n: Condition) => R)(node);

/** Resolves a shape-checked tree; problems are reported with paths under `path`, and the result is undefined when there were any. */
export function resolveFilter(scope: TableScope, node: FilterNode, path: string, problems: Problems): Condition | undefined {
  if ('and' in node || 'or' in node) {
    const kind = 'and' in node ? 'and' : 'or';
    const children = 'and' in node ? node.and : node.or;
    const items = children.map((child, i) => resolveFilter(scope, child, `${path}.${kind}[${i}]`, problems));
    if (!items.every((c): c is Condition => c !== undefined)) return undefined;
    return Object.freeze({ kind, items: Object.freeze(items) });
  }
  if ('not' in node) {
    const item = resolveFilter(scope, node.not, `${path}.not`, problems);
    return item && Object.freeze({ kind: 'not', item });
  }
  return resolveTest(scope, node, path, problems);
}

function resolveTest(scope: TableScope, node: Extract<FilterNode, { field: string }>, path: string, problems: Problems): Condition | undefined {
  const resolved = resolveReadable(scope, node.field);
  if (!resolved.ok) {
    report(problems, `${path}.field`, resolved.code, resolved.params);
    return undefined;
  }
  const { field } = resolved.ref;
  const meaning = OPERATORS[node.op][FAMILY[field.type]];
  if (!meaning) {
    report(problems, `${path}.op`, 'invalidFilter', { detail: `"${node.op}" cannot be used on ${clip(node.field)} (${field.type})` });
    return undefined;
  }
  const before = problems.length;
  const plain = resolveRelativeValue(field, node.op, node.value, scope.context, `${path}.value`, problems);
  if (problems.length > before) return undefined;
  const value = parseOperatorValue(meaning, field, plain, `${path}.value`);
  if (!value.ok) {
    report(problems, value.problem.field, value.problem.code, value.problem.params);
    return undefined;
  }
  return Object.freeze({ kind: 'test', ref: resolved.ref, op: node.op, meaning, value: value.value });
}

/** Only a group of two or more joins terms with AND/OR; every other node binds tighter than those. */
const isGroup = (node: Condition): boolean => (node.kind === 'and' || node.kind === 'or') && node.items.length > 1;

/** Members of a group are parenthesised only when they are groups themselves. */
function groupSql(items: readonly Condition[], separator: string, whenEmpty: string): Sql {
  if (items.length === 0) return raw(whenEmpty);
  return join(
    items.map((item) => (isGroup(item) ? sql`(${conditionSql(item)})` : conditionSql(item))),
    separator,
  );
}

const TO_SQL: Visitor<Sql> = {
  and: (node) => groupSql(node.items, ' and ', 'true'),
  or: (node) => groupSql(node.items, ' or ', 'false'),
  // IS NOT TRUE, not NOT: a row the operand does not match (false or unknown) is matched.
  not: (node) => sql`(${conditionSql(node.item)}) is not true`,
  test: (node) => node.meaning.sql({ column: columnOf(node.ref), field: node.ref.field }, node.value),
};

export function conditionSql(node: Condition): Sql {
  return visit(TO_SQL, node);
}

/** The condition as one WHERE term, parenthesised when it is a group. */
export function conditionTerm(node: Condition): Sql {
  return isGroup(node) ? sql`(${conditionSql(node)})` : conditionSql(node);
}

const read = (record: Record<string, unknown>, path: string): unknown => (Object.hasOwn(record, path) ? record[path] : undefined);

function matcher(record: Record<string, unknown>): Visitor<boolean> {
  const self: Visitor<boolean> = {
    and: (node) => node.items.every((item) => visit(self, item)),
    or: (node) => node.items.some((item) => visit(self, item)),
    not: (node) => !visit(self, node.item),
    test: (node) => node.meaning.js(actualOf(node.ref.field, read(record, node.ref.path)), node.value, node.ref.field),
  };
  return self;
}

/** Whether an API record (related values under dotted keys, as lists return them) matches. */
export function conditionMatches(node: Condition, record: Record<string, unknown>): boolean {
  return visit(matcher(record), node);
}

const JOINS: Visitor<string[]> = {
  and: (node) => node.items.flatMap((item) => visit(JOINS, item)),
  or: (node) => node.items.flatMap((item) => visit(JOINS, item)),
  not: (node) => visit(JOINS, node.item),
  test: (node) => [...node.ref.joinPaths],
};

/** Join paths the condition reads, so a count joins only what its WHERE needs. */
export function conditionJoins(node: Condition): Set<string> {
  return new Set(visit(JOINS, node));
}
