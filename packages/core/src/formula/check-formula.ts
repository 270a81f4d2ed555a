import type { FieldDef, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';
import { createScope, resolvePath, type FieldRef, type PathRoot, type TableScope } from '../query/field-paths.ts';
import { QUERY_LIMITS } from '../query/query-limits.ts';
import { rollupRef } from '../query/rollup-columns.ts';
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
  /** Where field paths start, when not at the scope's base table (a formula field reached through lookups). */
  root?: PathRoot;
  /** Formula fields being expanded, outermost first (`object.field`): meeting one again is a cycle. */
  expanding?: readonly string[];
  /** A roll-up's filter: it may not read another roll-up. */
  inRollup?: boolean;
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
    const tree = typeTree(parsed.tree, { scope, rule: input.rule === true, paths, root: input.root, expanding: input.expanding ?? [], inRollup: input.inRollup === true });
    if (input.returnType && !accepts(input.returnType, tree.type)) {
      throw new FormulaFault('formulaReturnType', { line: 1, column: 1 }, { expected: TYPE_NAMES[input.returnType], actual: TYPE_NAMES[tree.type] });
    }
    return { ok: true, tree, type: tree.type === 'picklist' && input.returnType === 'text' ? 'text' : tree.type, scope, paths: [...paths] };
  } catch (error) {
    if (error instanceof FormulaFault) return { ok: false, problem: error.problem };
    throw error;
  }
}

type Env = { scope: TableScope; rule: boolean; paths: Set<string>; root: PathRoot | undefined; expanding: readonly string[]; inRollup: boolean };

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
  const resolved = resolvePath(env.scope, path, env.root);
  if (!resolved.ok) {
    // Under a root the resolver names the full path; the author wrote the relative one.
    const field = env.root ? path : typeof resolved.params.field === 'string' ? resolved.params.field : path;
    throw new FormulaFault(resolved.code === 'unknownField' ? 'formulaUnknownField' : 'formulaNotLookup', pos, { field });
  }
  if (resolved.ref.field.type === 'formula') return inlineFormulaField(resolved.ref, pos, env);
  if (resolved.ref.field.type === 'rollup') return rollupField(resolved.ref, path, pos, env);
  const type = FIELD_FORMULA_TYPE[resolved.ref.field.type];
  if (!type) throw new FormulaFault('formulaFieldNotUsable', pos, { field: path, type: resolved.ref.field.type });
  env.paths.add(resolved.ref.path);
  return Object.freeze({ kind: 'field', type, ref: resolved.ref, pos });
}

/**
 * A formula field used in a formula stands for its own formula, checked
 * where the field lives and inlined. Both compilations then only ever read
 * stored fields: SQL shares the statement's joins, and JavaScript (rules)
 * reads the related values the write path loads for `paths`.
 */
function inlineFormulaField(ref: FieldRef, pos: Position, env: Env): TypedNode {
  const key = `${ref.object.apiName}.${ref.field.apiName}`;
  const seen = env.expanding.indexOf(key);
  if (seen >= 0) throw new FormulaFault('formulaCycle', pos, { cycle: [...env.expanding.slice(seen), key].join(' → ') });
  const prefix = ref.path.split('.').slice(0, -1).join('.');
  const nested = checkFormulaField({
    metadata: env.scope.metadata,
    object: ref.object,
    field: ref.field,
    scope: env.scope,
    root: { object: ref.object, alias: ref.alias, prefix, joinPaths: ref.joinPaths },
    expanding: [...env.expanding, key],
  });
  if (!nested.ok) {
    if (nested.problem.code === 'formulaCycle') throw new FormulaFault('formulaCycle', pos, { cycle: nested.problem.params.cycle });
    throw new FormulaFault('formulaFieldBroken', pos, { field: ref.path });
  }
  nested.paths.forEach((p) => env.paths.add(p));
  // Errors about the inlined value must point at the reference, not into the other formula's text.
  return Object.freeze({ ...nested.tree, pos });
}

/**
 * A roll-up read in a formula is its aggregate subquery in SQL, and in
 * JavaScript the value the caller loaded under its path (see `paths`).
 */
function rollupField(ref: FieldRef, path: string, pos: Position, env: Env): TypedNode {
  if (env.inRollup) throw new FormulaFault('formulaFieldNotUsable', pos, { field: path, type: 'rollup' });
  const readable = rollupRef(env.scope.metadata, ref);
  if (!readable.ok) throw new FormulaFault('formulaFieldBroken', pos, { field: ref.path });
  env.paths.add(ref.path);
  return Object.freeze({ kind: 'field', type: FIELD_FORMULA_TYPE[readable.ref.field.type]!, ref: readable.ref, pos });
}

export type CheckFormulaFieldInput = {
  metadata: WorkspaceMetadata;
  /** The object the formula field belongs to. */
  object: ObjectDef;
  field: FieldDef;
  scope?: TableScope;
  root?: PathRoot;
  expanding?: readonly string[];
};

/**
 * Checks a formula field's formula against its return type and gives the
 * tree that computes the field's value: a currency result is rounded to 2
 * places, as a stored currency amount would be. The field itself counts as
 * being expanded, so a reference back to it is refused as a cycle.
 */
export function checkFormulaField(input: CheckFormulaFieldInput): CheckFormulaResult {
  const returnType = input.field.returnType ?? 'text';
  const checked = checkFormula({
    metadata: input.metadata,
    object: input.object.apiName,
    source: input.field.formula ?? '',
    scope: input.scope,
    root: input.root,
    expanding: input.expanding ?? [`${input.object.apiName}.${input.field.apiName}`],
    returnType: returnType === 'currency' ? 'number' : returnType,
  });
  if (!checked.ok) return checked;
  const pos = checked.tree.pos;
  let tree = checked.tree;
  if (returnType === 'currency') {
    const digits: TypedNode = Object.freeze({ kind: 'literal', type: 'number', value: dec(2), pos });
    tree = Object.freeze({ kind: 'call', type: 'number', name: 'ROUND', args: Object.freeze([tree, digits]), pos });
  }
  const paths = [...checked.paths];
  if (input.root && input.root.joinPaths.length > 0) {
    // Reached through a lookup, the field of a record that is not there is blank, as any related field is
    // (`name & "!"` would otherwise give "!" for a deal without a client).
    const id = resolvePath(checked.scope, 'id', input.root);
    if (id.ok) {
      const idNode: TypedNode = Object.freeze({ kind: 'field', type: 'text', ref: id.ref, pos });
      const missing: TypedNode = Object.freeze({ kind: 'call', type: 'boolean', name: 'ISBLANK', args: Object.freeze([idNode]), pos });
      const blank: TypedNode = Object.freeze({ kind: 'literal', type: tree.type, value: null, pos });
      tree = Object.freeze({ kind: 'call', type: tree.type, name: 'IF', args: Object.freeze([missing, blank, tree]), pos });
      paths.push(id.ref.path);
    }
  }
  return { ...checked, tree, paths };
}

/** `stage = "wonn"` is a typo the administrator wants to hear about now, not a rule that never fires. */
function checkPicklistLiteral(field: TypedNode, other: TypedNode): void {
  if (field.kind !== 'field' || field.type !== 'picklist' || other.kind !== 'literal' || typeof other.value !== 'string') return;
  if (!(field.ref.field.values ?? []).some((v) => v.apiName === other.value)) {
    throw new FormulaFault('formulaNotPicklistValue', other.pos, { value: other.value.slice(0, 100), field: field.ref.path });
  }
}
