import { DomainError, parseAccessInput, userInput, userPatch, validationError } from '@mainline/core';
import { announceCacheChange } from '../auth/cache-changes.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordSecurityEvent } from '../auth/security-audit.ts';
import { createUser } from '../auth/users.ts';
import { bumpAccessVersion } from './access-store.ts';
import { requireInWorkspace, type AdminContext } from './access-admin.ts';
import { refreshOwnerRulesFor } from './owner-rules.ts';

/**
 * Workspace administrators manage their users: profile, role, permission
 * sets, teams, language and time zone, administrator flag and whether the
 * account is active. Every change drops the user's cached sessions on every
 * app process at commit.
 */

export type UserView = {
  id: string;
  email: string;
  name: string;
  locale: string;
  timeZone: string;
  isAdmin: boolean;
  isIntegration: boolean;
  active: boolean;
  profileId: string | null;
  roleId: string | null;
  permissionSetIds: string[];
  teamIds: string[];
  lastLoginAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
};

const USER_COLUMNS = `u.id, u.email, u.name, u.locale, u.time_zone, u.is_admin, u.is_integration, u.active, u.profile_id, u.role_id, u.last_login_at, u.locked_until, u.created_at,
  coalesce((select array_agg(permission_set_id order by permission_set_id) from mainline.user_permission_sets where user_id = u.id), '{}') as permission_set_ids,
  coalesce((select array_agg(team_id order by team_id) from mainline.team_members where user_id = u.id), '{}') as team_ids`;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toView(r: Record<string, unknown>): UserView {
  return {
    id: r.id as string,
    email: r.email as string,
    name: r.name as string,
    locale: r.locale as string,
    timeZone: r.time_zone as string,
    isAdmin: r.is_admin as boolean,
    isIntegration: r.is_integration as boolean,
    active: r.active as boolean,
    profileId: (r.profile_id as string | null) ?? null,
    roleId: (r.role_id as string | null) ?? null,
    permissionSetIds: (r.permission_set_ids as string[]) ?? [],
    teamIds: (r.team_ids as string[]) ?? [],
    lastLoginAt: iso(r.last_login_at),
    lockedUntil: iso(r.locked_until),
    createdAt: iso(r.created_at)!,
  };
}

export async function listUsers(ctx: AdminContext): Promise<UserView[]> {
  const { rows } = await ctx.tx.query<Record<string, unknown>>(`select ${USER_COLUMNS} from mainline.users u where u.workspace_id = $1 order by u.created_at, u.id`, [ctx.workspaceId]);
  return rows.map(toView);
}

export async function getUser(ctx: AdminContext, id: string): Promise<UserView> {
  const { rows } = await ctx.tx.query<Record<string, unknown>>(`select ${USER_COLUMNS} from mainline.users u where u.workspace_id = $1 and u.id = $2`, [ctx.workspaceId, id]);
  if (!rows[0]) throw new DomainError({ code: 'notFound' });
  return toView(rows[0]);
}

async function setLinks(ctx: AdminContext, userId: string, input: { permissionSetIds?: string[]; teamIds?: string[] }): Promise<void> {
  if (input.permissionSetIds) {
    await requireInWorkspace(ctx, 'permission_sets', input.permissionSetIds, 'permissionSetIds');
    await ctx.tx.query('delete from mainline.user_permission_sets where user_id = $1', [userId]);
    await ctx.tx.query('insert into mainline.user_permission_sets (user_id, permission_set_id) select $1, s from unnest($2::uuid[]) s on conflict do nothing', [userId, [...new Set(input.permissionSetIds)]]);
  }
  if (input.teamIds) {
    await requireInWorkspace(ctx, 'teams', input.teamIds, 'teamIds');
    await ctx.tx.query('delete from mainline.team_members where user_id = $1', [userId]);
    await ctx.tx.query('insert into mainline.team_members (team_id, user_id) select t, $1 from unnest($2::uuid[]) t on conflict do nothing', [userId, [...new Set(input.teamIds)]]);
  }
}

async function defaultProfileId(ctx: AdminContext): Promise<string | null> {
  const { rows } = await ctx.tx.query<{ id: string }>(`select id from mainline.profiles where workspace_id = $1 and name = 'Standard User'`, [ctx.workspaceId]);
  return rows[0]?.id ?? null;
}

export async function createWorkspaceUser(ctx: AdminContext, body: unknown): Promise<UserView> {
  const input = parseAccessInput(userInput, body);
  if (input.profileId) await requireInWorkspace(ctx, 'profiles', [input.profileId], 'profileId');
  if (input.roleId) await requireInWorkspace(ctx, 'roles', [input.roleId], 'roleId');
  const { rows: clash } = await ctx.tx.query('select 1 from mainline.users where lower(email) = lower($1)', [input.email.trim()]);
  // Emails are one login across the deployment; say only that the address is taken.
  if (clash[0]) throw validationError([{ field: 'email', code: 'alreadyExists', params: { value: input.email.slice(0, 100) } }], 'conflict');
  const { id } = await createUser(ctx.tx, {
    workspaceId: ctx.workspaceId,
    email: input.email,
    name: input.name,
    password: input.password,
    isAdmin: input.isAdmin,
    isIntegration: input.isIntegration,
    locale: input.locale,
    timeZone: input.timeZone,
    profileId: input.profileId === undefined ? await defaultProfileId(ctx) : input.profileId,
    roleId: input.roleId ?? null,
  });
  await setLinks(ctx, id, input);
  await bumpAccessVersion(ctx.tx, ctx.workspaceId);
  await recordSecurityEvent(ctx.tx, { workspaceId: ctx.workspaceId, userId: ctx.actorId, event: 'user.created', detail: { id, email: input.email, isAdmin: input.isAdmin ?? false }, ip: ctx.ip });
  if (input.roleId || input.teamIds?.length) await refreshOwnerRulesFor(ctx);
  return getUser(ctx, id);
}

export async function updateWorkspaceUser(ctx: AdminContext, id: string, body: unknown): Promise<UserView> {
  const input = parseAccessInput(userPatch, body);
  const before = await getUser(ctx, id);
  if (id === ctx.actorId && (input.active === false || input.isAdmin === false)) {
    // An administrator locking themselves out could leave a workspace with nobody to administer it.
    throw validationError([{ field: input.active === false ? 'active' : 'isAdmin', code: 'invalidValue', params: { detail: 'you cannot deactivate yourself or remove your own administrator rights' } }]);
  }
  if (input.profileId) await requireInWorkspace(ctx, 'profiles', [input.profileId], 'profileId');
  if (input.roleId) await requireInWorkspace(ctx, 'roles', [input.roleId], 'roleId');
  const sets: string[] = [];
  const values: unknown[] = [id];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (input.name !== undefined) set('name', input.name);
  if (input.locale !== undefined) set('locale', input.locale);
  if (input.timeZone !== undefined) set('time_zone', input.timeZone);
  if (input.profileId !== undefined) set('profile_id', input.profileId);
  if (input.roleId !== undefined) set('role_id', input.roleId);
  if (input.isAdmin !== undefined) set('is_admin', input.isAdmin);
  if (input.isIntegration !== undefined) set('is_integration', input.isIntegration);
  if (input.active !== undefined) set('active', input.active);
  if (input.password !== undefined) set('password_hash', await hashPassword(input.password));
  if (input.active === true) set('failed_logins', 0);
  if (sets.length > 0) await ctx.tx.query(`update mainline.users set ${sets.join(', ')} where id = $1`, values);
  await setLinks(ctx, id, input);
  if (input.active === false || input.password !== undefined) await ctx.tx.query('delete from mainline.sessions where user_id = $1', [id]);
  await bumpAccessVersion(ctx.tx, ctx.workspaceId);
  await announceCacheChange(ctx.tx, { user: id });
  const after = await getUser(ctx, id);
  const { password: _secret, ...visible } = input;
  await recordSecurityEvent(ctx.tx, { workspaceId: ctx.workspaceId, userId: ctx.actorId, event: 'user.changed', detail: { id, changes: visible, passwordChanged: input.password !== undefined }, ip: ctx.ip });
  if (before.roleId !== after.roleId || input.teamIds) await refreshOwnerRulesFor(ctx);
  return after;
}

/**
 * Lifts a lock from repeated wrong passwords before it runs out (the user
 * called the helpdesk). Unlocking an unlocked user is not an error.
 */
export async function unlockUser(ctx: AdminContext, id: string): Promise<UserView> {
  const before = await getUser(ctx, id);
  await ctx.tx.query('update mainline.users set failed_logins = 0, locked_until = null where id = $1', [id]);
  await recordSecurityEvent(ctx.tx, { workspaceId: ctx.workspaceId, userId: ctx.actorId, event: 'user.changed', detail: { id, unlocked: true, lockedUntil: before.lockedUntil }, ip: ctx.ip });
  return getUser(ctx, id);
}
