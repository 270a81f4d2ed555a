import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Implicit parent access: the owner of an account — and those above them in
 * the role hierarchy — reads the opportunities, cases, contacts, quotes,
 * orders and activities others create on it (the objects are private), on
 * every read path, but changes them only through the record's own sharing.
 */

const PASSWORD = 'a long enough password';

describe(`implicit access through the account (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  let account: string;
  let otherAccount: string;

  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const listIds = async (who: string, object: string, params: Record<string, unknown> = {}) =>
    (ok(await as(who)('GET', `/api/records/${object}${q({ limit: '1000', ...params })}`)).records as { id: string }[]).map((x) => x.id);
  const count = async (who: string, object: string, id: string) => ok(await as(who)('GET', `/api/records/${object}${q({ limit: '1', count: 'true', filter: { field: 'id', op: 'eq', value: id } })}`)).total as number;
  const eventIds = async (who: string) => (ok(await as(who)('GET', '/api/events?after=0&limit=1000')).events as { recordId: string }[]).map((e) => e.recordId);

  beforeAll(async () => {
    t = await createTestApp();
    const roles: Record<string, string> = {};
    for (const [name, parent] of [['manager', undefined], ['rep', 'manager']] as const) {
      roles[name] = ok(await t.api('POST', '/api/admin/roles', { name: `implicit ${name}`, parentId: parent ? roles[parent] : null }), 201).id;
    }
    const standard = ok(await t.api('GET', '/api/admin/profiles')).profiles.find((p: { name: string }) => p.name === 'Standard User').id;
    for (const [name, role] of [['manager', 'manager'], ['repA', 'rep'], ['repB', 'rep'], ['repC', 'rep']] as const) {
      userId[name] = ok(await t.api('POST', '/api/admin/users', { email: `${name}@implicit.test`, name, password: PASSWORD, profileId: standard, roleId: roles[role] }), 201).id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@implicit.test`, password: PASSWORD }, { token: null })).token;
    }
    account = ok(await as('repA')('POST', '/api/records/account', { name: '华东精密' }), 201).id;
    otherAccount = ok(await as('repB')('POST', '/api/records/account', { name: '西部物流' }), 201).id;
    // repB may put records on repA's account only if it can read it.
    ok(await as('repA')('POST', `/api/records/account/${account}/shares`, { grantee: { type: 'user', id: userId.repB }, access: 'read' }), 201);
  });
  afterAll(() => t?.close());

  it('the account owner reads an opportunity another rep created on the account, but cannot change it', async () => {
    const opp = ok(await as('repB')('POST', '/api/records/opportunity', { name: '五轴机床', account, amount: { amount: '800000', currency: 'CNY' } }), 201).id;
    ok(await as('repB')('PATCH', `/api/records/opportunity/${opp}`, { amount: { amount: '850000', currency: 'CNY' } }));

    expect(ok(await as('repA')('GET', `/api/records/opportunity/${opp}`)).amount.amount).toBe('850000.00');
    expect(await listIds('repA', 'opportunity')).toContain(opp);
    expect(await count('repA', 'opportunity', opp)).toBe(1);
    expect(ok(await as('repA')('GET', `/api/records/opportunity/${opp}/history`)).entries.length).toBeGreaterThan(0);
    expect(await eventIds('repA')).toContain(opp);
    const c360 = ok(await as('repA')('GET', `/api/records/account/${account}/customer360`));
    expect(JSON.stringify(c360)).toContain(opp);

    // Read only: editing and deleting stay with the record's own sharing.
    expect((await as('repA')('PATCH', `/api/records/opportunity/${opp}`, { amount: { amount: '1', currency: 'CNY' } })).status).toBe(403);
    expect((await as('repA')('DELETE', `/api/records/opportunity/${opp}`)).status).toBe(403);
    expect((await t.api('POST', '/api/composite', { operations: [{ method: 'PATCH', path: `/api/records/opportunity/${opp}`, body: { amount: { amount: '1', currency: 'CNY' } } }] }, { token: token.repA! })).status).toBe(403);
    expect((await as('repA')('POST', `/api/records/opportunity/${opp}/shares`, { grantee: { type: 'user', id: userId.repC }, access: 'read' })).status).toBe(403);
    expect(ok(await as('repB')('GET', `/api/records/opportunity/${opp}`)).amount.amount).toBe('850000.00');

    // A lookup to the opportunity is a read check: the account owner may quote it.
    ok(await as('repA')('POST', '/api/records/quote', { title: 'Q-1', account, opportunity: opp }), 201);
  });

  it('an unrelated rep reaches it through no read path', async () => {
    const opp = ok(await as('repB')('POST', '/api/records/opportunity', { name: '夹具', account }), 201).id;
    expect((await as('repC')('GET', `/api/records/opportunity/${opp}`)).status).toBe(404);
    expect(await listIds('repC', 'opportunity')).not.toContain(opp);
    expect(await count('repC', 'opportunity', opp)).toBe(0);
    expect((await as('repC')('GET', `/api/records/opportunity/${opp}/history`)).status).toBe(404);
    expect(await eventIds('repC')).not.toContain(opp);
    expect((await as('repC')('PATCH', `/api/records/opportunity/${opp}`, { amount: { amount: '1', currency: 'CNY' } })).status).toBe(404);
    const refused = await as('repC')('POST', '/api/records/quote', { title: 'Q-2', opportunity: opp });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ field: 'opportunity', code: 'referenceNotFound' }));
  });

  it("the account owner's manager sees it too; moving it to another account revokes the access at once", async () => {
    const opp = ok(await as('repB')('POST', '/api/records/opportunity', { name: '检测设备', account }), 201).id;
    expect(ok(await as('manager')('GET', `/api/records/opportunity/${opp}`)).id).toBe(opp);

    ok(await as('repB')('PATCH', `/api/records/opportunity/${opp}`, { account: otherAccount }));
    expect((await as('repA')('GET', `/api/records/opportunity/${opp}`)).status).toBe(404);
    expect(await listIds('repA', 'opportunity')).not.toContain(opp);
    // repB's manager still sees it through the ordinary hierarchy (repB owns it): the manager is above both reps.
    expect(ok(await as('manager')('GET', `/api/records/opportunity/${opp}`)).id).toBe(opp);
  });

  it('covers cases, contacts, orders and activities, and a business action needs edit rights', async () => {
    const kase = ok(await as('repB')('POST', '/api/records/case', { subject: '主轴异响', account }), 201).id;
    const contact = ok(await as('repB')('POST', '/api/records/contact', { name: '王工', account }), 201).id;
    const activity = ok(await as('repB')('POST', '/api/records/activity', { name: '回访', account }), 201).id;
    const order = ok(await as('repB')('POST', '/api/records/order', { account }), 201).id;
    for (const [object, id] of [['case', kase], ['contact', contact], ['activity', activity], ['order', order]] as const) {
      expect(ok(await as('repA')('GET', `/api/records/${object}/${id}`)).id, object).toBe(id);
      expect(await listIds('repA', object), object).toContain(id);
      expect((await as('repC')('GET', `/api/records/${object}/${id}`)).status, object).toBe(404);
    }
    // Closing a case changes it: the account owner sees the case but may not close it; an outsider learns nothing.
    expect((await as('repA')('POST', `/api/records/case/${kase}/actions/close`, {})).status).toBe(403);
    expect((await as('repC')('POST', `/api/records/case/${kase}/actions/close`, {})).status).toBe(404);
  });

  it('is configuration: an object without it stays private, and an administrator can switch it on and off', async () => {
    const feedback = ok(await as('repB')('POST', '/api/records/feedback', { subject: '建议', account }), 201).id;
    expect((await as('repA')('GET', `/api/records/feedback/${feedback}`)).status).toBe(404);

    ok(await t.api('PATCH', '/api/metadata/objects/feedback', { implicitParentAccess: 'account' }));
    expect(ok(await as('repA')('GET', `/api/records/feedback/${feedback}`)).id).toBe(feedback);

    const bad = await t.api('PATCH', '/api/metadata/objects/feedback', { implicitParentAccess: 'subject' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'implicitParentAccess' }));
    expect((await t.api('PATCH', '/api/metadata/objects/feedback', { implicitParentAccess: 42 })).status).toBe(400);

    ok(await t.api('PATCH', '/api/metadata/objects/feedback', { implicitParentAccess: null }));
    expect((await as('repA')('GET', `/api/records/feedback/${feedback}`)).status).toBe(404);
  });
});
