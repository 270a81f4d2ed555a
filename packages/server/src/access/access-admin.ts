import {
  DomainError,
  compileMatchingIds,
  grantProblems,
  parseAccessInput,
  permissionHolderInput,
  permissionHolderPatch,
  roleInput,
  rolePatch,
  sharingRuleInput,
  sharingRulePatch,
  teamInput,
  teamPatch,
  validationError,
  wouldCreateCycle,
  type FieldProblem,
  type FilterNode,
  type GranteeInput,
  type PermissionGrant,
  type WorkspaceMetadata,
} from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import { recordSecurityEvent } from '../auth/security-audit.ts';
import type { Queryable } from '../db/port.ts';
import { bumpAccessVersion, readSharingRules, type SharingRuleDefinition, type SharingRuleRow } from './access-store.ts';
import { readWorkspaceMetadata, refreshOwnerRulesFor } from './owner-rules.ts';
import { recomputeRule } from './sharing-rules.ts';

/**
 * Administration of who may do what: roles, profiles, permission sets,
 * teams and sharing rules. Each change runs in the caller's transaction,
 * bumps the workspace's access version (every app process drops what it
 * cached), recomputes the shares it affects, and is written to the
 * security audit log, all in that one transaction.
 */

export type AdminContext = { tx: Queryable; workspaceId: string; actorId: string; ip?: string };

const notFound = (): DomainError => new DomainError({ code: 'notFound' });
const taken = (field: string, value: string): DomainError => validationError([{ field, code: 'alreadyExists', params: { value: value.slice(0, 100) } }], 'conflict');

async function changed(ctx: AdminContext, detail: Record<string, unknown>): Promise<void> {
  await bumpAccessVersion(ctx.tx, ctx.workspaceId);
  await recordSecurityEvent(ctx.tx, { workspaceId: ctx.workspaceId, userId: ctx.actorId, event: 'permission.changed', detail, ip: ctx.ip });
}

/** Ids named in an input must be of this workspace: otherwise 400 naming the field (never a hint about other workspaces). */
export async function requireInWorkspace(ctx: AdminContext, table: 'users' | 'roles' | 'teams' | 'profiles' | 'permission_sets', ids: readonly string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const { rows } = await ctx.tx.query<{ id: string }>(`select id from mainline.${table} where workspace_id = $1 and id = any($2::uuid[])`, [ctx.workspaceId, [...new Set(ids)]]);
  const found = new Set(rows.map((r) => r.id));
  const problems: FieldProblem[] = ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: ids.length === 1 ? field : `${field}[${i}]`, code: 'referenceNotFound' as const }]));
  if (problems.length > 0) throw validationError(problems);
}

const isUniqueViolation = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';

// ---------- roles ----------

export type RoleView = { id: string; name: string; parentId: string | null };

export async function listRoles(ctx: AdminContext): Promise<RoleView[]> {
  const { rows } = await ctx.tx.query<{ id: string; name: string; parent_id: string | null }>('select id, name, parent_id from mainline.roles where workspace_id = $1 order by name', [ctx.workspaceId]);
  return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id }));
}

export async function createRole(ctx: AdminContext, body: unknown): Promise<RoleView> {
  const input = parseAccessInput(roleInput, body);
  if (input.parentId) await requireInWorkspace(ctx, 'roles', [input.parentId], 'parentId');
  const id = uuidv7();
  try {
    await ctx.tx.query('insert into mainline.roles (id, workspace_id, name, parent_id) values ($1, $2, $3, $4)', [id, ctx.workspaceId, input.name, input.parentId ?? null]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', input.name);
    throw e;
  }
  await changed(ctx, { what: 'role', action: 'created', id, name: input.name });
  return { id, name: input.name, parentId: input.parentId ?? null };
}

export async function updateRole(ctx: AdminContext, id: string, body: unknown): Promise<RoleView> {
  const input = parseAccessInput(rolePatch, body);
  const roles = await listRoles(ctx);
  const role = roles.find((r) => r.id === id);
  if (!role) throw notFound();
  if (input.parentId) await requireInWorkspace(ctx, 'roles', [input.parentId], 'parentId');
  const parentId = input.parentId === undefined ? role.parentId : input.parentId;
  if (wouldCreateCycle(roles, id, parentId)) throw validationError([{ field: 'parentId', code: 'invalidValue', params: { detail: 'a role cannot report to itself or to a role below it' } }]);
  const name = input.name ?? role.name;
  try {
    await ctx.tx.query('update mainline.roles set name = $2, parent_id = $3 where id = $1', [id, name, parentId]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', name);
    throw e;
  }
  await changed(ctx, { what: 'role', action: 'updated', id, name, parentId });
  if (parentId !== role.parentId) await refreshOwnerRulesFor(ctx);
  return { id, name, parentId };
}

export async function deleteRole(ctx: AdminContext, id: string): Promise<void> {
  const roles = await listRoles(ctx);
  if (!roles.some((r) => r.id === id)) throw notFound();
  const children = roles.filter((r) => r.parentId === id);
  const rules = (await readSharingRules(ctx.tx, ctx.workspaceId)).filter((r) => [r.definition.ownedBy, r.definition.sharedWith].some((g) => g && g.type !== 'user' && g.type !== 'team' && g.id === id));
  // Deleting would quietly take these users out of the hierarchy (and away from their managers' view): they move first.
  const { rows: members } = await ctx.tx.query<{ n: string }>('select count(*) as n from mainline.users where role_id = $1', [id]);
  const users = Number(members[0]!.n);
  const by = [...(users > 0 ? [`${users} users`] : []), ...children.map((c) => `role ${c.name}`), ...rules.map((r) => `sharing rule ${r.name}`)];
  if (by.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: by.join(', ') } }] });
  await ctx.tx.query('delete from mainline.roles where id = $1', [id]);
  await dropGranteeShares(ctx, [`r:${id}`, `rs:${id}`]);
  await changed(ctx, { what: 'role', action: 'deleted', id });
  await refreshOwnerRulesFor(ctx);
}

async function dropGranteeShares(ctx: AdminContext, keys: string[]): Promise<void> {
  const { rows } = await ctx.tx.query<{ schema_name: string }>('select schema_name from mainline.workspaces where id = $1', [ctx.workspaceId]);
  await ctx.tx.query(`delete from "${rows[0]!.schema_name.replace(/"/g, '""')}"._shares where grantee = any($1::text[])`, [keys]);
}

// ---------- profiles and permission sets ----------

export type PermissionHolderKind = 'profiles' | 'permission_sets';
export type PermissionHolderView = { id: string; name: string; description: string | null; permissions: PermissionGrant };

export async function listPermissionHolders(ctx: AdminContext, kind: PermissionHolderKind): Promise<PermissionHolderView[]> {
  const { rows } = await ctx.tx.query<{ id: string; name: string; description: string | null; permissions: PermissionGrant }>(
    `select id, name, description, permissions from mainline.${kind} where workspace_id = $1 order by created_at, name`,
    [ctx.workspaceId],
  );
  return rows;
}

export async function getPermissionHolder(ctx: AdminContext, kind: PermissionHolderKind, id: string): Promise<PermissionHolderView> {
  const found = (await listPermissionHolders(ctx, kind)).find((p) => p.id === id);
  if (!found) throw notFound();
  return found;
}

export async function createPermissionHolder(ctx: AdminContext, kind: PermissionHolderKind, body: unknown): Promise<PermissionHolderView> {
  const input = parseAccessInput(permissionHolderInput, body);
  const problems = grantProblems(input.permissions, await readWorkspaceMetadata(ctx));
  if (problems.length > 0) throw validationError(problems);
  const id = uuidv7();
  try {
    await ctx.tx.query(`insert into mainline.${kind} (id, workspace_id, name, description, permissions) values ($1, $2, $3, $4, $5)`, [
      id,
      ctx.workspaceId,
      input.name,
      input.description ?? null,
      JSON.stringify(input.permissions),
    ]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', input.name);
    throw e;
  }
  await changed(ctx, { what: kind, action: 'created', id, name: input.name, permissions: input.permissions });
  return { id, name: input.name, description: input.description ?? null, permissions: input.permissions };
}

export async function updatePermissionHolder(ctx: AdminContext, kind: PermissionHolderKind, id: string, body: unknown): Promise<PermissionHolderView> {
  const input = parseAccessInput(permissionHolderPatch, body);
  const current = await getPermissionHolder(ctx, kind, id);
  if (input.permissions) {
    const problems = grantProblems(input.permissions, await readWorkspaceMetadata(ctx));
    if (problems.length > 0) throw validationError(problems);
  }
  const next = {
    id,
    name: input.name ?? current.name,
    description: input.description === undefined ? current.description : input.description,
    permissions: input.permissions ?? current.permissions,
  };
  try {
    await ctx.tx.query(`update mainline.${kind} set name = $2, description = $3, permissions = $4 where id = $1`, [id, next.name, next.description, JSON.stringify(next.permissions)]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', next.name);
    throw e;
  }
  await changed(ctx, { what: kind, action: 'updated', id, before: current.permissions, after: next.permissions });
  return next;
}

export async function deletePermissionHolder(ctx: AdminContext, kind: PermissionHolderKind, id: string): Promise<void> {
  await getPermissionHolder(ctx, kind, id);
  if (kind === 'profiles') {
    const { rows } = await ctx.tx.query<{ n: string }>('select count(*) as n from mainline.users where profile_id = $1', [id]);
    if (Number(rows[0]!.n) > 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: `${rows[0]!.n} users` } }] });
  }
  await ctx.tx.query(`delete from mainline.${kind} where id = $1`, [id]);
  await changed(ctx, { what: kind, action: 'deleted', id });
}

// ---------- teams ----------

export type TeamView = { id: string; name: string; description: string | null; memberIds: string[] };

export async function listTeams(ctx: AdminContext): Promise<TeamView[]> {
  const { rows } = await ctx.tx.query<{ id: string; name: string; description: string | null; member_ids: string[] | null }>(
    `select t.id, t.name, t.description, array_remove(array_agg(m.user_id order by m.user_id), null) as member_ids
       from mainline.teams t left join mainline.team_members m on m.team_id = t.id
      where t.workspace_id = $1 group by t.id order by t.name`,
    [ctx.workspaceId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, memberIds: r.member_ids ?? [] }));
}

async function setMembers(ctx: AdminContext, teamId: string, memberIds: readonly string[]): Promise<void> {
  await requireInWorkspace(ctx, 'users', memberIds, 'memberIds');
  await ctx.tx.query('delete from mainline.team_members where team_id = $1', [teamId]);
  await ctx.tx.query('insert into mainline.team_members (team_id, user_id) select $1, u from unnest($2::uuid[]) u on conflict do nothing', [teamId, [...new Set(memberIds)]]);
}

export async function createTeam(ctx: AdminContext, body: unknown): Promise<TeamView> {
  const input = parseAccessInput(teamInput, body);
  const id = uuidv7();
  try {
    await ctx.tx.query('insert into mainline.teams (id, workspace_id, name, description) values ($1, $2, $3, $4)', [id, ctx.workspaceId, input.name, input.description ?? null]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', input.name);
    throw e;
  }
  await setMembers(ctx, id, input.memberIds ?? []);
  await changed(ctx, { what: 'team', action: 'created', id, name: input.name, memberIds: input.memberIds ?? [] });
  await refreshOwnerRulesFor(ctx);
  return (await listTeams(ctx)).find((t) => t.id === id)!;
}

export async function updateTeam(ctx: AdminContext, id: string, body: unknown): Promise<TeamView> {
  const input = parseAccessInput(teamPatch, body);
  const current = (await listTeams(ctx)).find((t) => t.id === id);
  if (!current) throw notFound();
  try {
    await ctx.tx.query('update mainline.teams set name = $2, description = $3 where id = $1', [id, input.name ?? current.name, input.description === undefined ? current.description : input.description]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', input.name ?? current.name);
    throw e;
  }
  if (input.memberIds) await setMembers(ctx, id, input.memberIds);
  await changed(ctx, { what: 'team', action: 'updated', id, memberIds: input.memberIds });
  if (input.memberIds) await refreshOwnerRulesFor(ctx);
  return (await listTeams(ctx)).find((t) => t.id === id)!;
}

export async function deleteTeam(ctx: AdminContext, id: string): Promise<void> {
  if (!(await listTeams(ctx)).some((t) => t.id === id)) throw notFound();
  const rules = (await readSharingRules(ctx.tx, ctx.workspaceId)).filter((r) => [r.definition.ownedBy, r.definition.sharedWith].some((g) => g?.type === 'team' && g.id === id));
  if (rules.length > 0) throw new DomainError({ code: 'conflict', errors: [{ field: 'id', code: 'referencedBy', params: { by: rules.map((r) => `sharing rule ${r.name}`).join(', ') } }] });
  await ctx.tx.query('delete from mainline.teams where id = $1', [id]);
  await dropGranteeShares(ctx, [`t:${id}`]);
  await changed(ctx, { what: 'team', action: 'deleted', id });
}

// ---------- sharing rules ----------

export type SharingRuleView = { id: string; object: string; name: string } & SharingRuleDefinition;

const ruleView = (r: SharingRuleRow): SharingRuleView => ({ id: r.id, object: r.object, name: r.name, ...r.definition });

export async function listSharingRules(ctx: AdminContext): Promise<SharingRuleView[]> {
  return (await readSharingRules(ctx.tx, ctx.workspaceId)).map(ruleView);
}

async function granteeExists(ctx: AdminContext, g: GranteeInput, field: string): Promise<void> {
  const table = g.type === 'user' ? 'users' : g.type === 'team' ? 'teams' : 'roles';
  await requireInWorkspace(ctx, table, [g.id], `${field}.id`);
}

/** The criteria must compile against the object's metadata now; problems name their place under `criteria`. */
function checkCriteria(metadata: WorkspaceMetadata, object: string, criteria: unknown): void {
  if (criteria === undefined) return;
  try {
    compileMatchingIds({ metadata, object, filter: criteria as FilterNode });
  } catch (error) {
    if (error instanceof DomainError) throw validationError(error.errors.map((e) => ({ ...e, field: e.field.replace(/^filter/, 'criteria') })));
    throw error;
  }
}

export async function createSharingRule(ctx: AdminContext, body: unknown): Promise<SharingRuleView> {
  const input = parseAccessInput(sharingRuleInput, body);
  const metadata = await readWorkspaceMetadata(ctx);
  if (!Object.hasOwn(metadata.objects, input.object)) throw validationError([{ field: 'object', code: 'unknownObject', params: { object: input.object.slice(0, 100) } }]);
  checkCriteria(metadata, input.object, input.criteria);
  if (input.ownedBy) await granteeExists(ctx, input.ownedBy, 'ownedBy');
  await granteeExists(ctx, input.sharedWith, 'sharedWith');
  const definition: SharingRuleDefinition = {
    description: input.description ?? null,
    ...(input.criteria !== undefined ? { criteria: input.criteria } : {}),
    ...(input.ownedBy ? { ownedBy: input.ownedBy } : {}),
    sharedWith: input.sharedWith,
    access: input.access,
  };
  const rule: SharingRuleRow = { id: uuidv7(), object: input.object, name: input.name, definition };
  try {
    await ctx.tx.query('insert into mainline.sharing_rules (id, workspace_id, object, name, definition) values ($1, $2, $3, $4, $5)', [rule.id, ctx.workspaceId, rule.object, rule.name, JSON.stringify(definition)]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', input.name);
    throw e;
  }
  await recomputeRule(ctx.tx, metadata, rule);
  await changed(ctx, { what: 'sharingRule', action: 'created', id: rule.id, rule: definition });
  return ruleView(rule);
}

export async function updateSharingRule(ctx: AdminContext, id: string, body: unknown): Promise<SharingRuleView> {
  const input = parseAccessInput(sharingRulePatch, body);
  const current = (await readSharingRules(ctx.tx, ctx.workspaceId)).find((r) => r.id === id);
  if (!current) throw notFound();
  const metadata = await readWorkspaceMetadata(ctx);
  const definition: SharingRuleDefinition = { ...current.definition };
  if (input.description !== undefined) definition.description = input.description;
  if (input.access) definition.access = input.access;
  if (input.sharedWith) {
    await granteeExists(ctx, input.sharedWith, 'sharedWith');
    definition.sharedWith = input.sharedWith;
  }
  // Criteria and ownedBy replace each other: a rule matches by one of them.
  if (input.criteria !== undefined && input.ownedBy) throw validationError([{ field: 'criteria', code: 'invalidValue', params: { detail: 'give exactly one of criteria and ownedBy' } }]);
  if (input.criteria !== undefined) {
    checkCriteria(metadata, current.object, input.criteria);
    definition.criteria = input.criteria;
    delete definition.ownedBy;
  }
  if (input.ownedBy) {
    await granteeExists(ctx, input.ownedBy, 'ownedBy');
    definition.ownedBy = input.ownedBy;
    delete definition.criteria;
  }
  const rule: SharingRuleRow = { ...current, name: input.name ?? current.name, definition };
  try {
    await ctx.tx.query('update mainline.sharing_rules set name = $2, definition = $3 where id = $1', [id, rule.name, JSON.stringify(definition)]);
  } catch (e) {
    if (isUniqueViolation(e)) throw taken('name', rule.name);
    throw e;
  }
  await recomputeRule(ctx.tx, metadata, rule);
  await changed(ctx, { what: 'sharingRule', action: 'updated', id, before: current.definition, after: definition });
  return ruleView(rule);
}

export async function deleteSharingRule(ctx: AdminContext, id: string): Promise<void> {
  const current = (await readSharingRules(ctx.tx, ctx.workspaceId)).find((r) => r.id === id);
  if (!current) throw notFound();
  await ctx.tx.query('delete from mainline.sharing_rules where id = $1', [id]);
  await recomputeRule(ctx.tx, await readWorkspaceMetadata(ctx), current, { removed: true });
  await changed(ctx, { what: 'sharingRule', action: 'deleted', id });
}
