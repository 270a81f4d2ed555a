import { randomBytes } from 'node:crypto';
import { DomainError, ident, render, sql, type FieldProblem } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { announceCacheChange } from '../auth/cache-changes.ts';
import { recordSecurityEvent } from '../auth/security-audit.ts';
import type { Actor } from '../auth/sessions.ts';
import { createUser } from '../auth/users.ts';
import { installStandardModel } from '../metadata/standard-model.ts';
import { createWorkspace } from './workspaces.ts';

/**
 * What platform administrators do to tenants: create one with its first
 * administrator, suspend or reactivate it, rename it, delete it. Each is one
 * transaction that records itself in the security audit log of the
 * administrator's own workspace (a deleted workspace's log goes with it).
 */

export type WorkspaceSummary = { id: string; slug: string; name: string; status: 'active' | 'suspended'; createdAt: string; userCount: number };

const SUMMARY = `select w.id, w.slug, w.name, w.status, w.created_at,
         (select count(*) from mainline.users u where u.workspace_id = w.id) as user_count
    from mainline.workspaces w`;

const toSummary = (r: Record<string, unknown>): WorkspaceSummary => ({
  id: r.id as string,
  slug: r.slug as string,
  name: r.name as string,
  status: r.status as WorkspaceSummary['status'],
  createdAt: r.created_at as string,
  userCount: Number(r.user_count),
});

export async function listWorkspaceSummaries(q: Queryable): Promise<WorkspaceSummary[]> {
  const { rows } = await q.query<Record<string, unknown>>(`${SUMMARY} order by w.created_at, w.id`);
  return rows.map(toSummary);
}

export async function getWorkspaceSummary(q: Queryable, id: string): Promise<WorkspaceSummary | undefined> {
  const { rows } = await q.query<Record<string, unknown>>(`${SUMMARY} where w.id = $1`, [id]);
  return rows[0] ? toSummary(rows[0]) : undefined;
}

export type NewWorkspace = { slug: string; name: string; admin: { email: string; name: string; password?: string | undefined } };

/** Refuses a taken slug or administrator email before anything is written (the unique indexes still guard races). */
async function clashes(q: Queryable, input: NewWorkspace): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const slug = await q.query('select 1 from mainline.workspaces where slug = $1 or schema_name = $2', [input.slug, `ws_${input.slug}`]);
  if (slug.rows.length > 0) problems.push({ field: 'slug', code: 'alreadyExists', params: { value: input.slug } });
  const email = await q.query('select 1 from mainline.users where lower(email) = lower($1)', [input.admin.email]);
  if (email.rows.length > 0) problems.push({ field: 'admin.email', code: 'alreadyExists', params: { value: input.admin.email } });
  return problems;
}

/** A new tenant: its schema, default profiles, the standard model and its first administrator, all or nothing. */
export async function provisionWorkspace(
  tx: Queryable,
  input: NewWorkspace,
  by: { actor: Actor; ip?: string },
): Promise<{ workspace: WorkspaceSummary; admin: { id: string; email: string; password?: string } }> {
  const problems = await clashes(tx, input);
  if (problems.length > 0) throw new DomainError({ code: 'conflict', errors: problems });
  const workspace = await createWorkspace(tx, { slug: input.slug, name: input.name });
  const password = input.admin.password ?? randomBytes(15).toString('base64url');
  const admin = await createUser(tx, { workspaceId: workspace.id, email: input.admin.email, name: input.admin.name, password, isAdmin: true, profileId: workspace.profiles.admin });
  await installStandardModel(tx, { workspaceId: workspace.id, actorId: admin.id });
  await recordSecurityEvent(tx, {
    workspaceId: by.actor.workspaceId,
    userId: by.actor.userId,
    event: 'workspace.created',
    detail: { workspaceId: workspace.id, slug: input.slug, adminId: admin.id, adminEmail: input.admin.email },
    ip: by.ip,
  });
  return {
    workspace: (await getWorkspaceSummary(tx, workspace.id))!,
    // A generated password is returned this once; a given one is never echoed.
    admin: { id: admin.id, email: input.admin.email, ...(input.admin.password === undefined ? { password } : {}) },
  };
}

/** Two creations racing past `clashes` meet a unique index: answer as if `clashes` had seen it. */
export function clashFromDatabase(error: unknown, input: NewWorkspace): unknown {
  const e = error as { code?: string; constraint?: string };
  if (e?.code !== '23505') return error;
  if (e.constraint === 'users_email_uq') return new DomainError({ code: 'conflict', errors: [{ field: 'admin.email', code: 'alreadyExists', params: { value: input.admin.email } }] });
  return new DomainError({ code: 'conflict', errors: [{ field: 'slug', code: 'alreadyExists', params: { value: input.slug } }] });
}

const ownWorkspace = (field: string) => new DomainError({ code: 'conflict', errors: [{ field, code: 'ownWorkspace' }] });

/**
 * Renames, suspends or reactivates a tenant. Suspension ends every session
 * and API key of the workspace at once (its sessions are deleted; keys pause
 * until reactivation): resolving either requires an active
 * workspace, and every process drops what it cached on commit (the caller
 * forgets locally after commit). Logins are refused while suspended.
 */
export async function updateWorkspace(
  tx: Queryable,
  id: string,
  change: { status?: 'active' | 'suspended' | undefined; name?: string | undefined },
  by: { actor: Actor; ip?: string },
): Promise<WorkspaceSummary | undefined> {
  const { rows } = await tx.query<{ status: string; slug: string }>('select status, slug from mainline.workspaces where id = $1 for update', [id]);
  const before = rows[0];
  if (!before) return undefined;
  if (change.status === 'suspended' && id === by.actor.workspaceId) throw ownWorkspace('status');
  if (change.name !== undefined) await tx.query('update mainline.workspaces set name = $2 where id = $1', [id, change.name]);
  if (change.status !== undefined && change.status !== before.status) {
    await tx.query('update mainline.workspaces set status = $2 where id = $1', [id, change.status]);
    // Sessions end for good (reactivating does not revive them); API keys are configuration and work again on reactivation.
    if (change.status === 'suspended') await tx.query('delete from mainline.sessions where user_id in (select id from mainline.users where workspace_id = $1)', [id]);
    await recordSecurityEvent(tx, {
      workspaceId: by.actor.workspaceId,
      userId: by.actor.userId,
      event: change.status === 'suspended' ? 'workspace.suspended' : 'workspace.activated',
      detail: { workspaceId: id, slug: before.slug },
      ip: by.ip,
    });
  }
  await announceCacheChange(tx, { workspace: id });
  return getWorkspaceSummary(tx, id);
}

/** Drops the tenant's schema and every row of it (users, sessions, keys, metadata, audit). Never the caller's own. */
export async function deleteWorkspace(tx: Queryable, id: string, by: { actor: Actor; ip?: string }): Promise<boolean> {
  if (id === by.actor.workspaceId) throw ownWorkspace('id');
  const { rows } = await tx.query<{ schema_name: string; slug: string }>('select schema_name, slug from mainline.workspaces where id = $1 for update', [id]);
  const ws = rows[0];
  if (!ws) return false;
  await tx.exec(render(sql`drop schema if exists ${ident(ws.schema_name)} cascade`).text);
  // users.profile_id and roles.parent_id restrict deletion: remove what points at profiles and roles first.
  await tx.query('update mainline.roles set parent_id = null where workspace_id = $1', [id]);
  await tx.query('delete from mainline.users where workspace_id = $1', [id]);
  await tx.query('delete from mainline.workspaces where id = $1', [id]);
  await announceCacheChange(tx, { workspace: id });
  await recordSecurityEvent(tx, { workspaceId: by.actor.workspaceId, userId: by.actor.userId, event: 'workspace.deleted', detail: { workspaceId: id, slug: ws.slug }, ip: by.ip });
  return true;
}
