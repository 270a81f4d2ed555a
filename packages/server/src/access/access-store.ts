import { actorReach, effectivePermissions, type PermissionGrant, type RoleNode, type WorkspaceMetadata } from '@mainline/core';
import { announceCacheChange } from '../auth/cache-changes.ts';
import type { Actor, WorkspaceRef } from '../auth/sessions.ts';
import type { Queryable } from '../db/port.ts';
import { recordAccessFor, type RecordAccess } from './record-access.ts';

/**
 * Who may do what in a workspace — roles, profiles, permission sets, team
 * memberships, sharing rules — loaded once per access version and kept per
 * app. Every change bumps the version (bumpAccessVersion) in its
 * transaction; requests carry the current version with their session, so
 * a stale copy is never used and app processes stay stateless.
 */

export type SharingRuleRow = { id: string; object: string; name: string; definition: SharingRuleDefinition };
export type GranteeRef = { type: 'user' | 'team' | 'role' | 'roleAndSubordinates'; id: string };
export type SharingRuleDefinition = {
  description?: string | null;
  criteria?: unknown;
  ownedBy?: GranteeRef;
  sharedWith: GranteeRef;
  access: 'read' | 'edit';
};

export type WorkspaceAccess = {
  version: number;
  roles: (RoleNode & { name: string })[];
  profiles: Map<string, PermissionGrant>;
  permissionSets: Map<string, PermissionGrant>;
  users: Map<string, { roleId: string | null; profileId: string | null; permissionSetIds: string[]; teamIds: string[] }>;
  usersByRole: Map<string, string[]>;
  rules: SharingRuleRow[];
};

export async function readWorkspaceAccess(q: Queryable, workspaceId: string, version: number): Promise<WorkspaceAccess> {
  // One after another: this may run inside a transaction, whose single connection takes one query at a time.
  const roles = await q.query<{ id: string; parent_id: string | null; name: string }>('select id, parent_id, name from mainline.roles where workspace_id = $1', [workspaceId]);
  const profiles = await q.query<{ id: string; permissions: PermissionGrant }>('select id, permissions from mainline.profiles where workspace_id = $1', [workspaceId]);
  const sets = await q.query<{ id: string; permissions: PermissionGrant }>('select id, permissions from mainline.permission_sets where workspace_id = $1', [workspaceId]);
  const users = await q.query<{ id: string; role_id: string | null; profile_id: string | null }>('select id, role_id, profile_id from mainline.users where workspace_id = $1', [workspaceId]);
  const userSets = await q.query<{ user_id: string; permission_set_id: string }>(
    'select ups.user_id, ups.permission_set_id from mainline.user_permission_sets ups join mainline.users u on u.id = ups.user_id where u.workspace_id = $1',
    [workspaceId],
  );
  const members = await q.query<{ user_id: string; team_id: string }>(
    'select m.user_id, m.team_id from mainline.team_members m join mainline.teams t on t.id = m.team_id where t.workspace_id = $1',
    [workspaceId],
  );
  const rules = await readSharingRules(q, workspaceId);

  const userMap: WorkspaceAccess['users'] = new Map();
  const usersByRole = new Map<string, string[]>();
  for (const u of users.rows) {
    userMap.set(u.id, { roleId: u.role_id, profileId: u.profile_id, permissionSetIds: [], teamIds: [] });
    if (u.role_id) usersByRole.set(u.role_id, [...(usersByRole.get(u.role_id) ?? []), u.id]);
  }
  for (const s of userSets.rows) userMap.get(s.user_id)?.permissionSetIds.push(s.permission_set_id);
  for (const m of members.rows) userMap.get(m.user_id)?.teamIds.push(m.team_id);
  return {
    version,
    roles: roles.rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name })),
    profiles: new Map(profiles.rows.map((p) => [p.id, p.permissions])),
    permissionSets: new Map(sets.rows.map((p) => [p.id, p.permissions])),
    users: userMap,
    usersByRole,
    rules,
  };
}

/** The workspace's sharing rules, in the order they were made (what administration needs without the rest). */
export async function readSharingRules(q: Queryable, workspaceId: string): Promise<SharingRuleRow[]> {
  const { rows } = await q.query<SharingRuleRow>('select id, object, name, definition from mainline.sharing_rules where workspace_id = $1 order by created_at, id', [workspaceId]);
  return rows;
}

/** Marks every cached copy of the workspace's access configuration stale, on every app process, when the caller's transaction commits. */
export async function bumpAccessVersion(q: Queryable, workspaceId: string): Promise<void> {
  await q.query('update mainline.workspaces set access_version = access_version + 1 where id = $1', [workspaceId]);
  await announceCacheChange(q, { workspace: workspaceId });
}

export type AccessCache = {
  workspace(q: Queryable, ref: WorkspaceRef): Promise<WorkspaceAccess>;
  /** The actor's record access against this metadata version. */
  forActor(q: Queryable, actor: Actor, ref: WorkspaceRef, metadata: WorkspaceMetadata): Promise<RecordAccess>;
};

const MAX_ACTORS_PER_WORKSPACE = 5000;

export function createAccessCache(): AccessCache {
  const workspaces = new Map<string, { access: WorkspaceAccess; actors: Map<string, RecordAccess>; metadataVersion: number }>();
  const entryFor = async (q: Queryable, ref: WorkspaceRef, metadataVersion: number) => {
    const hit = workspaces.get(ref.id);
    if (hit && hit.access.version === ref.accessVersion && hit.metadataVersion === metadataVersion) return hit;
    const access = hit && hit.access.version === ref.accessVersion ? hit.access : await readWorkspaceAccess(q, ref.id, ref.accessVersion);
    const entry = { access, actors: new Map<string, RecordAccess>(), metadataVersion };
    workspaces.set(ref.id, entry);
    return entry;
  };
  return {
    async workspace(q, ref) {
      const hit = workspaces.get(ref.id);
      if (hit && hit.access.version === ref.accessVersion) return hit.access;
      return (await entryFor(q, ref, -1)).access;
    },
    async forActor(q, actor, ref, metadata) {
      const entry = await entryFor(q, ref, metadata.version);
      const key = actor.apiKey ? `${actor.userId}/${actor.apiKey.id}` : actor.userId;
      let access = entry.actors.get(key);
      if (access) return access;
      const ws = entry.access;
      const user = ws.users.get(actor.userId);
      const permissions = effectivePermissions({
        isAdmin: actor.isAdmin,
        profile: user?.profileId ? (ws.profiles.get(user.profileId) ?? null) : null,
        permissionSets: (user?.permissionSetIds ?? []).flatMap((id) => ws.permissionSets.get(id) ?? []),
        apiKey: actor.apiKey?.scope,
      });
      const reach = actorReach({ userId: actor.userId, roleId: user?.roleId ?? null, roles: ws.roles, usersByRole: ws.usersByRole, teamIds: user?.teamIds ?? [] });
      access = recordAccessFor({ metadata, permissions, reach, sharingRules: ws.rules });
      if (entry.actors.size >= MAX_ACTORS_PER_WORKSPACE) entry.actors.clear();
      entry.actors.set(key, access);
      return access;
    },
  };
}
