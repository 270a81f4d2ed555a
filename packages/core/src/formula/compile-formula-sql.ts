import type { Decimal } from 'decimal.js';
import { columnOf } from '../query/field-paths.ts';
import { sql, type Sql } from '../query/sql.ts';
import { FUNCTIONS, type FormulaContext, type FunctionName } from './formula-functions.ts';
import { visit, type ContextName, type FormulaType, type TypedNode, type Visitor } from './formula-nodes.ts';
import { OPERATORS } from './formula-operators.ts';
import { FIELD_FORMULA_TYPE } from './formula-values.ts';

/**
 * Compiles a typed formula to one PostgreSQL expression over the scope it
 * was checked in (the base table is t0, lookups are the scope's joins).
 * Every literal and context value is a parameter with an explicit cast;
 * identifiers only come from metadata through columnOf().
 */

const CAST: Record<FormulaType, Sql> = {
  number: sql`numeric`,
  text: sql`text`,
  picklist: sql`text`,
  boolean: sql`boolean`,
  date: sql`date`,
  datetime: sql`timestamptz`,
};

export function compileFormulaSql(tree: TypedNode, context: FormulaContext): Sql {
  const CONTEXT: Record<ContextName, () => Sql> = {
    userId: () => sql`${context.user.id.toLowerCase()}::text`,
    userName: () => sql`${context.user.name}::text`,
    userEmail: () => sql`${context.user.email}::text`,
    now: () => sql`${context.now.toISOString()}::timestamptz`,
  };
  const compiler: Visitor<TypedNode, Sql> = {
    literal: (n) => {
      const value = n.value === null ? null : typeof n.value === 'object' ? (n.value as Decimal).toFixed() : n.value;
      return sql`${value}::${CAST[n.type]}`;
    },
    // Integers are bigint columns: as numeric they divide exactly and cannot overflow. Ids read as text.
    field: (n) => {
      const column = columnOf(n.ref);
      if (FIELD_FORMULA_TYPE[n.ref.field.type] === 'number') return sql`${column}::numeric`;
      return n.type === 'text' && ['id', 'userRef', 'lookup', 'masterDetail'].includes(n.ref.field.type) ? sql`${column}::text` : column;
    },
    context: (n) => CONTEXT[n.name](),
    negate: (n) => sql`(- ${visit(compiler, n.operand)})`,
    binary: (n) => OPERATORS[n.op].sql(visit(compiler, n.left), visit(compiler, n.right), n.left.type, n.right.type),
    call: (n) => FUNCTIONS[n.name as FunctionName].sql(n.args.map((a) => visit(compiler, a)), { ctx: context, nodes: n.args }),
  };
  return visit(compiler, tree);
}

/** Join paths the formula reads, so a count joins only what its WHERE needs. */
export function formulaJoins(tree: TypedNode): Set<string> {
  const out = new Set<string>();
  const walk = (n: TypedNode): void => {
    if (n.kind === 'field') n.ref.joinPaths.forEach((p) => out.add(p));
    else if (n.kind === 'negate') walk(n.operand);
    else if (n.kind === 'binary') [n.left, n.right].forEach(walk);
    else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(tree);
  return out;
}
