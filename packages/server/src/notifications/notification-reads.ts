import { DomainError, formatMessage, isUuid, qualified, render, sql, validationError, type Locale, type LocalizedText } from '@mainline/core';
import { refuseUnknownParams, type QueryParams, type ReadContext } from '../records/record-reads.ts';
import { referenceName, visibleReference } from '../records/visible-references.ts';

/**
 * Each user's in-app notifications: messages automation and approvals
 * wrote ('message'), and changes to records they follow ('follow'). A
 * follow notification is shown only while the reader may see the record
 * (a deleted one: while they see its owner's records), names only fields
 * the reader may see, with their labels, and is worded when read.
 */

export const MAX_UNREAD_COUNTED = 100;
const LOCALES: readonly Locale[] = ['zh-CN', 'zh-TW', 'en'];

export type Notification = {
  id: string;
  kind: 'message' | 'follow';
  object: string | null;
  recordId: string | null;
  recordName: string | null;
  rule: string | null;
  message: LocalizedText;
  createdAt: string;
  readAt: string | null;
  /** Follow notifications: who changed the record, how, and which fields (API names). */
  actor?: { id: string; name: string | null };
  operation?: 'update' | 'delete';
  fields?: string[];
};

const table = (ctx: ReadContext) => qualified(ctx.metadata.schema, '_notifications');

function shown(ctx: ReadContext) {
  const ref = { object: sql`n.object`, recordId: sql`n.record_id`, deleted: { when: sql`n.operation = 'delete'`, ownerId: sql`n.owner_id` } };
  return { where: sql`(n.kind <> 'follow' or ${visibleReference(ctx, ref)})`, name: referenceName(ctx, ref) };
}

export async function listNotifications(ctx: ReadContext, params: QueryParams): Promise<{ notifications: Notification[]; unread: number }> {
  refuseUnknownParams(params, new Set(['unread', 'limit']));
  const { unread, limit: limitText } = params;
  if (unread !== undefined && unread !== 'true' && unread !== 'false') throw validationError([{ field: 'unread', code: 'wrongType', params: { expected: 'true or false' } }], 'invalidQuery');
  if (limitText !== undefined && (typeof limitText !== 'string' || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000)) {
    throw validationError([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }], 'invalidQuery');
  }
  const { where, name } = shown(ctx);
  const me = ctx.access.userId;
  const list = render(sql`select n.id, n.kind, n.object, n.record_id, n.rule, n.message, n.created_at, n.read_at, n.actor_id, n.operation, n.fields,
         coalesce(case when n.operation = 'delete' then null else ${name} end, n.record_name) as record_name, u.name as actor_name
      from ${table(ctx)} n left join mainline.users u on u.id = n.actor_id
     where n.user_id = ${me}::uuid ${unread === 'true' ? sql`and n.read_at is null` : sql``} and ${where}
     order by n.created_at desc, n.id desc limit ${limitText === undefined ? 100 : Number(limitText)}`);
  const count = render(sql`select count(*)::int as n from (select 1 from ${table(ctx)} n where n.user_id = ${me}::uuid and n.read_at is null and ${where} limit ${MAX_UNREAD_COUNTED}) c`);
  const rows = (await ctx.q.query<Record<string, unknown>>(list.text, list.values)).rows;
  const counted = (await ctx.q.query<{ n: number }>(count.text, count.values)).rows[0]?.n ?? 0;
  return { notifications: rows.map((r) => toNotification(ctx, r)), unread: Number(counted) };
}

function toNotification(ctx: ReadContext, r: Record<string, unknown>): Notification {
  const base = {
    id: String(r.id),
    object: (r.object as string | null) ?? null,
    recordId: (r.record_id as string | null) ?? null,
    recordName: (r.record_name as string | null) ?? null,
    rule: (r.rule as string | null) ?? null,
    createdAt: new Date(r.created_at as string).toISOString(),
    readAt: r.read_at ? new Date(r.read_at as string).toISOString() : null,
  };
  if (r.kind !== 'follow') return { ...base, kind: 'message', message: r.message as LocalizedText };
  const object = ctx.access.view.objects[base.object!]!;
  const fields = ((r.fields as string[] | null) ?? []).filter((f) => object.fields.some((d) => d.apiName === f) && ctx.access.field(object.apiName, f) !== 'hidden');
  const operation = r.operation === 'delete' ? 'delete' : 'update';
  const message = Object.fromEntries(
    LOCALES.map((locale) => {
      const who = (r.actor_name as string | null) ?? formatMessage('followSomeone', {}, locale);
      const actor = base.rule ? formatMessage('followByAutomation', { actor: who }, locale) : who;
      const record = base.recordName ?? base.recordId ?? '';
      const labels = fields.map((f) => {
        const label = object.fields.find((d) => d.apiName === f)!.label;
        return label[locale] ?? label.en ?? label['zh-CN'] ?? f;
      });
      const code = operation === 'delete' ? 'followDeleted' : labels.length > 0 ? 'followChanged' : 'followChangedNoFields';
      return [locale, formatMessage(code, { actor, record, fields: labels.join(locale === 'en' ? ', ' : '、') }, locale)];
    }),
  );
  return { ...base, kind: 'follow', message, actor: { id: String(r.actor_id), name: (r.actor_name as string | null) ?? null }, operation, fields };
}

export async function markRead(ctx: ReadContext, id: string, now: Date): Promise<void> {
  if (!isUuid(id)) throw validationError([{ field: 'id', code: 'invalidFormat', params: { format: 'UUID' } }]);
  const r = render(sql`update ${table(ctx)} set read_at = coalesce(read_at, ${now.toISOString()}::timestamptz) where id = ${id.toLowerCase()}::uuid and user_id = ${ctx.access.userId}::uuid`);
  const { rowCount } = await ctx.q.query(r.text, r.values);
  if (rowCount === 0) throw new DomainError({ code: 'notFound' });
}

/** Marks every unread notification of the caller read; answers how many were. */
export async function markAllRead(ctx: ReadContext, now: Date): Promise<number> {
  const r = render(sql`update ${table(ctx)} set read_at = ${now.toISOString()}::timestamptz where user_id = ${ctx.access.userId}::uuid and read_at is null`);
  return (await ctx.q.query(r.text, r.values)).rowCount ?? 0;
}
