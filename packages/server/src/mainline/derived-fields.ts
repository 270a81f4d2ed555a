import { DomainError, type FieldProblem } from '@mainline/core';
import type { WriteContext } from '../records/write-context.ts';

/** Fields only business logic writes (balances, totals): a caller setting them is refused by name. */
export function refuseDerived(ctx: WriteContext, values: Record<string, unknown>, fields: readonly string[], prefix: string = ''): void {
  if (ctx.internal) return;
  const problems: FieldProblem[] = fields.filter((f) => f in values && values[f] !== null && values[f] !== undefined).map((f) => ({ field: prefix + f, code: 'readOnlyField' }));
  if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
}
