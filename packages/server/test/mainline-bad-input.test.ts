import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Malformed, wrong-typed, oversized and hostile input to the record-level
 * endpoints added with sharing and the mainline (shares, business actions,
 * customer 360, time in state): each is a problem+json 4xx naming the field,
 * and nothing changes.
 */
describe(`bad input to shares, actions and account views (${testDbKind})`, () => {
  let t: TestApp;
  let account: string;
  let lead: string;
  const problem = (r: ApiResponse, status: number) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(String(r.headers['content-type'])).toContain('application/problem+json');
    return r.body;
  };
  const snapshot = async () => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${t.schema}._shares`)).rows[0]!.n + (await t.db.query<{ n: number }>(`select count(*)::int as n from ${t.schema}._history`)).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    account = (await t.api('POST', '/api/records/account', { name: '华东精密机械有限公司' })).body.id;
    lead = (await t.api('POST', '/api/records/lead', { name: '王伟', company: '华东精密' })).body.id;
  });
  afterAll(() => t?.close());

  it('manual shares refuse malformed bodies by field and share nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ grantee: { type: 'everyone', id: account }, access: 'read' }, 'grantee.type'],
      [{ grantee: { type: 'user', id: "1' or '1'='1" }, access: 'read' }, 'grantee.id'],
      [{ grantee: { type: 'user', id: account }, access: 'owner' }, 'access'],
      [{ grantee: { type: 'user', id: account }, access: 'read', extra: 1 }, 'extra'],
      [{ grantee: 'u:me', access: 'read' }, 'grantee'],
    ];
    for (const [body, field] of cases) {
      const r = problem(await t.api('POST', `/api/records/account/${account}/shares`, body), 400);
      expect(r.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    problem(await t.api('POST', `/api/records/account/${account}/shares`, undefined, { rawBody: '{"grantee":', headers: { 'content-type': 'application/json' } }), 400);
    problem(await t.api('DELETE', `/api/records/account/${account}/shares/${encodeURIComponent("u:' drop table x")}`), 404);
    expect(await snapshot()).toBe(before);
  });

  it('business actions refuse malformed, oversized and unknown input and change nothing', async () => {
    const before = await snapshot();
    expect(problem(await t.api('POST', `/api/records/lead/${lead}/actions/convert`, { accountId: 'not-a-uuid', surprise: true }), 400).errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['accountId', 'surprise']),
    );
    problem(await t.api('POST', `/api/records/lead/${lead}/actions/convert`, { opportunity: 'yes' }), 400);
    problem(await t.api('POST', `/api/records/lead/${lead}/actions/convert`, undefined, { rawBody: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/json' } }), 413);
    problem(await t.api('POST', `/api/records/lead/not-a-uuid/actions/convert`, {}), 404);
    problem(await t.api('POST', `/api/records/nosuchobject/${lead}/actions/convert`, {}), 404);
    problem(await t.api('POST', `/api/records/lead/${lead}/actions/__proto__`, {}), 404);
    expect((await t.api('GET', `/api/records/lead/${lead}`)).body.status).toBe('new');
    expect(await snapshot()).toBe(before);
  });

  it('customer 360 and time in state refuse bad ids and parameters, and never reach another workspace', async () => {
    problem(await t.api('GET', '/api/records/account/not-a-uuid/customer360'), 404);
    problem(await t.api('GET', `/api/records/account/${account}/timeInState?field=industry&sort=name`), 400);
    problem(await t.api('GET', `/api/records/account/${account}/timeInState?field=nosuch`), 400);
    const other = await createOtherWorkspace(t, 'elsewhere');
    problem(await t.api('GET', `/api/records/account/${account}/customer360`, undefined, { token: other.token }), 404);
    problem(await t.api('GET', `/api/records/account/${account}/timeInState?field=industry`, undefined, { token: other.token }), 404);
    problem(await t.api('POST', `/api/records/lead/${lead}/actions/convert`, {}, { token: other.token }), 404);
    expect((await t.api('GET', `/api/records/lead/${lead}`)).body.status).toBe('new');
  });
});
