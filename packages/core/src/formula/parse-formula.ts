import { FORMULA_LIMITS, FormulaFault, type FormulaProblem } from './formula-problem.ts';
import type { BinaryOp, Position, SyntaxNode } from './formula-nodes.ts';
import { tokenizeFormula, type Token } from './tokenize-formula.ts';

/**
 * Precedence climbing over the token list. Lowest to highest:
 *   ||   &&   = == <> != < <= > >=   &   + -   * /   unary -
 * All binary operators are left-associative. Calls are NAME(args);
 * field paths are name(.name)*; `$User.id`, `$User.name`, `$User.email`
 * and `$Now` name the caller's context; TRUE and FALSE are literals.
 */

const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '=': 3,
  '==': 3,
  '<>': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '&': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};
/** Spellings that mean the same operator. */
const CANONICAL: Record<string, BinaryOp> = { '==': '=', '!=': '<>' };

export type ParseResult = { ok: true; tree: SyntaxNode } | { ok: false; problem: FormulaProblem };

const END = { en: 'the end of the formula', 'zh-CN': '公式结尾', 'zh-TW': '公式結尾' };
const describe = (t: Token): string | typeof END => (t.kind === 'end' ? END : t.kind === 'text' ? `"${t.text.slice(0, 40)}"` : t.text);

export function parseFormula(source: string): ParseResult {
  try {
    if (typeof source !== 'string') throw new FormulaFault('formulaEmpty', { line: 1, column: 1 });
    if (source.length > FORMULA_LIMITS.length) throw new FormulaFault('formulaTooLong', { line: 1, column: 1 }, { max: FORMULA_LIMITS.length });
    const tokens = tokenizeFormula(source);
    if (tokens[0]!.kind === 'end') throw new FormulaFault('formulaEmpty', tokens[0]!.pos);
    const parser = createParser(tokens);
    const tree = parser.expression(0, 0);
    parser.expectEnd();
    return { ok: true, tree };
  } catch (error) {
    if (error instanceof FormulaFault) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** Depth of a built node: the deepest chain of children below it, so long operator chains count too. */
const depthOf = new WeakMap<SyntaxNode, number>();
function built<N extends SyntaxNode>(node: N, children: readonly SyntaxNode[]): N {
  const depth = 1 + Math.max(0, ...children.map((c) => depthOf.get(c) ?? 1));
  if (depth > FORMULA_LIMITS.depth) throw new FormulaFault('formulaTooDeep', node.pos, { max: FORMULA_LIMITS.depth });
  depthOf.set(node, depth);
  return Object.freeze(node);
}

/** A recursive-descent parser over one token list; its functions share the cursor `i`. */
function createParser(tokens: readonly Token[]) {
  let i = 0;

  const peek = (): Token => tokens[i]!;
  const next = (): Token => tokens[i++]!;
  function expect(kind: Token['kind'], what: string | Record<string, string>): Token {
    const t = peek();
    if (t.kind !== kind) throw new FormulaFault('formulaExpected', t.pos, { expected: what, token: describe(t) });
    return next();
  }
  function expectEnd(): void {
    const t = peek();
    if (t.kind !== 'end') throw new FormulaFault('formulaUnexpected', t.pos, { token: describe(t) });
  }

  /** `nesting` counts open parentheses, calls and unary minus, so hostile input cannot overflow the stack before the depth check sees a node. */
  function expression(minPrecedence: number, nesting: number): SyntaxNode {
    if (nesting > FORMULA_LIMITS.depth) throw new FormulaFault('formulaTooDeep', peek().pos, { max: FORMULA_LIMITS.depth });
    let left = unary(nesting);
    for (;;) {
      const t = peek();
      const precedence = t.kind === 'op' ? PRECEDENCE[t.text] : undefined;
      if (precedence === undefined || precedence <= minPrecedence) return left;
      next();
      const right = expression(precedence, nesting + 1);
      const op = CANONICAL[t.text] ?? (t.text as BinaryOp);
      left = built({ kind: 'binary', op, left, right, pos: t.pos }, [left, right]);
    }
  }

  function unary(nesting: number): SyntaxNode {
    const t = peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      next();
      if (nesting > FORMULA_LIMITS.depth) throw new FormulaFault('formulaTooDeep', t.pos, { max: FORMULA_LIMITS.depth });
      const operand = unary(nesting + 1);
      return t.text === '+' ? operand : built({ kind: 'negate', operand, pos: t.pos }, [operand]);
    }
    return primary(nesting);
  }

  function primary(nesting: number): SyntaxNode {
    const t = next();
    switch (t.kind) {
      case 'number':
        return built({ kind: 'number', value: t.text, pos: t.pos }, []);
      case 'text':
        return built({ kind: 'text', value: t.text, pos: t.pos }, []);
      case '(': {
        const inner = expression(0, nesting + 1);
        expect(')', '")"');
        return inner;
      }
      case 'global': {
        const name = dotted(t.text);
        return built({ kind: 'global', name, pos: t.pos }, []);
      }
      case 'name': {
        const upper = t.text.toUpperCase();
        if (peek().kind === '(') return call(t, nesting);
        if (upper === 'TRUE' || upper === 'FALSE') return built({ kind: 'boolean', value: upper === 'TRUE', pos: t.pos }, []);
        return built({ kind: 'field', path: dotted(t.text), pos: t.pos }, []);
      }
      default:
        throw new FormulaFault(t.kind === 'end' ? 'formulaIncomplete' : 'formulaUnexpected', t.pos, { token: describe(t) });
    }
  }

  function dotted(first: string): string {
    let path = first;
    while (peek().kind === 'op' && peek().text === '.') {
      next();
      const part = expect('name', { en: 'a field name', 'zh-CN': '字段名', 'zh-TW': '欄位名稱' });
      path += `.${part.text}`;
    }
    return path;
  }

  function call(name: Token, nesting: number): SyntaxNode {
    expect('(', '"("');
    const args: SyntaxNode[] = [];
    if (peek().kind !== ')') {
      for (;;) {
        if (args.length >= FORMULA_LIMITS.args) throw new FormulaFault('formulaTooManyArgs', peek().pos, { max: FORMULA_LIMITS.args });
        args.push(expression(0, nesting + 1));
        if (peek().kind !== ',') break;
        next();
      }
    }
    expect(')', '"," / ")"');
    return built({ kind: 'call', name: name.text.toUpperCase(), args: Object.freeze(args), pos: name.pos }, args);
  }
  return { expression, expectEnd };
}

export type { Position };
