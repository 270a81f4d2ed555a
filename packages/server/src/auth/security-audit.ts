import type { Queryable } from '../db/port.ts';

/**
 * Security-relevant happenings, written to one append-only log that
 * administrators read: sign-ins and their failures, lockouts, API keys,
 * workspace lifecycle and every change to who may see or do what.
 */
export type SecurityEvent =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'logout'
  | 'sso.login'
  | 'sso.provisioned'
  | 'apiKey.created'
  | 'apiKey.revoked'
  | 'workspace.created'
  | 'workspace.suspended'
  | 'workspace.activated'
  | 'workspace.deleted'
  | 'identityProvider.changed'
  | 'user.created'
  | 'user.changed'
  | 'permission.changed';

export type SecurityAuditEntry = {
  workspaceId: string | null;
  userId: string | null;
  event: SecurityEvent;
  detail?: Record<string, unknown>;
  ip?: string;
};

/** Appends to the security audit log in the caller's transaction, so the entry and the change it records commit together. */
export async function recordSecurityEvent(q: Queryable, entry: SecurityAuditEntry): Promise<void> {
  await q.query('insert into mainline.security_audit (workspace_id, user_id, event, detail, ip) values ($1, $2, $3, $4, $5)', [
    entry.workspaceId,
    entry.userId,
    entry.event,
    JSON.stringify(entry.detail ?? {}),
    entry.ip ?? null,
  ]);
}
