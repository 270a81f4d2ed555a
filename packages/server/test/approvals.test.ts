import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Approval processes through the HTTP API, on the standard model's quote
 * discount approval: a rep submits a quote with a 25% discount, the quote is
 * locked while the manager decides, the outcome moves its status, the
 * submitter hears of it, and only an approved quote can be accepted.
 */
describe(`approvals (${testDbKind})`, () => {
  let t: TestApp;
  type Who = 'director' | 'manager' | 'rep' | 'peer';
  const roles = {} as Record<'director' | 'manager' | 'rep', string>;
  const users = {} as Record<Who, string>;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<'account' | 'product', string>;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const as = (who: Who | 'admin') => (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.api(method, url, body, { ...(who === 'admin' ? {} : { token: tokens[who] }), ...(headers ? { headers } : {}) });
  const act = (who: Who | 'admin', id: string, action: string, body: unknown = {}, headers?: Record<string, string>) => as(who)('POST', `/api/records/quote/${id}/actions/${action}`, body, headers);
  const newQuote = async (discount: string) => {
    const quote = ok(await as('rep')('POST', '/api/records/quote', { account: ids.account, title: `折扣 ${discount}%`, discount }), 201);
    ok(await act('rep', quote.id, 'addProduct', { product: ids.product, quantity: 2 }));
    return quote.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    roles.director = ok(await t.api('POST', '/api/admin/roles', { name: '大区总监' }), 201).id;
    roles.manager = ok(await t.api('POST', '/api/admin/roles', { name: '销售经理', parentId: roles.director }), 201).id;
    roles.rep = ok(await t.api('POST', '/api/admin/roles', { name: '销售代表', parentId: roles.manager }), 201).id;
    for (const [who, role] of [['director', 'director'], ['manager', 'manager'], ['rep', 'rep'], ['peer', 'rep']] as const) {
      users[who] = ok(await t.api('POST', '/api/admin/users', { email: `${who}@a.test`, name: who, password: 'a long enough password', roleId: roles[role] }), 201).id;
      tokens[who] = ok(await t.api('POST', '/api/auth/login', { email: `${who}@a.test`, password: 'a long enough password' }, { token: null })).token;
    }
    const book = ok(await t.api('POST', '/api/records/priceBook', { name: '标准价格表', isStandard: true, currency: 'CNY' }), 201);
    ids.product = ok(await t.api('POST', '/api/records/product', { name: '数控车床', code: 'CK6150' }), 201).id;
    ok(await t.api('POST', '/api/records/priceBookEntry', { priceBook: book.id, product: ids.product, listPrice: { amount: '100.00', currency: 'CNY' } }), 201);
    ids.account = ok(await as('rep')('POST', '/api/records/account', { name: '华东精密' }), 201).id;
  });
  afterAll(() => t?.close());

  it('approval processes are metadata: administrators define them, every problem is named, users read them', async () => {
    const denied = await as('manager')('POST', '/api/metadata/objects/quote/approvalProcesses', { apiName: 'x', steps: [{ approver: { submitterManager: true } }] });
    expect(denied.status).toBe(403);
    const bad = await t.api('POST', '/api/metadata/objects/quote/approvalProcesses', {
      apiName: 'bad',
      entryCriteria: 'discount >',
      steps: [{ approver: { role: roles.manager } }, { approver: { role: roles.manager }, criteria: 'total' }],
      onApprove: { updateFields: { nope: 1, status: '"shipped"' } },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['entryCriteria', 'steps[1].criteria', 'onApprove.updateFields.nope', 'onApprove.updateFields.status']));
    const shape = await t.api('POST', '/api/metadata/objects/quote/approvalProcesses', { apiName: 'shape', steps: [{ approver: { boss: true } }], onReject: 'draft' });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['steps[0].approver', 'onReject']));
    // A user id of another workspace is as unknown as a made-up one.
    const other = await createOtherWorkspace(t, 'approvals_defs');
    const foreign = await t.api('POST', '/api/metadata/objects/quote/approvalProcesses', { apiName: 'foreign', steps: [{ approver: { user: other.adminId } }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'steps[0].approver.user', code: 'referenceNotFound' });

    const list = ok(await as('rep')('GET', '/api/metadata/objects/quote/approvalProcesses')).approvalProcesses;
    expect(list.map((p: { apiName: string }) => p.apiName)).toEqual(['discountApproval']);
    const made = ok(await t.api('POST', '/api/metadata/objects/quote/approvalProcesses', { apiName: 'bigDeals', active: false, entryCriteria: 'discount > 50', steps: [{ approver: { role: roles.director } }] }), 201);
    expect(made).toMatchObject({ apiName: 'bigDeals', active: false });
    expect(ok(await t.api('PATCH', '/api/metadata/objects/quote/approvalProcesses/bigDeals', { entryCriteria: null })).entryCriteria).toBeUndefined();
    expect((await t.api('DELETE', '/api/metadata/objects/quote/approvalProcesses/bigDeals')).status).toBe(204);
    const doc = ok(await as('rep')('GET', '/api/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/records/quote/{id}/actions/submitForApproval', '/api/records/quote/{id}/actions/approve']));
  });

  it('a rep submits a 25% discount quote; it is locked until the manager approves; then it can be accepted', async () => {
    const id = await newQuote('25');
    // Accepting straight away breaks the configured rule.
    const early = await act('rep', id, 'accept');
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ field: 'status', rule: 'discountNeedsApproval' });

    const submitted = ok(await act('rep', id, 'submitForApproval', { comment: '大客户，战略价格' }));
    expect(submitted.request).toMatchObject({ status: 'pending', step: 0, submitterId: users.rep, approvers: [users.manager] });
    expect(submitted.record.status).toBe('inReview');

    const edit = await as('rep')('PATCH', `/api/records/quote/${id}`, { title: '改一下' }, { 'accept-language': 'en' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('recordLocked');
    expect(edit.body.detail).toContain('Quote discount approval');
    const zh = await as('admin')('PATCH', `/api/records/quote/${id}`, { title: '管理员也不能改' }, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(409);
    expect(zh.body.detail).toContain('报价折扣审批');
    expect((await as('admin')('DELETE', `/api/records/quote/${id}`)).status).toBe(409);
    expect((await act('rep', id, 'addProduct', { product: ids.product })).status).toBe(409);
    expect((await act('rep', id, 'accept')).status).toBe(409);

    const twice = await act('rep', id, 'submitForApproval');
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0]).toMatchObject({ code: 'approvalPending' });

    const director = await act('director', id, 'approve', { comment: '我来批' }, { 'accept-language': 'en' });
    expect(director.status).toBe(403);
    expect(director.body.errors[0]).toMatchObject({ field: 'approver', code: 'notApprover' });
    expect(director.body.errors[0].message).toContain('submitter’s manager');
    // A user who cannot even see the quote learns nothing about it.
    expect((await act('peer', id, 'approve')).status).toBe(404);

    const waiting = ok(await as('manager')('GET', '/api/approvals/pending')).requests;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ object: 'quote', recordId: id, process: 'discountApproval', status: 'pending' });
    expect(waiting[0].recordName).toMatch(/^Q-/);
    expect(ok(await as('rep')('GET', '/api/approvals/pending')).requests).toEqual([]);
    const asked = ok(await as('manager')('GET', '/api/notifications')).notifications;
    expect(asked[0]).toMatchObject({ object: 'quote', recordId: id, rule: 'approval:discountApproval' });
    expect(asked[0].message['zh-CN']).toContain('等待您审批');

    const approved = ok(await act('manager', id, 'approve', { comment: '同意，下不为例' }));
    expect(approved.request).toMatchObject({ status: 'approved' });
    expect(approved.record.status).toBe('approved');
    const told = ok(await as('rep')('GET', '/api/notifications')).notifications;
    expect(told[0]).toMatchObject({ recordId: id, rule: 'approval:discountApproval' });
    expect(told[0].message.en).toContain('was approved');
    expect(told[0].message.en).toContain('同意，下不为例');
    expect(ok(await as('manager')('GET', '/api/approvals/pending')).requests).toEqual([]);

    const history = ok(await as('rep')('GET', `/api/records/quote/${id}/approvals`)).requests;
    expect(history).toHaveLength(1);
    expect(history[0].history.map((d: { action: string; actorId: string; comment: string }) => [d.action, d.actorId, d.comment])).toEqual([
      ['submit', users.rep, '大客户，战略价格'],
      ['approve', users.manager, '同意，下不为例'],
    ]);
    const accepted = ok(await act('rep', id, 'accept'));
    expect(accepted.quote.status).toBe('accepted');
    expect(accepted.order.id).toBeTruthy();
  });

  it('criteria that do not hold refuse the submission with a clear message; a rejection sends the quote back to draft', async () => {
    const small = await newQuote('10');
    const refused = await act('rep', small, 'submitForApproval', {}, { 'accept-language': 'en' });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ field: 'entryCriteria', code: 'approvalEntryCriteria' });
    expect(refused.body.errors[0].message).toBe('The record does not meet the entry criteria of "Quote discount approval" (discount > 20).');
    expect((await act('rep', small, 'approve')).status).toBe(409);

    const id = await newQuote('30');
    ok(await act('rep', id, 'submitForApproval'));
    const rejected = ok(await act('manager', id, 'reject', { comment: '折扣太高' }));
    expect(rejected.request.status).toBe('rejected');
    expect(rejected.record.status).toBe('draft');
    const told = ok(await as('rep')('GET', '/api/notifications')).notifications;
    expect(told[0].message['zh-CN']).toContain('被拒绝');
    expect(told[0].message['zh-CN']).toContain('折扣太高');
    // No longer locked: the rep lowers the discount.
    expect(ok(await as('rep')('PATCH', `/api/records/quote/${id}`, { discount: '15' })).discount).toBe('15');
  });

  it('the submitter or an administrator recalls a pending request; nobody else', async () => {
    const id = await newQuote('22');
    ok(await act('rep', id, 'submitForApproval'));
    const byManager = await act('manager', id, 'recall');
    expect(byManager.status).toBe(403);
    expect(byManager.body.errors[0]).toMatchObject({ code: 'notSubmitter' });
    const recalled = ok(await act('rep', id, 'recall', { comment: '先改方案' }));
    expect(recalled.request.status).toBe('recalled');
    expect(recalled.record.status).toBe('draft');
    ok(await as('rep')('PATCH', `/api/records/quote/${id}`, { title: '新方案' }));
    // A new request after a recall; an administrator may recall it too.
    ok(await act('rep', id, 'submitForApproval'));
    expect(ok(await act('admin', id, 'recall')).request.status).toBe('recalled');
    expect(ok(await as('rep')('GET', `/api/records/quote/${id}/approvals`)).requests.map((r: { status: string }) => r.status)).toEqual(['recalled', 'recalled']);
  });

  it('a role approver, then the named user: multi-step with step criteria; administrators may decide', async () => {
    ok(
      await t.api('POST', '/api/metadata/objects/account/approvalProcesses', {
        apiName: 'keyAccount',
        label: { en: 'Key account', 'zh-CN': '重点客户审批' },
        steps: [
          { name: 'managers', approver: { role: roles.manager } },
          { name: 'skipped', approver: { role: roles.director }, criteria: 'name = "never"' },
          { name: 'director', approver: { user: users.director } },
        ],
        onApprove: { updateFields: { level: '"key"' } },
      }),
      201,
    );
    const account = ok(await as('rep')('POST', '/api/records/account', { name: '云帆科技' }), 201).id;
    expect(ok(await as('rep')('POST', `/api/records/account/${account}/actions/submitForApproval`)).request.approvers).toEqual([users.manager]);
    const first = ok(await as('manager')('POST', `/api/records/account/${account}/actions/approve`));
    expect(first.request).toMatchObject({ status: 'pending', step: 2, approvers: [users.director] });
    expect((await as('manager')('POST', `/api/records/account/${account}/actions/approve`)).status).toBe(403);
    const last = ok(await t.api('POST', `/api/records/account/${account}/actions/approve`, { comment: '管理员代批' }));
    expect(last.request.status).toBe('approved');
    expect(last.record.level).toBe('key');
  });

  it('requests belong to their workspace', async () => {
    const id = await newQuote('40');
    ok(await act('rep', id, 'submitForApproval'));
    const other = await createOtherWorkspace(t, 'approvals_iso');
    expect((await t.api('GET', `/api/records/quote/${id}/approvals`, undefined, { token: other.token })).status).toBe(404);
    expect((await t.api('POST', `/api/records/quote/${id}/actions/approve`, {}, { token: other.token })).status).toBe(404);
    expect(ok(await t.api('GET', '/api/approvals/pending', undefined, { token: other.token })).requests).toEqual([]);
    const { rows } = await t.db.query(`select count(*)::int as n from "${other.schema}"._approval_requests`);
    expect(rows[0]).toEqual({ n: 0 });
  });
});
