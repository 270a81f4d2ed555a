import { checkFormula, DomainError, FORMULA_LIMITS, FORMULA_TYPES, formatMessage } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AccessCache } from '../access/access-store.ts';
import { authed } from '../auth/authenticate.ts';
import type { Database } from '../db/port.ts';
import { requestLocale } from '../http/problem.ts';
import { parseInput } from '../http/parse-input.ts';
import type { MetadataCache } from '../metadata/metadata-store.ts';

const checkBody = z.strictObject({
  object: z.string().min(1).max(100),
  formula: z.string().max(FORMULA_LIMITS.length),
  returnType: z.enum([...FORMULA_TYPES.filter((t) => t !== 'picklist'), 'currency']).optional(),
  /** Check as a validation-rule condition: PRIORVALUE and ISCHANGED allowed. */
  rule: z.boolean().optional(),
});

/**
 * `POST /api/formula/check`: type-checks a formula for an editor. A formula
 * that does not check is an answer, not a bad request: 200 with
 * `valid: false` and the error's line, column and message in the caller's
 * language. The caller's view of the metadata is used, so fields hidden
 * from them are unknown and objects they cannot read do not exist.
 */
export function formulaRoutes(deps: { db: Database; metadata: MetadataCache; access: AccessCache }) {
  return async (app: FastifyInstance) => {
    app.post('/api/formula/check', { config: { access: 'user' as const } }, async (request) => {
      const body = parseInput(checkBody, request.body);
      const { actor, workspace } = authed(request);
      const full = await deps.metadata.load(deps.db, workspace);
      const view = (await deps.access.forActor(deps.db, actor, workspace, full)).view;
      if (!Object.hasOwn(view.objects, body.object)) throw new DomainError({ code: 'unknownObject', params: { object: body.object } });
      const returnType = body.returnType === 'currency' ? 'number' : body.returnType;
      const checked = checkFormula({ metadata: view, object: body.object, source: body.formula, rule: body.rule, returnType });
      if (checked.ok) return { valid: true, type: checked.type, fields: checked.paths };
      const { code, line, column, params } = checked.problem;
      return { valid: false, error: { code, line, column, message: formatMessage(code, params, requestLocale(request)) } };
    });
  };
}
