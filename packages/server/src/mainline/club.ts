import { DomainError, ident, pointsForOrder, qualified, redeem, render, sql, tierFor, validationError, type ObjectDef } from '@mainline/core';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.ts';
import type { ObjectBehaviour } from '../records/object-behaviours.ts';
import { createRecords, lockRecord, updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';
import { refuseDerived } from './derived-fields.ts';
import { internal } from './internal-writes.ts';
import { all, eq, findRecords } from './record-queries.ts';

/**
 * The club: an append-only points ledger whose every entry moves a member's
 * balance, which can never go below zero, and tiers earned by the points
 * collected in the programme's period.
 */

async function ledgerSum(ctx: WriteContext, memberId: string): Promise<number> {
  const r = render(sql`select coalesce(sum(${ident('points')}), 0)::bigint as total from ${qualified(ctx.metadata.schema, 'pointsLedgerEntry')} where ${ident('member')} = ${memberId}::uuid`);
  const { rows } = await ctx.tx.query<{ total: string }>(r.text, r.values);
  return Number(rows[0]!.total);
}

async function lockMember(ctx: WriteContext, memberId: string): Promise<void> {
  const r = render(sql`select 1 from ${qualified(ctx.metadata.schema, 'loyaltyMember')} where ${ident('id')} = ${memberId}::uuid for update`);
  await ctx.tx.query(r.text, r.values);
}

/** Recomputes a member's balance, lifetime points and tier from the ledger. */
async function refreshMember(ctx: WriteContext, memberId: string): Promise<void> {
  const [member] = await findRecords(ctx, 'loyaltyMember', eq('id', memberId), { system: true });
  if (!member) return;
  const [program] = await findRecords(ctx, 'loyaltyProgram', eq('id', member.program), { system: true });
  const months = Number(program?.tierPeriodMonths ?? 12);
  const since = new Date(ctx.now);
  since.setUTCMonth(since.getUTCMonth() - months);
  const r = render(sql`select coalesce(sum(greatest(${ident('points')}, 0)), 0)::bigint as lifetime,
      coalesce(sum(case when ${ident('kind')} = 'earn' and ${ident('occurredAt')} >= ${since.toISOString()}::timestamptz then ${ident('points')} else 0 end), 0)::bigint as period,
      coalesce(sum(${ident('points')}), 0)::bigint as balance
    from ${qualified(ctx.metadata.schema, 'pointsLedgerEntry')} where ${ident('member')} = ${memberId}::uuid`);
  const { rows } = await ctx.tx.query<{ lifetime: string; period: string; balance: string }>(r.text, r.values);
  const tiers = await findRecords(ctx, 'loyaltyTier', eq('program', member.program), { system: true });
  const tier = tierFor(
    Number(rows[0]!.period),
    tiers.map((t) => ({ id: t.id as string, rank: Number(t.rank), minPoints: Number(t.minPoints), multiplier: t.multiplier as string })),
  );
  await updateRecord(internal(ctx), 'loyaltyMember', memberId, { pointsBalance: Number(rows[0]!.balance), lifetimePoints: Number(rows[0]!.lifetime), tier: tier?.id ?? null });
}

const appendOnly = (object: ObjectDef): DomainError => new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'appendOnly', params: { object: object.apiName } }] });

export const CLUB_BEHAVIOURS: Record<string, ObjectBehaviour> = {
  pointsLedgerEntry: {
    async beforeCreate(ctx, _object, rows) {
      // Entries of one member are applied in order against the current balance, under the member's row lock.
      const running = new Map<string, number>();
      for (const [i, row] of rows.entries()) {
        const member = row.member as string;
        if (!running.has(member)) {
          await lockMember(ctx, member);
          running.set(member, await ledgerSum(ctx, member));
        }
        const points = Number(row.points ?? 0);
        const balance = running.get(member)! + points;
        if (balance < 0) {
          throw new DomainError({ code: 'conflict', errors: [{ field: rows.length > 1 ? `[${i}].points` : 'points', code: 'insufficientPoints', params: { balance: running.get(member), needed: -points } }] });
        }
        running.set(member, balance);
        row.balanceAfter = balance;
        row.occurredAt ??= ctx.now.toISOString();
      }
    },
    async afterCreate(ctx, _object, records) {
      for (const member of new Set(records.map((r) => r.member as string))) await refreshMember(ctx, member);
    },
    async beforeUpdate(_ctx, object) {
      throw appendOnly(object);
    },
    async beforeDelete(_ctx, object, _before, depth) {
      if (depth === 0) throw appendOnly(object);
    },
  },
  loyaltyMember: {
    async beforeCreate(ctx, _object, rows) {
      // A new member starts at zero (the fields' default); any other starting balance must come from the ledger.
      rows.forEach((row, i) => refuseDerived(ctx, { pointsBalance: row.pointsBalance || undefined, lifetimePoints: row.lifetimePoints || undefined }, ['pointsBalance', 'lifetimePoints'], rows.length > 1 ? `[${i}].` : ''));
      for (const row of rows) row.joinedOn ??= ctx.now.toISOString().slice(0, 10);
    },
    async beforeUpdate(ctx, _object, _before, values) {
      refuseDerived(ctx, values, ['pointsBalance', 'lifetimePoints']);
    },
  },
};

const redeemBody = z.strictObject({ reward: z.uuid() });

/** Redeems a reward: one negative ledger entry (refused if the balance does not cover it) and one unit of stock. */
export async function redeemReward(ctx: WriteContext, memberId: string, body: unknown): Promise<unknown> {
  const input = parseInput(redeemBody, body);
  const member = await lockRecord(ctx, ctx.metadata.objects.loyaltyMember!, memberId, 'edit');
  const [reward] = await findRecords(ctx, 'reward', all(eq('id', input.reward), eq('program', member.program)));
  if (!reward) throw validationError([{ field: 'reward', code: 'referenceNotFound' }]);
  if (reward.active === false) throw validationError([{ field: 'reward', code: 'invalidValue', params: { detail: 'this reward is not offered any more' } }]);
  if (reward.stock !== null && reward.stock !== undefined && Number(reward.stock) <= 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'reward', code: 'invalidValue', params: { detail: 'out of stock' } }] });
  const cost = Number(reward.pointsCost);
  const check = redeem(Number(member.pointsBalance ?? 0), cost);
  if (!check.ok) throw new DomainError({ code: 'conflict', errors: [{ field: 'reward', code: 'insufficientPoints', params: { balance: member.pointsBalance ?? 0, needed: cost } }] });
  const [entry] = await createRecords(ctx, 'pointsLedgerEntry', [{ member: memberId, kind: 'redeem', points: -cost, reward: reward.id, description: String(reward.name) }]);
  if (reward.stock !== null && reward.stock !== undefined) await updateRecord(internal(ctx), 'reward', reward.id as string, { stock: Number(reward.stock) - 1 });
  const [after] = await findRecords(ctx, 'loyaltyMember', eq('id', memberId));
  return { member: after, entry };
}

/** Points for a fulfilled order, to every active member of the order's account, by programme rate and tier multiplier. */
export async function earnPointsForOrder(ctx: WriteContext, order: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  if (!order.account) return [];
  const members = await findRecords(ctx, 'loyaltyMember', all(eq('account', order.account), eq('status', 'active')), { system: true });
  const entries: Record<string, unknown>[] = [];
  for (const m of members) {
    const [program] = await findRecords(ctx, 'loyaltyProgram', eq('id', m.program), { system: true });
    if (!program || program.active === false) continue;
    const [tier] = m.tier ? await findRecords(ctx, 'loyaltyTier', eq('id', m.tier), { system: true }) : [];
    const points = pointsForOrder({ orderTotal: order.total, pointsPerUnit: program.pointsPerUnit, multiplier: tier?.multiplier });
    if (points <= 0) continue;
    const made = await createRecords(internal(ctx), 'pointsLedgerEntry', [{ member: m.id, kind: 'earn', points, order: order.id, description: String(order.name) }]);
    entries.push(...made);
  }
  return entries;
}
