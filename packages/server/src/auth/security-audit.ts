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
  | 'standardModel.upgraded'
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

export type SecurityAuditRecord = { id: string; event: string; userId: string | null; detail: Record<string, unknown>; ip: string | null; occurredAt: string };

/**
 * A page of one workspace's log. With `after`, oldest first from that
 * cursor (for tailing into a SIEM); otherwise newest first, before `before`
 * when given (for people browsing). The cursor is the entry id.
 */
export async function listSecurityEvents(
  q: Queryable,
  input: { workspaceId: string; after?: string | undefined; before?: string | undefined; event?: string | undefined; limit: number },
): Promise<SecurityAuditRecord[]> {
  const params: unknown[] = [input.workspaceId];
  const where = ['workspace_id = $1'];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (input.after !== undefined) add((n) => `id > $${n}`, input.after);
  if (input.before !== undefined) add((n) => `id < $${n}`, input.before);
  if (input.event !== undefined) add((n) => `event = $${n}`, input.event);
  params.push(input.limit);
  const { rows } = await q.query<Record<string, unknown>>(
    `select id, event, user_id, detail, ip, occurred_at from mainline.security_audit
      where ${where.join(' and ')} order by id ${input.after !== undefined ? 'asc' : 'desc'} limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    event: r.event as string,
    userId: (r.user_id as string | null) ?? null,
    detail: r.detail as Record<string, unknown>,
    ip: (r.ip as string | null) ?? null,
    occurredAt: r.occurred_at as string,
  }));
}
