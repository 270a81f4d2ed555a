import { DomainError, LOCALES, type Locale } from '@mainline/core';
import type { Queryable } from '../../db/port.ts';
import { recordSecurityEvent } from '../security-audit.ts';
import { createUser } from '../users.ts';
import type { IdentityProvider } from './identity-provider-store.ts';

/** What Mainline uses of a signed-in person's claims. */
export type SsoClaims = { subject: string; email?: string; emailVerified: boolean; name?: string; locale?: string };

export type SsoUser = { userId: string; via: 'subject' | 'email' | 'provisioned' };

type UserRow = { id: string; workspace_id: string; active: boolean };

/**
 * Finds who a provider's subject is in Mainline, in the caller's
 * transaction: the linked identity first; else a user of the provider's
 * workspace with the same, provider-verified email (then linked); else a
 * new user of that workspace. Emails are unique across all workspaces, so
 * an email of another workspace is refused rather than linked: a provider
 * configured by one tenant must never sign anyone into another.
 */
export async function resolveSsoUser(tx: Queryable, input: { provider: IdentityProvider; claims: SsoClaims; ip?: string }): Promise<SsoUser> {
  const { provider, claims } = input;
  // Two first logins of one subject at once would both provision: the second waits and then finds the link.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`sso:${provider.id}:${claims.subject}`]);

  const linked = await tx.query<UserRow>(
    `select u.id, u.workspace_id, u.active and w.status = 'active' as active
       from mainline.user_identities i
       join mainline.users u on u.id = i.user_id
       join mainline.workspaces w on w.id = u.workspace_id
      where i.provider_id = $1 and i.subject = $2 and u.workspace_id = $3`,
    [provider.id, claims.subject, provider.workspaceId],
  );
  if (linked.rows[0]) {
    if (!linked.rows[0].active) throw new DomainError({ code: 'ssoAccountInactive' });
    return { userId: linked.rows[0].id, via: 'subject' };
  }

  const email = claims.email?.trim().toLowerCase();
  if (!email) throw new DomainError({ code: 'ssoEmailRequired', params: { provider: provider.name } });
  const existing = await tx.query<UserRow>(
    `select u.id, u.workspace_id, u.active and w.status = 'active' as active
       from mainline.users u join mainline.workspaces w on w.id = u.workspace_id
      where lower(u.email) = $1`,
    [email],
  );
  const user = existing.rows[0];
  if (user) {
    if (user.workspace_id !== provider.workspaceId) throw new DomainError({ code: 'ssoEmailInOtherWorkspace', params: { email } });
    // An unverified email proves nothing: linking on it would let anyone who can type a colleague's address at the provider become them.
    if (!claims.emailVerified) throw new DomainError({ code: 'ssoEmailNotVerified', params: { email, provider: provider.name } });
    if (!user.active) throw new DomainError({ code: 'ssoAccountInactive' });
    await linkIdentity(tx, provider.id, claims.subject, user.id);
    return { userId: user.id, via: 'email' };
  }

  const defaults = await tx.query<{ profile_id: string | null; default_locale: string }>(
    `select coalesce(
              (select id from mainline.profiles where id = $2 and workspace_id = $1),
              (select id from mainline.profiles where workspace_id = $1 and name = 'Standard User')
            ) as profile_id,
            w.default_locale
       from mainline.workspaces w where w.id = $1`,
    [provider.workspaceId, provider.defaultProfileId],
  );
  const created = await createUser(tx, {
    workspaceId: provider.workspaceId,
    email,
    name: displayName(claims, email),
    locale: supportedLocale(claims.locale) ?? defaults.rows[0]?.default_locale,
    profileId: defaults.rows[0]?.profile_id ?? null,
    roleId: provider.defaultRoleId,
  });
  await linkIdentity(tx, provider.id, claims.subject, created.id);
  await recordSecurityEvent(tx, {
    workspaceId: provider.workspaceId,
    userId: created.id,
    event: 'sso.provisioned',
    detail: { providerId: provider.id, subject: claims.subject, email, emailVerified: claims.emailVerified, profileId: defaults.rows[0]?.profile_id ?? null, roleId: provider.defaultRoleId },
    ...(input.ip ? { ip: input.ip } : {}),
  });
  return { userId: created.id, via: 'provisioned' };
}

async function linkIdentity(tx: Queryable, providerId: string, subject: string, userId: string): Promise<void> {
  await tx.query('insert into mainline.user_identities (provider_id, subject, user_id) values ($1, $2, $3) on conflict do nothing', [providerId, subject, userId]);
}

function displayName(claims: SsoClaims, email: string): string {
  const name = claims.name?.trim();
  return (name && name.length > 0 ? name : email.split('@')[0]!).slice(0, 200);
}

/** Providers write zh_CN, zh-cn or zh-Hant-TW; only the languages Mainline ships are taken. */
export function supportedLocale(value: string | undefined): Locale | undefined {
  if (!value) return undefined;
  const tag = value.replace(/_/g, '-').toLowerCase();
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag === 'zh-hant-tw') return 'zh-TW';
  if (tag === 'zh-cn' || tag === 'zh-hans' || tag === 'zh-hans-cn') return 'zh-CN';
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  return (LOCALES as readonly string[]).includes(value) ? (value as Locale) : undefined;
}
