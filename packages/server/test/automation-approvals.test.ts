import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/** An automation rule that submits records for approval, run as the user whose change triggered it. */
describe(`automation submits for approval (${testDbKind})`, () => {
  let t: TestApp;
  const tokens: Record<'manager' | 'rep', string> = { manager: '', rep: '' };
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const manager = ok(await t.api('POST', '/api/admin/roles', { name: 'Sales manager' }), 201).id;
    const rep = ok(await t.api('POST', '/api/admin/roles', { name: 'Sales rep', parentId: manager }), 201).id;
    for (const [who, roleId] of [['manager', manager], ['rep', rep]] as const) {
      ok(await t.api('POST', '/api/admin/users', { email: `${who}@auto.test`, name: who, password: 'a long enough password', roleId }), 201);
      tokens[who] = ok(await t.api('POST', '/api/auth/login', { email: `${who}@auto.test`, password: 'a long enough password' }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  it('a discounted quote is submitted by rule after commit, and lands with the rep’s manager', async () => {
    const bad = await t.api('POST', '/api/metadata/objects/account/automationRules', { apiName: 'nope', trigger: { on: 'create' }, actions: [{ type: 'submitForApproval' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'actions[0].type' });
    ok(
      await t.api('POST', '/api/metadata/objects/quote/automationRules', {
        apiName: 'autoSubmitDiscounts',
        trigger: { on: 'create' },
        condition: 'discount > 20',
        actions: [{ type: 'submitForApproval', process: 'discountApproval' }],
      }),
      201,
    );
    const quote = ok(await t.api('POST', '/api/records/quote', { title: '大折扣报价', discount: '25' }, { token: tokens.rep }), 201);
    const small = ok(await t.api('POST', '/api/records/quote', { title: '小折扣报价', discount: '5' }, { token: tokens.rep }), 201);
    expect(quote.status).toBe('draft');
    await t.app.automation.runDueJobs();
    expect(ok(await t.api('GET', `/api/records/quote/${quote.id}`, undefined, { token: tokens.rep })).status).toBe('inReview');
    expect(ok(await t.api('GET', `/api/records/quote/${small.id}`, undefined, { token: tokens.rep })).status).toBe('draft');
    const pending = ok(await t.api('GET', '/api/approvals/pending', undefined, { token: tokens.manager })).requests;
    expect(pending.map((r: { recordId: string }) => r.recordId)).toEqual([quote.id]);
    const approvals = ok(await t.api('GET', `/api/records/quote/${quote.id}/approvals`, undefined, { token: tokens.rep }));
    expect(JSON.stringify(approvals)).toContain('automation: autoSubmitDiscounts');
  });
});
