import { checkFormula, evaluateFormula, ident, qualified, render, sql, type ObjectDef } from '@mainline/core';
import { updateRecord } from '../records/record-service.ts';
import type { WriteContext } from '../records/write-context.ts';

/**
 * Runs an assignment rule on a record: the first entry whose condition
 * holds names the new owner — a user, the next active user of a role in
 * turn (the turn is kept in the workspace, under a row lock, so concurrent
 * jobs take different users), or the active user of a role owning the
 * fewest records of the object. No matching entry leaves the owner as is.
 */
export async function assignOwner(ctx: WriteContext, object: ObjectDef, record: Record<string, unknown>, ruleName: string): Promise<void> {
  const rule = (object.assignmentRules ?? []).find((r) => r.apiName === ruleName && r.active);
  if (!rule) throw new Error(`assignment rule ${object.apiName}.${ruleName} does not exist or is inactive`);
  const context = { now: ctx.now, timeZone: ctx.actor.timeZone, user: { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email } };
  for (const [i, entry] of rule.entries.entries()) {
    if (entry.condition) {
      const checked = checkFormula({ metadata: ctx.metadata, object: object.apiName, source: entry.condition, returnType: 'boolean' });
      if (!checked.ok || evaluateFormula(checked.tree, { record, context }) !== true) continue;
    }
    const owner = await pickUser(ctx, object, ruleName, i, entry.assignTo);
    if (!owner) throw new Error(`assignment rule ${object.apiName}.${ruleName}, entry ${i}: nobody active to assign to`);
    if (owner !== record.ownerId) await updateRecord(ctx, object.apiName, record.id as string, { ownerId: owner });
    return;
  }
}

async function pickUser(ctx: WriteContext, object: ObjectDef, rule: string, entry: number, to: { user: string } | { roleRoundRobin: string } | { roleLeastLoaded: string }): Promise<string | undefined> {
  const ws = ctx.actor.workspaceId;
  if ('user' in to) {
    const { rows } = await ctx.tx.query<{ id: string }>('select id from mainline.users where id = $1 and workspace_id = $2 and active', [to.user, ws]);
    return rows[0]?.id;
  }
  if ('roleLeastLoaded' in to) {
    const r = render(sql`select u.id, (select count(*) from ${qualified(ctx.metadata.schema, object.apiName)} t where t.${ident('ownerId')} = u.id) as n
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
