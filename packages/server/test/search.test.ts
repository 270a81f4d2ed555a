import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheck } from '@mainline/core';
import { migrateAllWorkspaces } from '../src/workspaces/workspaces.ts';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Global search (`GET /api/search`) and list quick search (`q`): Chinese by
 * substring, pinyin initials and full pinyin; phone, email and credit code;
 * custom objects and fields from metadata alone; an index kept by the write
 * path and backfilled when fields become searchable or predate search; and
 * every way a reader could get past object, field, record or tenant limits.
 */

const L = (en: string) => ({ en, 'zh-CN': en });
const PASSWORD = 'a long enough password';
const creditCode = (prefix17: string) => prefix17 + creditCodeCheck(prefix17);
const HUADONG_CODE = creditCode('91310000MA1FL8XQ3');
const WEST_CODE = creditCode('91510000700000000');
type Group = { object: string; records: { id: string; name: string; fields: Record<string, unknown>; matched: string[] }[]; more: boolean };

describe(`search (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const as = (who: string | null) => (method: string, url: string, body?: unknown) => (who ? t.api(method, url, body, { token: token[who]! }) : t.api(method, url, body));
  const search = async (who: string | null, params: Record<string, string>): Promise<Group[]> => ok(await as(who)('GET', `/api/search${q(params)}`)).groups;
  const found = async (who: string | null, text: string, objects?: string): Promise<string[]> =>
    (await search(who, { q: text, limit: '50', ...(objects ? { objects } : {}) })).flatMap((g) => g.records.map((r) => r.id));
  const create = async (who: string | null, object: string, body: Record<string, unknown>) => ok(await as(who)('POST', `/api/records/${object}`, body), 201).id as string;

  beforeAll(async () => {
    t = await createTestApp();
    const profile = ok(
      await t.api('POST', '/api/admin/profiles', {
        name: 'Search rep',
        permissions: {
          allObjects: { read: true, create: true, edit: true, delete: true },
          objects: { contact: { read: false, create: false, edit: false, delete: false } },
          fields: { account: { creditCode: 'hidden', phone: 'hidden' } },
        },
      }),
      201,
    ).id;
    for (const name of ['repA', 'repB']) {
      userId[name] = ok(await t.api('POST', '/api/admin/users', { email: `${name}@example.test`, name, password: PASSWORD, profileId: profile }), 201).id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
    ids.huadong = await create(null, 'account', { name: '华东精密机械有限公司', phone: '021-6888 1234', creditCode: HUADONG_CODE });
    ids.traditional = await create(null, 'account', { name: '華東精密儀器股份有限公司' });
    ids.other = await create(null, 'account', { name: '华南物流集团' });
    ids.contact = await create(null, 'contact', { name: '单雄信', account: ids.huadong, email: 'shan.xiongxin@huadong-precision.cn', mobile: '13812345678' });
  });
  afterAll(() => t?.close());

  it('finds Chinese names by substring, pinyin initials and full pinyin, traditional characters too', async () => {
    expect(await found(null, '华东精密')).toEqual(expect.arrayContaining([ids.huadong]));
    expect(await found(null, '精密机械')).toContain(ids.huadong);
    expect(await found(null, 'hdjm')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, 'HDJM')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, 'huadong')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, 'jingmijixie')).toContain(ids.huadong);
    expect(await found(null, 'hdjm')).not.toContain(ids.other);
    expect(await found(null, '物流')).toEqual([ids.other]);
    // One Chinese character is a query; one letter matches only at the start of a text or its pinyin.
    expect(await found(null, '华')).toEqual(expect.arrayContaining([ids.huadong, ids.other]));
    expect(await found(null, 'h', 'account')).toEqual(expect.arrayContaining([ids.huadong, ids.other]));
    expect(await found(null, 'j', 'account')).toEqual([]);
    // A surname reads as a surname: 单 is shan in 单雄信, and dan elsewhere.
    expect(await found(null, 'shanxiongxin', 'contact')).toEqual([ids.contact]);
    expect(await found(null, 'sxx', 'contact')).toEqual([ids.contact]);
  });

  it('matches across simplified and traditional characters, whichever a record or a query is written in', async () => {
    // A zh-TW user types traditional characters; a zh-CN user simplified ones.
    expect(await found(null, '華東精密')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, '华东精密')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, '精密儀器')).toEqual([ids.traditional]);
    expect(await found(null, '精密仪器')).toEqual([ids.traditional]);
    expect(await found(null, '精密機械')).toEqual([ids.huadong]);
    expect(await found(null, '華南')).toEqual([ids.other]);
    // Names are shown as they were written.
    const [accounts] = await search(null, { q: '華東精密儀器', objects: 'account' });
    expect(accounts!.records.map((r) => r.name)).toEqual(['華東精密儀器股份有限公司']);
    // The list's quick search matches the same way.
    const list = ok(await t.api('GET', `/api/records/account${q({ q: '精密仪器', fields: 'name' })}`));
    expect(list.records.map((r: { name: string }) => r.name)).toEqual(['華東精密儀器股份有限公司']);
  });

  it('finds by phone, email and credit code, whatever the spacing, case or separators', async () => {
    for (const text of ['02168881234', '021-6888-1234', '6888 1234', '１２３４']) expect(await found(null, text, 'account'), text).toEqual([ids.huadong]);
    expect(await found(null, HUADONG_CODE)).toEqual([ids.huadong]);
    expect(await found(null, 'ma1fl8')).toEqual([ids.huadong]);
    expect(await found(null, 'shan.xiongxin@huadong')).toEqual([ids.contact]);
    expect(await found(null, '138 1234 5678')).toEqual([ids.contact]);
  });

  it('answers groups per object with the name, a few values, and what matched, best first', async () => {
    const groups = await search(null, { q: 'huadong' });
    expect(groups.map((g) => g.object)).toEqual(['account', 'contact']);
    const account = groups[0]!;
    expect(account.more).toBe(false);
    expect(account.records.map((r) => r.id)).toEqual([ids.huadong, ids.traditional]);
    expect(account.records[0]).toMatchObject({ name: '华东精密机械有限公司', matched: ['name'], fields: { phone: '021-6888 1234' } });
    // The contact matched by its email; its account is shown by name.
    expect(groups[1]!.records[0]).toMatchObject({ id: ids.contact, name: '单雄信', matched: ['email'], fields: { 'account.name': '华东精密机械有限公司', email: 'shan.xiongxin@huadong-precision.cn' } });

    const exact = await search(null, { q: '华南物流集团', objects: 'account' });
    expect(exact[0]!.records[0]!.id).toBe(ids.other);
    const limited = await search(null, { q: '有限公司', objects: 'account', limit: '1' });
    expect(limited[0]).toMatchObject({ object: 'account', more: true });
    expect(limited[0]!.records).toHaveLength(1);
  });

  it('keeps the index with every write: update, clear, delete, and writes inside composite batches', async () => {
    const id = await create(null, 'account', { name: '临时测试客户', phone: '0571-8000 0001' });
    expect(await found(null, '05718000')).toEqual([id]);
    ok(await t.api('PATCH', `/api/records/account/${id}`, { phone: '0571-9000 0002', name: '杭州西湖贸易' }));
    expect(await found(null, '05718000')).toEqual([]);
    expect(await found(null, '05719000')).toEqual([id]);
    expect(await found(null, 'hzxh')).toEqual([id]);
    expect(await found(null, 'lscs')).toEqual([]);
    ok(await t.api('PATCH', `/api/records/account/${id}`, { phone: null }));
    expect(await found(null, '05719000')).toEqual([]);
    const batch = ok(await t.api('POST', '/api/composite', { operations: [{ method: 'POST', path: '/api/records/account', body: { name: '批量写入客户' } }] }));
    expect(await found(null, 'plxr')).toEqual([batch.results[0].body.id]);
    expect((await t.api('DELETE', `/api/records/account/${id}`)).status).toBe(204);
    expect(await found(null, 'hzxh')).toEqual([]);
    const { rows } = await t.db.query(`select 1 from ${t.schema}._search where record_id = $1`, [id]);
    expect(rows).toEqual([]);
  });

  it('searches custom objects and fields from metadata alone, and backfills fields that become searchable', async () => {
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'contract', label: L('Contract'), nameField: { type: 'autoNumber', pattern: 'HT-{0000}' } }), 201);
    ok(await t.api('POST', '/api/metadata/objects/contract/fields', { apiName: 'partyName', type: 'text', label: L('Party') }), 201);
    ok(await t.api('POST', '/api/metadata/objects/contract/fields', { apiName: 'terms', type: 'longText', label: L('Terms') }), 201);
    const c = await create(null, 'contract', { partyName: '上海浦东发展', terms: '年度框架协议 甲方负责运输' });
    expect(await found(null, 'shpd', 'contract')).toEqual([c]);
    expect(await found(null, 'HT-0001', 'contract')).toEqual([c]);
    // Long text is not searched unless the field says so; saying so indexes what is already there.
    expect(await found(null, '框架协议', 'contract')).toEqual([]);
    ok(await t.api('PATCH', '/api/metadata/objects/contract/fields/terms', { searchable: true }));
    expect(await found(null, '框架协议', 'contract')).toEqual([c]);
    ok(await t.api('PATCH', '/api/metadata/objects/contract/fields/partyName', { searchable: false }));
    expect(await found(null, 'shpd', 'contract')).toEqual([]);
    ok(await t.api('PATCH', '/api/metadata/objects/contract/fields/partyName', { searchable: null }));
    expect(await found(null, 'shpd', 'contract')).toEqual([c]);
    // A field added with a default value gives existing records that value, and it is found.
    ok(await t.api('POST', '/api/metadata/objects/contract/fields', { apiName: 'region', type: 'text', label: L('Region'), defaultValue: '华北大区' }), 201);
    expect(await found(null, 'hbdq', 'contract')).toEqual([c]);
    ok(await t.api('DELETE', '/api/metadata/objects/contract/fields/region'), 204);
    expect(await found(null, 'hbdq', 'contract')).toEqual([]);
    const refused = await t.api('PATCH', '/api/metadata/objects/contract/fields/partyName', { type: 'integer', searchable: true });
    expect(refused.status).toBe(400);
    ok(await t.api('DELETE', '/api/metadata/objects/contract'), 204);
    const { rows } = await t.db.query(`select 1 from ${t.schema}._search where object = 'contract'`);
    expect(rows).toEqual([]);
  });

  it('indexes at start-up what was written before search existed', async () => {
    await t.db.exec(`delete from ${t.schema}._search; delete from ${t.schema}._search_fields`);
    expect(await found(null, 'hdjm')).toEqual([]);
    await migrateAllWorkspaces(t.db);
    expect(await found(null, 'hdjm')).toEqual(expect.arrayContaining([ids.huadong, ids.traditional]));
    expect(await found(null, 'shan.xiongxin@huadong')).toEqual([ids.contact]);
  });

  it('finds only records the reader may see: own, shared, never a peer’s', async () => {
    const mine = await create('repA', 'account', { name: '东方红机床厂' });
    const peers = await create('repB', 'account', { name: '东方明珠设备' });
    expect(await found('repA', 'dfh')).toEqual([mine]);
    expect(await found('repA', '东方')).toEqual([mine]);
    expect(await found('repA', 'hdjm')).toEqual([]);
    expect(ok(await as('repA')('GET', `/api/records/account${q({ q: '东方' })}`)).records.map((r: { id: string }) => r.id)).toEqual([mine]);
    ok(await as('repB')('POST', `/api/records/account/${peers}/shares`, { grantee: { type: 'user', id: userId.repA }, access: 'read' }), 201);
    expect((await found('repA', '东方')).sort()).toEqual([mine, peers].sort());
    expect(await found(null, '东方')).toEqual(expect.arrayContaining([mine, peers]));
  });

  it('never matches on, nor shows, a field hidden from the reader, even on their own record', async () => {
    const mine = await create('repA', 'account', { name: '西部数据中心' });
    ok(await t.api('PATCH', `/api/records/account/${mine}`, { phone: '028-1111 2222', creditCode: WEST_CODE }));
    expect(await found(null, '02811112222')).toEqual([mine]);
    expect(await found('repA', '02811112222')).toEqual([]);
    expect(await found('repA', WEST_CODE)).toEqual([]);
    expect(await found(null, WEST_CODE)).toEqual([mine]);
    expect(ok(await as('repA')('GET', `/api/records/account${q({ q: '02811112222' })}`)).records).toEqual([]);
    const groups = await search('repA', { q: '西部数据' });
    expect(groups[0]!.records[0]!.id).toBe(mine);
    expect(JSON.stringify(groups)).not.toContain('028');
    expect(groups[0]!.records[0]!.fields).not.toHaveProperty('phone');
  });

  it('never searches an object the reader may not read, and names it like an unknown one', async () => {
    expect((await search('repA', { q: '单雄信' })).map((g) => g.object)).not.toContain('contact');
    for (const objects of ['contact', 'nope', 'account,contact']) {
      const r = await as('repA')('GET', `/api/search${q({ q: 'x', objects })}`);
      expect(r.status, objects).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'objects', code: 'unknownObject' });
    }
    const unreadable = await as('repA')('GET', `/api/records/contact${q({ q: '单雄信' })}`);
    expect(unreadable.status).toBe(403);
  });

  it('keeps tenants apart', async () => {
    const other = await createOtherWorkspace(t, 'rival');
    const intruder = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: other.token });
    const theirs = ok(await intruder('POST', '/api/records/account', { name: '华东精密竞争对手' }), 201).id;
    const groups: Group[] = ok(await intruder('GET', `/api/search${q({ q: 'hdjm', limit: '50' })}`)).groups;
    expect(groups.flatMap((g) => g.records.map((r) => r.id))).toEqual([theirs]);
    expect(ok(await intruder('GET', `/api/search${q({ q: '单雄信' })}`)).groups).toEqual([]);
    expect(ok(await intruder('GET', `/api/records/account${q({ q: '华东' })}`)).records.map((r: { id: string }) => r.id)).toEqual([theirs]);
    expect(await found(null, 'hdjm')).not.toContain(theirs);
    expect(await found(null, 'hdjm')).toContain(ids.huadong);
  });

  it('list quick search combines with filter, sort and paging', async () => {
    const names = ['华东一号仓库', '华东二号仓库', '华东三号仓库'];
    const made = [] as string[];
    for (const name of names) made.push(await create(null, 'account', { name, type: name === '华东二号仓库' ? 'partner' : 'customer' }));
    const page1 = ok(await t.api('GET', `/api/records/account${q({ q: 'haocangku', sort: 'name', limit: '2', count: 'true' })}`));
    expect(page1.total).toBe(3);
    expect(page1.records).toHaveLength(2);
    const page2 = ok(await t.api('GET', `/api/records/account${q({ q: 'haocangku', sort: 'name', limit: '2', cursor: page1.nextCursor })}`));
    expect([...page1.records, ...page2.records].map((r: { id: string }) => r.id).sort()).toEqual([...made].sort());
    const filtered = ok(await t.api('GET', `/api/records/account${q({ q: '仓库', filter: { field: 'type', op: 'eq', value: 'partner' } })}`));
    expect(filtered.records.map((r: { name: string }) => r.name)).toEqual(['华东二号仓库']);
  });

  it('refuses bad input with a problem naming the parameter', async () => {
    const bad = async (url: string, field: string) => {
      const r = await t.api('GET', url);
      expect(r.status, url).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors.map((e: { field: string }) => e.field), url).toContain(field);
    };
    await bad('/api/search', 'q');
    await bad('/api/search?q=', 'q');
    await bad('/api/search?q=%20%20', 'q');
    await bad('/api/search?q=!!!%E3%80%82', 'q');
    await bad(`/api/search?q=${'a'.repeat(101)}`, 'q');
    await bad('/api/search?q=a&q=b', 'q');
    await bad('/api/search?q=abc&limit=0', 'limit');
    await bad('/api/search?q=abc&limit=51', 'limit');
    await bad('/api/search?q=abc&limit=ten', 'limit');
    await bad('/api/search?q=abc&objects=', 'objects');
    await bad('/api/search?q=abc&objects=%2C%2C', 'objects');
    await bad('/api/search?q=abc&objects=account,nope', 'objects');
    await bad('/api/search?q=abc&sort=name', 'sort');
    await bad('/api/records/account?q=', 'q');
    await bad(`/api/records/account?q=${'华'.repeat(101)}`, 'q');
    await bad('/api/records/account?q=a&q=b', 'q');
    expect(ok(await t.api('GET', `/api/search?q=${'华'.repeat(100)}`)).groups).toEqual([]);
    expect((await t.api('GET', '/api/search?q=hdjm', undefined, { token: null })).status).toBe(401);
  });
});
