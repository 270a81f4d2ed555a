import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/port.ts';
import { announceCacheChange } from './cache-changes.ts';
import { ACTOR_COLUMNS, actorFromRow, tokenHash, type Actor, type ApiKeyScope, type WorkspaceRef } from './sessions.ts';

/**
 * API keys let an integration act as one user of a workspace, narrowed by a
 * scope. The secret is shown once; only its sha-256 (the same hash sessions
 * use, so the session cache keys both alike) and a short display prefix are
 * kept.
 */
export const API_KEY_PREFIX = 'mlk_';
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export const isApiKeySecret = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

export type ApiKeyInfo = {
  id: string;
  name: string;
  userId: string;
  prefix: string;
  scope: ApiKeyScope;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

export async function createApiKey(
  tx: Queryable,
  input: { workspaceId: string; userId: string; name: string; scope: ApiKeyScope; expiresAt: Date | null; createdBy: string },
): Promise<{ key: ApiKeyInfo; secret: string }> {
  const id = uuidv7();
  const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const prefix = secret.slice(0, DISPLAY_PREFIX_LENGTH);
  await tx.query(
    `insert into mainline.api_keys (id, workspace_id, user_id, name, key_hash, prefix, scope, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, input.workspaceId, input.userId, input.name, tokenHash(secret), prefix, JSON.stringify(input.scope), input.createdBy, input.expiresAt?.toISOString() ?? null],
  );
  const key = await getApiKey(tx, input.workspaceId, id);
  return { key: key!, secret };
}

const KEY_COLUMNS = 'id, name, user_id, prefix, scope, created_by, created_at, expires_at, revoked_at, last_used_at';

function toInfo(r: Record<string, unknown>): ApiKeyInfo {
  return {
    id: r.id as string,
    name: r.name as string,
    userId: r.user_id as string,
    prefix: r.prefix as string,
    scope: r.scope as ApiKeyScope,
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: r.created_at as string,
    expiresAt: (r.expires_at as string | null) ?? null,
    revokedAt: (r.revoked_at as string | null) ?? null,
    lastUsedAt: (r.last_used_at as string | null) ?? null,
  };
}

export async function getApiKey(q: Queryable, workspaceId: string, id: string): Promise<ApiKeyInfo | undefined> {
  const { rows } = await q.query<Record<string, unknown>>(`select ${KEY_COLUMNS} from mainline.api_keys where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ? toInfo(rows[0]) : undefined;
}

/** Every key of the workspace, revoked ones too (they explain past activity), newest first. */
export async function listApiKeys(q: Queryable, workspaceId: string): Promise<ApiKeyInfo[]> {
  const { rows } = await q.query<Record<string, unknown>>(`select ${KEY_COLUMNS} from mainline.api_keys where workspace_id = $1 order by created_at desc, id desc`, [workspaceId]);
  return rows.map(toInfo);
}

/**
 * Revokes a key of the workspace. Cached resolutions of it are keyed by its
 * hash, so every process is told to forget that entry on commit; the caller
 * forgets locally after commit. Revoking twice is not an error.
 */
export async function revokeApiKey(tx: Queryable, input: { workspaceId: string; id: string; now: Date }): Promise<{ key: ApiKeyInfo; keyHash: string; changed: boolean } | undefined> {
  const { rows } = await tx.query<{ key_hash: string; revoked: boolean }>(
    `with old as (select id, revoked_at from mainline.api_keys where workspace_id = $1 and id = $2 for update)
     update mainline.api_keys k set revoked_at = coalesce(old.revoked_at, $3) from old where k.id = old.id
     returning k.key_hash, old.revoked_at is null as revoked`,
    [input.workspaceId, input.id, input.now.toISOString()],
  );
  const r = rows[0];
  if (!r) return undefined;
  if (r.revoked) await announceCacheChange(tx, { session: r.key_hash });
  return { key: (await getApiKey(tx, input.workspaceId, input.id))!, keyHash: r.key_hash, changed: r.revoked };
}

/** Resolves a secret to the key's user, carrying the key's scope; undefined when unknown, expired, revoked, or the user or workspace is inactive. */
export async function actorForApiKey(q: Queryable, secret: string, now: Date): Promise<{ actor: Actor; workspace: WorkspaceRef; expiresAt: Date } | undefined> {
  if (secret.length > 200 || !isApiKeySecret(secret)) return undefined;
  const { rows } = await q.query<Record<string, unknown>>(
    `select k.id as key_id, k.scope as key_scope, k.expires_at as key_expires_at, ${ACTOR_COLUMNS}
       from mainline.api_keys k
       join mainline.users u on u.id = k.user_id and u.workspace_id = k.workspace_id
       join mainline.workspaces w on w.id = u.workspace_id
      where k.key_hash = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > $2) and u.active and w.status = 'active'`,
    [tokenHash(secret), now.toISOString()],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { actor, workspace } = actorFromRow(r);
  const expiresAt = r.key_expires_at ? new Date(r.key_expires_at as string) : new Date(8.64e15);
  return { actor: { ...actor, apiKey: { id: r.key_id as string, scope: r.key_scope as ApiKeyScope } }, workspace, expiresAt };
}

const USAGE_INTERVAL_MS = 60_000;
const MAX_TRACKED_KEYS = 10_000;

export type ApiKeyUsage = { touch(q: Queryable, keyId: string, now: Date): Promise<void> };

/**
 * last_used_at is for people ("is this key still in use?"), not accounting:
 * each process writes it at most once a minute per key, and the conditional
 * update keeps several processes from each writing within the same minute.
 */
export function createApiKeyUsage(): ApiKeyUsage {
  const written = new Map<string, number>();
  return {
    async touch(q, keyId, now) {
      const t = now.getTime();
      const last = written.get(keyId);
      if (last !== undefined && t - last < USAGE_INTERVAL_MS && t >= last) return;
      if (written.size >= MAX_TRACKED_KEYS) written.clear();
      written.set(keyId, t);
      await q.query(`update mainline.api_keys set last_used_at = $2 where id = $1 and (last_used_at is null or last_used_at <= $3)`, [
        keyId,
        now.toISOString(),
        new Date(t - USAGE_INTERVAL_MS).toISOString(),
      ]);
    },
  };
}
