import { checkFormula, evaluateFormula, ident, qualified, render, sql, type ObjectDef } from '@mainline/core';
import { updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';

/**
 * Runs an assignment rule on a record: the first entry whose condition
 * holds and that finds someone names the new owner — a user, the next
 * active user of a role in turn (the turn is kept in the workspace, under a
 * row lock, so concurrent jobs take different users), or the active user of
 * a role owning the fewest open records of the object. An entry whose user
 * is inactive or whose role has nobody active is passed over, so an empty
 * role never makes the job fail. When no entry finds anyone the record
 * stays with its owner (normally its creator); an owner who is not an
 * active person (left, or an integration) hands it to the workspace's
 * first active administrator.
 */
export async function assignOwner(ctx: WriteContext, object: ObjectDef, record: Record<string, unknown>, ruleName: string): Promise<void> {
  const rule = (object.assignmentRules ?? []).find((r) => r.apiName === ruleName && r.active);
  if (!rule) throw new Error(`assignment rule ${object.apiName}.${ruleName} does not exist or is inactive`);
  const context = { now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } };
  let owner: string | undefined;
  for (const [i, entry] of rule.entries.entries()) {
    if (entry.condition) {
      const checked = checkFormula({ metadata: ctx.metadata, object: object.apiName, source: entry.condition, returnType: 'boolean' });
      if (!checked.ok || evaluateFormula(checked.tree, { record, context }) !== true) continue;
    }
    owner = await pickUser(ctx, object, ruleName, i, entry.assignTo);
    if (owner) break;
  }
  owner ??= await fallbackOwner(ctx, record.ownerId);
  if (owner && owner !== record.ownerId) await updateRecord(ctx, object.apiName, record.id as string, { ownerId: owner });
}

async function fallbackOwner(ctx: WriteContext, current: unknown): Promise<string | undefined> {
  const { rows } = await ctx.tx.query<{ id: string }>(
    `select id from mainline.users where workspace_id = $1 and active and not is_integration and (id = $2::uuid or is_admin)
      order by (id = $2::uuid) desc, created_at, id limit 1`,
    [ctx.actor.workspaceId, typeof current === 'string' ? current : null],
  );
  return rows[0]?.id;
}

/** Values of the object's status that close a record (meta.closed): closed records are no load. */
function closedStatuses(object: ObjectDef): string[] {
  const status = object.fields.find((f) => f.apiName === 'status' && f.type === 'picklist');
  return (status?.values ?? []).filter((v) => v.meta?.closed === true).map((v) => v.apiName);
}

async function pickUser(ctx: WriteContext, object: ObjectDef, rule: string, entry: number, to: { user: string } | { roleRoundRobin: string } | { roleLeastLoaded: string }): Promise<string | undefined> {
  const ws = ctx.actor.workspaceId;
  if ('user' in to) {
    const { rows } = await ctx.tx.query<{ id: string }>('select id from mainline.users where id = $1 and workspace_id = $2 and active', [to.user, ws]);
    return rows[0]?.id;
  }
  if ('roleLeastLoaded' in to) {
    const closed = closedStatuses(object);
    const open = closed.length > 0 ? sql` and (t.${ident('status')} is null or t.${ident('status')} <> all(${closed}::text[]))` : sql``;
    const r = render(sql`select u.id, (select count(*) from ${qualified(ctx.metadata.schema, object.apiName)} t where t.${ident('ownerId')} = u.id${open}) as n
        from mainline.users u where u.workspace_id = ${ws}::uuid and u.role_id = ${to.roleLeastLoaded}::uuid and u.active order by n, u.id limit 1`);
    const { rows } = await ctx.tx.query<{ id: string }>(r.text, r.values);
    return rows[0]?.id;
  }
  const cursor = qualified(ctx.metadata.schema, '_assignment_cursor');
  const ins = render(sql`insert into ${cursor} (object, rule, entry) values (${object.apiName}, ${rule}, ${entry}) on conflict do nothing`);
  await ctx.tx.query(ins.text, ins.values);
  const sel = render(sql`select last_user from ${cursor} where object = ${object.apiName} and rule = ${rule} and entry = ${entry} for update`);
  const last = (await ctx.tx.query<{ last_user: string | null }>(sel.text, sel.values)).rows[0]?.last_user ?? null;
  const { rows } = await ctx.tx.query<{ id: string }>(
    `select id from mainline.users where workspace_id = $1 and role_id = $2 and active order by (id <= coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'::uuid)), id limit 1`,
    [ws, to.roleRoundRobin, last],
  );
  const next = rows[0]?.id;
  if (next) {
    const upd = render(sql`update ${cursor} set last_user = ${next}::uuid where object = ${object.apiName} and rule = ${rule} and entry = ${entry}`);
    await ctx.tx.query(upd.text, upd.values);
  }
  return next;
}
