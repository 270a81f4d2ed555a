import type { MessageCode } from '../errors/messages.ts';
import type { Position } from './formula-nodes.ts';

/**
 * What is wrong with a formula, and where. Messages are localised through
 * the usual message table; `line` and `column` are also params, so every
 * message can say where.
 */
export type FormulaProblem = { readonly code: MessageCode; readonly line: number; readonly column: number; readonly params: Record<string, unknown> };

/** Thrown inside the parser and checker only; the public functions return it as a result. */
export class FormulaFault extends Error {
  readonly problem: FormulaProblem;
  constructor(code: MessageCode, pos: Position, params: Record<string, unknown> = {}) {
    super(code);
    this.problem = { code, line: pos.line, column: pos.column, params: { ...params, line: pos.line, column: pos.column } };
  }
}

export const FORMULA_LIMITS = {
  /** Characters of source; enough for any rule a person writes by hand. */
  length: 5000,
  /** Depth of the tree (nested calls, parentheses and operator chains). */
  depth: 60,
  /** Arguments of one call. */
  args: 100,
  /** Digits of a number literal. */
  numberDigits: 40,
} as const;

/** Type names as the administrator reads them, in each language (formatMessage picks the caller's). */
export const TYPE_NAMES = {
  number: { en: 'a number', 'zh-CN': '数字', 'zh-TW': '數字' },
  text: { en: 'text', 'zh-CN': '文本', 'zh-TW': '文字' },
  boolean: { en: 'true/false', 'zh-CN': '布尔值', 'zh-TW': '布林值' },
  date: { en: 'a date', 'zh-CN': '日期', 'zh-TW': '日期' },
  datetime: { en: 'a date and time', 'zh-CN': '日期时间', 'zh-TW': '日期時間' },
  picklist: { en: 'a picklist value', 'zh-CN': '选项值', 'zh-TW': '選項值' },
} as const;
