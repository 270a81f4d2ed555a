import { randomBytes } from 'node:crypto';
import { DomainError, validationError, isUuid } from '@mainline/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/port.ts';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../sessions.ts';
import { identityProviderRoutes } from './identity-provider-routes.ts';
import { listLoginProviders } from './identity-provider-store.ts';
import { LOGIN_STATE_TTL_MS } from './login-states.ts';
import { returnToProblem, safeReturnTo } from './return-to.ts';
import { finishSsoLogin, startSsoLogin } from './sso-login.ts';

export type SsoRoutesContext = {
  db: Database;
  now: () => Date;
  secureCookies: boolean;
  /** The site's public origin (e.g. https://crm.example.com) for the redirect URI; else taken from the request. */
  publicUrl?: string;
};

export const CALLBACK_PATH = '/api/auth/sso/callback';
/** Ties a login to the browser that started it (see consumeLoginState). */
const BROWSER_COOKIE = 'mainline_sso';
const BROWSER_ID = /^[A-Za-z0-9_-]{43}$/;
const SLUG = /^[a-z][a-z0-9_]{1,39}$/;

export const redirectUriFor = (request: FastifyRequest, publicUrl: string | undefined): string => `${(publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')}${CALLBACK_PATH}`;

const queryOf = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;

/** Single sign-on: the login page's provider list, the OpenID Connect login, and the admin API for providers. */
export function ssoRoutes(ctx: SsoRoutesContext) {
  return async (app: FastifyInstance) => {
    await app.register(identityProviderRoutes({ db: ctx.db, redirectUri: (request) => redirectUriFor(request, ctx.publicUrl) }));

    app.get('/api/auth/sso/providers', { config: { access: 'public' } }, async (request) => {
      const slug = queryOf(request).workspace;
      if (typeof slug !== 'string' || !SLUG.test(slug)) throw validationError([{ field: 'workspace', code: 'invalidFormat', params: { format: 'workspace slug' } }], 'invalidQuery');
      return listLoginProviders(ctx.db, slug);
    });

    app.get<{ Params: { providerId: string } }>('/api/auth/sso/:providerId/start', { config: { access: 'public' } }, async (request, reply) => {
      const { providerId } = request.params;
      if (!isUuid(providerId)) throw new DomainError({ code: 'notFound', status: 404, errors: [{ field: 'providerId', code: 'referenceNotFound' }] });
      const raw = queryOf(request).returnTo;
      // A repeated parameter arrives as an array: refused like any other bad value.
      const returnTo = raw === undefined || typeof raw === 'string' ? safeReturnTo(raw) : undefined;
      if (!returnTo) throw returnToProblem();
      const existing = request.cookies[BROWSER_COOKIE];
      const browser = existing && BROWSER_ID.test(existing) ? existing : randomBytes(32).toString('base64url');
      const url = await startSsoLogin(ctx, { providerId: providerId.toLowerCase(), returnTo, redirectUri: redirectUriFor(request, ctx.publicUrl), browser });
      // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
      reply.setCookie(BROWSER_COOKIE, browser, { path: CALLBACK_PATH, httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, maxAge: Math.floor(LOGIN_STATE_TTL_MS / 1000) });
      return reply.redirect(url.href, 302);
    });

    app.get(CALLBACK_PATH, { config: { access: 'public' } }, async (request, reply) => {
      const query: Record<string, string> = {};
      for (const [key, value] of Object.entries(queryOf(request))) if (typeof value === 'string') query[key] = value;
      try {
        const result = await finishSsoLogin(ctx, { query, browser: request.cookies[BROWSER_COOKIE], ip: request.ip });
        setSessionCookie(reply, result.token, ctx.secureCookies);
        // Scripts and single-page apps may ask for the token instead of a redirect; browsers navigating here never send this Accept.
        if (wantsJson(request)) return { token: result.token, expiresAt: result.expiresAt.toISOString(), returnTo: result.returnTo };
        return reply.redirect(result.returnTo, 302);
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'ssoFailed' || error.code === 'ssoDenied')) request.log.warn({ reason: error.message }, 'single sign-on failed');
        throw error;
      }
    });
  };
}

// The same cookie POST /api/auth/login sets, so both kinds of session behave alike.
function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}
