import type { Queryable } from '../db/port.ts';

/**
 * Guessing passwords is slowed down twice over: per account (after
 * `maxFailures` consecutive failures the account is locked for `lockMs`,
 * kept in the users table so every app process agrees) and per client IP
 * (an attacker spraying many accounts from one address).
 */
export type LoginPolicy = {
  /** Consecutive failed passwords that lock an account. */
  maxFailures: number;
  /** How long a lock lasts. */
  lockMs: number;
  /** Failed logins one IP may make within `ipWindowMs` before it is refused. */
  ipMaxFailures: number;
  ipWindowMs: number;
};

export const DEFAULT_LOGIN_POLICY: LoginPolicy = { maxFailures: 5, lockMs: 15 * 60_000, ipMaxFailures: 30, ipWindowMs: 15 * 60_000 };

/** The account a login names, with what decides whether it may sign in. */
export type LoginAccount = {
  id: string;
  workspaceId: string;
  passwordHash: string | null;
  /** The user is active and their workspace is not suspended. */
  active: boolean;
  lockedUntil: Date | null;
};

export async function findLoginAccount(q: Queryable, email: string): Promise<LoginAccount | undefined> {
  const { rows } = await q.query<{ id: string; workspace_id: string; password_hash: string | null; active: boolean; locked_until: string | null }>(
    `select u.id, u.workspace_id, u.password_hash, u.active and w.status = 'active' as active, u.locked_until
       from mainline.users u join mainline.workspaces w on w.id = u.workspace_id
      where lower(u.email) = lower($1)`,
    [email.trim()],
  );
  const r = rows[0];
  return r ? { id: r.id, workspaceId: r.workspace_id, passwordHash: r.password_hash, active: r.active, lockedUntil: r.locked_until ? new Date(r.locked_until) : null } : undefined;
}

/**
 * Counts a wrong password. One atomic update, so parallel guesses cannot
 * slip past the limit; reaching it locks the account and restarts the count
 * for the period after the lock.
 */
export async function recordFailedLogin(q: Queryable, userId: string, now: Date, policy: LoginPolicy): Promise<{ lockedUntil: Date | null }> {
  const until = new Date(now.getTime() + policy.lockMs).toISOString();
  const { rows } = await q.query<{ locked_now: boolean }>(
    `update mainline.users set
        failed_logins = case when failed_logins + 1 >= $2 then 0 else failed_logins + 1 end,
        locked_until = case when failed_logins + 1 >= $2 then $3::timestamptz else locked_until end
      where id = $1
      returning failed_logins = 0 and locked_until = $3::timestamptz as locked_now`,
    [userId, policy.maxFailures, until],
  );
  return { lockedUntil: rows[0]?.locked_now ? new Date(until) : null };
}

export async function recordSuccessfulLogin(q: Queryable, userId: string, now: Date): Promise<void> {
  await q.query('update mainline.users set failed_logins = 0, locked_until = null, last_login_at = $2 where id = $1', [userId, now.toISOString()]);
}

export type IpThrottle = {
  /** Seconds until the IP may try again, or 0 when it may try now. */
  retryAfter(ip: string, now: Date): number;
  fail(ip: string, now: Date): void;
};

const MAX_TRACKED_IPS = 50_000;

/**
 * Failed logins per client IP, in this process only: with several app
 * processes an attacker gets `ipMaxFailures` per process, which still bounds
 * the rate; the per-account lock in the database is the hard limit. Behind
 * a proxy, the IP is the proxy's unless the app trusts it (Fastify trustProxy).
 */
export function createIpThrottle(policy: LoginPolicy): IpThrottle {
  const windows = new Map<string, { started: number; failures: number }>();
  const current = (ip: string, t: number) => {
    const w = windows.get(ip);
    return w && t - w.started < policy.ipWindowMs ? w : undefined;
  };
  return {
    retryAfter(ip, now) {
      const t = now.getTime();
      const w = current(ip, t);
      return w && w.failures >= policy.ipMaxFailures ? Math.max(1, Math.ceil((w.started + policy.ipWindowMs - t) / 1000)) : 0;
    },
    fail(ip, now) {
      const t = now.getTime();
      const w = current(ip, t);
      if (w) w.failures++;
      else {
        // Map keeps insertion order: the first key is the oldest window.
        if (windows.size >= MAX_TRACKED_IPS) windows.delete(windows.keys().next().value!);
        windows.delete(ip);
        windows.set(ip, { started: t, failures: 1 });
      }
    },
  };
}
