import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person the test identity provider knows, by subject. */
export type TestAccount = { email?: string; email_verified?: boolean; name?: string; locale?: string };

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the next interaction; `deny` makes the provider answer access_denied. */
  signInAs(subject: string | 'deny'): void;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1 with a
 * random port. Its login and consent interactions finish at once for the
 * subject chosen with signInAs, through the provider's own interaction API,
 * so every redirect, cookie, code, PKCE check and token is the real thing.
 */
export async function startTestOidcProvider(opts: { redirectUris: string[]; accounts: Record<string, TestAccount> }): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'mainline';
  const clientSecret = 'a-long-test-client-secret-0123456789';
  let subject = '';

  const configuration: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'locale'] },
    cookies: { keys: ['test-only-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = opts.accounts[sub];
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  };
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();

  const interact = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const interaction = await provider.interactionDetails(req, res);
    if (subject === 'deny') return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user declined' }, { mergeWithLastSubmission: false });
    if (interaction.prompt.name === 'login') return provider.interactionFinished(req, res, { login: { accountId: subject } }, { mergeWithLastSubmission: false });
    const accountId = interaction.session!.accountId!;
    const grant = interaction.grantId ? (await provider.Grant.find(interaction.grantId))! : new provider.Grant({ accountId, clientId: interaction.params.client_id as string });
    const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: interaction.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
  };

  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else handle(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(s) {
      subject = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies per origin, as a browser would keep them (paths and expiry simplified: enough for one login). */
export function createCookieJar() {
  const jars = new Map<string, Map<string, string>>();
  return {
    store(url: string, res: Response): void {
      const origin = new URL(url).origin;
      const jar = jars.get(origin) ?? new Map<string, string>();
      jars.set(origin, jar);
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
    },
    header(url: string): string {
      return [...(jars.get(new URL(url).origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    get(url: string, name: string): string | undefined {
      return jars.get(new URL(url).origin)?.get(name);
    },
  };
}
export type CookieJar = ReturnType<typeof createCookieJar>;
