import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { MAX_EXPORT_ROWS } from '../src/records/record-export.ts';

/**
 * The list page's power features through HTTP: CSV export of a view and
 * mass update/delete, each tried by a rep against records they cannot see
 * or change, with hidden fields, bad input and another workspace.
 */

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh, 'zh-TW': zh });
const PASSWORD = 'a long enough password';
const BOM = '\uFEFF';

/** The smallest RFC 4180 reader, enough to check what we write (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}

describe(`list export and bulk actions (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const as = (who: string) => (method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse> =>
    t.api(method, url, body, { token: token[who]!, ...(headers ? { headers } : {}) });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const newDeal = async (who: string, body: Record<string, unknown>) => ok(await as(who)('POST', '/api/records/deal', { stage: 'open', ...body }), 201).id as string;
  const exportAs = async (who: string, params: Record<string, unknown>, lang = 'zh-CN') => {
    const r = await t.app.inject({ method: 'GET', url: `/api/records/deal/export.csv${q(params)}`, headers: { authorization: `Bearer ${token[who]}`, 'accept-language': lang } });
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp();
    token.admin = t.token;
    userId.admin = ok(await t.api('GET', '/api/auth/me')).id;
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal', '交易'), sharingModel: 'private' }), 201);
    for (const f of [
      { apiName: 'stage', type: 'picklist', label: L('Stage', '阶段'), values: [{ apiName: 'open', label: L('Open', '进行中') }, { apiName: 'won', label: L('Won', '赢单') }] },
      { apiName: 'note', type: 'text', label: L('Note', '备注'), maxLength: 500 },
      { apiName: 'secretNote', type: 'text', label: L('Secret note', '机密备注') },
      { apiName: 'discount', type: 'percent', label: L('Discount', '折扣') },
      { apiName: 'vip', type: 'boolean', label: L('VIP', '重要客户') },
    ]) ok(await t.api('POST', '/api/metadata/objects/deal/fields', f), 201);
    ok(await t.api('POST', '/api/metadata/objects/deal/validationRules', { apiName: 'noWonWithoutNote', condition: 'ISPICKVAL(stage, "won") && ISBLANK(note)', message: L('A won deal needs a note', '赢单须填写备注') }), 201);
    const profile = ok(
      await t.api('POST', '/api/admin/profiles', {
        name: 'Sales Rep',
        permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { deal: { secretNote: 'hidden', discount: 'readOnly' } } },
      }),
      201,
    ).id;
    for (const name of ['repA', 'repB']) {
      userId[name] = ok(await t.api('POST', '/api/admin/users', { email: `${name}@example.test`, name: `销售 ${name}`, password: PASSWORD, profileId: profile }), 201).id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  describe('GET /api/records/:object/export.csv', () => {
    it('writes the view as UTF-8 CSV with a BOM: localised headers and picklist labels, Chinese text, quotes and line breaks intact', async () => {
      await newDeal('repA', { name: '华东精密机械 年度框架', note: 'said "yes", then\r\nsigned', vip: true });
      await newDeal('repA', { name: '深圳 "引号" 公司', stage: 'won', note: '多行\n备注', vip: false });
      const r = await exportAs('repA', { fields: 'name,stage,note,vip,ownerId', sort: 'name' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toBe('attachment; filename="deal.csv"');
      expect(r.body.startsWith(BOM)).toBe(true);
      expect(parseCsv(r.body.slice(1))).toEqual([
        ['Name', '阶段', '备注', '重要客户', 'Owner'].map((h, i) => (i === 0 || i === 4 ? expect.any(String) : h)),
        ['华东精密机械 年度框架', '进行中', 'said "yes", then\r\nsigned', '是', '销售 repA'],
        ['深圳 "引号" 公司', '赢单', '多行\n备注', '否', '销售 repA'],
      ]);
      const english = await exportAs('repA', { fields: 'stage,vip', sort: 'name' }, 'en');
      expect(parseCsv(english.body.slice(1))).toEqual([['Stage', 'VIP'], ['Open', 'Yes'], ['Won', 'No']]);
    });

    it('neutralises cells a spreadsheet would run as formulas, but keeps negative numbers numbers', async () => {
      const hostile = ['=HYPERLINK("http://evil.test","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
      // The administrator writes the (for reps read-only) discount and hands the records to repB.
      for (const [i, note] of hostile.entries()) await newDeal('admin', { name: `inj ${i}`, note, discount: i === 0 ? '-5' : undefined, ownerId: userId.repB });
      const r = await exportAs('repB', { fields: 'name,note,discount', sort: 'name', filter: JSON.stringify({ field: 'name', op: 'startsWith', value: 'inj' }) });
      const rows = parseCsv(r.body.slice(1)).slice(1);
      expect(rows.map((row) => row[1])).toEqual(hostile.map((h) => `'${h}`));
      expect(rows[0]![2]).toBe('-5');
    });

    it("a rep exports only what they can see: not a peer's private records, and a hidden field is refused like an unknown one", async () => {
      const mine = await exportAs('repB', { fields: 'name' });
      const names = parseCsv(mine.body.slice(1)).slice(1).flat();
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((n) => n.startsWith('inj'))).toBe(true);
      const admin = parseCsv((await exportAs('admin', { fields: 'name' })).body.slice(1)).slice(1).flat();
      expect(admin).toEqual(expect.arrayContaining(['华东精密机械 年度框架', 'inj 0']));

      for (const params of [{ fields: 'name,secretNote' }, { filter: JSON.stringify({ field: 'secretNote', op: 'eq', value: 'x' }) }, { sort: 'secretNote' }]) {
        const hidden = await exportAs('repA', params, 'en');
        expect(hidden.statusCode).toBe(400);
        expect(hidden.headers['content-type']).toContain('application/problem+json');
        const list = await as('repA')('GET', `/api/records/deal${q(params)}`, undefined, { 'accept-language': 'en' });
        expect(hidden.json()).toEqual(list.body);
      }
      // Without `fields` every visible field is exported, the hidden one is not.
      const header = parseCsv((await exportAs('repA', {}, 'en')).body.slice(1))[0]!;
      expect(header).toEqual(expect.arrayContaining(['Name', 'Stage', 'Note']));
      expect(header).not.toContain('Secret note');
    });

    it('refuses bad input as problem+json naming the parameter, unknown objects and strangers', async () => {
      const cases: [Record<string, unknown>, number, string][] = [
        [{ filter: '{not json' }, 400, 'filter'],
        [{ fields: 'name,nope' }, 400, 'fields'],
        [{ sort: 'nope' }, 400, 'sort'],
        [{ limit: '10' }, 400, 'limit'],
        [{ cursor: 'abc' }, 400, 'cursor'],
      ];
      for (const [params, status, field] of cases) {
        const r = await exportAs('repA', params, 'en');
        expect(r.statusCode, r.body).toBe(status);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify(r.json().errors)).toContain(field);
      }
      const unknown = await t.app.inject({ method: 'GET', url: '/api/records/nope/export.csv', headers: { authorization: `Bearer ${token.repA}` } });
      expect(unknown.statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/api/records/deal/export.csv' })).statusCode).toBe(401);

      const other = await createOtherWorkspace(t, 'export_rival');
      const rival = await t.app.inject({ method: 'GET', url: '/api/records/deal/export.csv', headers: { authorization: `Bearer ${other.token}` } });
      expect(rival.statusCode).toBe(404);
      const theirAccounts = await t.app.inject({ method: 'GET', url: '/api/records/account/export.csv?fields=name', headers: { authorization: `Bearer ${other.token}` } });
      expect(theirAccounts.statusCode).toBe(200);
      expect(theirAccounts.body).toBe(`${BOM}${theirAccounts.body.slice(1).split('\r\n')[0]}\r\n`);
    });

    it('reads past one page and refuses an export above the cap before sending anything', { timeout: 60_000 }, async () => {
      await t.db.query(
        `insert into ${t.schema}.deal (id, name, stage, "ownerId", "createdAt", "updatedAt", "createdBy", "updatedBy")
         select gen_random_uuid(), 'bulk ' || lpad(i::text, 5, '0'), 'open', $1, now(), now(), $1, $1 from generate_series(1, 2100) as i`,
        [userId.admin],
      );
      const r = await exportAs('admin', { fields: 'name', sort: 'name', filter: JSON.stringify({ field: 'name', op: 'startsWith', value: 'bulk ' }) });
      const rows = parseCsv(r.body.slice(1));
      expect(rows.length).toBe(2101);
      expect(rows[2100]).toEqual(['bulk 02100']);
      expect(new Set(rows.flat()).size).toBe(2101);
      expect(r.headers['x-total-count']).toBe('2100');

      // Past the cap: refused up front as a problem, not a silently cut-off file.
      await t.db.query(
        `insert into ${t.schema}.deal (id, name, stage, "ownerId", "createdAt", "updatedAt", "createdBy", "updatedBy")
         select gen_random_uuid(), 'many ' || i, 'open', $1, now(), now(), $1, $1 from generate_series(1, $2::int - 2100 + 1) as i`,
        [userId.admin, MAX_EXPORT_ROWS],
      );
      const tooMany = await exportAs('admin', { fields: 'name', filter: JSON.stringify({ field: 'stage', op: 'eq', value: 'open' }) }, 'en');
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.headers['content-type']).toContain('application/problem+json');
      expect(tooMany.json().errors[0]).toMatchObject({ field: 'filter', code: 'outOfRange' });
      expect(tooMany.json().detail).toContain('at most 100000');
    });
  });

  describe('POST /api/records/:object/bulk', () => {
    it('changes the owner of several records, each through the write path with history', async () => {
      const ids = [await newDeal('repA', { name: 'own 1' }), await newDeal('repA', { name: 'own 2' }), await newDeal('repA', { name: 'own 3' })];
      const r = ok(await as('repA')('POST', '/api/records/deal/bulk', { action: 'update', ids, values: { ownerId: userId.repB } }));
      expect(r).toEqual({ succeeded: 3, failed: 0, results: ids.map((id) => ({ id, ok: true })) });
      for (const id of ids) {
        expect(ok(await as('repB')('GET', `/api/records/deal/${id}`)).ownerId).toBe(userId.repB);
        const history = ok(await as('repB')('GET', `/api/records/deal/${id}/history`)).entries;
        expect(history[0]).toMatchObject({ field: 'ownerId', oldValue: userId.repA, newValue: userId.repB, actorId: userId.repA });
      }
      // Now repA cannot see them any more (private model).
      expect((await as('repA')('GET', `/api/records/deal/${ids[0]}`)).status).toBe(404);
    });

    it("reports per record what was refused — a peer's private record, a validation rule — and saves the rest", async () => {
      const mine = await newDeal('repA', { name: 'mine', note: 'has a note' });
      const bare = await newDeal('repA', { name: 'bare' });
      const theirs = await newDeal('repB', { name: 'theirs' });
      const r = ok(await as('repA')('POST', '/api/records/deal/bulk', { action: 'update', ids: [mine, theirs, bare], values: { stage: 'won' } }, { 'accept-language': 'en' }));
      expect(r.succeeded).toBe(1);
      expect(r.failed).toBe(2);
      expect(r.results[0]).toEqual({ id: mine, ok: true });
      expect(r.results[1]).toMatchObject({ id: theirs, ok: false, problem: { status: 404, code: 'notFound' } });
      expect(r.results[2]).toMatchObject({ id: bare, ok: false, problem: { status: 422, errors: [{ rule: 'noWonWithoutNote', message: expect.stringContaining('A won deal needs a note') }] } });
      expect(ok(await as('repA')('GET', `/api/records/deal/${mine}`)).stage).toBe('won');
      expect(ok(await as('repA')('GET', `/api/records/deal/${bare}`)).stage).toBe('open');
      expect(ok(await as('repB')('GET', `/api/records/deal/${theirs}`)).stage).toBe('open');

      const del = ok(await as('repA')('POST', '/api/records/deal/bulk', { action: 'delete', ids: [bare, theirs] }));
      expect(del).toMatchObject({ succeeded: 1, failed: 1, results: [{ id: bare, ok: true }, { id: theirs, ok: false, problem: { code: 'notFound' } }] });
      expect((await as('repA')('GET', `/api/records/deal/${bare}`)).status).toBe(404);
      expect((await as('repB')('GET', `/api/records/deal/${theirs}`)).status).toBe(200);
    });

    it('refuses the whole request, writing nothing, for hidden, read-only or unknown fields, bad values, duplicates and oversized batches', async () => {
      const id = await newDeal('repA', { name: 'untouched' });
      const ids = [id];
      const cases: [unknown, number, string, string][] = [
        [{ action: 'update', ids, values: { secretNote: 'x' } }, 400, 'values.secretNote', 'unknownField'],
        [{ action: 'update', ids, values: { discount: '10' } }, 400, 'values.discount', 'readOnlyField'],
        [{ action: 'update', ids, values: { nope: 1 } }, 400, 'values.nope', 'unknownField'],
        [{ action: 'update', ids, values: { vip: 'maybe' } }, 400, 'values.vip', 'wrongType'],
        [{ action: 'update', ids, values: {} }, 400, 'values', 'required'],
        [{ action: 'update', ids }, 400, 'values', 'required'],
        [{ action: 'delete', ids, values: { name: 'x' } }, 400, 'values', 'unknownField'],
        [{ action: 'archive', ids }, 400, 'action', ''],
        [{ action: 'delete', ids: [id, id.toUpperCase()] }, 400, 'ids[1]', 'alreadyExists'],
        [{ action: 'delete', ids: ['not-a-uuid'] }, 400, 'ids[0]', ''],
        [{ action: 'delete', ids: [] }, 400, 'ids', ''],
        [{ action: 'delete', ids: Array.from({ length: 201 }, () => crypto.randomUUID()) }, 400, 'ids', ''],
        [{ action: 'delete', ids, extra: true }, 400, 'extra', 'unknownField'],
        ['[]', 400, '', ''],
      ];
      for (const [body, status, field, code] of cases) {
        const r = await as('repA')('POST', '/api/records/deal/bulk', body);
        expect(r.status, JSON.stringify(body).slice(0, 200)).toBe(status);
        expect(r.headers['content-type']).toContain('application/problem+json');
        if (field) expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        if (code) expect(r.body.errors.map((e: { code: string }) => e.code)).toContain(code);
      }
      expect(ok(await as('repA')('GET', `/api/records/deal/${id}`))).toMatchObject({ name: 'untouched', stage: 'open' });
    });

    it('refuses without the object permission, for unknown objects, strangers and another workspace', async () => {
      const id = await newDeal('repA', { name: 'kept' });
      const readOnly = ok(await t.api('GET', '/api/admin/profiles')).profiles.find((p: { name: string }) => p.name === 'Read Only').id;
      ok(await t.api('POST', '/api/admin/users', { email: 'reader@example.test', name: 'reader', password: PASSWORD, profileId: readOnly }), 201);
      token.reader = ok(await t.api('POST', '/api/auth/login', { email: 'reader@example.test', password: PASSWORD }, { token: null })).token;
      expect((await as('reader')('POST', '/api/records/deal/bulk', { action: 'delete', ids: [id] })).status).toBe(403);
      expect((await as('repA')('POST', '/api/records/nope/bulk', { action: 'delete', ids: [id] })).status).toBe(404);
      expect((await t.api('POST', '/api/records/deal/bulk', { action: 'delete', ids: [id] }, { token: null })).status).toBe(401);
      const other = await createOtherWorkspace(t, 'bulk_rival');
      const account = ok(await t.api('POST', '/api/records/account', { name: '本方客户' }), 201).id;
      const rival = await t.api('POST', '/api/records/account/bulk', { action: 'update', ids: [account], values: { name: 'taken' } }, { token: other.token });
      expect(rival.status).toBe(200);
      expect(rival.body).toMatchObject({ succeeded: 0, failed: 1, results: [{ id: account, ok: false, problem: { code: 'notFound' } }] });
      expect(ok(await t.api('GET', `/api/records/account/${account}`)).name).toBe('本方客户');
      expect(ok(await as('repA')('GET', `/api/records/deal/${id}`)).name).toBe('kept');
    });
  });
});
