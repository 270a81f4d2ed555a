import { DomainError, granteeKey, type AccessNeed, isUuid, ident, manualShareInput, parseAccessInput, parseGranteeKey, qualified, render, sql, type ObjectDef, type WorkspaceMetadata } from '@mainline/core';
import type { Actor } from '../auth/sessions.ts';
import type { Queryable } from '../db/port.ts';
import { requireInWorkspace } from './access-admin.ts';
import { objectFor, type RecordAccess } from './record-access.ts';

/**
 * Manual sharing of one record, by whoever controls it: its owner, anyone
 * above the owner in the role hierarchy, or someone with modify-all on the
 * object. Shares are rows read live by the visibility predicate, so a share
 * takes effect at commit with no cache to drop.
 */

/** Controlling a record for sharing is what the delete predicate says: own, hierarchy, modify-all. */
export const SHARE_CONTROL: AccessNeed = 'delete';

export type ShareContext = { q: Queryable; metadata: WorkspaceMetadata; access: RecordAccess; actor: Actor };
export type ShareView = { grantee: { type: string; id: string }; granteeKey: string; access: 'read' | 'edit'; cause: string; createdAt: string };

async function controlledRecord(ctx: ShareContext, objectName: string, id: string): Promise<ObjectDef> {
  const object = objectFor(ctx.metadata, ctx.access, objectName, 'read');
  if (!isUuid(id)) throw new DomainError({ code: 'notFound' });
  const table = qualified(ctx.metadata.schema, object.apiName);
  const check = async (pred: ReturnType<RecordAccess['visibility']>) => {
    const r = render(sql`select 1 from ${table} as t0 where t0.${ident('id')} = ${id.toLowerCase()}::uuid ${pred ? sql`and ${pred('t0')}` : sql``}`);
    return (await ctx.q.query(r.text, r.values)).rows.length > 0;
  };
  if (await check(ctx.access.visibility(object, SHARE_CONTROL))) return object;
  if (await check(ctx.access.visibility(object, 'read'))) {
    throw new DomainError({ code: 'forbidden', errors: [{ field: 'id', code: 'invalidValue', params: { detail: 'only the owner, their managers or someone who may modify all records can share this record' } }] });
  }
  throw new DomainError({ code: 'notFound' });
}

export async function listShares(ctx: ShareContext, objectName: string, id: string): Promise<ShareView[]> {
  const object = await controlledRecord(ctx, objectName, id);
  const r = render(sql`select grantee, access, cause, created_at from ${qualified(ctx.metadata.schema, '_shares')} where object = ${object.apiName} and record_id = ${id.toLowerCase()}::uuid order by created_at, grantee`);
  const { rows } = await ctx.q.query<{ grantee: string; access: 'read' | 'edit'; cause: string; created_at: string }>(r.text, r.values);
  return rows.map((s) => ({ grantee: parseGranteeKey(s.grantee) ?? { type: 'unknown', id: s.grantee }, granteeKey: s.grantee, access: s.access, cause: s.cause.startsWith('rule:') ? 'rule' : s.cause, createdAt: new Date(s.created_at).toISOString() }));
}

export async function shareRecord(ctx: ShareContext, objectName: string, id: string, body: unknown): Promise<ShareView> {
  const object = await controlledRecord(ctx, objectName, id);
  const input = parseAccessInput(manualShareInput, body);
  const g = input.grantee;
  const admin = { tx: ctx.q, workspaceId: ctx.actor.workspaceId, actorId: ctx.actor.userId };
  await requireInWorkspace(admin, g.type === 'user' ? 'users' : g.type === 'team' ? 'teams' : 'roles', [g.id], 'grantee.id');
  const key = granteeKey(g);
  const r = render(sql`insert into ${qualified(ctx.metadata.schema, '_shares')} (object, record_id, grantee, access, cause) values (${object.apiName}, ${id.toLowerCase()}::uuid, ${key}, ${input.access}, 'manual')
    on conflict (object, record_id, grantee, cause) do update set access = excluded.access returning created_at`);
  const { rows } = await ctx.q.query<{ created_at: string }>(r.text, r.values);
  return { grantee: g, granteeKey: key, access: input.access, cause: 'manual', createdAt: new Date(rows[0]!.created_at).toISOString() };
}

export async function unshareRecord(ctx: ShareContext, objectName: string, id: string, key: string): Promise<void> {
  const object = await controlledRecord(ctx, objectName, id);
  const r = render(sql`delete from ${qualified(ctx.metadata.schema, '_shares')} where object = ${object.apiName} and record_id = ${id.toLowerCase()}::uuid and grantee = ${key.slice(0, 100)} and cause = 'manual'`);
  const { rowCount } = await ctx.q.query(r.text, r.values);
  if (!rowCount) throw new DomainError({ code: 'notFound' });
}
