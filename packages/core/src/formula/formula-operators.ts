import type { Decimal } from 'decimal.js';
import { raw, sql, type Sql } from '../query/sql.ts';
import type { BinaryOp, FormulaType, FormulaValue, TypedNode } from './formula-nodes.ts';
import { FormulaFault, TYPE_NAMES } from './formula-problem.ts';
import { dateInRange, sameValue, wholeJs, wholeSql } from './formula-functions.ts';
import { compareText, dayNumber, dec, fromDayNumber, num } from './formula-values.ts';

/**
 * The operator table: for each binary operator, which operand types it
 * takes, its JavaScript meaning and its SQL, side by side.
 *
 * Blank rules: arithmetic with a blank is blank; `&` reads a blank as "";
 * a comparison with a blank is false (never blank), as are && and || on
 * blank operands. Division rounds to 10 decimal places (half away from
 * zero) and dividing by zero is blank. Text compares by Unicode code point.
 */

export type OperatorSpec = {
  check(left: TypedNode, right: TypedNode, pos: TypedNode['pos']): FormulaType;
  js(a: FormulaValue, b: FormulaValue, left: FormulaType, right: FormulaType): FormulaValue;
  sql(a: Sql, b: Sql, left: FormulaType, right: FormulaType): Sql;
};

const D = (v: FormulaValue | undefined): Decimal => v as Decimal;
const S = (v: FormulaValue | undefined): string => v as string;
const textLike = (t: FormulaType): boolean => t === 'text' || t === 'picklist';

function refuse(op: BinaryOp, left: TypedNode, right: TypedNode, pos: TypedNode['pos']): never {
  throw new FormulaFault('formulaOperandTypes', pos, { operator: op, left: TYPE_NAMES[left.type], right: TYPE_NAMES[right.type] });
}

/** Date shifts are whole days, clamped to ±3,650,000 so the database never overflows. */
const MAX_DAYS = 3_650_000;

const arithmetic = (op: '*' | '/', js: (a: Decimal, b: Decimal) => Decimal | null, render: (a: Sql, b: Sql) => Sql): OperatorSpec => ({
  check: (l, r, pos) => (l.type === 'number' && r.type === 'number' ? 'number' : refuse(op, l, r, pos)),
  js: (a, b) => (a === null || b === null ? null : js(D(a), D(b))),
  sql: render,
});

/** Which types may be compared; `ordered` also allows < and >. */
function comparable(l: FormulaType, r: FormulaType, ordered: boolean): boolean {
  if (textLike(l) && textLike(r)) return !ordered || (l === 'text' && r === 'text');
  if (l !== r) return false;
  return !ordered || l !== 'boolean';
}

function comparison(op: '=' | '<>' | '<' | '<=' | '>' | '>=', holds: (c: number) => boolean): OperatorSpec {
  const ordered = op !== '=' && op !== '<>';
  return {
    check: (l, r, pos) => (comparable(l.type, r.type, ordered) ? 'boolean' : refuse(op, l, r, pos)),
    js: (a, b, type) => {
      if (a === null || b === null) return false;
      if (typeof a === 'boolean') return holds(a === b ? 0 : 1);
      if (type === 'number') return holds(D(a).comparedTo(D(b)));
      if (textLike(type)) return holds(compareText(S(a), S(b)));
      return holds(S(a) < S(b) ? -1 : S(a) > S(b) ? 1 : 0);
    },
    // The "C" collation makes text order the code-point order JavaScript uses, whatever the database's default.
    sql: (a, b, type) => (textLike(type) ? sql`coalesce(${a} ${raw(op)} ${b} collate "C", false)` : sql`coalesce(${a} ${raw(op)} ${b}, false)`),
  };
}

export const OPERATORS: Record<BinaryOp, OperatorSpec> = {
  '+': {
    check: (l, r, pos) => {
      if (l.type === 'number' && r.type === 'number') return 'number';
      if ((l.type === 'date' && r.type === 'number') || (l.type === 'number' && r.type === 'date')) return 'date';
      return refuse('+', l, r, pos);
    },
    js: (a, b, lt) => {
      if (a === null || b === null) return null;
      if (lt === 'number' && typeof b === 'object') return num(D(a).plus(D(b)));
      const [date, days] = lt === 'date' ? [S(a), b] : [S(b), a];
      return fromDayNumber(dayNumber(date) + wholeJs(days, -MAX_DAYS, MAX_DAYS));
    },
    sql: (a, b, lt, rt) => {
      if (lt === 'number' && rt === 'number') return sql`(${a} + ${b})`;
      const [date, days] = lt === 'date' ? [a, b] : [b, a];
      return dateInRange(sql`(${date} + ${wholeSql(days, -MAX_DAYS, MAX_DAYS)})`);
    },
  },
  '-': {
    check: (l, r, pos) => {
      if (l.type === 'number' && r.type === 'number') return 'number';
      if (l.type === 'date' && r.type === 'number') return 'date';
      if (l.type === 'date' && r.type === 'date') return 'number';
      return refuse('-', l, r, pos);
    },
    js: (a, b, lt, rt) => {
      if (a === null || b === null) return null;
      if (lt === 'number') return num(D(a).minus(D(b)));
      if (rt === 'date') return dec(dayNumber(S(a)) - dayNumber(S(b)));
      return fromDayNumber(dayNumber(S(a)) - wholeJs(b, -MAX_DAYS, MAX_DAYS));
    },
    sql: (a, b, lt, rt) => {
      if (lt === 'number') return sql`(${a} - ${b})`;
      if (rt === 'date') return sql`(${a} - ${b})::numeric`;
      return dateInRange(sql`(${a} - ${wholeSql(b, -MAX_DAYS, MAX_DAYS)})`);
    },
  },
  '*': arithmetic('*', (a, b) => num(a.times(b)), (a, b) => sql`(${a} * ${b})`),
  // Twenty zeros give the dividend scale 20, so PostgreSQL divides to at least 20 places before rounding to 10, as decimal.js does exactly.
  '/': arithmetic('/', (a, b) => (b.isZero() ? null : num(a.div(b).toDecimalPlaces(10))), (a, b) => sql`round((${a} + 0.00000000000000000000) / nullif(${b}, 0), 10)`),
  '&': {
    check: (l, r, pos) => (textLike(l.type) && textLike(r.type) ? 'text' : refuse('&', l, r, pos)),
    js: (a, b) => (a === null ? '' : S(a)) + (b === null ? '' : S(b)),
    sql: (a, b) => sql`(coalesce(${a}, '') || coalesce(${b}, ''))`,
  },
  '=': comparison('=', (c) => c === 0),
  '<>': comparison('<>', (c) => c !== 0),
  '<': comparison('<', (c) => c < 0),
  '<=': comparison('<=', (c) => c <= 0),
  '>': comparison('>', (c) => c > 0),
  '>=': comparison('>=', (c) => c >= 0),
  '&&': {
    check: (l, r, pos) => (l.type === 'boolean' && r.type === 'boolean' ? 'boolean' : refuse('&&', l, r, pos)),
    js: (a, b) => a === true && b === true,
    sql: (a, b) => sql`(coalesce(${a}, false) and coalesce(${b}, false))`,
  },
  '||': {
    check: (l, r, pos) => (l.type === 'boolean' && r.type === 'boolean' ? 'boolean' : refuse('||', l, r, pos)),
    js: (a, b) => a === true || b === true,
    sql: (a, b) => sql`(coalesce(${a}, false) or coalesce(${b}, false))`,
  },
};

export { sameValue };
