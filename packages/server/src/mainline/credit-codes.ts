import { DomainError, isValidCreditCode, type FieldProblem } from '@mainline/core';
import type { ObjectBehaviour } from '../records/object-behaviours.ts';

/** Accounts and leads carry a unified social credit code: a typo is caught by its check character, not discovered at invoicing. */
function check(values: Record<string, unknown>, prefix: string, problems: FieldProblem[]): void {
  const code = values.creditCode;
  if (typeof code === 'string' && code !== '' && !isValidCreditCode(code)) problems.push({ field: `${prefix}creditCode`, code: 'invalidCreditCode' });
}

const creditCodeChecked: ObjectBehaviour = {
  async beforeCreate(_ctx, _object, rows) {
    const problems: FieldProblem[] = [];
    rows.forEach((row, i) => check(row, rows.length > 1 ? `[${i}].` : '', problems));
    if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
  },
  async beforeUpdate(_ctx, _object, _before, values) {
    const problems: FieldProblem[] = [];
    check(values, '', problems);
    if (problems.length > 0) throw new DomainError({ code: 'validationFailed', errors: problems });
  },
};

export const CREDIT_CODE_BEHAVIOURS: Record<string, ObjectBehaviour> = { account: creditCodeChecked, lead: creditCodeChecked };
