import { DomainError, validationError, type FieldProblem } from '../errors/domain-error.ts';
import type { MessageCode } from '../errors/messages.ts';

/**
 * Query validation collects every problem before throwing, like record
 * validation does, so a client fixes a bad filter, sort and fields in one go.
 */
export type Problems = FieldProblem[];

/** Enough to fix a request; more only makes a huge response from a huge bad filter. */
const MAX_PROBLEMS = 50;

export function report(problems: Problems, field: string, code: MessageCode, params: Record<string, unknown> = {}): void {
  if (problems.length < MAX_PROBLEMS) problems.push({ field, code, params });
}

export function throwIfAny(problems: Problems): void {
  if (problems.length > 0) throw validationError(problems, 'invalidQuery');
}

export function queryError(field: string, code: MessageCode, params: Record<string, unknown> = {}): DomainError {
  return validationError([{ field, code, params }], 'invalidQuery');
}

/** User text echoed into a message is clipped so errors stay small. */
export const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 100)}…` : text);

/** Any input value as message text, without calling into it (a value from code may have no string form at all). */
export const describeInput = (value: unknown): string => (typeof value === 'string' ? clip(value) : value === null ? 'null' : `a ${typeof value}`);
