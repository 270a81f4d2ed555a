import { isUuid, qualified, render, sql, validationError, type ObjectDef } from '@mainline/core';
import { objectFor } from '../access/record-access.ts';
import { getRecord, refuseUnknownParams, type QueryParams, type ReadContext } from './record-reads.ts';
import { referenceName, visibleReference } from './visible-references.ts';
import type { ApiRecord } from './record-service.ts';
import type { WriteContext } from './write-context.ts';

/**
 * Following a record, as CRM users know it: a follower is told in the app
 * (`_notifications`) when someone else changes or deletes the record.
 * Only a record the caller can read can be followed; a follow is explicit
 * (creating or owning a record does not follow it). Reads re-check
 * visibility as of now, so a record since hidden or deleted drops out.
 */

const follows = (schema: string) => qualified(schema, '_follows');

function recordId(id: string): string {
  if (!isUuid(id)) throw validationError([{ field: 'id', code: 'invalidFormat', params: { format: 'UUID' } }]);
  return id.toLowerCase();
}

async function run(ctx: Pick<ReadContext, 'q'>, statement: ReturnType<typeof sql>) {
  const r = render(statement);
  return ctx.q.query<Record<string, unknown>>(r.text, r.values);
}

/** Idempotent: following twice is one follow. A record the caller cannot read is "not found". */
export async function followRecord(ctx: ReadContext, objectName: string, id: string, now: Date): Promise<void> {
  const key = recordId(id);
  await getRecord(ctx, objectName, key, { fields: 'id' });
  await run(ctx, sql`insert into ${follows(ctx.metadata.schema)} (user_id, object, record_id, created_at)
      values (${ctx.access.userId}::uuid, ${objectName}, ${key}::uuid, ${now.toISOString()}::timestamptz) on conflict do nothing`);
}

/** Idempotent, and allowed for a record the caller no longer sees: it only removes their own follow. */
export async function unfollowRecord(ctx: ReadContext, objectName: string, id: string): Promise<void> {
  const key = recordId(id);
  objectFor(ctx.metadata, ctx.access, objectName, 'read');
  await run(ctx, sql`delete from ${follows(ctx.metadata.schema)} where user_id = ${ctx.access.userId}::uuid and object = ${objectName} and record_id = ${key}::uuid`);
}

export async function followState(ctx: ReadContext, objectName: string, id: string): Promise<{ following: boolean; followers: number }> {
  const key = recordId(id);
  await getRecord(ctx, objectName, key, { fields: 'id' });
  const { rows } = await run(ctx, sql`select count(*)::int as followers, bool_or(user_id = ${ctx.access.userId}::uuid) as following
      from ${follows(ctx.metadata.schema)} where object = ${objectName} and record_id = ${key}::uuid`);
  return { following: rows[0]?.following === true, followers: Number(rows[0]?.followers ?? 0) };
}

export const MAX_FOLLOWS_PAGE = 100;
export type FollowedRecord = { object: string; id: string; name: string | null; followedAt: string };

const cursorOf = (row: { created_at: Date | string; object: string; id: string }) =>
  Buffer.from(JSON.stringify([new Date(row.created_at).toISOString(), row.object, row.id])).toString('base64url');

function parseCursor(text: unknown): [string, string, string] | undefined {
  if (text === undefined) return undefined;
  const bad = () => validationError([{ field: 'cursor', code: 'invalidFormat', params: { format: 'cursor from a previous page' } }], 'invalidQuery');
  if (typeof text !== 'string' || text.length > 300) throw bad();
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && typeof v[2] === 'string' && isUuid(v[2])) {
      return [v[0], v[1], v[2]];
    }
  } catch {
    // falls through to the problem below
  }
  throw bad();
}

/** The caller's followed records, newest follow first, that they can still see (deleted or hidden ones are left out). */
export async function listFollows(ctx: ReadContext, params: QueryParams): Promise<{ follows: FollowedRecord[]; nextCursor: string | null }> {
  refuseUnknownParams(params, new Set(['object', 'limit', 'cursor']));
  const { object, limit: limitText } = params;
  if (object !== undefined && (typeof object !== 'string' || !Object.hasOwn(ctx.access.view.objects, object))) {
    throw validationError([{ field: 'object', code: 'invalidValue', params: { detail: 'an object you can read' } }], 'invalidQuery');
  }
  if (limitText !== undefined && (typeof limitText !== 'string' || !/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_FOLLOWS_PAGE)) {
    throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: `a whole number from 1 to ${MAX_FOLLOWS_PAGE}` } }], 'invalidQuery');
  }
  const limit = limitText === undefined ? 50 : Number(limitText);
  const cursor = parseCursor(params.cursor);
  const ref = { object: sql`f.object`, recordId: sql`f.record_id` };
  const { rows } = await run(ctx, sql`select f.object, f.record_id::text as id, f.created_at, ${referenceName(ctx, ref)} as name
      from ${follows(ctx.metadata.schema)} f
     where f.user_id = ${ctx.access.userId}::uuid
       ${object === undefined ? sql`` : sql`and f.object = ${object}`}
       ${cursor ? sql`and (f.created_at, f.object, f.record_id) < (${cursor[0]}::timestamptz, ${cursor[1]}::text, ${cursor[2]}::uuid)` : sql``}
       and ${visibleReference(ctx, ref)}
     order by f.created_at desc, f.object desc, f.record_id desc limit ${limit + 1}`);
  const page = rows.slice(0, limit) as { object: string; id: string; created_at: Date | string; name: string | null }[];
  return {
    follows: page.map((r) => ({ object: r.object, id: r.id, name: r.name, followedAt: new Date(r.created_at).toISOString() })),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!) : null,
  };
}

export type FollowedChange = { record: ApiRecord; operation: 'update' | 'delete'; fields: string[] };

/**
 * The write path tells a record's followers of a change, in the write's own
 * transaction (a rolled-back write tells nobody): one INSERT … SELECT per
 * change, whatever the number of followers; the author is never told of
 * their own change. The notification names the fields (API names), never a
 * value. Whether the follower may see the record, and which of the fields,
 * is checked when they read their notifications (their access as of then).
 * Deleting a record deletes its follows in the same statement.
 */
export async function notifyFollowers(ctx: WriteContext, object: ObjectDef, change: FollowedChange): Promise<void> {
  const table = follows(ctx.metadata.schema);
  const id = String(change.record.id);
  const followers =
    change.operation === 'delete'
      ? sql`(delete from ${table} where object = ${object.apiName} and record_id = ${id}::uuid returning user_id)`
      : sql`(select user_id from ${table} where object = ${object.apiName} and record_id = ${id}::uuid)`;
  const name = typeof change.record.name === 'string' ? change.record.name.slice(0, 255) : null;
  const statement = render(sql`with followers as ${followers}
      insert into ${qualified(ctx.metadata.schema, '_notifications')} (id, user_id, object, record_id, rule, message, created_at, kind, actor_id, operation, fields, owner_id, record_name)
      select gen_random_uuid(), f.user_id, ${object.apiName}, ${id}::uuid, ${ctx.automation?.rule ?? null}::text, '{}'::jsonb, ${ctx.now.toISOString()}::timestamptz, 'follow',
             ${ctx.actor.userId}::uuid, ${change.operation}, ${change.fields}::text[], ${(change.record.ownerId as string | undefined) ?? null}::uuid, ${name}::text
        from followers f where f.user_id <> ${ctx.actor.userId}::uuid`);
  await ctx.tx.query(statement.text, statement.values);
}
