import { DomainError, amountText, customerValues, ident, qualified, render, sql } from '@mainline/core';
import { getRecord, type ReadContext } from '../records/record-reads.ts';
import { updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import type { Actor } from '../auth/sessions.ts';
import { internal } from './internal-writes.ts';
import { all, eq, findRecords } from './record-queries.ts';

/**
 * Customer 360: one call answers everything about an account that the
 * caller may see — its contacts, open opportunities, latest quotes and
 * orders, cases, the activity timeline, survey scores, club status and
 * credit position. Each part is read as the caller, so a section they
 * cannot read is simply null.
 */
export async function customer360(ctx: ReadContext & { tx: ReadContext['q']; actor: Actor }, accountId: string): Promise<Record<string, unknown>> {
  const account = await getRecord(ctx, 'account', accountId);
  // Reads as the caller, at the request's time (formula fields of the records listed depend on both).
  const w = { tx: ctx.q, metadata: ctx.metadata, access: ctx.access, actor: ctx.actor, now: ctx.formula?.now ?? new Date() } as unknown as WriteContext;
  const readable = (o: string) => ctx.access.permissions.object(o).read;
  const list = async (object: string, filter: Parameters<typeof findRecords>[2], sort: string, limit = 20) =>
    readable(object) ? findRecords(w, object, filter, { sort: [{ field: sort, direction: 'desc' }], limit }) : null;
  const closedStages = ['closedWon', 'closedLost'];
  const [contacts, opportunities, quotes, orders, cases, activities, surveys, members] = [
    await list('contact', eq('account', accountId), 'createdAt', 100),
    await list('opportunity', all(eq('account', accountId), { not: { field: 'stage', op: 'in', value: closedStages } }), 'closeDate'),
    await list('quote', eq('account', accountId), 'createdAt', 10),
    await list('order', eq('account', accountId), 'createdAt', 10),
    await list('case', eq('account', accountId), 'createdAt'),
    await list('activity', eq('account', accountId), 'createdAt', 50),
    await list('surveyResponse', all(eq('account', accountId), eq('status', 'answered')), 'respondedAt', 10),
    await list('loyaltyMember', eq('account', accountId), 'createdAt', 10),
  ];
  let credit: Record<string, unknown> | null = null;
  if ('creditLimit' in account || 'receivables' in account) {
    const r = render(sql`select coalesce(sum(${ident('total')}), 0)::numeric(18,2)::text as open from ${qualified(ctx.metadata.schema, 'order')} where ${ident('account')} = ${accountId}::uuid and ${ident('status')} = 'placed'`);
    const { rows } = await ctx.q.query<{ open: string }>(r.text, r.values);
    const limit = amountText(account.creditLimit);
    const receivables = amountText(account.receivables) ?? '0';
    const used = (Number(rows[0]!.open) + Number(receivables)).toFixed(2);
    credit = { limit, receivables, openOrders: rows[0]!.open, available: limit === null ? null : (Number(limit) - Number(used)).toFixed(2) };
  }
  return {
    account,
    contacts,
    openOpportunities: opportunities,
    quotes,
    orders,
    cases,
    activities,
    satisfaction: surveys === null ? null : { csatAverage: account.csatAverage ?? null, npsLatest: account.npsLatest ?? null, responses: surveys },
    club: members,
    credit,
    value: { rfmScore: account.rfmScore ?? null, valueLevel: account.valueLevel ?? null, lastOrderDate: account.lastOrderDate ?? null },
  };
}

/**
 * Recalculates every account's RFM score and value level from its placed
 * and fulfilled orders. An administrator's (modify-all) action: it reads
 * all orders and writes every scored account.
 */
export async function recalculateCustomerValue(ctx: WriteContext): Promise<unknown> {
  if (!ctx.access.permissions.object('account').modifyAll) throw new DomainError({ code: 'forbidden', errors: [{ field: 'object', code: 'invalidValue', params: { detail: 'recalculating customer value needs modify-all on accounts' } }] });
  const r = render(sql`select ${ident('account')} as account, count(*)::int as orders, coalesce(sum(${ident('total')}), 0)::text as total,
      max(coalesce(${ident('orderDate')}, ${ident('createdAt')}::date))::text as last
    from ${qualified(ctx.metadata.schema, 'order')} where ${ident('status')} in ('placed', 'fulfilled') group by ${ident('account')}`);
  const { rows } = await ctx.tx.query<{ account: string; orders: number; total: string; last: string }>(r.text, r.values);
  const values = customerValues(rows.map((x) => ({ accountId: x.account, orders: x.orders, total: x.total, lastOrderDate: x.last })), ctx.now.toISOString().slice(0, 10));
  const sys = internal(ctx);
  for (const v of values) await updateRecord(sys, 'account', v.accountId, { rfmScore: v.score, valueLevel: v.level });
  return { scored: values.length, accounts: values };
}
