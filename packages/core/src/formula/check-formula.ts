import type { WorkspaceMetadata } from '../metadata/types.ts';
import { createScope, resolvePath, type TableScope } from '../query/field-paths.ts';
import { QUERY_LIMITS } from '../query/query-limits.ts';
import { FUNCTIONS, isFunctionName, accepts } from './formula-functions.ts';
import { visit, type ContextName, type FormulaType, type FormulaValue, type Position, type SyntaxNode, type TypedNode, type Visitor } from './formula-nodes.ts';
import { OPERATORS } from './formula-operators.ts';
import { FormulaFault, TYPE_NAMES, type FormulaProblem } from './formula-problem.ts';
import { dec, FIELD_FORMULA_TYPE } from './formula-values.ts';
import { parseFormula } from './parse-formula.ts';

/**
 * Parses a formula and types it against a workspace's metadata. Field
 * paths resolve through `resolvePath`, in the caller's table scope when one
 * is given, so a formula in a list shares the list's joins. Pass the
 * metadata as the caller sees it: a hidden field is then simply unknown.
 */

export type CheckFormulaInput = {
  metadata: WorkspaceMetadata;
  object: string;
  source: string;
  scope?: TableScope;
  /** Validation rules: PRIORVALUE and ISCHANGED are allowed. */
  rule?: boolean;
  /** The type the result must have (text also takes a picklist value). */
  returnType?: FormulaType;
};

export type CheckedFormula = {
  readonly tree: TypedNode;
  readonly type: FormulaType;
  readonly scope: TableScope;
  /** Every field path the formula reads, e.g. `amount`, `account.name`. */
  readonly paths: readonly string[];
};

export type CheckFormulaResult = ({ ok: true } & CheckedFormula) | { ok: false; problem: FormulaProblem };

const GLOBALS: Record<string, { name: ContextName; type: FormulaType }> = {
  '$user.id': { name: 'userId', type: 'text' },
  '$user.name': { name: 'userName', type: 'text' },
  '$user.email': { name: 'userEmail', type: 'text' },
  $now: { name: 'now', type: 'datetime' },
};

export function checkFormula(input: CheckFormulaInput): CheckFormulaResult {
  const parsed = parseFormula(input.source);
  if (!parsed.ok) return parsed;
  const scope = input.scope ?? createScope(input.metadata, input.object);
  const paths = new Set<string>();
  try {
    const tree = typeTree(parsed.tree, { scope, rule: input.rule === true, paths });
    if (input.returnType && !accepts(input.returnType, tree.type)) {
      throw new FormulaFault('formulaReturnType', { line: 1, column: 1 }, { expected: TYPE_NAMES[input.returnType], actual: TYPE_NAMES[tree.type] });
    }
    return { ok: true, tree, type: tree.type === 'picklist' && input.returnType === 'text' ? 'text' : tree.type, scope, paths: [...paths] };
  } catch (error) {
    if (error instanceof FormulaFault) return { ok: false, problem: error.problem };
    throw error;
  }
}

type Env = { scope: TableScope; rule: boolean; paths: Set<string> };

function typeTree(root: SyntaxNode, env: Env): TypedNode {
  const typed: Visitor<SyntaxNode, TypedNode> = {
    number: (n) => literal('number', dec(n.value), n.pos),
    text: (n) => literal('text', n.value, n.pos),
    boolean: (n) => literal('boolean', n.value, n.pos),
    field: (n) => fieldNode(n.path, n.pos, env),
    global: (n) => {
      const g = GLOBALS[n.name.toLowerCase()];
      if (!g) throw new FormulaFault('formulaUnknownGlobal', n.pos, { name: n.name });
      return Object.freeze({ kind: 'context', type: g.type, name: g.name, pos: n.pos });
    },
    negate: (n) => {
      const operand = visit(typed, n.operand);
      if (operand.type !== 'number') throw new FormulaFault('formulaOperandType', n.pos, { operator: '-', actual: TYPE_NAMES[operand.type] });
      return Object.freeze({ kind: 'negate', type: 'number', operand, pos: n.pos });
    },
    binary: (n) => {
      const left = visit(typed, n.left);
      const right = visit(typed, n.right);
      const type = OPERATORS[n.op].check(left, right, n.pos);
      if (n.op === '=' || n.op === '<>') {
        checkPicklistLiteral(left, right);
        checkPicklistLiteral(right, left);
      }
      return Object.freeze({ kind: 'binary', type, op: n.op, left, right, pos: n.pos });
    },
    call: (n) => {
      if (!isFunctionName(n.name)) throw new FormulaFault('formulaUnknownFunction', n.pos, { function: n.name });
      const spec = FUNCTIONS[n.name];
      if (spec.ruleOnly && !env.rule) throw new FormulaFault('formulaRuleOnly', n.pos, { function: n.name });
      const args = Object.freeze(n.args.map((a) => visit(typed, a)));
      const type = spec.check(args, { name: n.name, pos: n.pos });
      if (n.name === 'ISPICKVAL') checkPicklistLiteral(args[0]!, args[1]!);
      if (n.name === 'CASE') for (let i = 1; i < args.length - 1; i += 2) checkPicklistLiteral(args[0]!, args[i]!);
      return Object.freeze({ kind: 'call', type, name: n.name, args, pos: n.pos });
    },
  };
  return visit(typed, root);
}

const literal = (type: FormulaType, value: FormulaValue, pos: Position): TypedNode => Object.freeze({ kind: 'literal', type, value, pos });

function fieldNode(path: string, pos: Position, env: Env): TypedNode {
  if (path.split('.').length > QUERY_LIMITS.pathHops + 1) throw new FormulaFault('formulaTooManyHops', pos, { field: path, max: QUERY_LIMITS.pathHops });
  const resolved = resolvePath(env.scope, path);
  if (!resolved.ok) {
    const field = typeof resolved.params.field === 'string' ? resolved.params.field : path;
    throw new FormulaFault(resolved.code === 'unknownField' ? 'formulaUnknownField' : 'formulaNotLookup', pos, { field });
  }
  const type = FIELD_FORMULA_TYPE[resolved.ref.field.type];
  if (!type) throw new FormulaFault('formulaFieldNotUsable', pos, { field: path, type: resolved.ref.field.type });
  env.paths.add(path);
  return Object.freeze({ kind: 'field', type, ref: resolved.ref, pos });
}

/** `stage = "wonn"` is a typo the administrator wants to hear about now, not a rule that never fires. */
function checkPicklistLiteral(field: TypedNode, other: TypedNode): void {
  if (field.kind !== 'field' || field.type !== 'picklist' || other.kind !== 'literal' || typeof other.value !== 'string') return;
  if (!(field.ref.field.values ?? []).some((v) => v.apiName === other.value)) {
    throw new FormulaFault('formulaNotPicklistValue', other.pos, { value: other.value.slice(0, 100), field: field.ref.path });
  }
}
