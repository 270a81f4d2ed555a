import type { ObjectDef } from '../metadata/types.ts';
import type { Visibility } from '../query/list-query.ts';
import { ident, qualified, sql, type Sql } from '../query/sql.ts';
import type { EffectivePermissions } from './effective-permissions.ts';
import { roleAndAbove, rolesBelow, type RoleNode } from './role-hierarchy.ts';

/**
 * Record-level access, compiled to one SQL predicate on the record's row.
 *
 * A user reaches a record of a private object when they own it, when
 * someone in a role below theirs owns it, or when a share names one of
 * their grantee keys (manual shares, record teams, sharing rules). The
 * hierarchy and memberships are resolved here, per user, into two short
 * lists, so shares never need recomputing when people change roles; only
 * owner-based sharing rules do. An object may also grant read access to the
 * owners (and their managers) of the record it looks up through
 * `implicitParentAccess` — an account owner reads every opportunity, case
 * and activity of their account — checked live, so re-parenting a record
 * revokes it at once.
 */

export type Grantee =
  | { type: 'user'; id: string }
  | { type: 'team'; id: string }
  | { type: 'role'; id: string }
  | { type: 'roleAndSubordinates'; id: string };

const PREFIX = { user: 'u', team: 't', role: 'r', roleAndSubordinates: 'rs' } as const;

/** The key a share row stores for a grantee. */
export const granteeKey = (g: Grantee): string => `${PREFIX[g.type]}:${g.id}`;

export function parseGranteeKey(key: string): Grantee | undefined {
  const [prefix, id] = key.split(':', 2);
  const type = (Object.keys(PREFIX) as Grantee['type'][]).find((t) => PREFIX[t] === prefix);
  return type && id ? { type, id } : undefined;
}

/** Who a user is, for record access: whose records they reach through the hierarchy, and which grantee keys name them. */
export type ActorReach = {
  userId: string;
  /** The user and everyone in a role below theirs. */
  ownerIds: readonly string[];
  /** u:user, t:team for each team, r:own role, rs:own role and every role above it. */
  grantees: readonly string[];
};

export function actorReach(input: {
  userId: string;
  roleId: string | null;
  roles: readonly RoleNode[];
  /** Users by role id. */
  usersByRole: ReadonlyMap<string, readonly string[]>;
  teamIds: readonly string[];
}): ActorReach {
  const below = input.roleId ? rolesBelow(input.roles, input.roleId) : [];
  const ownerIds = [input.userId, ...below.flatMap((r) => input.usersByRole.get(r) ?? []).filter((u) => u !== input.userId)];
  const grantees = [
    granteeKey({ type: 'user', id: input.userId }),
    ...input.teamIds.map((id) => granteeKey({ type: 'team', id })),
    ...(input.roleId ? [granteeKey({ type: 'role', id: input.roleId })] : []),
    ...(input.roleId ? roleAndAbove(input.roles, input.roleId).map((id) => granteeKey({ type: 'roleAndSubordinates', id })) : []),
  ];
  return { userId: input.userId, ownerIds, grantees };
}

export type AccessNeed = 'read' | 'edit' | 'delete';

/**
 * The predicate for one user, object and need, or undefined when every
 * record qualifies. Reading: view-all, or an object that is public, or own /
 * hierarchy / any share. Editing: modify-all, a public read/write object, or
 * own / hierarchy / an edit share. Deleting: modify-all, or own / hierarchy
 * (a share never lets someone delete another's record).
 */
export function recordVisibility(input: {
  schema: string;
  object: ObjectDef;
  permissions: EffectivePermissions;
  reach: ActorReach;
  need: AccessNeed;
  /** To find the master object of a detail object whose sharing is controlled by its parent. */
  objects?: Readonly<Record<string, ObjectDef>>;
  depth?: number;
}): Visibility | undefined {
  const { object, permissions, reach, need } = input;
  const p = permissions.object(object.apiName);
  const model = object.sharingModel ?? 'publicReadWrite';
  if (model === 'controlledByParent') return throughMaster(input);
  if (need === 'read' && (p.viewAll || permissions.viewAllData || model !== 'private')) return undefined;
  if (need === 'edit' && (p.modifyAll || permissions.modifyAllData || model === 'publicReadWrite')) return undefined;
  if (need === 'delete' && (p.modifyAll || permissions.modifyAllData)) return undefined;

  const owners = [...reach.ownerIds];
  const grantees = [...reach.grantees];
  const shares = qualified(input.schema, '_shares');
  const parent = need === 'read' ? implicitParent(object, input.objects) : undefined;
  return (alias: string): Sql => {
    const own = sql`${ident(alias)}.${ident('ownerId')} = any(${owners}::uuid[])`;
    if (need === 'delete') return own;
    const level = need === 'edit' ? sql` and s.access = 'edit'` : sql``;
    const shared = sql`exists (select 1 from ${shares} s where s.object = ${object.apiName} and s.record_id = ${ident(alias)}.${ident('id')} and s.grantee = any(${grantees}::text[])${level})`;
    if (!parent) return sql`(${own} or ${shared})`;
    // The parent's id is its primary key and the child's lookup column is indexed, so this is a keyed probe per row (or a semi-join).
    const p = `${alias}p`;
    const throughParent = sql`exists (select 1 from ${qualified(input.schema, parent.target)} as ${ident(p)} where ${ident(p)}.${ident('id')} = ${ident(alias)}.${ident(parent.field)} and ${ident(p)}.${ident('ownerId')} = any(${owners}::uuid[]))`;
    return sql`(${own} or ${shared} or ${throughParent})`;
  };
}

/** The lookup named by `implicitParentAccess`, when it still is a lookup to an object that exists. */
function implicitParent(object: ObjectDef, objects: Readonly<Record<string, ObjectDef>> | undefined): { field: string; target: string } | undefined {
  const name = object.implicitParentAccess;
  if (!name || !objects) return undefined;
  const field = object.fields.find((f) => f.apiName === name && f.type === 'lookup');
  if (!field?.target || !Object.hasOwn(objects, field.target)) return undefined;
  return { field: field.apiName, target: field.target };
}

const MAX_MASTER_DEPTH = 4;

/**
 * A detail record is read where its master is read, and changed or deleted
 * where its master may be edited (a line of a quote is part of the quote).
 * View-all or modify-all on the detail object itself still lifts the predicate.
 */
function throughMaster(input: Parameters<typeof recordVisibility>[0]): Visibility | undefined {
  const { object, permissions, need } = input;
  const p = permissions.object(object.apiName);
  if (need === 'read' && (p.viewAll || permissions.viewAllData)) return undefined;
  if (need !== 'read' && (p.modifyAll || permissions.modifyAllData)) return undefined;
  const via = object.fields.find((f) => f.type === 'masterDetail' && f.target);
  const master = via && input.objects && Object.hasOwn(input.objects, via.target!) ? input.objects[via.target!] : undefined;
  const depth = input.depth ?? 0;
  // Without a master to follow (misconfigured metadata) nothing is reachable rather than everything.
  if (!via || !master || depth >= MAX_MASTER_DEPTH) return (alias: string) => sql`${ident(alias)}.${ident('ownerId')} = any(${[input.reach.userId]}::uuid[])`;
  const parent = recordVisibility({ ...input, object: master, need: need === 'read' ? 'read' : 'edit', depth: depth + 1 });
  if (!parent) return undefined;
  return (alias: string): Sql => {
    const m = `${alias}m`;
    return sql`exists (select 1 from ${qualified(input.schema, master.apiName)} as ${ident(m)} where ${ident(m)}.${ident('id')} = ${ident(alias)}.${ident(via.apiName)} and ${parent(m)})`;
  };
}
