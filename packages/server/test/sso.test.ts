import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/auth/users.ts';
import { installStandardModel } from '../src/metadata/standard-model.ts';
import { createWorkspace } from '../src/workspaces/workspaces.ts';
import { createCookieJar, startTestOidcProvider, type CookieJar, type TestOidcProvider } from './support/oidc-test-provider.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

const ACCOUNTS = {
  'sub-new': { email: 'new.person@example.test', email_verified: true, name: '陈新', locale: 'zh-TW' },
  'sub-local': { email: 'Local.User@example.test', email_verified: true, name: 'Local User' },
  'sub-unverified': { email: 'victim@example.test', email_verified: false, name: 'Not Victim' },
  'sub-beta': { email: 'admin@beta.test', email_verified: true, name: 'Beta Admin' },
  'sub-readonly': { email: 'reader@example.test', email_verified: true, name: 'Reader', locale: 'en-US' },
  'sub-noemail': { name: 'Nobody' },
  'sub-inactive': { email: 'leaver@example.test', email_verified: true, name: 'Leaver' },
};

describe(`single sign-on with OpenID Connect (${testDbKind})`, () => {
  let t: TestApp;
  let op: TestOidcProvider;
  let base: string;
  let offsetMs = 0;
  let providerId: string;
  let profiles: Record<string, string>;
  let beta: { id: string; adminToken: string; profileId: string; roleId: string };
  let fakeIssuer: Server;

  const sql = async <R = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.db.query<R>(text, params)).rows;
  const login = async (email: string, password: string) => (await t.api('POST', '/api/auth/login', { email, password }, { token: null })).body.token as string;

  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date(Date.now() + offsetMs) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    op = await startTestOidcProvider({ redirectUris: [`${base}/api/auth/sso/callback`], accounts: ACCOUNTS });
    // An "issuer" whose discovery document is the real provider's: it names another issuer, which openid-client must refuse.
    fakeIssuer = createServer((req, res) => {
      void fetch(`${op.issuer}${req.url}`).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      });
    });
    await new Promise<void>((resolve) => fakeIssuer.listen(0, '127.0.0.1', resolve));

    profiles = Object.fromEntries((await sql<{ name: string; id: string }>(`select p.name, p.id from mainline.profiles p join mainline.workspaces w on w.id = p.workspace_id where w.slug = 'default'`)).map((r) => [r.name, r.id]));
    const wsId = (await sql<{ id: string }>(`select id from mainline.workspaces where slug = 'default'`))[0]!.id;
    await createUser(t.db, { workspaceId: wsId, email: 'local.user@example.test', name: 'Local', password: 'local password 123', profileId: profiles['Standard User'] });
    await createUser(t.db, { workspaceId: wsId, email: 'victim@example.test', name: 'Victim', password: 'victim password 123', profileId: profiles['Standard User'] });
    await createUser(t.db, { workspaceId: wsId, email: 'clerk@example.test', name: 'Clerk', password: 'clerk password 123', profileId: profiles['Standard User'] });

    // The workspaces API is built elsewhere: make the second workspace directly, as bootstrap does.
    const b = await t.db.transaction(async (tx) => {
      const ws = await createWorkspace(tx, { slug: 'beta', name: 'Beta' });
      const admin = await createUser(tx, { workspaceId: ws.id, email: 'admin@beta.test', name: 'Beta Admin', password: 'beta password 123', isAdmin: true, profileId: ws.profiles.admin });
      await installStandardModel(tx, { workspaceId: ws.id, actorId: admin.id });
      const roleId = '0190a000-0000-7000-8000-00000000be7a';
      await tx.query(`insert into mainline.roles (id, workspace_id, name) values ($1, $2, 'Beta sales')`, [roleId, ws.id]);
      return { id: ws.id, profileId: ws.profiles.standard, roleId };
    });
    beta = { ...b, adminToken: await login('admin@beta.test', 'beta password 123') };

    const created = await t.api('POST', '/api/admin/identity-providers', { name: 'Corporate SSO', issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    providerId = created.body.id;
  });
  afterAll(async () => {
    await op?.close();
    await new Promise<void>((resolve) => (fakeIssuer ? fakeIssuer.close(() => resolve()) : resolve()));
    await t?.close();
  });

  /** Starts a login at Mainline and lets the browser (a cookie jar) follow the provider's redirects until it is sent back to the callback. */
  async function signIn(subject: string, opts: { provider?: string; returnTo?: string; jar?: CookieJar } = {}): Promise<{ callback: string; jar: CookieJar }> {
    const jar = opts.jar ?? createCookieJar();
    op.signInAs(subject);
    let url = `${base}/api/auth/sso/${opts.provider ?? providerId}/start${opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : ''}`;
    for (let hop = 0; hop < 20; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
      jar.store(url, res);
      const location = res.headers.get('location');
      if (!location || res.status < 300 || res.status >= 400) throw new Error(`expected a redirect from ${url}, got ${res.status}: ${await res.text()}`);
      url = new URL(location, url).href;
      if (url.startsWith(`${base}/api/auth/sso/callback`)) return { callback: url, jar };
    }
    throw new Error('too many redirects');
  }

  async function callback(flow: { callback: string; jar: CookieJar }, opts: { json?: boolean; url?: string; noCookie?: boolean } = {}) {
    const url = opts.url ?? flow.callback;
    const res = await fetch(url, { redirect: 'manual', headers: { ...(opts.noCookie ? {} : { cookie: flow.jar.header(url) }), ...(opts.json ? { accept: 'application/json' } : {}) } });
    flow.jar.store(url, res);
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), contentType: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, jar: flow.jar };
  }

  /** Who the session cookie alone (no bearer token) says the browser is. */
  const me = async (jar: CookieJar) => (await fetch(`${base}/api/auth/me`, { headers: { cookie: jar.header(base) } })).json();
  const identities = (subject: string) => sql<{ user_id: string; provider_id: string }>('select user_id, provider_id from mainline.user_identities where subject = $1', [subject]);
  const userByEmail = async (email: string) => (await sql<Record<string, unknown>>('select * from mainline.users where lower(email) = lower($1)', [email]))[0];
  const audits = (event: string) => sql<{ detail: Record<string, unknown>; user_id: string }>('select detail, user_id from mainline.security_audit where event = $1 order by id', [event]);

  describe('admin API', () => {
    it('keeps the client secret write-only and audits every change', async () => {
      const got = await t.api('GET', `/api/admin/identity-providers/${providerId}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: providerId, name: 'Corporate SSO', issuer: op.issuer, clientId: op.clientId, hasClientSecret: true, enabled: true, defaultProfileId: null, redirectUri: expect.stringMatching(/\/api\/auth\/sso\/callback$/) });
      expect(got.body).not.toHaveProperty('clientSecret');
      expect(JSON.stringify(got.body)).not.toContain(op.clientSecret);
      const list = await t.api('GET', '/api/admin/identity-providers');
      expect(list.body.map((p: { id: string }) => p.id)).toEqual([providerId]);
      const changed = (await audits('identityProvider.changed')).map((a) => a.detail);
      expect(changed[0]).toMatchObject({ action: 'created', providerId, fields: expect.arrayContaining(['clientSecret']) });
      expect(JSON.stringify(changed)).not.toContain(op.clientSecret);
    });

    it('validates input strictly and names the bad field', async () => {
      const bad = async (body: unknown, field: string, code?: string) => {
        const r = await t.api('POST', '/api/admin/identity-providers', body);
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(r.body.errors).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
      };
      const ok = { name: 'X', issuer: 'https://login.example.com', clientId: 'c' };
      await bad({ ...ok, extra: 1 }, 'extra', 'unknownField');
      await bad({ ...ok, issuer: 'http://login.example.com' }, 'issuer');
      await bad({ ...ok, issuer: 'ftp://127.0.0.1' }, 'issuer');
      await bad({ ...ok, issuer: 'not a url' }, 'issuer');
      await bad({ name: 'X', issuer: 'https://login.example.com' }, 'clientId', 'required');
      await bad({ ...ok, defaultProfileId: beta.profileId }, 'defaultProfileId', 'referenceNotFound');
      await bad({ ...ok, defaultRoleId: beta.roleId }, 'defaultRoleId', 'referenceNotFound');
      await bad({ ...ok, defaultProfileId: 'nope' }, 'defaultProfileId');
      const dup = await t.api('POST', '/api/admin/identity-providers', { ...ok, name: 'Corporate SSO' });
      expect(dup.status).toBe(409);
      const patch = await t.api('PATCH', `/api/admin/identity-providers/${providerId}`, { defaultProfileId: beta.profileId });
      expect(patch.status).toBe(400);
      expect(patch.body.errors[0].field).toBe('defaultProfileId');
      expect((await t.api('GET', '/api/admin/identity-providers/not-a-uuid')).status).toBe(404);
    });

    it('is for workspace administrators only', async () => {
      const clerk = await login('clerk@example.test', 'clerk password 123');
      expect((await t.api('GET', '/api/admin/identity-providers', undefined, { token: clerk })).status).toBe(403);
      expect((await t.api('POST', '/api/admin/identity-providers', { name: 'Mine', issuer: op.issuer, clientId: 'x' }, { token: clerk })).status).toBe(403);
      expect((await t.api('PATCH', `/api/admin/identity-providers/${providerId}`, { enabled: false }, { token: clerk })).status).toBe(403);
      expect((await t.api('GET', '/api/admin/identity-providers', undefined, { token: null })).status).toBe(401);
    });

    it("keeps each workspace's providers to itself", async () => {
      const as = { token: beta.adminToken };
      expect((await t.api('GET', '/api/admin/identity-providers', undefined, as)).body).toEqual([]);
      expect((await t.api('GET', `/api/admin/identity-providers/${providerId}`, undefined, as)).status).toBe(404);
      expect((await t.api('PATCH', `/api/admin/identity-providers/${providerId}`, { name: 'Hijacked', enabled: false }, as)).status).toBe(404);
      expect((await t.api('DELETE', `/api/admin/identity-providers/${providerId}`, undefined, as)).status).toBe(404);
      expect((await t.api('GET', `/api/admin/identity-providers/${providerId}`)).body).toMatchObject({ name: 'Corporate SSO', enabled: true });
      // Beta may name its profile and role; the default workspace may not.
      const own = await t.api('POST', '/api/admin/identity-providers', { name: 'Beta SSO', issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, defaultProfileId: beta.profileId, defaultRoleId: beta.roleId }, as);
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      expect((await t.api('GET', `/api/admin/identity-providers/${own.body.id}`)).status).toBe(404);
    });

    it('lists the enabled providers of a workspace for its login page', async () => {
      const r = await t.api('GET', '/api/auth/sso/providers?workspace=default', undefined, { token: null });
      expect(r).toMatchObject({ status: 200, body: [{ id: providerId, name: 'Corporate SSO' }] });
      expect(Object.keys(r.body[0]).sort()).toEqual(['id', 'name']);
      expect((await t.api('GET', '/api/auth/sso/providers?workspace=nosuch', undefined, { token: null })).body).toEqual([]);
      expect((await t.api('GET', '/api/auth/sso/providers', undefined, { token: null })).status).toBe(400);
    });
  });

  describe('login', () => {
    it('provisions a new user on first login with the default profile, links the identity and opens a session', async () => {
      const flow = await signIn('sub-new', { returnTo: '/records/account?view=mine' });
      // The browser went through the real authorization endpoint with PKCE, state and nonce.
      const r = await callback(flow);
      expect(r.status, JSON.stringify(r.body)).toBe(302);
      expect(r.location).toBe('/records/account?view=mine');
      expect(r.jar.get(base, 'mainline_session')).toBeTruthy();
      const user = await userByEmail('new.person@example.test');
      expect(user).toMatchObject({ name: '陈新', locale: 'zh-TW', profile_id: profiles['Standard User'], role_id: null, is_admin: false, password_hash: null, active: true });
      expect(await identities('sub-new')).toEqual([{ user_id: user!.id, provider_id: providerId }]);
      expect(await me(r.jar)).toMatchObject({ id: user!.id, email: 'new.person@example.test', locale: 'zh-TW' });
      expect((await audits('sso.provisioned')).at(-1)).toMatchObject({ user_id: user!.id, detail: { providerId, subject: 'sub-new', email: 'new.person@example.test' } });
      expect((await audits('sso.login')).at(-1)).toMatchObject({ user_id: user!.id, detail: { via: 'provisioned' } });
    });

    it('finds the same user by subject on the next login, and answers JSON when asked', async () => {
      const before = await userByEmail('new.person@example.test');
      const r = await callback(await signIn('sub-new'), { json: true });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ token: expect.any(String), returnTo: '/' });
      const viaToken = await t.api('GET', '/api/auth/me', undefined, { token: r.body.token });
      expect(viaToken.body.id).toBe(before!.id);
      expect(await sql('select id from mainline.users where lower(email) = $1', ['new.person@example.test'])).toHaveLength(1);
      expect((await audits('sso.login')).at(-1)).toMatchObject({ user_id: before!.id, detail: { via: 'subject' } });
    });

    it('links an existing local user whose email the provider verified', async () => {
      const local = await userByEmail('local.user@example.test');
      const r = await callback(await signIn('sub-local'));
      expect(r.status, JSON.stringify(r.body)).toBe(302);
      expect(await identities('sub-local')).toEqual([{ user_id: local!.id, provider_id: providerId }]);
      expect((await me(r.jar)).id).toBe(local!.id);
      expect((await userByEmail('local.user@example.test'))!.password_hash).toBe(local!.password_hash);
    });

    it('does not match an unverified email to an existing user', async () => {
      const r = await callback(await signIn('sub-unverified'));
      expect(r.status).toBe(409);
      expect(r.contentType).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('ssoEmailNotVerified');
      expect(r.jar.get(base, 'mainline_session')).toBeUndefined();
      expect(await identities('sub-unverified')).toEqual([]);
      expect((await audits('login.failed')).at(-1)?.detail).toMatchObject({ via: 'sso', reason: 'ssoEmailNotVerified' });
    });

    it("refuses an email that belongs to another workspace's user", async () => {
      const r = await callback(await signIn('sub-beta'));
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'ssoEmailInOtherWorkspace' });
      expect(r.jar.get(base, 'mainline_session')).toBeUndefined();
      expect(await identities('sub-beta')).toEqual([]);
      expect((await userByEmail('admin@beta.test'))!.workspace_id).toBe(beta.id);
      // Even through beta's own provider the beta admin signs in to beta only.
      const betaProvider = (await t.api('GET', '/api/admin/identity-providers', undefined, { token: beta.adminToken })).body[0].id;
      const own = await callback(await signIn('sub-beta', { provider: betaProvider }), { json: true });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect((await t.api('GET', '/api/auth/me', undefined, { token: own.body.token })).body.workspaceId).toBe(beta.id);
    });

    it("provisions with the provider's default profile and role, and the claims' locale", async () => {
      const roleId = '0190a000-0000-7000-8000-0000000000a1';
      await sql(`insert into mainline.roles (id, workspace_id, name) select $1, id, 'Readers' from mainline.workspaces where slug = 'default'`, [roleId]);
      const p = await t.api('POST', '/api/admin/identity-providers', { name: 'Readers SSO', issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, defaultProfileId: profiles['Read Only'], defaultRoleId: roleId });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      const r = await callback(await signIn('sub-readonly', { provider: p.body.id }));
      expect(r.status, JSON.stringify(r.body)).toBe(302);
      expect(await userByEmail('reader@example.test')).toMatchObject({ profile_id: profiles['Read Only'], role_id: roleId, locale: 'en' });
    });

    it('refuses a login without an email, and inactive users', async () => {
      const none = await callback(await signIn('sub-noemail'));
      expect(none).toMatchObject({ status: 403, body: { code: 'ssoEmailRequired' } });
      expect((await callback(await signIn('sub-inactive'))).status).toBe(302);
      await sql(`update mainline.users set active = false where email = 'leaver@example.test'`);
      const r = await callback(await signIn('sub-inactive'));
      expect(r).toMatchObject({ status: 403, body: { code: 'ssoAccountInactive' } });
    });

    it('answers a refusal at the provider as a problem', async () => {
      const r = await callback(await signIn('deny'));
      expect(r).toMatchObject({ status: 401, body: { code: 'ssoDenied' } });
      expect(r.contentType).toMatch(/application\/problem\+json/);
    });
  });

  describe('login state', () => {
    it('is single-use: a replayed callback is refused', async () => {
      const flow = await signIn('sub-new');
      expect((await callback(flow)).status).toBe(302);
      const again = await callback(flow);
      expect(again).toMatchObject({ status: 400, body: { code: 'ssoStateInvalid' } });
      expect(again.contentType).toMatch(/application\/problem\+json/);
    });

    it('refuses a tampered or unknown state, and a callback in a browser that did not start the login', async () => {
      const flow = await signIn('sub-new');
      const tampered = new URL(flow.callback);
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
      expect((await callback(flow, { url: tampered.href })).body.code).toBe('ssoStateInvalid');
      const noState = new URL(flow.callback);
      noState.searchParams.delete('state');
      expect((await callback(flow, { url: noState.href })).status).toBe(400);
      // Another browser (no binding cookie): refused, and the state is spent.
      expect((await callback(flow, { noCookie: true })).body.code).toBe('ssoStateInvalid');
      expect((await callback(flow)).body.code).toBe('ssoStateInvalid');
    });

    it('expires', async () => {
      const flow = await signIn('sub-new');
      offsetMs = 11 * 60_000;
      try {
        expect((await callback(flow)).body.code).toBe('ssoStateInvalid');
      } finally {
        offsetMs = 0;
      }
    });

    it('lives in the database, so another app process can finish the login', async () => {
      const { buildApp } = await import('../src/app.ts');
      const other = await buildApp({ db: t.db });
      try {
        const flow = await signIn('sub-new');
        const url = new URL(flow.callback);
        const r = await other.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers: { cookie: flow.jar.header(flow.callback), accept: 'application/json', host: url.host } });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().token).toEqual(expect.any(String));
      } finally {
        await other.close();
      }
    });

    it('refuses a returnTo that leaves the site', async () => {
      for (const returnTo of ['//evil.com', 'https://evil.com/', '/\\evil.com', 'evil.com', '/\r\nSet-Cookie:x', 'javascript:alert(1)']) {
        const r = await t.api('GET', `/api/auth/sso/${providerId}/start?returnTo=${encodeURIComponent(returnTo)}`, undefined, { token: null });
        expect(r.status, returnTo).toBe(400);
        expect(r.body.errors[0].field).toBe('returnTo');
      }
      expect((await t.api('GET', `/api/auth/sso/${providerId}/start?returnTo=/a&returnTo=//evil.com`, undefined, { token: null })).status).toBe(400);
      expect((await t.api('GET', '/api/auth/sso/0190a000-0000-7000-8000-000000000000/start', undefined, { token: null })).status).toBe(404);
    });
  });

  describe('misconfigured providers fail cleanly', () => {
    const add = async (body: Record<string, unknown>) => {
      const r = await t.api('POST', '/api/admin/identity-providers', { clientId: op.clientId, clientSecret: op.clientSecret, issuer: op.issuer, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };

    it('a wrong client secret', async () => {
      const id = await add({ name: 'Wrong secret', clientSecret: 'not-the-secret' });
      const r = await callback(await signIn('sub-new', { provider: id }));
      expect(r).toMatchObject({ status: 502, body: { code: 'ssoFailed' } });
      expect(r.contentType).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).not.toContain('not-the-secret');
      expect((await audits('login.failed')).at(-1)?.detail).toMatchObject({ via: 'sso', providerId: id, reason: 'ssoFailed' });
    });

    it('a wrong issuer', async () => {
      const id = await add({ name: 'Wrong issuer', issuer: `http://127.0.0.1:${(fakeIssuer.address() as AddressInfo).port}` });
      const r = await t.api('GET', `/api/auth/sso/${id}/start`, undefined, { token: null });
      expect(r).toMatchObject({ status: 502, body: { code: 'ssoFailed' } });
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('an issuer nobody answers at', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const id = await add({ name: 'Gone', issuer: `http://127.0.0.1:${port}` });
      expect((await t.api('GET', `/api/auth/sso/${id}/start`, undefined, { token: null })).body.code).toBe('ssoFailed');
    });

    it('a disabled provider refuses, even for a login already under way', async () => {
      const id = await add({ name: 'Soon disabled' });
      const flow = await signIn('sub-new', { provider: id });
      expect((await t.api('PATCH', `/api/admin/identity-providers/${id}`, { enabled: false })).body.enabled).toBe(false);
      expect(await callback(flow)).toMatchObject({ status: 403, body: { code: 'ssoProviderDisabled' } });
      expect((await t.api('GET', `/api/auth/sso/${id}/start`, undefined, { token: null })).body.code).toBe('ssoProviderDisabled');
      const listed = (await t.api('GET', '/api/auth/sso/providers?workspace=default', undefined, { token: null })).body.map((p: { id: string }) => p.id);
      expect(listed).not.toContain(id);
      expect((await t.api('DELETE', `/api/admin/identity-providers/${id}`)).status).toBe(204);
      expect((await t.api('GET', `/api/admin/identity-providers/${id}`)).status).toBe(404);
    });

    it('a suspended workspace signs nobody in', async () => {
      const betaProvider = (await t.api('GET', '/api/admin/identity-providers', undefined, { token: beta.adminToken })).body[0].id;
      await sql(`update mainline.workspaces set status = 'suspended' where id = $1`, [beta.id]);
      const r = await t.api('GET', `/api/auth/sso/${betaProvider}/start`, undefined, { token: null });
      expect(r).toMatchObject({ status: 403, body: { code: 'ssoAccountInactive' } });
    });
  });
});
