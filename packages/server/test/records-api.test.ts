import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

const L = (zh: string, en: string) => ({ 'zh-CN': zh, en });

describe(`records API (${testDbKind})`, () => {
  let t: TestApp;
  let accountId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.api('POST', '/api/metadata/objects', { apiName: 'project', label: L('项目', 'Project') });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const fields = [
      { apiName: 'budget', type: 'currency', label: L('预算', 'Budget'), required: false },
      { apiName: 'code', type: 'text', label: L('编号', 'Code'), externalId: true, maxLength: 20 },
      { apiName: 'hours', type: 'integer', label: L('工时', 'Hours') },
      { apiName: 'rate', type: 'percent', label: L('比例', 'Rate') },
      { apiName: 'active', type: 'boolean', label: L('启用', 'Active'), defaultValue: true },
      { apiName: 'startOn', type: 'date', label: L('开始日期', 'Start') },
      { apiName: 'email', type: 'email', label: L('邮箱', 'Email') },
      {
        apiName: 'stage',
        type: 'picklist',
        label: L('阶段', 'Stage'),
        values: [
          { apiName: 'open', label: L('进行中', 'Open'), meta: { probability: 10 } },
          { apiName: 'won', label: L('赢单', 'Won'), color: '#2f9e44', meta: { probability: 100, closed: true, won: true } },
          { apiName: 'lost', label: L('丢单', 'Lost'), meta: { closed: true } },
        ],
      },
      { apiName: 'tags', type: 'multiPicklist', label: L('标签', 'Tags'), values: [{ apiName: 'vip', label: L('重要', 'VIP') }, { apiName: 'new', label: L('新', 'New') }] },
      { apiName: 'account', type: 'lookup', target: 'account', label: L('客户', 'Account') },
      { apiName: 'extra', type: 'json', label: L('扩展', 'Extra') },
    ];
    for (const f of fields) {
      const r = await t.api('POST', '/api/metadata/objects/project/fields', f);
      expect(r.status, `${f.apiName}: ${JSON.stringify(r.body)}`).toBe(201);
    }
    const account = await t.api('POST', '/api/records/account', { name: '华东精密机械有限公司', industry: 'manufacturing' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    accountId = account.body.id;
  });
  afterAll(() => t?.close());

  it('answers the health check without a session', async () => {
    const r = await t.api('GET', '/healthz', undefined, { token: null });
    expect(r).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('refuses records to a caller who is not signed in, and wrong passwords', async () => {
    const r = await t.api('GET', '/api/records/project', undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await t.api('GET', '/api/records/project', undefined, { token: 'forged' })).status).toBe(401);
    const bad = await t.api('POST', '/api/auth/login', { email: 'admin@example.test', password: 'nope' }, { token: null });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalidCredentials');
  });

  it('creates a record with decimals as strings, a UUIDv7 id, defaults and audit fields', async () => {
    const r = await t.api('POST', '/api/records/project', { name: '数字化工厂', budget: { amount: '1200.50', currency: 'CNY' }, account: accountId, tags: ['vip'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body).toMatchObject({ name: '数字化工厂', budget: { amount: '1200.50', currency: 'CNY' }, active: true, tags: ['vip'], account: accountId });
    expect(r.body.createdBy).toBe(r.body.ownerId);
    expect(r.body.createdAt).toBe(r.body.updatedAt);
    const got = await t.api('GET', `/api/records/project/${r.body.id}`);
    expect(got.body).toEqual(r.body);
  });

  it('updates only what changed and keeps field history and change events in commit order', async () => {
    const events0 = await t.api('GET', '/api/events');
    const cursor = events0.body.nextCursor;
    const c = await t.api('POST', '/api/records/project', { name: 'History', hours: 3, stage: 'open' });
    const id = c.body.id;
    const u = await t.api('PATCH', `/api/records/project/${id}`, { hours: 5, stage: 'won', name: 'History' });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ hours: 5, stage: 'won' });
    const h = await t.api('GET', `/api/records/project/${id}/history`);
    expect(h.status).toBe(200);
    const updates = h.body.entries.filter((e: { operation: string }) => e.operation === 'update');
    expect(updates.map((e: { field: string; oldValue: unknown; newValue: unknown }) => [e.field, e.oldValue, e.newValue]).sort()).toEqual([
      ['hours', 3, 5],
      ['stage', 'open', 'won'],
    ]);
    expect(h.body.entries.at(-1).operation).toBe('create');
    await t.api('DELETE', `/api/records/project/${id}`);
    const ev = await t.api('GET', `/api/events${q({ after: cursor })}`);
    expect(ev.body.events.map((e: { operation: string; recordId: string }) => [e.operation, e.recordId])).toEqual([
      ['create', id],
      ['update', id],
      ['delete', id],
    ]);
    expect(ev.body.events[1].changedFields.sort()).toEqual(['hours', 'stage']);
    const seqs = ev.body.events.map((e: { seq: string }) => BigInt(e.seq));
    expect(seqs[1] - seqs[0]).toBe(1n);
    expect(ev.body.nextCursor).toBe(ev.body.events[2].seq);
    expect((await t.api('GET', `/api/records/project/${id}`)).status).toBe(404);
  });

  it('lists with filter, multi-field sort, field selection, related fields, cursors and a total', async () => {
    const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚'];
    for (const [i, name] of names.entries()) {
      const r = await t.api('POST', '/api/records/project', { name: `L-${name}`, hours: i % 3, account: accountId, code: `L${i}` });
      expect(r.status).toBe(201);
    }
    const filter = { and: [{ field: 'name', op: 'startsWith', value: 'L-' }, { field: 'hours', op: 'gte', value: 1 }] };
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    do {
      const params: Record<string, unknown> = { filter, sort: '-hours,code', fields: 'name,hours,code,account.name', limit: '2', count: 'true' };
      if (cursor) params.cursor = cursor;
      const r = await t.api('GET', `/api/records/project${q(params)}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      for (const rec of r.body.records) {
        expect(Object.keys(rec).sort()).toEqual(['account.name', 'code', 'hours', 'id', 'name']);
        expect(rec['account.name']).toBe('华东精密机械有限公司');
        seen.push(rec.code);
      }
      total = r.body.total;
      cursor = r.body.nextCursor;
    } while (cursor);
    // hours: L0=0 L1=1 L2=2 L3=0 L4=1 L5=2 L6=0 → hours>=1 sorted by hours desc then code.
    expect(seen).toEqual(['L2', 'L5', 'L1', 'L4']);
    expect(total).toBe(4);
  });

  it('filters by related fields, the compact URL form, contains on Chinese text, and in', async () => {
    const byAccount = await t.api('GET', `/api/records/project${q({ filter: { field: 'account.name', op: 'contains', value: '精密' }, fields: 'code', sort: 'code', count: 'true' })}`);
    expect(byAccount.status, JSON.stringify(byAccount.body)).toBe(200);
    expect(byAccount.body.total).toBeGreaterThanOrEqual(7);
    const compact = await t.api('GET', `/api/records/project${q({ filter: 'code[in]:["L1","L3"],hours[lt]:1', fields: 'code' })}`);
    expect(compact.status, JSON.stringify(compact.body)).toBe(200);
    expect(compact.body.records.map((r: { code: string }) => r.code)).toEqual(['L3']);
  });

  it('upserts by an external id: creates, then updates the same record', async () => {
    const a = await t.api('PUT', '/api/records/project/by/code/EXT-1', { name: 'From ERP', hours: 1 });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await t.api('PUT', '/api/records/project/by/code/EXT-1', { name: 'From ERP', hours: 2 });
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ id: a.body.id, code: 'EXT-1', hours: 2 });
    const notKey = await t.api('PUT', '/api/records/project/by/hours/1', { name: 'x' });
    expect(notKey.status).toBe(400);
    expect(notKey.body.errors[0].field).toBe('hours');
  });

  it('runs 200 composite operations all-or-none, later ones referring to earlier results', async () => {
    const operations: unknown[] = [{ method: 'POST', path: '/api/records/account', body: { name: '批量客户' }, ref: 'acc' }];
    for (let i = 0; i < 199; i++) operations.push({ method: 'POST', path: '/api/records/project', body: { name: `C-${i}`, account: '@{acc.id}', code: `C${i}` }, ref: `p${i}` });
    const ok = await t.api('POST', '/api/composite', { operations });
    expect(ok.status, JSON.stringify(ok.body).slice(0, 500)).toBe(200);
    expect(ok.body.results).toHaveLength(200);
    expect(ok.body.results[5].body.account).toBe(ok.body.results[0].body.id);

    const before = await t.api('GET', `/api/records/project${q({ count: 'true', limit: '1' })}`);
    const failing = [
      { method: 'POST', path: '/api/records/project', body: { name: 'will roll back', code: 'RB1' }, ref: 'a' },
      { method: 'PATCH', path: '/api/records/project/@{a.id}', body: { hours: 'many' } },
    ];
    const bad = await t.api('POST', '/api/composite', { operations: failing });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('compositeFailed');
    expect(bad.body.failedOperation).toBe(1);
    expect(bad.body.errors[0].field).toBe('operations[1].hours');
    const after = await t.api('GET', `/api/records/project${q({ count: 'true', limit: '1' })}`);
    expect(after.body.total).toBe(before.body.total);
  });

  it('applies delete rules: restrict refuses, setNull clears, cascade deletes', async () => {
    await t.api('POST', '/api/metadata/objects', { apiName: 'invoice', label: L('发票', 'Invoice') });
    await t.api('POST', '/api/metadata/objects/invoice/fields', { apiName: 'project', type: 'lookup', target: 'project', deleteRule: 'restrict', label: L('项目', 'Project') });
    await t.api('POST', '/api/metadata/objects', { apiName: 'milestone', label: L('里程碑', 'Milestone') });
    await t.api('POST', '/api/metadata/objects/milestone/fields', { apiName: 'project', type: 'masterDetail', target: 'project', label: L('项目', 'Project'), required: true });
    const p = (await t.api('POST', '/api/records/project', { name: 'Parent' })).body.id;
    const inv = (await t.api('POST', '/api/records/invoice', { name: 'INV', project: p })).body.id;
    const ms = (await t.api('POST', '/api/records/milestone', { name: 'M1', project: p })).body.id;

    const refused = await t.api('DELETE', `/api/records/project/${p}`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].message).toContain('invoice.project');
    expect((await t.api('GET', `/api/records/milestone/${ms}`)).status).toBe(200);

    await t.api('DELETE', `/api/records/invoice/${inv}`);
    expect((await t.api('DELETE', `/api/records/project/${p}`)).status).toBe(204);
    expect((await t.api('GET', `/api/records/milestone/${ms}`)).status).toBe(404);

    const child = (await t.api('POST', '/api/records/account', { name: 'Child', parent: accountId })).body.id;
    const parent2 = (await t.api('POST', '/api/records/account', { name: 'Parent 2' })).body.id;
    await t.api('PATCH', `/api/records/account/${child}`, { parent: parent2 });
    expect((await t.api('DELETE', `/api/records/account/${parent2}`)).status).toBe(204);
    expect((await t.api('GET', `/api/records/account/${child}`)).body.parent).toBeNull();
  });

  it('numbers records with an auto-number name', async () => {
    const r = await t.api('POST', '/api/metadata/objects', { apiName: 'quoteDraft', label: L('报价草稿', 'Quote draft'), nameField: { type: 'autoNumber', pattern: 'Q-{YYYY}-{000000}' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await t.api('POST', '/api/records/quoteDraft', {});
    const b = await t.api('POST', '/api/records/quoteDraft', {});
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const year = new Date().getUTCFullYear();
    expect(a.body.name).toBe(`Q-${year}-000001`);
    expect(b.body.name).toBe(`Q-${year}-000002`);
    const setName = await t.api('POST', '/api/records/quoteDraft', { name: 'mine' });
    expect(setName.status).toBe(400);
    expect(setName.body.errors[0]).toMatchObject({ field: 'name', code: 'readOnlyField' });
  });

  it('answers in the caller language', async () => {
    const zh = await t.api('GET', '/api/records/nope', undefined, { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(404);
    expect(zh.body.title).toContain('不存在');
    const tw = await t.api('GET', '/api/records/nope', undefined, { headers: { 'accept-language': 'zh-TW' } });
    expect(tw.body.title).toContain('物件');
    const en = await t.api('GET', '/api/records/nope', undefined, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.body.title).toBe('There is no object named "nope".');
  });
});
