import type { FormulaContext } from '@mainline/core';
import type { Actor } from '../auth/sessions.ts';

/**
 * What formulas evaluated for a request see: its clock and the acting
 * user (their time zone decides what TODAY() is). Formula fields compile
 * these in as parameters, so a value like "days open" is computed for the
 * reader at the moment they read.
 */
export function formulaContextOf(actor: Actor, now: Date): FormulaContext {
  return { now, timeZone: actor.timeZone, user: { id: actor.userId, name: actor.name, email: actor.email } };
}
