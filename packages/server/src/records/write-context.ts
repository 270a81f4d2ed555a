import { quoteIdent, type WorkspaceMetadata } from '@mainline/core';
import type { RecordAccess } from '../access/record-access.ts';
import type { ObjectBehaviour } from './object-behaviours.ts';
import type { Actor } from '../auth/sessions.ts';
import type { Database, Queryable } from '../db/port.ts';

export type PendingEvent = { object: string; recordId: string; ownerId: string | null; operation: 'create' | 'update' | 'delete'; changedFields: string[] };

/** One write transaction: every operation inside it joins, and events are flushed just before commit. */
export type WriteContext = {
  tx: Queryable;
  actor: Actor;
  /** The full metadata: rows are written whole, whatever the actor may see. */
  metadata: WorkspaceMetadata;
  /** What the actor may do; every write checks it. */
  access: RecordAccess;
  now: Date;
  events: PendingEvent[];
  /** Set by business logic writing fields it derives (balances, totals), which callers may not write themselves. */
  internal?: boolean;
  /** Business logic attached to objects; given by the composition root, so the write path does not import the mainline. */
  behaviours?: (object: string) => ObjectBehaviour | undefined;
  /** Set when an automation job makes the write: its rule, and how deep the chain of rules starting rules is. */
  automation?: AutomationMarker;
};

/** `rule` is "object.rule"; history and events carry it, so a change made by automation says so (the actor stays the user). */
export type AutomationMarker = { rule: string; jobId: string; depth: number };

type WriteOptions = { actor: Actor; metadata: WorkspaceMetadata; access: RecordAccess; now?: () => Date; behaviours?: WriteContext['behaviours']; automation?: AutomationMarker };

export async function runWrite<T>(db: Database, opts: WriteOptions, fn: (ctx: WriteContext) => Promise<T>): Promise<T> {
  return db.transaction((tx) => writeWithin(tx, opts, fn));
}

/** A write inside a transaction the caller owns (an automation job marks itself done in the same one). */
export async function writeWithin<T>(tx: Queryable, opts: WriteOptions, fn: (ctx: WriteContext) => Promise<T>): Promise<T> {
  const ctx: WriteContext = { tx, actor: opts.actor, metadata: opts.metadata, access: opts.access, behaviours: opts.behaviours, now: (opts.now ?? (() => new Date()))(), events: [], ...(opts.automation ? { automation: opts.automation } : {}) };
  const result = await fn(ctx);
  await flushEvents(ctx);
  return result;
}

/**
 * Events take their sequence numbers from a one-row counter as the last
 * step before commit. The row lock is held until commit, so within a
 * workspace sequence order is commit order and a reader following
 * `after=<seq>` can never miss an event that commits late.
 */
async function flushEvents(ctx: WriteContext): Promise<void> {
  const n = ctx.events.length;
  if (n === 0) return;
  const schema = quoteIdent(ctx.metadata.schema);
  const { rows } = await ctx.tx.query<{ last: string }>(`update ${schema}._event_counter set last = last + $1 where id = 1 returning last`, [n]);
  const first = BigInt(rows[0]!.last) - BigInt(n) + 1n;
  const payload = ctx.events.map((e, i) => ({ seq: (first + BigInt(i)).toString(), object: e.object, record_id: e.recordId, owner_id: e.ownerId, operation: e.operation, changed_fields: e.changedFields }));
  await ctx.tx.query(
    `insert into ${schema}._events (seq, object, record_id, owner_id, operation, changed_fields, actor_id, occurred_at, automation)
     select e.seq, e.object, e.record_id, e.owner_id, e.operation, e.changed_fields, $1::uuid, $2::timestamptz, $4::text
       from jsonb_to_recordset($3::jsonb) as e(seq bigint, object text, record_id uuid, owner_id uuid, operation text, changed_fields text[])`,
    [ctx.actor.userId, ctx.now.toISOString(), JSON.stringify(payload), ctx.automation?.rule ?? null],
  );
}
