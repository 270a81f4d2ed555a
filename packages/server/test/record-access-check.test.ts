import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * GET /api/records/{object}/{id}/access: what the caller may do to one
 * record, for the UI to offer only that. Each answer is checked against the
 * write path itself — a PATCH (and where it matters a DELETE) is tried right
 * after — so the endpoint cannot come to disagree with what the server
 * enforces: owner, read and edit shares, the role hierarchy, a profile
 * without edit, an approval lock; another workspace and an invisible record
 * are "not found"; bad input is named.
 */

const PASSWORD = 'a long enough password';
type Access = { read: true; edit: boolean; delete: boolean; share: boolean; locked?: { reason: string; approvalProcess: string; message: string; decide: boolean; recall: boolean } };

describe(`record access check (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const roles: Record<string, string> = {};

  const as = (who: string) => (method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse> =>
    t.api(method, url, body, { ...(who === 'admin' ? {} : { token: token[who]! }), ...(headers ? { headers } : {}) });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const account = async (who: string, name: string): Promise<string> => ok(await as(who)('POST', '/api/records/account', { name }), 201).id;
  const share = async (id: string, who: string, access: 'read' | 'edit') => ok(await as('owner')('POST', `/api/records/account/${id}/shares`, { grantee: { type: 'user', id: userId[who] }, access }), 201);
  const accessOf = async (who: string, id: string, headers?: Record<string, string>): Promise<Access> => ok(await as(who)('GET', `/api/records/account/${id}/access`, undefined, headers));

  /** The access answer, and the write path's own verdict on a PATCH: they must agree. */
  const agreed = async (who: string, id: string): Promise<Access> => {
    const access = await accessOf(who, id);
    const patch = await as(who)('PATCH', `/api/records/account/${id}`, { description: `touched by ${who}` });
    if (access.edit) expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    else expect([403, 409], JSON.stringify(patch.body)).toContain(patch.status);
    return access;
  };
  /** The same for DELETE, when refused (a permitted one is tried last, as it removes the record). */
  const deleteRefused = async (who: string, id: string) => expect([403, 409]).toContain((await as(who)('DELETE', `/api/records/account/${id}`)).status);

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, parent] of [['manager', undefined], ['rep', 'manager']] as const) {
      roles[name] = ok(await t.api('POST', '/api/admin/roles', { name: `access ${name}`, parentId: parent ? roles[parent] : null }), 201).id;
    }
    const profiles = ok(await t.api('GET', '/api/admin/profiles')).profiles as { id: string; name: string }[];
    const standard = profiles.find((p) => p.name === 'Standard User')!.id;
    const readOnly = profiles.find((p) => p.name === 'Read Only')!.id;
    for (const [name, role, profileId] of [
      ['manager', 'manager', standard],
      ['owner', 'rep', standard],
      ['peer', 'rep', standard],
      ['reader', null, readOnly],
    ] as const) {
      userId[name] = ok(await t.api('POST', '/api/admin/users', { email: `${name}@access-check.test`, name, password: PASSWORD, profileId, roleId: role ? roles[role] : null }), 201).id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@access-check.test`, password: PASSWORD }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  it('the owner may edit, delete and share their record', async () => {
    const id = await account('owner', '华东精密');
    expect(await agreed('owner', id)).toEqual({ read: true, edit: true, delete: true, share: true });
    ok(await as('owner')('DELETE', `/api/records/account/${id}`), 204);
    expect((await as('owner')('GET', `/api/records/account/${id}/access`)).status).toBe(404);
  });

  it('a read share reads only; an edit share edits but neither deletes nor shares', async () => {
    const id = await account('owner', '西部物流');
    // Before any share the record does not exist for the peer.
    expect((await as('peer')('GET', `/api/records/account/${id}/access`)).status).toBe(404);
    expect((await as('peer')('PATCH', `/api/records/account/${id}`, { description: 'x' })).status).toBe(404);

    await share(id, 'peer', 'read');
    expect(await agreed('peer', id)).toEqual({ read: true, edit: false, delete: false, share: false });
    await deleteRefused('peer', id);
    expect((await as('peer')('GET', `/api/records/account/${id}/shares`)).status).toBe(403);

    await share(id, 'peer', 'edit');
    expect(await agreed('peer', id)).toEqual({ read: true, edit: true, delete: false, share: false });
    await deleteRefused('peer', id);
  });

  it('a manager above the owner in the role hierarchy controls the record', async () => {
    const id = await account('owner', '云帆科技');
    expect(await agreed('manager', id)).toEqual({ read: true, edit: true, delete: true, share: true });
    ok(await as('manager')('GET', `/api/records/account/${id}/shares`));
    // Never the reverse.
    const managers = await account('manager', '经理的客户');
    expect((await as('owner')('GET', `/api/records/account/${managers}/access`)).status).toBe(404);
    ok(await as('manager')('DELETE', `/api/records/account/${id}`), 204);
  });

  it('a profile without edit on the object: an edit share still does not let them edit', async () => {
    const id = await account('owner', '只读档案');
    await share(id, 'reader', 'edit');
    expect(await agreed('reader', id)).toEqual({ read: true, edit: false, delete: false, share: false });
    await deleteRefused('reader', id);
  });

  it('a record awaiting approval is locked for everyone, administrators included, with the reason', async () => {
    ok(
      await t.api('POST', '/api/metadata/objects/account/approvalProcesses', {
        apiName: 'accessCheck',
        label: { en: 'Key account check', 'zh-CN': '重点客户审批', 'zh-TW': '重點客戶簽核' },
        steps: [{ approver: { role: roles.manager } }],
      }),
      201,
    );
    const id = await account('owner', '待审批客户');
    await share(id, 'peer', 'edit');
    const request = ok(await as('owner')('POST', `/api/records/account/${id}/actions/submitForApproval`)).request;

    const zh = await accessOf('owner', id, { 'accept-language': 'zh-CN' });
    expect(zh).toMatchObject({ read: true, edit: false, delete: false, share: true, locked: { reason: 'approvalPending', approvalProcess: 'accessCheck', approvalRequest: request.id } });
    expect(zh.locked!.message).toContain('重点客户审批');
    const en = await accessOf('owner', id, { 'accept-language': 'en' });
    expect(en.locked!.message).toContain('Key account check');
    for (const who of ['owner', 'peer', 'manager', 'admin']) {
      const access = await agreed(who, id);
      expect(access.edit, who).toBe(false);
      expect(access.locked?.reason, who).toBe('approvalPending');
      await deleteRefused(who, id);
    }
    // Who may decide and who may recall, as the approval actions themselves judge it.
    const expected = { owner: { decide: false, recall: true }, peer: { decide: false, recall: false }, manager: { decide: true, recall: false }, admin: { decide: true, recall: true } } as const;
    for (const [who, may] of Object.entries(expected)) {
      const access = await accessOf(who, id);
      expect({ decide: access.locked!.decide, recall: access.locked!.recall }, who).toEqual(may);
    }
    for (const who of ['owner', 'peer']) expect((await as(who)('POST', `/api/records/account/${id}/actions/reject`, { comment: '不行' })).status, who).toBe(403);
    expect((await as('peer')('POST', `/api/records/account/${id}/actions/recall`)).status).toBe(403);
    // Once decided, the lock is gone and the answer follows.
    ok(await as('manager')('POST', `/api/records/account/${id}/actions/approve`));
    expect(await agreed('owner', id)).toEqual({ read: true, edit: true, delete: true, share: true });
    expect(await agreed('peer', id)).toEqual({ read: true, edit: true, delete: false, share: false });
    ok(await t.api('DELETE', '/api/metadata/objects/account/approvalProcesses/accessCheck'), 204);
  });

  it('another workspace, an invisible record and bad input are refused without revealing anything', async () => {
    const id = await account('owner', '保密客户');
    const other = await createOtherWorkspace(t, 'access_check_iso');
    expect((await t.api('GET', `/api/records/account/${id}/access`, undefined, { token: other.token })).status).toBe(404);
    expect((await t.api('PATCH', `/api/records/account/${id}`, { description: 'x' }, { token: other.token })).status).toBe(404);
    const missing = '0190a000-0000-7000-8000-000000000000';
    const invisible = await as('peer')('GET', `/api/records/account/${id}/access`);
    const absent = await as('peer')('GET', `/api/records/account/${missing}/access`);
    expect([invisible.status, absent.status]).toEqual([404, 404]);
    expect(invisible.body.code).toBe(absent.body.code);

    expect((await as('owner')('GET', '/api/records/account/not-a-uuid/access')).status).toBe(404);
    expect((await as('owner')('GET', `/api/records/nosuchobject/${id}/access`)).status).toBe(404);
    const unknown = await as('owner')('GET', `/api/records/account/${id}/access?include=everything`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'include', code: 'unknownField' })]);
    expect((await t.api('GET', `/api/records/account/${id}/access`, undefined, { token: null })).status).toBe(401);
  });
});
