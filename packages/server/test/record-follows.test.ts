import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Following a record: only a readable record can be followed; a change by
 * someone else tells each follower once, in the change's transaction (a
 * refused or rolled-back write tells nobody), never the author; a follower
 * who can no longer see the record is not told; bulk updates and deletions
 * tell too; workspaces are apart; bad input names the field.
 */

const PASSWORD = 'a long enough password';
type Note = { id: string; kind: string; object: string; recordId: string; recordName: string | null; message: Record<string, string>; fields?: string[]; operation?: string; actor?: { name: string }; readAt: string | null };

describe(`record follows (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, who === 'admin' ? {} : { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const account = async (who: string, name: string): Promise<string> => ok(await as(who)('POST', '/api/records/account', { name }), 201).id;
  const share = async (id: string, who: string, access: 'read' | 'edit') => ok(await as('alice')('POST', `/api/records/account/${id}/shares`, { grantee: { type: 'user', id: userId[who] }, access }), 201);
  const follow = async (who: string, id: string) => ok(await as(who)('PUT', `/api/records/account/${id}/follow`), 204);
  const notes = async (who: string, query = ''): Promise<{ notifications: Note[]; unread: number }> => ok(await as(who)('GET', `/api/notifications${query}`));
  const about = async (who: string, id: string) => (await notes(who)).notifications.filter((n) => n.kind === 'follow' && n.recordId === id);

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['alice', 'bob', 'carol']) {
      userId[name] = ok(await t.api('POST', '/api/admin/users', { email: `${name}@example.test`, name, password: PASSWORD }), 201).id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  it('follows and unfollows idempotently; only a readable record; lists followed records with names', async () => {
    const id = await account('alice', '华东精密');
    await follow('alice', id);
    await follow('alice', id);
    expect(ok(await as('alice')('GET', `/api/records/account/${id}/follow`))).toEqual({ following: true, followers: 1 });
    // Bob cannot see Alice's private account: it does not exist for him.
    expect((await as('bob')('PUT', `/api/records/account/${id}/follow`)).status).toBe(404);
    expect((await as('bob')('GET', `/api/records/account/${id}/follow`)).status).toBe(404);
    await share(id, 'bob', 'read');
    await follow('bob', id);
    expect(ok(await as('bob')('GET', `/api/records/account/${id}/follow`))).toEqual({ following: true, followers: 2 });
    const listed = ok(await as('alice')('GET', '/api/follows?object=account')).follows;
    expect(listed).toEqual([{ object: 'account', id, name: '华东精密', followedAt: expect.any(String) }]);
    ok(await as('bob')('DELETE', `/api/records/account/${id}/follow`), 204);
    ok(await as('bob')('DELETE', `/api/records/account/${id}/follow`), 204);
    expect(ok(await as('bob')('GET', `/api/records/account/${id}/follow`))).toEqual({ following: false, followers: 1 });
    // Creating a record does not follow it.
    const other = await account('alice', 'not followed');
    expect(ok(await as('alice')('GET', `/api/records/account/${other}/follow`)).following).toBe(false);
  });

  it("tells a follower once of another's change, naming fields without values; never the author", async () => {
    const id = await account('alice', '华南重工');
    await share(id, 'bob', 'edit');
    await follow('alice', id);
    await follow('bob', id);
    ok(await as('bob')('PATCH', `/api/records/account/${id}`, { name: '华南重工集团', phone: '020-1234 5678' }));
    const told = await about('alice', id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'follow', operation: 'update', recordName: '华南重工集团', actor: { name: 'bob' }, readAt: null });
    expect(told[0]!.fields!.sort()).toEqual(['name', 'phone']);
    expect(told[0]!.message['zh-CN']).toContain('bob');
    expect(told[0]!.message.en).toContain('Phone');
    expect(JSON.stringify(told[0])).not.toContain('020-1234');
    expect(await about('bob', id)).toEqual([]);
    // Alice's own change tells Bob, not Alice.
    ok(await as('alice')('PATCH', `/api/records/account/${id}`, { phone: '020-0000 0000' }));
    expect(await about('alice', id)).toHaveLength(1);
    expect(await about('bob', id)).toHaveLength(1);
    // Reading one, then all.
    const unread = (await notes('alice', '?unread=true')).unread;
    expect(unread).toBeGreaterThanOrEqual(1);
    ok(await as('alice')('POST', `/api/notifications/${told[0]!.id}/read`), 204);
    expect((await notes('alice')).unread).toBe(unread - 1);
    ok(await as('bob')('POST', '/api/notifications/read-all'));
    expect((await notes('bob', '?unread=true')).notifications).toEqual([]);
    expect((await notes('bob')).unread).toBe(0);
  });

  it('names only fields the follower may see', async () => {
    const profileId = ok(await t.api('POST', '/api/admin/profiles', { name: 'No phones', permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { account: { phone: 'hidden' } } } }), 201).id;
    ok(await t.api('POST', '/api/admin/users', { email: 'dave@example.test', name: 'dave', password: PASSWORD, profileId }), 201);
    token.dave = ok(await t.api('POST', '/api/auth/login', { email: 'dave@example.test', password: PASSWORD }, { token: null })).token;
    const id = await account('dave', 'dave account');
    await follow('dave', id);
    ok(await t.api('PATCH', `/api/records/account/${id}`, { phone: '0755-1' }));
    ok(await t.api('PATCH', `/api/records/account/${id}`, { phone: '0755-2', city: '深圳' }));
    const told = await about('dave', id);
    expect(told.map((n) => n.fields)).toEqual([['city'], []]);
    expect(told[1]!.message.en).toMatch(/changed dave account\.$/);
    expect(JSON.stringify(told)).not.toMatch(/phone|0755/i);
  });

  it('a refused or rolled-back write tells nobody', async () => {
    const id = await account('alice', 'rollback account');
    await share(id, 'bob', 'edit');
    await follow('alice', id);
    ok(await t.api('POST', '/api/metadata/objects/account/validationRules', { apiName: 'noForbiddenName', condition: 'name = "forbidden"', message: { en: 'No.' }, field: 'name' }), 201);
    expect((await as('bob')('PATCH', `/api/records/account/${id}`, { name: 'forbidden' })).status).toBe(422);
    // The first operation changes the followed record; the second fails; the whole batch rolls back.
    const batch = await as('bob')('POST', '/api/composite', {
      operations: [
        { method: 'PATCH', path: `/api/records/account/${id}`, body: { name: 'renamed in a batch' } },
        { method: 'PATCH', path: `/api/records/account/${id}`, body: { name: 'forbidden' } },
      ],
    });
    expect(batch.status).toBe(422);
    expect(await about('alice', id)).toEqual([]);
    const { rows } = await t.db.query(`select 1 from "${t.schema}"._notifications where record_id = $1`, [id]);
    expect(rows).toEqual([]);
    ok(await t.api('DELETE', '/api/metadata/objects/account/validationRules/noForbiddenName'), 204);
  });

  it('does not tell a follower who can no longer read the record', async () => {
    const id = await account('alice', 'was shared');
    await share(id, 'bob', 'read');
    await follow('bob', id);
    ok(await as('alice')('DELETE', `/api/records/account/${id}/shares/${encodeURIComponent(`u:${userId.bob}`)}`), 204);
    ok(await as('alice')('PATCH', `/api/records/account/${id}`, { phone: '010-1' }));
    expect(await about('bob', id)).toEqual([]);
    // Nor does the record stay in their follows.
    expect(ok(await as('bob')('GET', '/api/follows')).follows.map((f: { id: string }) => f.id)).not.toContain(id);
  });

  it('lists a followed record only while its object is readable, and lists it again once it is', async () => {
    // What the web app's "following" page shows is exactly this list: nothing in it may outlive the follower's access.
    const everything = { allObjects: { read: true, create: true, edit: true, delete: true } };
    const full = ok(await t.api('POST', '/api/admin/profiles', { name: 'Follower, everything', permissions: everything }), 201).id;
    const noAccounts = ok(await t.api('POST', '/api/admin/profiles', { name: 'Follower, no accounts', permissions: { ...everything, objects: { account: { read: false } } } }), 201).id;
    const erin = ok(await t.api('POST', '/api/admin/users', { email: 'erin@example.test', name: 'erin', password: PASSWORD, profileId: full }), 201).id;
    token.erin = ok(await t.api('POST', '/api/auth/login', { email: 'erin@example.test', password: PASSWORD }, { token: null })).token;
    const id = await account('erin', '东莞模具');
    await follow('erin', id);
    const listed = async () => ok(await as('erin')('GET', '/api/follows')).follows.filter((f: { id: string }) => f.id === id);
    expect(await listed()).toEqual([{ object: 'account', id, name: '东莞模具', followedAt: expect.any(String) }]);

    ok(await t.api('PATCH', `/api/admin/users/${erin}`, { profileId: noAccounts }));
    const r = await as('erin')('GET', '/api/follows');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(id);
    expect(JSON.stringify(r.body)).not.toContain('东莞模具');
    // Its follow is kept, not lost: given the object back, the record is listed again.
    ok(await t.api('PATCH', `/api/admin/users/${erin}`, { profileId: full }));
    expect((await listed()).map((f: { name: string }) => f.name)).toEqual(['东莞模具']);
  });

  it('bulk updates and deletions tell followers; a deletion ends its follows', async () => {
    const ids = [await account('carol', 'bulk one'), await account('carol', 'bulk two')];
    for (const id of ids) await follow('carol', id);
    // The administrator sees and may change every record.
    const bulk = ok(await t.api('POST', '/api/records/account/bulk', { action: 'update', ids, values: { phone: '021-9' } }));
    expect(bulk.succeeded).toBe(2);
    for (const id of ids) expect((await about('carol', id)).map((n) => n.fields)).toEqual([['phone']]);
    ok(await t.api('DELETE', `/api/records/account/${ids[0]}`), 204);
    const deleted = (await about('carol', ids[0]!)).find((n) => n.operation === 'delete');
    expect(deleted).toMatchObject({ recordName: 'bulk one', fields: [] });
    expect(deleted!.message.en).toContain('deleted bulk one');
    const { rows } = await t.db.query(`select 1 from "${t.schema}"._follows where record_id = $1`, [ids[0]]);
    expect(rows).toEqual([]);
  });

  it("automation's changes tell followers too", async () => {
    const id = await account('alice', 'automated');
    await share(id, 'bob', 'edit');
    await follow('alice', id);
    ok(await t.api('POST', '/api/metadata/objects/account/automationRules', { apiName: 'cityFromPhone', trigger: { on: 'update' }, condition: 'ISCHANGED(phone)', actions: [{ type: 'updateFields', values: { city: '"上海"' } }] }), 201);
    try {
      ok(await as('bob')('PATCH', `/api/records/account/${id}`, { phone: '021-5555' }));
      await t.app.automation.runDueJobs();
      // A rule's field update joins the change it follows (before-save): one notification naming both fields.
      const told = await about('alice', id);
      expect(told.map((n) => n.fields!.sort())).toEqual([['city', 'phone']]);
      expect(told[0]!.message.en).toMatch(/^bob changed automated: (City, Phone|Phone, City)\.$/);
    } finally {
      ok(await t.api('DELETE', '/api/metadata/objects/account/automationRules/cityFromPhone'), 204);
    }
  });

  it('an API key may read follows but not follow', async () => {
    const id = await account('alice', 'key account');
    const key = ok(await t.api('POST', '/api/admin/api-keys', { name: 'sync', userId: userId.alice, scope: { access: 'readWrite' } }), 201).secret;
    const r = await t.api('PUT', `/api/records/account/${id}/follow`, undefined, { token: key });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].code).toBe('apiKeyNotAllowed');
    expect((await t.api('GET', '/api/follows', undefined, { token: key })).status).toBe(200);
    expect(ok(await as('alice')('GET', `/api/records/account/${id}/follow`)).following).toBe(false);
  });

  it('bad input names the field and changes nothing; other workspaces and anonymous callers get nothing', async () => {
    const id = await account('alice', 'home');
    await follow('alice', id);
    const bad = async (method: string, url: string, field: string, status = 400) => {
      const r = await as('alice')(method, url);
      expect(r.status, `${method} ${url}`).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors.map((e: { field: string }) => e.field), url).toContain(field);
    };
    await bad('PUT', '/api/records/account/not-a-uuid/follow', 'id');
    await bad('DELETE', '/api/records/account/not-a-uuid/follow', 'id');
    await bad('GET', `/api/records/account/${id}/follow?x=1`, 'x');
    await bad('PUT', `/api/records/account/${id}/follow?x=1`, 'x');
    await bad('GET', '/api/follows?limit=0', 'limit');
    await bad('GET', '/api/follows?limit=abc', 'limit');
    await bad('GET', '/api/follows?limit=1&limit=2', 'limit');
    await bad('GET', '/api/follows?object=nothing', 'object');
    await bad('GET', '/api/follows?cursor=garbage', 'cursor');
    await bad('GET', `/api/follows?cursor=${'x'.repeat(400)}`, 'cursor');
    await bad('GET', '/api/follows?since=1', 'since');
    await bad('GET', '/api/notifications?unread=maybe', 'unread');
    await bad('GET', '/api/notifications?limit=5000', 'limit');
    await bad('POST', '/api/notifications/not-a-uuid/read', 'id');
    const unknown = await as('alice')('PUT', `/api/records/nothing/${id}/follow`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('unknownObject');
    expect(ok(await as('alice')('GET', `/api/records/account/${id}/follow`))).toEqual({ following: true, followers: 1 });
    expect((await t.api('PUT', `/api/records/account/${id}/follow`, undefined, { token: null })).status).toBe(401);
    expect((await t.api('GET', '/api/notifications', undefined, { token: null })).status).toBe(401);

    const other = await createOtherWorkspace(t, 'followother');
    for (const method of ['PUT', 'GET']) expect((await t.api(method, `/api/records/account/${id}/follow`, undefined, { token: other.token })).status).toBe(404);
    expect(ok(await t.api('GET', '/api/follows', undefined, { token: other.token })).follows).toEqual([]);
    const mine = (await notes('alice')).notifications[0];
    if (mine) expect((await t.api('POST', `/api/notifications/${mine.id}/read`, undefined, { token: other.token })).status).toBe(404);
    expect(ok(await as('alice')('GET', `/api/records/account/${id}/follow`)).followers).toBe(1);
  });

  it('pages followed records with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await account('carol', `page ${i}`));
      await follow('carol', ids[i]!);
    }
    const first = ok(await as('carol')('GET', '/api/follows?object=account&limit=2'));
    expect(first.follows).toHaveLength(2);
    const second = ok(await as('carol')('GET', `/api/follows?object=account&limit=2&cursor=${first.nextCursor}`));
    const all = [...first.follows, ...second.follows].map((f: { id: string }) => f.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids) expect(all).toContain(id);
  });
});
