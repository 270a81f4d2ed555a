import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Processes: the opportunity stage as a state machine configured through
 * the metadata API — where a record may start, which moves exist, who may
 * make them, which guard must hold — enforced for every write, and the time
 * a record spends in each state.
 */
describe(`processes (${testDbKind})`, () => {
  let t: TestApp;
  let clock = new Date('2026-11-02T01:00:00.000Z');
  const roles: Record<'manager' | 'rep', string> = { manager: '', rep: '' };
  const tokens: Record<'manager' | 'rep', string> = { manager: '', rep: '' };
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const as = (who: 'manager' | 'rep' | 'admin') => (method: string, url: string, body?: unknown) =>
    t.api(method, url, body, who === 'admin' ? {} : { token: tokens[who] });
  const move = (who: 'manager' | 'rep' | 'admin', id: string, body: Record<string, unknown>) => as(who)('PATCH', `/api/records/opportunity/${id}`, body);

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock });
    roles.manager = ok(await t.api('POST', '/api/admin/roles', { name: '销售经理' }), 201).id;
    roles.rep = ok(await t.api('POST', '/api/admin/roles', { name: '销售代表', parentId: roles.manager }), 201).id;
    for (const who of ['manager', 'rep'] as const) {
      ok(await t.api('POST', '/api/admin/users', { email: `${who}@p.test`, name: who, password: 'a long enough password', roleId: roles[who] }), 201);
      tokens[who] = ok(await t.api('POST', '/api/auth/login', { email: `${who}@p.test`, password: 'a long enough password' }, { token: null })).token;
    }
    const step = (from: string, to: string) => ({ from, to });
    ok(
      await t.api('POST', '/api/metadata/objects/opportunity/processes', {
        apiName: 'salesProcess',
        field: 'stage',
        label: { 'zh-CN': '销售流程', en: 'Sales process' },
        initial: ['prospecting', 'qualification'],
        transitions: [
          step('prospecting', 'qualification'),
          step('qualification', 'needsAnalysis'),
          step('needsAnalysis', 'proposal'),
          step('proposal', 'negotiation'),
          { from: 'negotiation', to: 'closedWon', roles: [roles.manager], guard: 'amount > 0', message: { 'zh-CN': '赢单前请填写商机金额。', en: 'Enter the amount before closing as won.' } },
          step('*', 'closedLost'),
        ],
      }),
      201,
    );
  });
  afterAll(() => t?.close());

  it('a record starts only in an allowed state and moves only along listed transitions, for every source of writes', async () => {
    const late = await as('rep')('POST', '/api/records/opportunity', { name: '跳步商机', stage: 'proposal' });
    expect(late.status).toBe(422);
    expect(late.body.errors[0]).toMatchObject({ field: 'stage', code: 'processStart' });
    const opp = ok(await as('rep')('POST', '/api/records/opportunity', { name: '华东精密 - 产线升级' }), 201);
    expect(opp.stage).toBe('prospecting');

    const jump = await move('rep', opp.id, { stage: 'proposal' });
    expect(jump.status).toBe(422);
    expect(jump.body.errors[0]).toMatchObject({ field: 'stage', code: 'processMove' });
    // In the caller's language, by label: field, states and process.
    expect(jump.body.errors[0].message).toBe('阶段 不能从 初步接洽 变更为 报价（流程 销售流程）。');
    // Inside a batch the refusal rolls back the batch.
    const batch = await as('rep')('POST', '/api/composite', {
      operations: [
        { method: 'PATCH', path: `/api/records/opportunity/${opp.id}`, body: { nextStep: '约技术交流' } },
        { method: 'PATCH', path: `/api/records/opportunity/${opp.id}`, body: { stage: 'negotiation' } },
      ],
    });
    expect(batch.status).toBe(422);
    expect(ok(await as('rep')('GET', `/api/records/opportunity/${opp.id}`))).toMatchObject({ stage: 'prospecting', nextStep: null });
  });

  it('a move can be limited to a role and guarded by a formula; any state can fall to lost', async () => {
    const opp = ok(await as('rep')('POST', '/api/records/opportunity', { name: '云帆科技 - 加工中心' }), 201);
    for (const stage of ['qualification', 'needsAnalysis', 'proposal', 'negotiation']) ok(await move('rep', opp.id, { stage }));
    const byRep = await move('rep', opp.id, { stage: 'closedWon', closeReason: '方案领先' });
    expect(byRep.status).toBe(422);
    expect(byRep.body.errors[0]).toMatchObject({ field: 'stage', code: 'processRole' });
    const noAmount = await t.api('PATCH', `/api/records/opportunity/${opp.id}`, { stage: 'closedWon', closeReason: '方案领先' }, { token: tokens.manager, headers: { 'accept-language': 'en' } });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.errors[0]).toMatchObject({ field: 'stage', code: 'processGuard' });
    expect(noAmount.body.errors[0].message).toContain('Enter the amount before closing as won.');
    // The picklist value's own requirement (a close reason) still applies on top of the process.
    ok(await move('manager', opp.id, { amount: { amount: '680000.00', currency: 'CNY' } }));
    const noReason = await move('manager', opp.id, { stage: 'closedWon' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'closeReason', code: 'requiredWhen' });
    expect(ok(await move('manager', opp.id, { stage: 'closedWon', closeReason: '方案领先' }))).toMatchObject({ stage: 'closedWon', probability: '100' });

    const other = ok(await as('rep')('POST', '/api/records/opportunity', { name: '京华物流 - 备件' }), 201);
    expect(ok(await move('rep', other.id, { stage: 'closedLost', lostReason: 'price', closeReason: '预算削减' })).stage).toBe('closedLost');
  });

  it('tells how long a record spent in each state', async () => {
    clock = new Date('2026-11-10T00:00:00.000Z');
    const opp = ok(await t.api('POST', '/api/records/opportunity', { name: '计时商机' }), 201);
    clock = new Date('2026-11-11T00:00:00.000Z');
    ok(await move('admin', opp.id, { stage: 'qualification' }));
    clock = new Date('2026-11-14T12:00:00.000Z');
    ok(await move('admin', opp.id, { stage: 'needsAnalysis' }));
    clock = new Date('2026-11-15T12:00:00.000Z');
    const states = ok(await t.api('GET', `/api/records/opportunity/${opp.id}/timeInState?field=stage`));
    expect(states.current).toBe('needsAnalysis');
    expect(states.periods.map((p: { value: string; seconds: number }) => [p.value, p.seconds])).toEqual([
      ['prospecting', 86400],
      ['qualification', 3.5 * 86400],
      ['needsAnalysis', 86400],
    ]);
    expect(states.totals).toEqual({ prospecting: 86400, qualification: 302400, needsAnalysis: 86400 });
    expect((await t.api('GET', `/api/records/opportunity/${opp.id}/timeInState?field=name`)).status).toBe(400);
  });

  it('refuses broken definitions by field, lets only administrators change them, and protects the fields they use', async () => {
    const bad = await t.api('POST', '/api/metadata/objects/opportunity/processes', {
      apiName: 'broken',
      field: 'type',
      transitions: [{ from: 'nowhere', to: 'renewal' }, { from: '*', to: 'newBusiness', guard: 'amount >' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['transitions[0].from', 'transitions[1].guard']);
    const notPicklist = await t.api('POST', '/api/metadata/objects/opportunity/processes', { apiName: 'x', field: 'amount', transitions: [{ from: '*', to: 'a' }] });
    expect(notPicklist.status).toBe(400);
    expect(notPicklist.body.errors[0].field).toBe('field');
    const twice = await t.api('POST', '/api/metadata/objects/opportunity/processes', { apiName: 'second', field: 'stage', transitions: [{ from: '*', to: 'closedLost' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ field: 'field', code: 'alreadyExists' });
    expect((await as('rep')('POST', '/api/metadata/objects/opportunity/processes', { apiName: 'mine', field: 'type', transitions: [{ from: '*', to: 'renewal' }] })).status).toBe(403);
    expect(ok(await as('rep')('GET', '/api/metadata/objects/opportunity/processes')).processes.map((p: { apiName: string }) => p.apiName)).toEqual(['salesProcess']);
    const removeAmount = await t.api('DELETE', '/api/metadata/objects/opportunity/fields/amount');
    expect(removeAmount.status).toBe(409);
    expect(removeAmount.body.errors[0].message).toContain('salesProcess');
    // Switching the process off lets any move through again.
    ok(await t.api('PATCH', '/api/metadata/objects/opportunity/processes/salesProcess', { active: false }));
    const opp = ok(await as('rep')('POST', '/api/records/opportunity', { name: '自由商机', stage: 'negotiation' }), 201);
    expect(ok(await move('rep', opp.id, { stage: 'prospecting' })).stage).toBe('prospecting');
    ok(await t.api('PATCH', '/api/metadata/objects/opportunity/processes/salesProcess', { active: true }));
  });
});
