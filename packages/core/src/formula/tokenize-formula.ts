import { FORMULA_LIMITS, FormulaFault } from './formula-problem.ts';
import type { Position } from './formula-nodes.ts';

/**
 * Splits formula source into tokens, each with its line and column.
 * Names are ASCII (API names and function names); Chinese and any other
 * text belongs in quoted literals, which count one column per character.
 */

export type TokenKind = 'number' | 'text' | 'name' | 'global' | 'op' | '(' | ')' | ',' | 'end';
export type Token = { readonly kind: TokenKind; readonly text: string; readonly pos: Position };

const OPERATORS = ['<=', '>=', '<>', '!=', '==', '&&', '||', '+', '-', '*', '/', '&', '=', '<', '>', '.'];
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t' };

export function tokenizeFormula(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  // Columns count code points, so a surrogate pair (e.g. 𠮷) is one column.
  const posAt = (offset: number): Position => ({ line, column: [...source.slice(lineStart, offset)].length + 1 });
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\u3000') {
      i++;
      continue;
    }
    const pos = posAt(i);
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)/.exec(source.slice(i))!;
      if (m[0].replace('.', '').length > FORMULA_LIMITS.numberDigits) throw new FormulaFault('formulaNumberTooLong', pos, { max: FORMULA_LIMITS.numberDigits });
      tokens.push({ kind: 'number', text: m[0], pos });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        const d = source[j];
        if (d === undefined || d === '\n') throw new FormulaFault('formulaUnterminatedText', pos);
        if (d === c) break;
        if (d === '\\') {
          const e = source[j + 1];
          if (e === undefined || !Object.hasOwn(ESCAPES, e)) throw new FormulaFault('formulaBadEscape', posAt(j));
          value += ESCAPES[e];
          j += 2;
          continue;
        }
        if (d === '\u0000') throw new FormulaFault('formulaUnexpected', posAt(j), { token: 'NUL' });
        value += d;
        j++;
      }
      tokens.push({ kind: 'text', text: value, pos });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c) || (c === '$' && /[A-Za-z]/.test(source[i + 1] ?? ''))) {
      const m = /^\$?[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: c === '$' ? 'global' : 'name', text: m[0], pos });
      i += m[0].length;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, pos });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos });
      i += op.length;
      continue;
    }
    throw new FormulaFault('formulaUnexpected', pos, { token: [...source.slice(i)][0] });
  }
  tokens.push({ kind: 'end', text: '', pos: posAt(source.length) });
  return tokens;
}
