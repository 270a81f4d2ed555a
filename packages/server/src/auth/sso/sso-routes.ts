import { randomBytes } from 'node:crypto';
import { DomainError, fromZod, isUuid, PROBLEM_MEDIA_TYPE, schemaRef, validationError, type Locale, type RouteDocs } from '@mainline/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_TAG } from '../../access/access-admin-routes.ts';
import { DATETIME, describeRoutes, orNull, shape, text, UUID, type RouteDoc, type Text } from '../../http/route-docs.ts';
import { createBody, patchBody } from './identity-provider-input.ts';
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

/**
 * Single sign-on, for the OpenAPI document: the provider list and both legs
 * of the browser login (start and the provider's callback: public routes a
 * browser follows, listed so every route the server answers is described),
 * and the administrators' provider routes (identity-provider-routes.ts).
 */
export function ssoRouteDocs(locale: Locale): RouteDocs {
  const provider = shape({ id: UUID, name: { type: 'string' }, issuer: { type: 'string' }, clientId: { type: 'string' }, hasClientSecret: { type: 'boolean', description: 'The secret is write-only.' }, defaultProfileId: orNull(UUID), defaultRoleId: orNull(UUID), enabled: { type: 'boolean' }, redirectUri: { type: 'string', description: 'Register this at the provider.' }, createdAt: DATETIME });
  const redirect = (description: Text) => ({ status: 302 as const, description, headers: { Location: { required: true, schema: { type: 'string' } } } });
  const one = text('The identity provider.', '身份提供方。', '身分提供者。');
  const providers = { name: 'Providers', path: '/api/admin/identity-providers' };
  const sso: RouteDoc[] = [
    {
      method: 'get',
      path: '/api/auth/sso/providers',
      operationId: 'listSsoProviders',
      access: 'public',
      summary: text('Single sign-on providers of a workspace', '工作区的单点登录提供方', '工作區的單一登入提供者'),
      description: text('For the login page: the enabled providers’ ids and names.', '供登录页使用：已启用提供方的 id 与名称。', '供登入頁使用：已啟用提供者的 id 與名稱。'),
      query: [{ name: 'workspace', in: 'query', required: true, description: 'The workspace slug.', schema: { type: 'string', pattern: SLUG.source } }],
      ok: { status: 200, description: text('The providers.', '提供方列表。', '提供者清單。'), schema: { type: 'array', items: shape({ id: UUID, name: { type: 'string' } }) } },
      problems: [400],
    },
    {
      method: 'get',
      path: '/api/auth/sso/:providerId/start',
      operationId: 'startSsoLogin',
      access: 'public',
      summary: text('Start a single sign-on login', '发起单点登录', '發起單一登入'),
      description: text('A browser navigation: redirects to the provider, which sends the browser back to the callback.', '供浏览器跳转：重定向到提供方，提供方再将浏览器送回回调地址。', '供瀏覽器導向：重新導向至提供者，提供者再將瀏覽器送回回呼位址。'),
      pathParams: { providerId: { name: 'providerId', in: 'path', required: true, schema: UUID } },
      query: [{ name: 'returnTo', in: 'query', description: 'A path of this site to land on after signing in; default /.', schema: { type: 'string' } }],
      ok: redirect(text('To the provider’s sign-in page.', '跳转至提供方的登录页面。', '導向至提供者的登入頁面。')),
      problems: [400, 403, 404],
    },
    {
      method: 'get',
      path: CALLBACK_PATH,
      operationId: 'finishSsoLogin',
      access: 'public',
      summary: text('Finish a single sign-on login', '完成单点登录', '完成單一登入'),
      description: text('Where the provider sends the browser back (its query is the provider’s: code, state, or error). Sets the session cookie and redirects to returnTo; with Accept: application/json, answers the session instead.', '提供方将浏览器送回此处（查询参数由提供方给出：code、state 或 error）。设置会话 Cookie 并重定向到 returnTo；若请求 Accept: application/json，则直接返回会话。', '提供者將瀏覽器送回此處（查詢參數由提供者提供：code、state 或 error）。設定工作階段 Cookie 並重新導向至 returnTo；若請求 Accept: application/json，則直接回傳工作階段。'),
      ok: redirect(text('Signed in: to returnTo.', '登录成功：跳转至 returnTo。', '登入成功：導向至 returnTo。')),
      more: {
        '200': { description: text('Signed in (Accept: application/json).', '登录成功（Accept: application/json）。', '登入成功（Accept: application/json）。')[locale], content: { 'application/json': { schema: shape({ token: { type: 'string' }, expiresAt: DATETIME, returnTo: { type: 'string' } }) } } },
        '502': { description: text('The provider could not be reached or answered wrongly.', '无法连接提供方或其响应有误。', '無法連線提供者或其回應有誤。')[locale], content: { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef('Problem') } } },
      },
      problems: [400, 401, 403, 409],
    },
  ];
  const admin: RouteDoc[] = [
    { method: 'get', path: providers.path, operationId: 'listIdentityProviders', access: 'admin', summary: text('List identity providers', '查询身份提供方', '查詢身分提供者'), ok: { status: 200, description: text('The providers.', '提供方列表。', '提供者清單。'), schema: { type: 'array', items: schemaRef('IdentityProvider') } }, problems: [401, 403] },
    { method: 'post', path: providers.path, operationId: 'createIdentityProvider', access: 'admin', summary: text('Add an identity provider', '新增身份提供方', '新增身分提供者'), description: text('An OpenID Connect provider; every change is in the security log.', 'OpenID Connect 提供方；每次变更都记入安全日志。', 'OpenID Connect 提供者；每次變更都記入安全性記錄。'), body: fromZod(createBody), ok: { status: 201, description: one, schema: schemaRef('IdentityProvider') }, problems: [400, 401, 403, 409, 413, 415] },
    { method: 'get', path: `${providers.path}/:id`, operationId: 'getIdentityProvider', access: 'admin', summary: text('Get an identity provider', '查看身份提供方', '檢視身分提供者'), ok: { status: 200, description: one, schema: schemaRef('IdentityProvider') }, problems: [401, 403, 404] },
    { method: 'patch', path: `${providers.path}/:id`, operationId: 'updateIdentityProvider', access: 'admin', summary: text('Update an identity provider', '更新身份提供方', '更新身分提供者'), body: fromZod(patchBody), ok: { status: 200, description: one, schema: schemaRef('IdentityProvider') }, problems: [400, 401, 403, 404, 409, 413, 415] },
    { method: 'delete', path: `${providers.path}/:id`, operationId: 'deleteIdentityProvider', access: 'admin', summary: text('Delete an identity provider', '删除身份提供方', '刪除身分提供者'), description: text('Its users stay, and sign in with a password or another provider.', '其用户保留，可改用密码或其他提供方登录。', '其使用者保留，可改用密碼或其他提供者登入。'), ok: { status: 204, description: text('Deleted.', '已删除。', '已刪除。') }, problems: [401, 403, 404] },
  ];
  return describeRoutes(locale, [{ name: 'Auth' }, ADMIN_TAG], [...sso, ...admin.map((r) => ({ ...r, tag: ADMIN_TAG.name }))], { IdentityProvider: provider });
}
