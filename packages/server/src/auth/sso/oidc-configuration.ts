import { createHash } from 'node:crypto';
import { DomainError } from '@mainline/core';
import * as oidc from 'openid-client';
import type { IdentityProvider } from './identity-provider-store.ts';
import { isLoopbackIssuer } from './identity-provider-input.ts';

/**
 * Discovered provider metadata, kept per process for a few minutes so a
 * login costs one discovery request rather than two (start and callback).
 * It is derived from the provider's own document, never login state, so
 * processes need not agree on it. The key covers issuer, client id and a
 * hash of the secret: editing a provider makes a new entry at once.
 */
const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 200;
const REQUEST_TIMEOUT_S = 10;

type Entry = { config: Promise<oidc.Configuration>; at: number };
const cache = new Map<string, Entry>();

const keyOf = (p: IdentityProvider): string => [p.issuer, p.clientId, createHash('sha256').update(p.clientSecret ?? '').digest('hex')].join('\n');

export function oidcConfiguration(provider: IdentityProvider, now: number = Date.now()): Promise<oidc.Configuration> {
  const key = keyOf(provider);
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.config;
  const secret = provider.clientSecret;
  // client_secret_basic is the OpenID Connect default for registered clients; without a secret the client is public and PKCE alone protects the code.
  const auth = secret ? oidc.ClientSecretBasic(secret) : oidc.None();
  const config = oidc.discovery(new URL(provider.issuer), provider.clientId, secret ?? undefined, auth, {
    timeout: REQUEST_TIMEOUT_S,
    ...(isLoopbackIssuer(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  // A failed discovery is not remembered: the next login tries again.
  config.catch(() => {
    if (cache.get(key)?.config === config) cache.delete(key);
  });
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { config, at: now });
  return config;
}

/**
 * Turns whatever openid-client or the network threw into a problem the
 * user can act on. The provider's own words go to the log only: they may
 * echo client details an end user should not see.
 */
export function ssoProblem(error: unknown, provider: { name: string }): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    return new DomainError({ code: 'ssoDenied', params: { provider: provider.name, reason: error.error }, developerMessage: `authorization response error: ${error.error} ${error.error_description ?? ''}` });
  }
  const detail = error instanceof Error ? `${error.name}${'code' in error ? ` ${String(error.code)}` : ''}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  return new DomainError({ code: 'ssoFailed', params: { provider: provider.name }, developerMessage: `OpenID Connect exchange with ${provider.name} failed: ${detail}` });
}
