import { DomainError, creditCheck, ident, qualified, render, sql } from '@mainline/core';
import { lockRecord, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { earnPointsForOrder } from './club.ts';
import { internal } from './internal-writes.ts';
import { eq, findRecords } from './record-queries.ts';

/**
 * Orders: placing one checks the account's credit — open (placed, not yet
 * fulfilled) orders + receivables + this order must stay within the credit
 * limit — and holds the order with the reason when they do not. Fulfilling
 * an order earns the account's club members their points. The credit
 * figures are account fields today; the finance connector will keep them
 * current.
 */

function refuse(action: string, status: unknown): DomainError {
  return new DomainError({ code: 'conflict', errors: [{ field: 'status', code: 'invalidTransition', params: { action, value: status } }] });
}

async function openOrdersTotal(ctx: WriteContext, accountId: string, except: string): Promise<string> {
  const r = render(sql`select coalesce(sum(${ident('total')}), 0)::text as total from ${qualified(ctx.metadata.schema, 'order')}
     where ${ident('account')} = ${accountId}::uuid and ${ident('status')} = 'placed' and ${ident('id')} <> ${except}::uuid`);
  const { rows } = await ctx.tx.query<{ total: string }>(r.text, r.values);
  return rows[0]!.total;
}

const HOLD_REASON = {
  'zh-CN': (c: ReturnType<typeof creditCheck>) => `信用额度不足：未结订单 + 应收账款 + 本订单 = ${c.exposure}，超出信用额度 ${c.limit}（超出 ${c.over}）。`,
  'zh-TW': (c: ReturnType<typeof creditCheck>) => `信用額度不足：未結訂單 + 應收帳款 + 本訂單 = ${c.exposure}，超出信用額度 ${c.limit}（超出 ${c.over}）。`,
  en: (c: ReturnType<typeof creditCheck>) => `Credit limit exceeded: open orders + receivables + this order = ${c.exposure}, over the limit of ${c.limit} by ${c.over}.`,
};

export async function placeOrder(ctx: WriteContext, orderId: string): Promise<unknown> {
  const order = await lockRecord(ctx, ctx.metadata.objects.order!, orderId, 'edit');
  if (order.status !== 'draft' && order.status !== 'onHold') throw refuse('place', order.status);
  // The account row is locked too: two orders placed at once must not both fit under one limit.
  const r = render(sql`select 1 from ${qualified(ctx.metadata.schema, 'account')} where ${ident('id')} = ${order.account as string}::uuid for update`);
  await ctx.tx.query(r.text, r.values);
  const [account] = await findRecords(ctx, 'account', eq('id', order.account), { system: true });
  const limit = account?.creditLimit;
  const check = limit
    ? creditCheck({ creditLimit: limit, receivables: account!.receivables, openOrders: await openOrdersTotal(ctx, order.account as string, orderId), thisOrder: order.total })
    : undefined;
  if (check && !check.ok) {
    const held = await updateRecord(ctx, 'order', orderId, { status: 'onHold', holdReason: HOLD_REASON[ctx.actor.locale](check) });
    return { order: held, credit: check };
  }
  const placed = await updateRecord(ctx, 'order', orderId, { status: 'placed', holdReason: null, placedAt: ctx.now.toISOString(), orderDate: (order.orderDate as string | null) ?? ctx.now.toISOString().slice(0, 10) });
  await updateRecord(internal(ctx), 'account', order.account as string, { lastOrderDate: ctx.now.toISOString().slice(0, 10) });
  return { order: placed, credit: check ?? null };
}

export async function fulfilOrder(ctx: WriteContext, orderId: string): Promise<unknown> {
  const order = await lockRecord(ctx, ctx.metadata.objects.order!, orderId, 'edit');
  if (order.status !== 'placed') throw refuse('fulfil', order.status);
  const fulfilled = await updateRecord(ctx, 'order', orderId, { status: 'fulfilled' });
  const points = await earnPointsForOrder(ctx, { ...order, ...fulfilled, total: order.total });
  return { order: fulfilled, pointsEarned: points.map((p) => ({ member: p.member, points: p.points })) };
}

export async function cancelOrder(ctx: WriteContext, orderId: string): Promise<unknown> {
  const order = await lockRecord(ctx, ctx.metadata.objects.order!, orderId, 'edit');
  if (order.status === 'fulfilled' || order.status === 'cancelled') throw refuse('cancel', order.status);
  return { order: await updateRecord(ctx, 'order', orderId, { status: 'cancelled' }) };
}
