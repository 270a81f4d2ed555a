import type { Decimal } from 'decimal.js';
import type { FieldRef } from '../query/field-paths.ts';

/**
 * The formula language's trees. Parsing yields a syntax tree (names and
 * literals as written); checking against metadata yields a typed tree
 * (fields resolved, every node typed), which the JavaScript evaluator and
 * the SQL compiler both walk with visitors keyed by `kind`, so a new kind
 * does not compile until both handle it. Nodes are frozen.
 */

/** Where a node starts in the source: 1-based line and column (columns count characters, so Chinese text counts one per character). */
export type Position = { readonly line: number; readonly column: number };

/**
 * Value types. `picklist` is text that must be one of a field's values; it
 * can stand wherever text is expected. Currency fields are `number` (their
 * amount).
 */
export const FORMULA_TYPES = ['number', 'text', 'boolean', 'date', 'datetime', 'picklist'] as const;
export type FormulaType = (typeof FORMULA_TYPES)[number];

export const BINARY_OPS = ['+', '-', '*', '/', '&', '=', '<>', '<', '<=', '>', '>=', '&&', '||'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type SyntaxNode =
  | { readonly kind: 'number'; readonly value: string; readonly pos: Position }
  | { readonly kind: 'text'; readonly value: string; readonly pos: Position }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: Position }
  | { readonly kind: 'field'; readonly path: string; readonly pos: Position }
  | { readonly kind: 'global'; readonly name: string; readonly pos: Position }
  | { readonly kind: 'negate'; readonly operand: SyntaxNode; readonly pos: Position }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: SyntaxNode; readonly right: SyntaxNode; readonly pos: Position }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly SyntaxNode[]; readonly pos: Position };

/** A value while evaluating in JavaScript: numbers are decimals, dates 'YYYY-MM-DD', datetimes ISO strings in UTC with milliseconds; null is blank. */
export type FormulaValue = Decimal | string | boolean | null;

/** Values the caller supplies: who is asking, and when and where "now" is. */
export type ContextName = 'userId' | 'userName' | 'userEmail' | 'now';

export type TypedNode =
  | { readonly kind: 'literal'; readonly type: FormulaType; readonly value: FormulaValue; readonly pos: Position }
  | { readonly kind: 'field'; readonly type: FormulaType; readonly ref: FieldRef; readonly pos: Position }
  | { readonly kind: 'context'; readonly type: FormulaType; readonly name: ContextName; readonly pos: Position }
  | { readonly kind: 'negate'; readonly type: 'number'; readonly operand: TypedNode; readonly pos: Position }
  | { readonly kind: 'binary'; readonly type: FormulaType; readonly op: BinaryOp; readonly left: TypedNode; readonly right: TypedNode; readonly pos: Position }
  | { readonly kind: 'call'; readonly type: FormulaType; readonly name: string; readonly args: readonly TypedNode[]; readonly pos: Position };

export type Visitor<N extends { kind: string }, R> = { readonly [K in N['kind']]: (node: Extract<N, { kind: K }>) => R };
export const visit = <N extends { kind: string }, R>(visitor: Visitor<N, R>, node: N): R => (visitor[node.kind as N['kind']] as (n: N) => R)(node);
