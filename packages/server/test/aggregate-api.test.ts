import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * GET /api/records/:object/aggregate: grouped totals that count exactly the
 * records the reader could list — own records for a rep, the team's for
 * their manager, nothing of another workspace — with hidden fields refused
 * like unknown ones and exact decimal sums per currency.
 */

const PASSWORD = 'a long enough password';
const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe(`aggregates (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const as = (who: string) => (url: string): Promise<ApiResponse> => t.api('GET', url, undefined, who === 'admin' ? {} : { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const agg = (who: string, params: Record<string, unknown>, object = 'opportunity') => as(who)(`/api/records/${object}/aggregate${q(params)}`);
  const byKey = (body: { groups: { key: Record<string, unknown>; values: Record<string, unknown> }[] }, name: string) =>
    Object.fromEntries(body.groups.map((g) => [String(g.key[name]), g.values]));
  let account: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (method: string, url: string, body?: unknown) => t.api(method, url, body);
    const role: Record<string, string> = {};
    for (const [name, parent] of [['manager', undefined], ['rep', 'manager']] as const) {
      role[name] = ok(await admin('POST', '/api/admin/roles', { name: `role ${name}`, parentId: parent ? role[parent] : null }), 201).id;
    }
    const profile = ok(
      await admin('POST', '/api/admin/profiles', {
        name: 'Sales Rep',
        permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { opportunity: { probability: 'hidden' } } },
      }),
      201,
    ).id;
    const noCases = ok(await admin('POST', '/api/admin/profiles', { name: 'No cases', permissions: { objects: { opportunity: { read: true } } } }), 201).id;
    for (const [name, r, p] of [['manager', 'manager', profile], ['repA', 'rep', profile], ['repB', 'rep', profile], ['narrow', null, noCases]] as const) {
      ok(await admin('POST', '/api/admin/users', { email: `${name}@example.test`, name, password: PASSWORD, profileId: p, roleId: r ? role[r] : null }), 201);
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
    const deal = async (who: string, body: Record<string, unknown>) => ok(await t.api('POST', '/api/records/opportunity', { name: `deal of ${who}`, ...body }, { token: token[who]! }), 201);
    // Amounts with cents that floats would not add exactly.
    await deal('repA', { stage: 'prospecting', amount: cny('0.10'), closeDate: '2026-01-31' });
    await deal('repA', { stage: 'proposal', amount: cny('0.20'), closeDate: '2026-02-01' });
    await deal('repA', { stage: 'closedWon', amount: cny('9999999999999999.99'), closeDate: '2026-02-28', closeReason: 'fit' });
    await deal('repA', { stage: 'closedWon', amount: cny('0.01'), closeDate: '2026-03-01', closeReason: 'fit' });
    await deal('repB', { stage: 'proposal', amount: cny('1000.00'), closeDate: '2026-02-10' });
    await deal('repB', { stage: 'proposal', amount: { amount: '50.00', currency: 'USD' }, closeDate: '2026-02-11' });
    await deal('repB', { stage: 'proposal', closeDate: '2026-02-12' });
    account = ok(await admin('POST', '/api/records/account', { name: '华东精密' }), 201).id;
    ok(await admin('POST', '/api/records/opportunity', { name: 'admin deal', stage: 'negotiation', amount: cny('7.00'), account, closeDate: '2026-02-15' }), 201);
  });
  afterAll(() => t?.close());

  it('groups by stage with counts and exact sums per currency, in picklist order', async () => {
    const body = ok(await agg('admin', { groupBy: 'stage', measures: 'count,sum:amount,avg:amount,min:amount,max:amount' }));
    expect(body.groupBy).toEqual(['stage']);
    expect(body.measures).toEqual(['count', 'sum:amount', 'avg:amount', 'min:amount', 'max:amount']);
    expect(body.truncated).toBe(false);
    expect(body.groups.map((g: { key: { stage: string } }) => g.key.stage)).toEqual(['prospecting', 'proposal', 'negotiation', 'closedWon']);
    const s = byKey(body, 'stage');
    expect(s.closedWon).toEqual({
      count: 2,
      'sum:amount': [cny('10000000000000000.00')],
      'avg:amount': [cny('5000000000000000')],
      'min:amount': [cny('0.01')],
      'max:amount': [cny('9999999999999999.99')],
    });
    // Three proposals of repB: CNY and USD are never added together; the one without an amount is counted, not summed.
    expect(s.proposal!.count).toBe(4);
    expect(s.proposal!['sum:amount']).toEqual([cny('1000.20'), { amount: '50.00', currency: 'USD' }]);
  });

  it('a rep totals only the records they can list; their manager totals the team', async () => {
    const repA = byKey(ok(await agg('repA', { groupBy: 'stage', measures: 'count,sum:amount' })), 'stage');
    expect(Object.keys(repA).sort()).toEqual(['closedWon', 'proposal', 'prospecting']);
    expect(repA.proposal).toEqual({ count: 1, 'sum:amount': [cny('0.20')] });
    const repB = byKey(ok(await agg('repB', { groupBy: 'stage', measures: 'count,sum:amount' })), 'stage');
    expect(Object.keys(repB)).toEqual(['proposal']);
    expect(repB.proposal!.count).toBe(3);
    const manager = byKey(ok(await agg('manager', { groupBy: 'stage', measures: 'count' })), 'stage');
    expect(manager.proposal!.count).toBe(4);
    expect(manager.negotiation).toBeUndefined();
    // The same totals as the list the rep can read.
    const list = ok(await as('repA')(`/api/records/opportunity${q({ count: 'true', limit: '1' })}`));
    const total = ok(await agg('repA', { measures: 'count' }));
    expect(total.groups).toEqual([{ key: {}, labels: {}, values: { count: list.total } }]);
  });

  it('filters like lists do', async () => {
    const body = ok(await agg('admin', { measures: 'count,sum:amount', filter: { field: 'stage', op: 'in', value: ['closedWon'] } }));
    expect(body.groups[0].values).toEqual({ count: 2, 'sum:amount': [cny('10000000000000000.00')] });
    const none = ok(await agg('admin', { measures: 'count,sum:amount', filter: { field: 'name', op: 'eq', value: 'nothing like it' } }));
    expect(none.groups).toEqual([{ key: {}, labels: {}, values: { count: 0, 'sum:amount': [] } }]);
  });

  it('buckets dates by month, and date-times in the reader’s time zone', async () => {
    const months = ok(await agg('admin', { groupBy: 'closeDate:month', measures: 'count' }));
    expect(months.groups.map((g: { key: Record<string, string>; values: { count: number } }) => [g.key['closeDate:month'], g.values.count])).toEqual([
      ['2026-01-01', 1],
      ['2026-02-01', 6],
      ['2026-03-01', 1],
    ]);
    const both = ok(await agg('admin', { groupBy: 'stage,closeDate:quarter', measures: 'count', filter: { field: 'stage', op: 'eq', value: 'closedWon' } }));
    expect(both.groups.map((g: { key: unknown }) => g.key)).toEqual([{ stage: 'closedWon', 'closeDate:quarter': '2026-01-01' }]);

    // 20:00 UTC on 31 January is already 1 February in Shanghai.
    ok(await t.api('POST', '/api/records/activity', { name: 'late call', kind: 'call', dueAt: '2026-01-31T20:00:00Z' }), 201);
    const shanghai = ok(await agg('admin', { groupBy: 'dueAt:month', measures: 'count', filter: { field: 'name', op: 'eq', value: 'late call' } }, 'activity'));
    expect(shanghai.groups[0].key).toEqual({ 'dueAt:month': '2026-02-01' });
    ok(await t.api('PATCH', '/api/auth/me', { timeZone: 'UTC' }));
    try {
      const utc = ok(await agg('admin', { groupBy: 'dueAt:month', measures: 'count', filter: { field: 'name', op: 'eq', value: 'late call' } }, 'activity'));
      expect(utc.groups[0].key).toEqual({ 'dueAt:month': '2026-01-01' });
      const weeks = ok(await agg('admin', { groupBy: 'dueAt:week', measures: 'count', filter: { field: 'name', op: 'eq', value: 'late call' } }, 'activity'));
      expect(weeks.groups[0].key).toEqual({ 'dueAt:week': '2026-01-26' });
    } finally {
      ok(await t.api('PATCH', '/api/auth/me', { timeZone: 'Asia/Shanghai' }));
    }
  });

  it('groups by lookups with the related name, by owner and by yes/no fields; sorts and truncates', async () => {
    const byAccount = ok(await agg('admin', { groupBy: 'account', measures: 'count' }));
    const named = byAccount.groups.find((g: { key: { account: string | null } }) => g.key.account === account);
    expect(named).toEqual({ key: { account }, labels: { account: '华东精密' }, values: { count: 1 } });
    expect(byAccount.groups.at(-1)).toEqual({ key: { account: null }, labels: { account: null }, values: { count: 7 } });

    const owners = ok(await agg('admin', { groupBy: 'ownerId', measures: 'count', sort: '-count', limit: '1' }));
    expect(owners.truncated).toBe(true);
    expect(owners.groups).toHaveLength(1);
    expect(owners.groups[0].values.count).toBe(4);

    ok(await t.api('POST', '/api/records/contact', { name: 'primary', isPrimary: true }), 201);
    const flags = ok(await agg('admin', { groupBy: 'isPrimary', measures: 'count' }, 'contact'));
    expect(flags.groups.map((g: { key: { isPrimary: unknown } }) => g.key.isPrimary)).toContain(true);

    // Whole numbers (survey scores) group too, in numeric order.
    for (const csatScore of [5, 3, 5]) ok(await t.api('POST', '/api/records/case', { subject: 'rated', csatScore }), 201);
    const scores = ok(await agg('admin', { groupBy: 'csatScore', measures: 'count', filter: { field: 'subject', op: 'eq', value: 'rated' } }, 'case'));
    expect(scores.groups.map((g: { key: { csatScore: number }; values: { count: number } }) => [g.key.csatScore, g.values.count])).toEqual([[3, 1], [5, 2]]);
  });

  it('hidden fields are refused exactly like unknown ones, in groups, measures and filters', async () => {
    const hidden = await agg('repA', { groupBy: 'stage', measures: 'avg:probability' });
    const unknown = await agg('repA', { groupBy: 'stage', measures: 'avg:nothing' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors).toEqual([expect.objectContaining({ field: 'measures', code: 'unknownField' })]);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'measures', code: 'unknownField' })]);
    expect((await agg('repA', { groupBy: 'probability', measures: 'count' })).body.errors).toEqual([expect.objectContaining({ field: 'groupBy', code: 'unknownField' })]);
    expect((await agg('repA', { measures: 'count', filter: { field: 'probability', op: 'gt', value: '1' } })).body.errors).toEqual([expect.objectContaining({ field: 'filter.field', code: 'unknownField' })]);
    // The administrator sees the field.
    expect(ok(await agg('admin', { measures: 'avg:probability', filter: { field: 'stage', op: 'eq', value: 'closedWon' } })).groups[0].values).toEqual({ 'avg:probability': '100' });
  });

  it('bad input is a problem naming the parameter; nothing else answers', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ groupBy: 'stage:month', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'closeDate:fortnight', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'name', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'closeDate', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'stage,stage', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'a,b,c,d', measures: 'count' }, 'groupBy'],
      [{ groupBy: 'stage,', measures: 'count' }, 'groupBy'],
      [{ measures: 'sum:name' }, 'measures'],
      [{ measures: 'median:amount' }, 'measures'],
      [{ measures: 'count:amount' }, 'measures'],
      [{ measures: 'sum' }, 'measures'],
      [{ measures: '' }, 'measures'],
      [{ measures: 'count', limit: '0' }, 'limit'],
      [{ measures: 'count', limit: 'lots' }, 'limit'],
      [{ measures: 'count', sort: 'amount' }, 'sort'],
      [{ groupBy: 'stage', measures: 'sum:amount', sort: '-sum:amount' }, 'sort'],
      [{ measures: 'count', filter: '{"field":' }, 'filter'],
      [{ measures: 'count', filter: { field: 'stage', op: 'eq', value: 'nope' } }, 'filter.value'],
      [{ measures: 'count', having: 'x' }, 'having'],
    ];
    for (const [params, field] of cases) {
      const r = await agg('admin', params);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('invalidQuery');
      expect(r.body.errors.map((e: { field: string }) => e.field), JSON.stringify(params)).toContain(field);
    }
    const twice = await as('admin')('/api/records/opportunity/aggregate?measures=count&measures=count');
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe('measures');
    expect((await agg('admin', { measures: 'count' }, 'nothing')).status).toBe(404);
    expect((await agg('narrow', { measures: 'count' }, 'case')).status).toBe(403);
    expect((await t.api('GET', '/api/records/opportunity/aggregate?measures=count', undefined, { token: null })).status).toBe(401);
  });

  it('another workspace totals only its own records', async () => {
    const other = await createOtherWorkspace(t, 'aggother');
    const r = await t.api('GET', `/api/records/opportunity/aggregate${q({ measures: 'count,sum:amount' })}`, undefined, { token: other.token });
    expect(ok(r).groups).toEqual([{ key: {}, labels: {}, values: { count: 0, 'sum:amount': [] } }]);
  });
});
