import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/port.ts';

/** How long a user has between leaving for the identity provider and coming back. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

/** A login in flight between /start and /callback. */
export type LoginState = {
  providerId: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: Date;
};

// Stored hashed, like session tokens: a leaked table does not let anyone finish someone else's login.
const hash = (value: string): string => createHash('sha256').update(value).digest('hex');

export async function saveLoginState(q: Queryable, input: { state: string; browser: string } & Omit<LoginState, 'expiresAt'>, now: Date): Promise<void> {
  // Abandoned logins are swept here rather than by a job: start is the only writer, so the table stays small.
  await q.query('delete from mainline.sso_login_states where expires_at < $1', [now.toISOString()]);
  await q.query(
    `insert into mainline.sso_login_states (state_hash, provider_id, browser_hash, code_verifier, nonce, redirect_uri, return_to, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [hash(input.state), input.providerId, hash(input.browser), input.codeVerifier, input.nonce, input.redirectUri, input.returnTo, new Date(now.getTime() + LOGIN_STATE_TTL_MS).toISOString()],
  );
}

/**
 * Takes a login state out of the table: whatever happens next, it cannot be
 * used again. Answers undefined when unknown, already used, expired, or
 * started in another browser (the binding cookie differs), which stops an
 * attacker from planting their own login in a victim's browser.
 */
export async function consumeLoginState(q: Queryable, input: { state: string; browser: string | undefined }, now: Date): Promise<LoginState | undefined> {
  const { rows } = await q.query<Record<string, unknown>>('delete from mainline.sso_login_states where state_hash = $1 returning *', [hash(input.state)]);
  const r = rows[0];
  if (!r || !input.browser || r.browser_hash !== hash(input.browser)) return undefined;
  const expiresAt = new Date(r.expires_at as string);
  if (expiresAt.getTime() <= now.getTime()) return undefined;
  return {
    providerId: r.provider_id as string,
    codeVerifier: r.code_verifier as string,
    nonce: r.nonce as string,
    redirectUri: r.redirect_uri as string,
    returnTo: r.return_to as string,
    expiresAt,
  };
}
