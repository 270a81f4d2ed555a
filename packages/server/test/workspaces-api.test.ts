import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { call, eventually, login } from './support/identity.ts';

/**
 * Platform administrators create, suspend and delete tenants; nothing of one
 * tenant is reachable from another, by id or by API key.
 */
describe(`platform workspaces API (${testDbKind})`, () => {
  let t: TestApp;
  let second: FastifyInstance;
  const B_ADMIN = { email: 'boss@acme.test', password: 'acme admin password' };
  let b: { id: string; token: string; adminId: string };
  let a: { accountId: string; keyId: string; keySecret: string; userId: string };

  beforeAll(async () => {
    t = await createTestApp();
    second = await buildApp({ db: t.db });
    const me = await t.api('GET', '/api/auth/me');
    const account = await t.api('POST', '/api/records/account', { name: 'A 公司' });
    const key = await t.api('POST', '/api/admin/api-keys', { name: 'A key', userId: me.body.id, scope: { access: 'readWrite' } });
    a = { accountId: account.body.id, keyId: key.body.id, keySecret: key.body.secret, userId: me.body.id };
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('creates a workspace with its schema, default profiles, standard model and first administrator', async () => {
    const r = await t.api('POST', '/api/platform/workspaces', { slug: 'acme', name: 'Acme 有限公司', admin: { email: 'Boss@Acme.test', name: 'Boss', password: B_ADMIN.password } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.workspace).toMatchObject({ slug: 'acme', name: 'Acme 有限公司', status: 'active', userCount: 1 });
    expect(r.body.admin).toEqual({ id: expect.any(String), email: 'boss@acme.test' });
    const s = await login(t.app, B_ADMIN.email, B_ADMIN.password);
    expect(s.status).toBe(200);
    b = { id: r.body.workspace.id, token: s.body.token, adminId: r.body.admin.id };
    const me = await call(t.app, 'GET', '/api/auth/me', { token: b.token });
    const { rows } = await t.db.query<{ id: string; name: string }>('select id, name from mainline.profiles where workspace_id = $1 order by name', [b.id]);
    expect(rows.map((p) => p.name)).toEqual(['Read Only', 'Standard User', 'System Administrator']);
    expect(me.body).toMatchObject({ workspaceId: b.id, isAdmin: true, isPlatformAdmin: false, profileId: rows.find((p) => p.name === 'System Administrator')!.id });
    const objects = await call(t.app, 'GET', '/api/metadata/objects', { token: b.token });
    expect(objects.body.objects.map((o: { apiName: string }) => o.apiName)).toEqual(expect.arrayContaining(['account', 'contact', 'lead', 'opportunity', 'quote', 'order', 'case', 'loyaltyMember', 'feedback']));
    expect((await call(t.app, 'POST', '/api/records/account', { token: b.token, body: { name: 'B 客户' } })).status).toBe(201);
  });

  it('generates the administrator’s password when none is given, returned once', async () => {
    const r = await t.api('POST', '/api/platform/workspaces', { slug: 'beta', name: 'Beta', admin: { email: 'admin@beta.test', name: 'Beta admin' } });
    expect(r.status).toBe(201);
    expect(r.body.admin.password).toEqual(expect.any(String));
    expect(r.body.admin.password.length).toBeGreaterThanOrEqual(16);
    expect((await login(t.app, 'admin@beta.test', r.body.admin.password)).status).toBe(200);
    const list = await t.api('GET', '/api/platform/workspaces');
    expect(list.status).toBe(200);
    expect(list.body.workspaces.map((w: { slug: string; userCount: number }) => [w.slug, w.userCount])).toEqual([
      ['default', 1],
      ['acme', 1],
      ['beta', 1],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(r.body.admin.password);
  });

  it('refuses bad and clashing input naming the field, creating nothing', async () => {
    const count = async () => Number((await t.db.query<{ n: string }>('select count(*) as n from mainline.workspaces')).rows[0]!.n);
    const before = await count();
    const admin = { email: 'new@x.test', name: 'New' };
    const cases: [unknown, number, string, string][] = [
      [{ slug: 'acme', name: 'Again', admin }, 409, 'slug', 'alreadyExists'],
      [{ slug: 'gamma', name: 'G', admin: { email: B_ADMIN.email.toUpperCase(), name: 'Dup' } }, 409, 'admin.email', 'alreadyExists'],
      [{ slug: 'Bad-Slug', name: 'x', admin }, 400, 'slug', 'invalidValue'],
      [{ slug: 'a', name: 'x', admin }, 400, 'slug', 'invalidValue'],
      [{ slug: 'x'.repeat(41), name: 'x', admin }, 400, 'slug', 'tooLong'],
      [{ slug: 'delta', name: 'x', admin: { email: 'not an email', name: 'x' } }, 400, 'admin.email', 'invalidValue'],
      [{ slug: 'delta', name: 'x', admin: { email: 'd@x.test' } }, 400, 'admin.name', 'required'],
      [{ slug: 'delta', name: 'x', admin: { ...admin, password: 'short' } }, 400, 'admin.password', 'invalidValue'],
      [{ slug: 'delta', name: 'x', admin: { ...admin, isPlatformAdmin: true } }, 400, 'admin.isPlatformAdmin', 'unknownField'],
      [{ slug: 'delta', name: 'x', admin, schemaName: 'mainline' }, 400, 'schemaName', 'unknownField'],
      [{ slug: 12, name: 'x', admin }, 400, 'slug', 'wrongType'],
    ];
    for (const [body, status, field, code] of cases) {
      const r = await t.api('POST', '/api/platform/workspaces', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`), JSON.stringify(body)).toContain(`${field}:${code}`);
    }
    expect(await count()).toBe(before);
    expect((await t.db.query(`select 1 from information_schema.schemata where schema_name in ('ws_gamma', 'ws_delta')`)).rows).toHaveLength(0);
  });

  it('refuses platform routes to everyone but platform administrators in a session', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/platform/workspaces'],
      ['POST', '/api/platform/workspaces', { slug: 'evil', name: 'Evil', admin: { email: 'e@evil.test', name: 'E' } }],
      ['PATCH', `/api/platform/workspaces/${b.id}`, { status: 'suspended' }],
      ['DELETE', `/api/platform/workspaces/${b.id}`],
    ];
    for (const [method, url, body] of routes) {
      expect((await call(t.app, method, url, { token: b.token, body })).status, `${method} ${url} as a workspace admin`).toBe(403);
      expect((await call(t.app, method, url, { token: a.keySecret, body })).status, `${method} ${url} with a platform admin's key`).toBe(403);
      expect((await call(t.app, method, url, { body })).status, `${method} ${url} anonymous`).toBe(401);
    }
    expect((await t.api('GET', `/api/platform/workspaces`)).body.workspaces.some((w: { slug: string }) => w.slug === 'evil')).toBe(false);
  });

  it('nothing of workspace A is reachable from workspace B, by id or by API key, and vice versa', async () => {
    const asB = (method: string, url: string, body?: unknown) => call(t.app, method, url, { token: b.token, body });
    // A's record by id, through B's session.
    expect((await asB('GET', `/api/records/account/${a.accountId}`)).status).toBe(404);
    expect((await asB('PATCH', `/api/records/account/${a.accountId}`, { name: 'hijacked' })).status).toBe(404);
    expect((await asB('DELETE', `/api/records/account/${a.accountId}`)).status).toBe(404);
    expect((await asB('GET', '/api/records/account')).body.records.map((r: { name: string }) => r.name)).toEqual(['B 客户']);
    // A's API keys and users.
    expect((await asB('GET', '/api/admin/api-keys')).body.apiKeys).toEqual([]);
    expect((await asB('DELETE', `/api/admin/api-keys/${a.keyId}`)).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/auth/me', { token: a.keySecret })).status).toBe(200);
    const keyForA = await asB('POST', '/api/admin/api-keys', { name: 'steal', userId: a.userId, scope: { access: 'readWrite' } });
    expect(keyForA.status).toBe(400);
    expect(keyForA.body.errors[0]).toMatchObject({ field: 'userId', code: 'referenceNotFound' });
    // B's key sees only B.
    const bKey = (await asB('POST', '/api/admin/api-keys', { name: 'B key', userId: b.adminId, scope: { access: 'readWrite' } })).body;
    expect((await call(t.app, 'GET', `/api/records/account/${a.accountId}`, { token: bKey.secret })).status).toBe(404);
    expect((await call(t.app, 'GET', '/api/records/account', { token: bKey.secret })).body.records).toHaveLength(1);
    // The other way round: A's session and key see nothing of B.
    const bAccount = (await asB('GET', '/api/records/account')).body.records[0].id;
    expect((await t.api('GET', `/api/records/account/${bAccount}`)).status).toBe(404);
    expect((await call(t.app, 'GET', `/api/records/account/${bAccount}`, { token: a.keySecret })).status).toBe(404);
    expect((await t.api('DELETE', `/api/admin/api-keys/${bKey.id}`)).status).toBe(404);
    expect((await t.api('GET', '/api/admin/api-keys')).body.apiKeys.map((k: { id: string }) => k.id)).toEqual([a.keyId]);
    // Each security log holds only its own workspace's entries.
    const bLog = (await asB('GET', '/api/admin/security-audit?limit=500')).body.entries;
    expect(bLog.length).toBeGreaterThan(0);
    expect(bLog.every((e: { userId: string | null }) => e.userId === b.adminId)).toBe(true);
    const aLog = (await t.api('GET', '/api/admin/security-audit?limit=500')).body.entries;
    expect(aLog.some((e: { userId: string | null }) => e.userId === b.adminId)).toBe(false);
  });

  it('suspending a workspace ends its sessions and keys on every process and refuses logins; reactivating lets it sign in again', async () => {
    const bKey = (await call(t.app, 'POST', '/api/admin/api-keys', { token: b.token, body: { name: 'B sync', userId: b.adminId, scope: { access: 'read' } } })).body;
    for (const app of [t.app, second]) {
      expect((await call(app, 'GET', '/api/auth/me', { token: b.token })).status).toBe(200);
      expect((await call(app, 'GET', '/api/auth/me', { token: bKey.secret })).status).toBe(200);
    }
    const r = await t.api('PATCH', `/api/platform/workspaces/${b.id}`, { status: 'suspended' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('suspended');
    expect((await call(t.app, 'GET', '/api/auth/me', { token: b.token })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/records/account', { token: bKey.secret })).status).toBe(401);
    expect(await eventually(async () => (await call(second, 'GET', '/api/auth/me', { token: b.token })).status === 401)).toBe(true);
    expect((await call(second, 'GET', '/api/auth/me', { token: bKey.secret })).status).toBe(401);
    expect((await login(t.app, B_ADMIN.email, B_ADMIN.password)).body.code).toBe('invalidCredentials');
    // The platform's own workspace is untouched.
    expect((await t.api('GET', '/api/auth/me')).status).toBe(200);

    const back = await t.api('PATCH', `/api/platform/workspaces/${b.id}`, { status: 'active', name: 'Acme 集团' });
    expect(back.body).toMatchObject({ status: 'active', name: 'Acme 集团' });
    expect((await call(t.app, 'GET', '/api/auth/me', { token: b.token })).status).toBe(401); // sessions ended for good
    expect((await call(t.app, 'GET', '/api/auth/me', { token: bKey.secret })).status).toBe(200); // keys resume
    const again = await login(t.app, B_ADMIN.email, B_ADMIN.password);
    expect(again.status).toBe(200);
    b.token = again.body.token;
  });

  it('refuses to suspend or delete the caller’s own workspace, and malformed or unknown ids', async () => {
    const own = (await t.api('GET', '/api/auth/me')).body.workspaceId;
    const suspend = await t.api('PATCH', `/api/platform/workspaces/${own}`, { status: 'suspended' });
    expect(suspend.status).toBe(409);
    expect(suspend.body.errors[0]).toMatchObject({ field: 'status', code: 'ownWorkspace' });
    const del = await t.api('DELETE', `/api/platform/workspaces/${own}`);
    expect(del.status).toBe(409);
    expect(del.body.errors[0]).toMatchObject({ field: 'id', code: 'ownWorkspace' });
    expect((await t.api('GET', '/api/auth/me')).status).toBe(200);

    expect((await t.api('PATCH', '/api/platform/workspaces/nope', { status: 'active' })).body.errors[0].field).toBe('id');
    expect((await t.api('DELETE', '/api/platform/workspaces/nope')).status).toBe(400);
    expect((await t.api('PATCH', '/api/platform/workspaces/00000000-0000-7000-8000-000000000000', { status: 'active' })).status).toBe(404);
    expect((await t.api('DELETE', '/api/platform/workspaces/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    const bad = await t.api('PATCH', `/api/platform/workspaces/${b.id}`, { status: 'deleted' });
    expect(bad.body.errors[0]).toMatchObject({ field: 'status', code: 'invalidValue' });
    expect((await t.api('PATCH', `/api/platform/workspaces/${b.id}`, {})).status).toBe(400);
    expect((await t.api('PATCH', `/api/platform/workspaces/${b.id}`, { slug: 'other' })).body.errors[0]).toMatchObject({ field: 'slug', code: 'unknownField' });
  });

  it('deleting a workspace drops its schema and every row of it, and audits the lifecycle in the platform admin’s workspace', async () => {
    expect((await t.api('DELETE', `/api/platform/workspaces/${b.id}`)).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/auth/me', { token: b.token })).status).toBe(401);
    expect((await t.db.query(`select 1 from information_schema.schemata where schema_name = 'ws_acme'`)).rows).toHaveLength(0);
    for (const table of ['users', 'profiles', 'api_keys', 'object_metadata', 'security_audit']) {
      expect((await t.db.query(`select 1 from mainline.${table} where workspace_id = $1`, [b.id])).rows, table).toHaveLength(0);
    }
    expect((await t.db.query(`select 1 from mainline.sessions s join mainline.users u on u.id = s.user_id where u.email = $1`, [B_ADMIN.email])).rows).toHaveLength(0);
    expect((await t.api('GET', '/api/platform/workspaces')).body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['default', 'beta']);
    expect((await t.api('DELETE', `/api/platform/workspaces/${b.id}`)).status).toBe(404);
    // The slug is free again.
    expect((await t.api('POST', '/api/platform/workspaces', { slug: 'acme', name: 'Acme again', admin: { email: 'boss2@acme.test', name: 'Boss' } })).status).toBe(201);

    const log = await t.api('GET', '/api/admin/security-audit?event=workspace.deleted');
    expect(log.body.entries).toEqual([expect.objectContaining({ event: 'workspace.deleted', detail: { workspaceId: b.id, slug: 'acme' } })]);
    const all = (await t.api('GET', '/api/admin/security-audit?limit=500')).body.entries.filter((e: { event: string; detail: { workspaceId?: string } }) => e.event.startsWith('workspace.') && e.detail.workspaceId === b.id);
    expect(all.map((e: { event: string }) => e.event)).toEqual(['workspace.deleted', 'workspace.activated', 'workspace.suspended', 'workspace.created']);
  });

  it('pages the security audit log newest first, or oldest first after a cursor, and validates the query', async () => {
    const first = await t.api('GET', '/api/admin/security-audit?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    const [x, y] = first.body.entries;
    expect(BigInt(x.id)).toBeGreaterThan(BigInt(y.id));
    const next = await t.api('GET', `/api/admin/security-audit?limit=2&before=${first.body.nextCursor}`);
    expect(BigInt(next.body.entries[0].id)).toBeLessThan(BigInt(y.id));
    const tail = await t.api('GET', `/api/admin/security-audit?after=${y.id}`);
    expect(tail.body.entries.map((e: { id: string }) => e.id)).toEqual([x.id]);
    expect(tail.body.nextCursor).toBe(x.id);
    const empty = await t.api('GET', `/api/admin/security-audit?after=${x.id}`);
    expect(empty.body).toEqual({ entries: [], nextCursor: x.id });
    for (const [query, field] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['after=-1', 'after'], ['after=1&before=5', 'before'], ['event=x;drop', 'event'], ['sort=id', 'sort']]) {
      const r = await t.api('GET', `/api/admin/security-audit?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.errors[0].field, query).toBe(field);
    }
  });
});
