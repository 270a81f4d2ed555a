import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Recent items: what a user opened, newest first, capped per user, and
 * re-checked on every read — a record deleted or no longer visible drops
 * out; nobody remembers a record they cannot open; workspaces are apart.
 */

const PASSWORD = 'a long enough password';

describe(`recent items (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, who === 'admin' ? {} : { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const view = async (who: string, object: string, id: string) => ok(await as(who)('POST', '/api/recent', { object, id }), 204);
  const recent = async (who: string, query = '') => ok(await as(who)('GET', `/api/recent${query}`)).items as { object: string; id: string; name: string | null; viewedAt: string }[];

  beforeAll(async () => {
    t = await createTestApp();
    for (const name of ['alice', 'bob']) {
      ok(await t.api('POST', '/api/admin/users', { email: `${name}@example.test`, name, password: PASSWORD }), 201);
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  it('lists what the user opened, newest first, with names; opening again moves it to the top', async () => {
    const account = ok(await as('alice')('POST', '/api/records/account', { name: '华东精密' }), 201).id;
    const contact = ok(await as('alice')('POST', '/api/records/contact', { name: '王伟', account }), 201).id;
    await view('alice', 'account', account);
    await view('alice', 'contact', contact);
    expect((await recent('alice')).map((i) => [i.object, i.name])).toEqual([['contact', '王伟'], ['account', '华东精密']]);
    await view('alice', 'account', account);
    const items = await recent('alice');
    expect(items.map((i) => i.object)).toEqual(['account', 'contact']);
    expect(items[0]).toEqual({ object: 'account', id: account, name: '华东精密', viewedAt: expect.any(String) });
    expect(await recent('alice', '?limit=1')).toHaveLength(1);
    // Each user has their own list.
    expect(await recent('bob')).toEqual([]);
  });

  it('never remembers a record the user cannot open, and drops one that became invisible or was deleted', async () => {
    const secret = ok(await as('alice')('POST', '/api/records/account', { name: 'private to alice' }), 201).id;
    expect((await as('bob')('POST', '/api/recent', { object: 'account', id: secret })).status).toBe(404);
    expect((await recent('bob')).map((i) => i.id)).not.toContain(secret);

    const shared = ok(await as('alice')('POST', '/api/records/account', { name: 'shared for a while' }), 201).id;
    const bobId = ok(await t.api('GET', '/api/admin/users')).users.find((u: { email: string }) => u.email === 'bob@example.test').id;
    ok(await as('alice')('POST', `/api/records/account/${shared}/shares`, { grantee: { type: 'user', id: bobId }, access: 'read' }), 201);
    await view('bob', 'account', shared);
    expect((await recent('bob')).map((i) => i.id)).toContain(shared);
    ok(await as('alice')('DELETE', `/api/records/account/${shared}/shares/${encodeURIComponent(`u:${bobId}`)}`), 204);
    expect((await recent('bob')).map((i) => i.id)).not.toContain(shared);

    const gone = ok(await as('bob')('POST', '/api/records/account', { name: 'soon gone' }), 201).id;
    await view('bob', 'account', gone);
    expect((await recent('bob')).map((i) => i.id)).toContain(gone);
    ok(await as('bob')('DELETE', `/api/records/account/${gone}`), 204);
    expect((await recent('bob')).map((i) => i.id)).not.toContain(gone);
  });

  it('keeps at most 50 per user', async () => {
    for (let i = 0; i < 53; i++) {
      const id = ok(await as('bob')('POST', '/api/records/lead', { name: `lead ${i}`, company: 'c' }), 201).id;
      await view('bob', 'lead', id);
    }
    const { rows } = await t.db.query<{ n: string }>(`select count(*) as n from "${t.schema}"._recent_items where user_id = (select id from mainline.users where email = 'bob@example.test')`);
    expect(Number(rows[0]!.n)).toBe(50);
    const items = await recent('bob', '?limit=50');
    expect(items).toHaveLength(50);
    expect(items[0]!.name).toBe('lead 52');
  });

  it('bad input names the field; other workspaces and anonymous callers get nothing', async () => {
    for (const [body, field] of [
      [{ object: 'account' }, 'id'],
      [{ object: 'account', id: 'not-a-uuid' }, 'id'],
      [{ object: 'account', id: '0190a000-0000-7000-8000-000000000000', extra: 1 }, 'extra'],
      [{ object: 5, id: '0190a000-0000-7000-8000-000000000000' }, 'object'],
    ] as const) {
      const r = await as('alice')('POST', '/api/recent', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await as('alice')('POST', '/api/recent', { object: 'nothing', id: '0190a000-0000-7000-8000-000000000000' })).status).toBe(404);
    expect((await as('alice')('GET', '/api/recent?limit=0')).body.errors[0].field).toBe('limit');
    expect((await as('alice')('GET', '/api/recent?since=1')).body.errors[0].field).toBe('since');
    expect((await t.api('GET', '/api/recent', undefined, { token: null })).status).toBe(401);

    const account = ok(await as('alice')('POST', '/api/records/account', { name: 'home team' }), 201).id;
    await view('alice', 'account', account);
    const other = await createOtherWorkspace(t, 'recentother');
    expect((await t.api('POST', '/api/recent', { object: 'account', id: account }, { token: other.token })).status).toBe(404);
    expect(ok(await t.api('GET', '/api/recent', undefined, { token: other.token })).items).toEqual([]);
  });
});
