import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Two workspaces on one database. The second one's administrator — who may
 * do anything in their own workspace — tries every way to reach the first
 * one's data: by id, by API name, by filter, through related-record paths,
 * in batches, through history and events, and through the access
 * administration API. Nothing of the first workspace may be read or changed.
 */
describe(`tenant isolation (${testDbKind})`, () => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof createOtherWorkspace>>;
  const home: Record<string, string> = {};
  const intruder = (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, { token: other.token });

  beforeAll(async () => {
    t = await createTestApp();
    other = await createOtherWorkspace(t, 'rival');
    const ok = (r: ApiResponse) => {
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return r.body;
    };
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'contract', label: { en: 'Contract' } }));
    home.account = ok(await t.api('POST', '/api/records/account', { name: '华东精密机械' })).id;
    home.contact = ok(await t.api('POST', '/api/records/contact', { name: '王伟', account: home.account })).id;
    home.contract = ok(await t.api('POST', '/api/records/contract', { name: 'secret contract' })).id;
    home.role = ok(await t.api('POST', '/api/admin/roles', { name: 'Home sales' })).id;
    home.team = ok(await t.api('POST', '/api/admin/teams', { name: 'Home team' })).id;
    home.user = ok(await t.api('GET', '/api/auth/me')).id;
    home.profile = ok(await t.api('GET', '/api/admin/profiles')).profiles[0].id;
    // The rival workspace has records of its own, so its queries are not trivially empty.
    ok(await intruder('POST', '/api/records/account', { name: 'Rival account' }));
  });
  afterAll(() => t?.close());

  it('cannot read, change or delete records of another workspace by id', async () => {
    for (const [object, id] of [['account', home.account], ['contact', home.contact]] as const) {
      expect((await intruder('GET', `/api/records/${object}/${id}`)).status).toBe(404);
      expect((await intruder('PATCH', `/api/records/${object}/${id}`, { name: 'hijacked' })).status).toBe(404);
      expect((await intruder('DELETE', `/api/records/${object}/${id}`)).status).toBe(404);
      expect((await intruder('GET', `/api/records/${object}/${id}/history`)).status).toBe(404);
      expect((await intruder('GET', `/api/records/${object}/${id}/shares`)).status).toBe(404);
      expect((await intruder('POST', `/api/records/${object}/${id}/shares`, { grantee: { type: 'user', id: other.adminId }, access: 'edit' })).status).toBe(404);
    }
    expect((await t.api('GET', `/api/records/account/${home.account}`)).body.name).toBe('华东精密机械');
    expect((await t.api('GET', `/api/records/contact/${home.contact}`)).status).toBe(200);
  });

  it('cannot reach an object that exists only in another workspace, by API name', async () => {
    for (const [method, url] of [
      ['GET', '/api/records/contract'],
      ['GET', `/api/records/contract/${home.contract}`],
      ['POST', '/api/records/contract'],
      ['GET', '/api/metadata/objects/contract'],
      ['PATCH', '/api/metadata/objects/contract'],
      ['DELETE', '/api/metadata/objects/contract'],
    ] as const) {
      const r = await intruder(method, url, method === 'GET' || method === 'DELETE' ? undefined : { name: 'x', label: { en: 'x' } });
      expect(r.status, `${method} ${url}`).toBe(404);
    }
    expect(JSON.stringify((await intruder('GET', '/api/openapi.json')).body)).not.toContain('contract');
    expect((await t.api('GET', `/api/records/contract/${home.contract}`)).status).toBe(200);
  });

  it('cannot find another workspace’s records by filter, sort or related-record path', async () => {
    const byId = await intruder('GET', `/api/records/account${q({ filter: { field: 'id', op: 'eq', value: home.account } })}`);
    expect(byId.body.records).toEqual([]);
    const byName = await intruder('GET', `/api/records/account${q({ filter: { field: 'name', op: 'contains', value: '精密' }, count: 'true' })}`);
    expect(byName.body).toMatchObject({ records: [], total: 0 });
    const related = await intruder('GET', `/api/records/contact${q({ filter: { field: 'account.name', op: 'contains', value: '精密' }, fields: 'name,account.name' })}`);
    expect(related.body.records).toEqual([]);
    // Pointing a lookup at the other workspace's record is refused, not stored.
    const link = await intruder('POST', '/api/records/contact', { name: 'spy', account: home.account });
    expect(link.status).toBe(400);
    expect(link.body.errors[0]).toMatchObject({ field: 'account', code: 'referenceNotFound' });
    const own = await intruder('POST', '/api/records/account', { name: 'mine', ownerId: home.user });
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'ownerId', code: 'referenceNotFound' });
  });

  it('cannot reach another workspace through a composite batch, and nothing of the batch is kept', async () => {
    const before = (await intruder('GET', '/api/records/account?count=true')).body.total;
    const r = await intruder('POST', '/api/composite', {
      operations: [
        { method: 'POST', path: '/api/records/account', body: { name: 'first' } },
        { method: 'PATCH', path: `/api/records/account/${home.account}`, body: { name: 'hijacked' } },
      ],
    });
    expect(r.status).toBe(404);
    expect(r.body.failedOperation).toBe(1);
    expect((await intruder('GET', '/api/records/account?count=true')).body.total).toBe(before);
    expect((await t.api('GET', `/api/records/account/${home.account}`)).body.name).toBe('华东精密机械');
  });

  it('sees only its own change events', async () => {
    const events = (await intruder('GET', '/api/events?after=0&limit=1000')).body.events as { recordId: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e.recordId)).not.toEqual(expect.arrayContaining([home.account]));
    expect(events.map((e) => e.recordId)).not.toContain(home.contact);
  });

  it('cannot see or use another workspace’s users, roles, teams or profiles through the administration API', async () => {
    expect((await intruder('GET', `/api/admin/users/${home.user}`)).status).toBe(404);
    expect((await intruder('PATCH', `/api/admin/users/${home.user}`, { active: false })).status).toBe(404);
    expect((await intruder('PATCH', `/api/admin/roles/${home.role}`, { name: 'x' })).status).toBe(404);
    expect((await intruder('DELETE', `/api/admin/teams/${home.team}`)).status).toBe(404);
    expect((await intruder('GET', `/api/admin/profiles/${home.profile}`)).status).toBe(404);
    const users = (await intruder('GET', '/api/admin/users')).body.users as { id: string }[];
    expect(users.map((u) => u.id)).toEqual([other.adminId]);
    const roles = (await intruder('GET', '/api/admin/roles')).body.roles as { id: string }[];
    expect(roles.length).toBeGreaterThan(0); // the standard roles of its own workspace
    expect(roles.map((r) => r.id)).not.toContain(home.role);

    // Naming the other workspace's people as grantees or members is refused by field.
    const member = await intruder('POST', '/api/admin/teams', { name: 'stolen', memberIds: [home.user] });
    expect(member.status).toBe(400);
    expect(member.body.errors[0].field).toBe('memberIds');
    const rule = await intruder('POST', '/api/admin/sharing-rules', { object: 'account', name: 'leak', criteria: { field: 'name', op: 'isNull', value: false }, sharedWith: { type: 'role', id: home.role }, access: 'edit' });
    expect(rule.status).toBe(400);
    expect(rule.body.errors[0].field).toBe('sharedWith.id');
    const profile = await intruder('POST', '/api/admin/users', { email: 'x@rival.test', name: 'x', profileId: home.profile });
    expect(profile.status).toBe(400);
    expect(profile.body.errors[0].field).toBe('profileId');
    const mine = (await intruder('GET', '/api/records/account?limit=1')).body.records[0].id;
    const share = await intruder('POST', `/api/records/account/${mine}/shares`, { grantee: { type: 'user', id: home.user }, access: 'read' });
    expect(share.status).toBe(400);
    expect(share.body.errors[0].field).toBe('grantee.id');
    // The home workspace is as it was.
    expect((await t.api('GET', `/api/admin/users/${home.user}`)).body.active).toBe(true);
  });

  it('an API key of another workspace reaches only that workspace', async () => {
    const made = await intruder('POST', '/api/admin/api-keys', { name: 'rival sync', userId: other.adminId, scope: { access: 'readWrite' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const key = made.body.secret as string;
    const withKey = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: key });
    expect((await withKey('GET', `/api/records/account/${home.account}`)).status).toBe(404);
    expect((await withKey('PATCH', `/api/records/account/${home.account}`, { name: 'hijacked' })).status).toBe(404);
    expect((await withKey('GET', `/api/records/account${q({ filter: { field: 'name', op: 'contains', value: '精密' } })}`)).body.records).toEqual([]);
    expect((await withKey('GET', '/api/records/contract')).status).toBe(404);
    expect((await withKey('GET', `/api/admin/users/${home.user}`)).status).toBe(404);
    expect((await withKey('GET', '/api/records/account?limit=5')).body.records.map((r: { name: string }) => r.name)).toContain('Rival account');
    expect((await t.api('GET', `/api/records/account/${home.account}`)).body.name).toBe('华东精密机械');
  });

  it('the user directory lists colleagues by name, and only of the caller’s workspace', async () => {
    const mine = (await intruder('GET', '/api/users')).body.users as { id: string; name: string }[];
    expect(mine.map((u) => u.id)).toEqual([other.adminId]);
    expect(Object.keys(mine[0]!).sort()).toEqual(['active', 'id', 'name']);
    const home = (await t.api('GET', '/api/users')).body.users as { id: string }[];
    expect(home.map((u) => u.id)).not.toContain(other.adminId);
    expect((await t.api('GET', '/api/users', undefined, { token: null })).status).toBe(401);
  });
});

