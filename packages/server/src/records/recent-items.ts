import { compileRecordSelect, ident, qualified, render, sql, validationError } from '@mainline/core';
import { z } from 'zod';
import { objectFor } from '../access/record-access.ts';
import { parseInput, uuidText } from '../http/parse-input.ts';
import { getRecord, refuseUnknownParams, type QueryParams, type ReadContext } from './record-reads.ts';

/**
 * "Recent items": the records a user opened, newest first. The web app
 * reports each record page it shows; only a record the user can open is
 * remembered, at most MAX_PER_USER per user (the oldest go). Reading them
 * back re-checks permissions and visibility as of now, so a record since
 * deleted, or no longer shared, or of an object since hidden, drops out.
 */

export const MAX_RECENT_PER_USER = 50;

export const viewBody = z.strictObject({ object: z.string().min(1).max(100), id: uuidText() });

const table = (ctx: ReadContext) => qualified(ctx.metadata.schema, '_recent_items');

export async function rememberView(ctx: ReadContext, body: unknown, now: Date): Promise<void> {
  const input = parseInput(viewBody, body);
  await getRecord(ctx, input.object, input.id, { fields: 'id' });
  const [user, object, id] = [ctx.access.userId, input.object, input.id.toLowerCase()];
  const upsert = render(sql`insert into ${table(ctx)} (user_id, object, record_id, viewed_at) values (${user}::uuid, ${object}, ${id}::uuid, ${now.toISOString()}::timestamptz)
      on conflict (user_id, object, record_id) do update set viewed_at = excluded.viewed_at`);
  await ctx.q.query(upsert.text, upsert.values);
  const trim = render(sql`delete from ${table(ctx)} where user_id = ${user}::uuid and (object, record_id) not in (
      select object, record_id from ${table(ctx)} where user_id = ${user}::uuid order by viewed_at desc limit ${MAX_RECENT_PER_USER})`);
  await ctx.q.query(trim.text, trim.values);
}

export type RecentItem = { object: string; id: string; name: string | null; viewedAt: string };

export async function recentItems(ctx: ReadContext, params: QueryParams): Promise<{ items: RecentItem[] }> {
  refuseUnknownParams(params, new Set(['limit']));
  const limitText = params.limit;
  if (limitText !== undefined && (typeof limitText !== 'string' || !/^\d{1,2}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_RECENT_PER_USER)) {
    throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: `a whole number from 1 to ${MAX_RECENT_PER_USER}` } }], 'invalidQuery');
  }
  const limit = limitText === undefined ? 20 : Number(limitText);
  const r = render(sql`select object, record_id::text as id, viewed_at from ${table(ctx)} where user_id = ${ctx.access.userId}::uuid order by viewed_at desc`);
  const { rows } = await ctx.q.query<{ object: string; id: string; viewed_at: string | Date }>(r.text, r.values);
  const names = new Map<string, string | null>();
  for (const objectName of new Set(rows.map((row) => row.object))) {
    const readable = Object.hasOwn(ctx.access.view.objects, objectName) && ctx.access.permissions.object(objectName).read;
    if (!readable) continue;
    const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
    const ids = rows.filter((row) => row.object === objectName).map((row) => row.id);
    const hasName = ctx.access.view.objects[objectName]!.fields.some((f) => f.apiName === 'name');
    const compiled = compileRecordSelect({
      metadata: ctx.access.view,
      object: objectName,
      visibility: ctx.access.visibility(object, 'read'),
      fields: hasName ? ['name'] : [],
      where: (alias) => sql`${ident(alias)}.${ident('id')} = any(${ids}::uuid[])`,
      ...(ctx.formula ? { formulaContext: ctx.formula } : {}),
    });
    const s = render(compiled.select);
    for (const row of (await ctx.q.query(s.text, s.values)).rows) {
      const record = compiled.toRecord(row);
      names.set(`${objectName}/${String(record.id)}`, typeof record.name === 'string' ? record.name : null);
    }
  }
  const items = rows
    .filter((row) => names.has(`${row.object}/${row.id}`))
    .slice(0, limit)
    .map((row) => ({ object: row.object, id: row.id, name: names.get(`${row.object}/${row.id}`) ?? null, viewedAt: new Date(row.viewed_at).toISOString() }));
  return { items };
}
