import { DomainError } from '@mainline/core';
import * as oidc from 'openid-client';
import type { Database } from '../../db/port.ts';
import { recordSecurityEvent } from '../security-audit.ts';
import { createSession } from '../sessions.ts';
import { findProviderForLogin, type IdentityProvider } from './identity-provider-store.ts';
import { consumeLoginState, saveLoginState } from './login-states.ts';
import { oidcConfiguration, ssoProblem } from './oidc-configuration.ts';
import { resolveSsoUser, type SsoClaims } from './resolve-sso-user.ts';

export type SsoContext = { db: Database; now: () => Date };

const SCOPE = 'openid email profile';

async function loginProvider(ctx: SsoContext, providerId: string, unknown: () => DomainError): Promise<IdentityProvider> {
  const provider = await findProviderForLogin(ctx.db, providerId);
  if (!provider) throw unknown();
  if (!provider.enabled) throw new DomainError({ code: 'ssoProviderDisabled', params: { provider: provider.name } });
  if (!provider.workspaceActive) throw new DomainError({ code: 'ssoAccountInactive' });
  return provider;
}

/**
 * Begins a login: remembers a fresh state, nonce and PKCE verifier in the
 * database (any app process may receive the callback) and answers the
 * provider's authorization URL to send the browser to.
 */
export async function startSsoLogin(ctx: SsoContext, input: { providerId: string; returnTo: string; redirectUri: string; browser: string }): Promise<URL> {
  const provider = await loginProvider(ctx, input.providerId, () => new DomainError({ code: 'notFound', status: 404, errors: [{ field: 'providerId', code: 'referenceNotFound' }] }));
  let config: oidc.Configuration;
  try {
    config = await oidcConfiguration(provider);
  } catch (error) {
    throw ssoProblem(error, provider);
  }
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await saveLoginState(ctx.db, { state, browser: input.browser, providerId: provider.id, codeVerifier, nonce, redirectUri: input.redirectUri, returnTo: input.returnTo }, ctx.now());
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
}

export type SsoLoginResult = { token: string; expiresAt: Date; returnTo: string; userId: string; via: 'subject' | 'email' | 'provisioned' };

/**
 * Finishes a login at the callback: consumes the state (single use, even
 * when what follows fails), exchanges the code with PKCE, lets
 * openid-client validate the ID token (signature, issuer, audience, nonce),
 * finds or provisions the user and opens a session, all in one transaction.
 */
export async function finishSsoLogin(ctx: SsoContext, input: { query: Record<string, string>; browser: string | undefined; ip?: string }): Promise<SsoLoginResult> {
  const state = input.query.state;
  // Consumed outside the login transaction, so a failed exchange cannot put it back for a replay.
  const pending = state ? await consumeLoginState(ctx.db, { state, browser: input.browser }, ctx.now()) : undefined;
  if (!state || !pending) throw new DomainError({ code: 'ssoStateInvalid' });
  const provider = await loginProvider(ctx, pending.providerId, () => new DomainError({ code: 'ssoStateInvalid' }));

  let claims: SsoClaims;
  try {
    const config = await oidcConfiguration(provider);
    const callbackUrl = new URL(pending.redirectUri);
    for (const [key, value] of Object.entries(input.query)) callbackUrl.searchParams.set(key, value);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Many providers put email and profile only in userinfo when an access token is issued (OpenID Connect Core 5.4).
    const source: Record<string, unknown> =
      typeof idToken.email !== 'string' && config.serverMetadata().userinfo_endpoint ? { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), sub: idToken.sub } : idToken;
    claims = {
      subject: idToken.sub,
      email: typeof source.email === 'string' ? source.email : undefined,
      // Some providers send the string "true".
      emailVerified: source.email_verified === true || source.email_verified === 'true',
      name: typeof source.name === 'string' ? source.name : [source.given_name, source.family_name].filter((s) => typeof s === 'string').join(' ') || undefined,
      locale: typeof source.locale === 'string' ? source.locale : undefined,
    };
  } catch (error) {
    const problem = ssoProblem(error, provider);
    await recordSecurityEvent(ctx.db, { workspaceId: provider.workspaceId, userId: null, event: 'login.failed', detail: { via: 'sso', providerId: provider.id, reason: problem.code }, ...(input.ip ? { ip: input.ip } : {}) });
    throw problem;
  }

  try {
    return await ctx.db.transaction(async (tx) => {
      const user = await resolveSsoUser(tx, { provider, claims, ...(input.ip ? { ip: input.ip } : {}) });
      const now = ctx.now();
      const session = await createSession(tx, user.userId, now);
      await tx.query('update mainline.users set last_login_at = $2 where id = $1', [user.userId, now.toISOString()]);
      await recordSecurityEvent(tx, {
        workspaceId: provider.workspaceId,
        userId: user.userId,
        event: 'sso.login',
        detail: { providerId: provider.id, subject: claims.subject, via: user.via },
        ...(input.ip ? { ip: input.ip } : {}),
      });
      return { ...session, returnTo: pending.returnTo, userId: user.userId, via: user.via };
    });
  } catch (error) {
    if (error instanceof DomainError) {
      // The refusal is worth an audit entry of its own: the transaction that would have recorded the login rolled back.
      await recordSecurityEvent(ctx.db, {
        workspaceId: provider.workspaceId,
        userId: null,
        event: 'login.failed',
        detail: { via: 'sso', providerId: provider.id, subject: claims.subject, reason: error.code },
        ...(input.ip ? { ip: input.ip } : {}),
      });
    }
    throw error;
  }
}
