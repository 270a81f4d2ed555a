import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyScope, Locale } from '@mainline/core';
import type { Queryable } from '../db/port.ts';
import { announceCacheChange } from './cache-changes.ts';

export const SESSION_COOKIE = 'mainline_session';
export const SESSION_TTL_MS = 1000 * 60 * 60 * 24 * 14;

/** Who is making a request. Every read and write takes one; there is no implicit "system" access. */
export type Actor = {
  userId: string;
  workspaceId: string;
  email: string;
  name: string;
  /** Administers this workspace: metadata, users, access; sees and changes all its data. */
  isAdmin: boolean;
  /** Administers the deployment: creates, suspends and deletes workspaces. */
  isPlatformAdmin: boolean;
  locale: Locale;
  timeZone: string;
  profileId: string | null;
  roleId: string | null;
  /** Set when the request carries an API key: what the key allows on top of the user's own permissions. */
  apiKey?: { id: string; scope: ApiKeyScope };
};

export type { ApiKeyScope };

// Only a hash is stored: a leaked sessions table cannot be replayed.
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(q: Queryable, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  let token = randomBytes(32).toString('base64url');
  // Bearer credentials starting "mlk_" are API keys (see api-keys.ts); one session in 16 million would otherwise be unusable.
  while (token.startsWith('mlk_')) token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await q.query('insert into mainline.sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [tokenHash(token), userId, expiresAt.toISOString()]);
  return { token, expiresAt };
}

export async function deleteSession(q: Queryable, token: string): Promise<void> {
  await q.query('delete from mainline.sessions where token_hash = $1', [tokenHash(token)]);
  await announceCacheChange(q, { session: tokenHash(token) });
}

/** The tenant a request runs in; metadataVersion tells whether cached metadata is current. */
export type WorkspaceRef = { id: string; schemaName: string; metadataVersion: number; accessVersion: number };

/** What every credential resolves to: the user's columns (u), their workspace's (w). */
export const ACTOR_COLUMNS = `u.id, u.workspace_id, u.email, u.name, u.is_admin, u.is_platform_admin, u.locale, u.time_zone, u.profile_id, u.role_id,
            w.schema_name, w.metadata_version, w.access_version`;

/** The actor and workspace of a row selected with ACTOR_COLUMNS; session tokens and API keys share it so they cannot drift apart. */
export function actorFromRow(r: Record<string, unknown>): { actor: Actor; workspace: WorkspaceRef } {
  return {
    actor: {
      userId: r.id as string,
      workspaceId: r.workspace_id as string,
      email: r.email as string,
      name: r.name as string,
      isAdmin: r.is_admin as boolean,
      isPlatformAdmin: r.is_platform_admin as boolean,
      locale: r.locale as Locale,
      timeZone: r.time_zone as string,
      profileId: (r.profile_id as string | null) ?? null,
      roleId: (r.role_id as string | null) ?? null,
    },
    workspace: {
      id: r.workspace_id as string,
      schemaName: r.schema_name as string,
      metadataVersion: Number(r.metadata_version),
      accessVersion: Number(r.access_version),
    },
  };
}

/** Resolves a session token to its actor and workspace, or undefined when unknown, expired, or the user/workspace is inactive. */
export async function actorForToken(q: Queryable, token: string, now: Date): Promise<{ actor: Actor; workspace: WorkspaceRef; expiresAt: Date } | undefined> {
  if (token.length > 200) return undefined;
  const { rows } = await q.query<Record<string, unknown>>(
    `select s.expires_at, ${ACTOR_COLUMNS}
       from mainline.sessions s
       join mainline.users u on u.id = s.user_id
       join mainline.workspaces w on w.id = u.workspace_id
      where s.token_hash = $1 and s.expires_at > $2 and u.active and w.status = 'active'`,
    [tokenHash(token), now.toISOString()],
  );
  const r = rows[0];
  if (!r) return undefined;
  return { ...actorFromRow(r), expiresAt: new Date(r.expires_at as string) };
}
