import { DomainError, prepareWrite, toProblem, validationError, type Locale, type Problem } from '@mainline/core';
import { z } from 'zod';
import { objectFor } from '../access/record-access.ts';
import { parseInput, uuidText } from '../http/parse-input.ts';
import { deleteRecord, refuseFieldsOutOfReach, updateRecord } from './record-service.ts';
import type { WriteContext } from './write-context.ts';

/**
 * Mass update and delete from a list, as CRM users know them: each record
 * is its own transaction through the one write path, so a record that a
 * validation rule, an approval lock or the actor's reach refuses is
 * reported with its reason while the others are saved. What is wrong with
 * the request itself (object, permission, values, ids) refuses it whole
 * before anything is written.
 */

export const MAX_BULK_RECORDS = 200;

export const bulkInput = z
  .object({
    action: z.enum(['update', 'delete']),
    ids: z.array(uuidText()).min(1).max(MAX_BULK_RECORDS),
    values: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type BulkOutcome = { id: string; ok: true } | { id: string; ok: false; problem: Problem };
export type BulkResult = { succeeded: number; failed: number; results: BulkOutcome[] };

type WriteOne = <T>(fn: (ctx: WriteContext) => Promise<T>) => Promise<T>;

export async function runBulk(ctx: Pick<WriteContext, 'metadata' | 'access'>, objectName: string, body: unknown, locale: Locale, writeOne: WriteOne): Promise<BulkResult> {
  const input = parseInput(bulkInput, body);
  const object = objectFor(ctx.metadata, ctx.access, objectName, input.action === 'delete' ? 'delete' : 'edit');
  const ids = input.ids.map((id) => id.toLowerCase());
  const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (twice >= 0) throw validationError([{ field: `ids[${twice}]`, code: 'alreadyExists', params: { value: ids[twice] } }]);
  if (input.action === 'update') {
    if (!input.values || Object.keys(input.values).length === 0) throw validationError([{ field: 'values', code: 'required' }]);
    refuseFieldsOutOfReach(ctx, object, input.values, 'values.');
    prepareWrite({ object, body: input.values, mode: 'update', pathPrefix: 'values.' });
  } else if (input.values !== undefined) {
    throw validationError([{ field: 'values', code: 'unknownField' }]);
  }

  const results: BulkOutcome[] = [];
  for (const id of ids) {
    try {
      await writeOne(async (w) => {
        if (input.action === 'delete') await deleteRecord(w, object.apiName, id);
        else await updateRecord(w, object.apiName, id, input.values);
      });
      results.push({ id, ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ id, ok: false, problem: toProblem(error, locale) });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { succeeded, failed: results.length - succeeded, results };
}
