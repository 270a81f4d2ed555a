import { DomainError, compileListQuery, render, type FilterNode } from '@mainline/core';
import type { WriteContext } from '../records/write-context.ts';
import { formulaContextOf } from '../records/formula-context.ts';

/**
 * Reads inside a business action. By default as the actor: only records
 * they may reach, only fields they may see — safe to return. With `system`
 * the platform reads on its own behalf for a computation (a credit check
 * needs the credit limit even when the user may not see it); such results
 * are never returned as they are.
 */
export async function findRecords(
  ctx: WriteContext,
  object: string,
  filter?: FilterNode,
  opts: { sort?: { field: string; direction: 'asc' | 'desc' }[]; limit?: number; system?: boolean; fields?: string[] } = {},
): Promise<Record<string, unknown>[]> {
  const def = ctx.metadata.objects[object];
  if (!def) throw new DomainError({ code: 'unknownObject', params: { object } });
  if (!opts.system && !ctx.access.permissions.object(object).read) return [];
  const compiled = compileListQuery({
    metadata: opts.system ? ctx.metadata : ctx.access.view,
    object,
    filter,
    sort: opts.sort,
    fields: opts.fields,
    limit: opts.limit ?? 1000,
    visibility: opts.system ? undefined : ctx.access.visibility(def, 'read'),
    formulaContext: formulaContextOf(ctx.actor, ctx.now),
  });
  const r = render(compiled.select);
  const { rows } = await ctx.tx.query(r.text, r.values);
  return compiled.toPage(rows).records;
}

export const eq = (field: string, value: unknown): FilterNode => ({ field, op: 'eq', value });
export const all = (...nodes: FilterNode[]): FilterNode => ({ and: nodes });
