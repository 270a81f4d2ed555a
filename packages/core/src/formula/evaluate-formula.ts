import type { FormulaContext, JsEnv } from './formula-functions.ts';
import { FUNCTIONS, type FunctionName } from './formula-functions.ts';
import { visit, type ContextName, type FormulaValue, type TypedNode, type Visitor } from './formula-nodes.ts';
import { OPERATORS } from './formula-operators.ts';
import { num, readFieldValue } from './formula-values.ts';
import type { Decimal } from 'decimal.js';

/**
 * Evaluates a typed formula on an API record in memory (validation rules,
 * conditions). Related values are read under their dotted paths, as lists
 * return them (`account.name`); a missing key reads as blank.
 */
export type EvaluateInput = {
  record: Readonly<Record<string, unknown>>;
  /** The record before an update, for PRIORVALUE and ISCHANGED; absent on create. */
  prior?: Readonly<Record<string, unknown>>;
  context: FormulaContext;
};

const read = (record: Readonly<Record<string, unknown>>, path: string): unknown => (Object.hasOwn(record, path) ? record[path] : undefined);

export function evaluateFormula(tree: TypedNode, input: EvaluateInput): FormulaValue {
  const CONTEXT: Record<ContextName, () => FormulaValue> = {
    userId: () => input.context.user.id.toLowerCase(),
    userName: () => input.context.user.name,
    userEmail: () => input.context.user.email,
    now: () => input.context.now.toISOString(),
  };
  const prior = (node: TypedNode): FormulaValue => {
    if (node.kind !== 'field') return null;
    const source = input.prior ?? input.record;
    return readFieldValue(node.ref.field, read(source, node.ref.path));
  };
  const evaluator: Visitor<TypedNode, FormulaValue> = {
    literal: (n) => n.value,
    field: (n) => readFieldValue(n.ref.field, read(input.record, n.ref.path)),
    context: (n) => CONTEXT[n.name](),
    negate: (n) => {
      const v = visit(evaluator, n.operand);
      return v === null ? null : num((v as Decimal).neg());
    },
    binary: (n) => OPERATORS[n.op].js(visit(evaluator, n.left), visit(evaluator, n.right), n.left.type, n.right.type),
    call: (n) => {
      // Arguments are evaluated eagerly: no function raises an error, so an untaken branch cannot fail.
      const args = n.args.map((a) => visit(evaluator, a));
      const env: JsEnv = { ctx: input.context, nodes: n.args, prior, isUpdate: input.prior !== undefined };
      return FUNCTIONS[n.name as FunctionName].js(args, env);
    },
  };
  return visit(evaluator, tree);
}
