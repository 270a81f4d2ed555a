import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * Every class of bad input the API must refuse: each answer is a problem+json
 * 4xx naming the field, and the workspace's data is exactly as before.
 */
describe(`bad input is refused and changes nothing (${testDbKind})`, () => {
  let t: TestApp;
  let existingId: string;
  let before: string;

  /** Everything a write could touch: the business rows, history, events and metadata version. */
  const fingerprint = async (): Promise<string> => {
    const s = `"${t.schema}"`;
    const { rows } = await t.db.query<Record<string, unknown>>(
      `select (select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) from ${s}.project p) as projects,
              (select md5(coalesce(string_agg(a::text, '|' order by a.id), '')) from ${s}.account a) as accounts,
              (select count(*) from ${s}._history) as history,
              (select count(*) from ${s}._events) as events,
              (select metadata_version from mainline.workspaces where slug = 'default') as version`,
    );
    return JSON.stringify(rows[0]);
  };

  const expectProblem = (r: ApiResponse, status: number, field?: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), code: expect.any(String) });
    if (field !== undefined) expect(r.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.api('POST', '/api/metadata/objects', { apiName: 'project', label: L('项目', 'Project') });
    for (const f of [
      { apiName: 'code', type: 'text', label: L('编号', 'Code'), unique: true, maxLength: 10 },
      { apiName: 'hours', type: 'integer', label: L('工时', 'Hours') },
      { apiName: 'budget', type: 'currency', label: L('预算', 'Budget') },
      { apiName: 'startOn', type: 'date', label: L('开始', 'Start') },
      { apiName: 'stage', type: 'picklist', label: L('阶段', 'Stage'), values: [{ apiName: 'open', label: L('进行中', 'Open') }] },
      { apiName: 'account', type: 'lookup', target: 'account', label: L('客户', 'Account') },
      { apiName: 'owner2', type: 'email', label: L('邮箱', 'Email') },
      { apiName: 'extra', type: 'json', label: L('扩展', 'Extra') },
    ]) {
      const r = await t.api('POST', '/api/metadata/objects/project/fields', f);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    existingId = (await t.api('POST', '/api/records/project', { name: 'Existing', code: 'E1', hours: 1 })).body.id;
  });
  beforeEach(async () => {
    before = await fingerprint();
  });
  afterAll(() => t?.close());

  const unchanged = async () => expect(await fingerprint()).toBe(before);

  it('malformed JSON', async () => {
    expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: '{"name": "x",' }), 400, 'body');
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, undefined, { rawBody: '[1,2' }), 400, 'body');
    expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: '{"__proto__": {"admin": true}}' }), 400, 'body');
    expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'content-type');
    await unchanged();
  });

  it('a body that is not an object', async () => {
    for (const body of [[], 'text', 42, null]) expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: JSON.stringify(body) }), 400);
    await unchanged();
  });

  it('wrong types, naming every bad field at once', async () => {
    const r = await t.api('POST', '/api/records/project', { name: 42, hours: '1.5', budget: { amount: 'lots' }, startOn: '2026-02-30', stage: 7 });
    expectProblem(r, 400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['budget.amount', 'hours', 'name', 'stage', 'startOn']);
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, { hours: 1e300 }), 400, 'hours');
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, { budget: { amount: '1', currency: 'yuan' } }), 400, 'budget.currency');
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, { owner2: 'not-an-email' }), 400, 'owner2');
    await unchanged();
  });

  it('unknown objects, fields and record ids', async () => {
    expectProblem(await t.api('GET', '/api/records/nothing'), 404);
    expectProblem(await t.api('POST', '/api/records/nothing', { name: 'x' }), 404);
    expectProblem(await t.api('POST', '/api/records/project', { name: 'x', colour: 'red' }), 400, 'colour');
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, { createdBy: existingId }), 400, 'createdBy');
    expectProblem(await t.api('PATCH', '/api/records/project/0190a000-0000-7000-8000-000000000000', { hours: 2 }), 404);
    expectProblem(await t.api('GET', '/api/records/project/not-a-uuid'), 404);
    expectProblem(await t.api('GET', `/api/records/project${q({ fields: 'name,secret' })}`), 400, 'fields');
    expectProblem(await t.api('GET', `/api/records/project${q({ colour: 'red' })}`), 400, 'colour');
    await unchanged();
  });

  it('values over length, invalid picklist values, duplicates and dangling references', async () => {
    expectProblem(await t.api('POST', '/api/records/project', { name: 'x', code: '01234567890' }), 400, 'code');
    expectProblem(await t.api('POST', '/api/records/project', { name: 'x'.repeat(256) }), 400, 'name');
    expectProblem(await t.api('POST', '/api/records/project', { name: 'x', stage: 'closed' }), 400, 'stage');
    expectProblem(await t.api('POST', '/api/records/project', { name: 'dup', code: 'E1' }), 409, 'code');
    expectProblem(await t.api('POST', '/api/records/project', { name: 'x', account: '0190a000-0000-7000-8000-000000000000' }), 400, 'account');
    expectProblem(await t.api('PATCH', `/api/records/project/${existingId}`, { account: '0190a000-0000-7000-8000-000000000000' }), 400, 'account');
    expectProblem(await t.api('POST', '/api/records/project', { code: 'NN' }), 400, 'name');
    await unchanged();
  });

  it('values nested deeply enough to overflow recursive code', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: `{"name":"x","extra":${deep}}` }), 400, 'extra');
    expectProblem(await t.api('POST', '/api/composite', undefined, { rawBody: `{"operations":[{"method":"POST","path":"/api/records/project","body":{"name":"x","extra":${deep}}}]}` }), 400, 'operations[0].body');
    await unchanged();
  });

  it('a 10 MB body', async () => {
    const huge = JSON.stringify({ name: 'x', notes: 'y'.repeat(10 * 1024 * 1024) });
    expectProblem(await t.api('POST', '/api/records/project', undefined, { rawBody: huge }), 413, 'body');
    expectProblem(await t.api('POST', '/api/composite', undefined, { rawBody: JSON.stringify({ operations: [{ method: 'POST', path: '/api/records/project', body: { name: 'y'.repeat(10 * 1024 * 1024) } }] }) }), 413, 'body');
    await unchanged();
  });

  it('deep, wide and malformed filter trees, sorts and cursors', async () => {
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 50; i++) deep = { not: deep };
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: deep })}`), 400);
    const wide = { or: Array.from({ length: 5000 }, (_, i) => ({ field: 'name', op: 'eq', value: `n${i}` })) };
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: wide })}`), 400);
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: '{"field":' })}`), 400, 'filter');
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: { field: 'nope', op: 'eq', value: 1 } })}`), 400, 'filter.field');
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: { field: 'hours', op: 'gt', value: 'many' } })}`), 400, 'filter.value');
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: { field: 'hours', op: 'like', value: 1 } })}`), 400, 'filter.op');
    expectProblem(await t.api('GET', `/api/records/project${q({ filter: { and: 5 } })}`), 400);
    expectProblem(await t.api('GET', `/api/records/project${q({ sort: 'nope' })}`), 400, 'sort');
    expectProblem(await t.api('GET', `/api/records/project${q({ cursor: 'garbage' })}`), 400, 'cursor');
    expectProblem(await t.api('GET', `/api/records/project${q({ limit: '100000' })}`), 400, 'limit');
    expectProblem(await t.api('GET', `/api/records/project${q({ limit: '-1' })}`), 400, 'limit');
    expectProblem(await t.api('GET', `/api/events${q({ after: 'x' })}`), 400, 'after');
    await unchanged();
  });

  it('SQL metacharacters in every string are data, never SQL', async () => {
    const hostile = [`'; drop table "${t.schema}".project; --`, `" or 1=1 --`, '$1', '\\', '%_', "Robert'); DELETE FROM mainline.users;--"];
    for (const s of hostile) {
      const list = await t.api('GET', `/api/records/project${q({ filter: { field: 'name', op: 'contains', value: s } })}`);
      expect(list.status).toBe(200);
      expect(list.body.records).toEqual([]);
      expectProblem(await t.api('GET', `/api/records/${encodeURIComponent(s)}`), 404);
      expectProblem(await t.api('GET', `/api/records/project${q({ sort: s })}`), 400, 'sort');
      expectProblem(await t.api('GET', `/api/records/project${q({ filter: { field: s, op: 'eq', value: 1 } })}`), 400);
      expectProblem(await t.api('POST', '/api/records/project', { name: 'x', [s]: 1 }), 400, s);
    }
    await unchanged();
    // Stored verbatim and found again as plain text.
    const evil = hostile[0]!;
    const created = await t.api('POST', '/api/records/project', { name: evil });
    expect(created.status).toBe(201);
    const found = await t.api('GET', `/api/records/project${q({ filter: { field: 'name', op: 'eq', value: evil } })}`);
    expect(found.body.records.map((r: { name: string }) => r.name)).toEqual([evil]);
    expect((await t.api('GET', '/api/records/project')).status).toBe(200);
  });

  it('bad metadata definitions', async () => {
    expectProblem(await t.api('POST', '/api/metadata/objects', { apiName: 'Bad Name', label: L('坏', 'Bad') }), 400, 'apiName');
    expectProblem(await t.api('POST', '/api/metadata/objects', { apiName: 'project', label: L('重复', 'Duplicate') }), 409);
    expectProblem(await t.api('POST', '/api/metadata/objects/project/fields', { apiName: 'x', type: 'hologram', label: L('x', 'x') }), 400, 'type');
    expectProblem(await t.api('POST', '/api/metadata/objects/project/fields', { apiName: 'ref', type: 'lookup', target: 'nowhere', label: L('x', 'x') }), 400, 'target');
    expectProblem(await t.api('POST', '/api/metadata/objects/project/fields', { apiName: 'code', type: 'text', label: L('x', 'x') }), 409);
    expectProblem(await t.api('DELETE', '/api/metadata/objects/project/fields/name'), 409);
    expectProblem(await t.api('DELETE', '/api/metadata/objects/account'), 409);
    await unchanged();
  });

  it('composite batches: malformed, too long, unknown refs and bad paths', async () => {
    expectProblem(await t.api('POST', '/api/composite', { operations: [] }), 400);
    expectProblem(await t.api('POST', '/api/composite', { operations: Array.from({ length: 501 }, () => ({ method: 'POST', path: '/api/records/project', body: { name: 'x' } })) }), 400);
    expectProblem(await t.api('POST', '/api/composite', { operations: [{ method: 'POST', path: '/api/records/project', body: { name: 'ok' } }, { method: 'PATCH', path: '/api/records/project/@{nope.id}', body: {} }] }), 400, 'operations[1].path');
    expectProblem(await t.api('POST', '/api/composite', { operations: [{ method: 'POST', path: '/etc/passwd', body: {} }] }), 400, 'operations[0].path');
    expectProblem(await t.api('POST', '/api/composite', { operations: [{ method: 'TRACE', path: '/api/records/project' }] }), 400);
    await unchanged();
  });
});
