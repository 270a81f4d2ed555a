import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Formula fields through the HTTP API: defined on an object (no column is
 * added), computed in SQL for gets, lists, filters, sorts and cursors,
 * returned after writes, never written, absent from history and events,
 * readOnly in OpenAPI, protecting the fields they read, and hidden from a
 * user who cannot see a field they read.
 */

const L = (en: string) => ({ en, 'zh-CN': en });
const PASSWORD = 'a long enough password';

describe(`formula fields over HTTP (${testDbKind})`, () => {
  let t: TestApp;
  let repToken: string;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const field = (object: string, body: Record<string, unknown>) => t.api('POST', `/api/metadata/objects/${object}/fields`, { label: L(String(body.apiName)), ...body }, { headers: { 'accept-language': 'en' } });
  const list = async (params: Record<string, unknown>, token?: string) => ok(await t.api('GET', `/api/records/deal${q(params)}`, undefined, token ? { token } : {}));
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'client', label: L('Client') }), 201);
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal') }), 201);
    for (const f of [
      { apiName: 'amount', type: 'currency' },
      { apiName: 'openedOn', type: 'date' },
      { apiName: 'closeDate', type: 'date' },
      { apiName: 'secret', type: 'integer' },
      { apiName: 'client', type: 'lookup', target: 'client' },
    ]) ok(await field('deal', f), 201);
    const profile = ok(
      await t.api('POST', '/api/admin/profiles', { name: 'Rep', permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { deal: { secret: 'hidden' } } } }),
      201,
    ).id;
    ok(await t.api('POST', '/api/admin/users', { email: 'rep@example.test', name: 'Rep', password: PASSWORD, profileId: profile }), 201);
    repToken = ok(await t.api('POST', '/api/auth/login', { email: 'rep@example.test', password: PASSWORD }, { token: null })).token;
    ids.east = ok(await t.api('POST', '/api/records/client', { name: '华东精密' }), 201).id;
    ids.west = ok(await t.api('POST', '/api/records/client', { name: 'West Ltd' }), 201).id;
  });
  afterAll(() => t?.close());

  it('creates formula fields without a column; the formula and return type are checked', async () => {
    expect(ok(await field('deal', { apiName: 'tier', type: 'formula', formula: 'IF(amount > 100000, "key", "normal")', returnType: 'text' }), 201)).toMatchObject({
      apiName: 'tier',
      type: 'formula',
      formula: 'IF(amount > 100000, "key", "normal")',
      returnType: 'text',
      required: false,
    });
    ok(await field('deal', { apiName: 'tax', type: 'formula', formula: 'amount * 0.13', returnType: 'currency' }), 201);
    ok(await field('deal', { apiName: 'daysToClose', type: 'formula', formula: 'DATEDIFF(closeDate, openedOn)', returnType: 'number' }), 201);
    ok(await field('deal', { apiName: 'age', type: 'formula', formula: 'DATEDIFF(TODAY(), openedOn)', returnType: 'number' }), 201);
    ok(await field('deal', { apiName: 'clientName', type: 'formula', formula: 'UPPER(client.name)', returnType: 'text' }), 201);
    ok(await field('deal', { apiName: 'secretBig', type: 'formula', formula: 'secret > 10', returnType: 'boolean' }), 201);
    ok(await field('deal', { apiName: 'doubleTax', type: 'formula', formula: 'tax * 2', returnType: 'number' }), 201);
    ok(await field('client', { apiName: 'shout', type: 'formula', formula: 'name & "!"', returnType: 'text' }), 201);
    const { rows } = await t.db.query<{ column_name: string }>('select column_name from information_schema.columns where table_schema = $1 and table_name = $2', [t.schema, 'deal']);
    const columns = rows.map((r) => r.column_name);
    expect(columns).toContain('amount');
    for (const name of ['tier', 'tax', 'daysToClose', 'age', 'clientName', 'secretBig', 'doubleTax']) expect(columns).not.toContain(name);
  });

  it('refuses a bad formula with its position, a wrong return type, a cycle and conversions, naming the field', async () => {
    const bad = await field('deal', { apiName: 'bad', type: 'formula', formula: 'amount +\n  amont', returnType: 'number' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'formula', code: 'formulaUnknownField', message: 'Line 2, column 3: there is no field "amont".' })]);
    expect((await field('deal', { apiName: 'bad', type: 'formula', formula: 'amount > 1', returnType: 'number' })).body.errors[0]).toMatchObject({
      field: 'formula',
      code: 'formulaReturnType',
      message: 'Line 1, column 1: the formula gives true/false, but a number is needed.',
    });
    expect((await field('deal', { apiName: 'bad', type: 'formula', formula: 'bad + 1', returnType: 'number' })).body.errors[0]).toMatchObject({ field: 'formula', code: 'formulaCycle' });
    const cycle = await t.api('PATCH', '/api/metadata/objects/deal/fields/tax', { formula: 'doubleTax / 2' }, { headers: { 'accept-language': 'en' } });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0]).toMatchObject({ field: 'formula', code: 'formulaCycle', message: 'Line 1, column 1: formula fields cannot depend on themselves: deal.tax → deal.doubleTax → deal.tax.' });
    expect((await field('deal', { apiName: 'bad', type: 'formula', formula: 'amount' })).body.errors[0]).toMatchObject({ field: 'returnType', code: 'required' });
    expect((await t.api('PATCH', '/api/metadata/objects/deal/fields/secret', { type: 'formula', formula: '1', returnType: 'number' })).body.errors[0]).toMatchObject({ field: 'type', code: 'typeChangeRefused' });
    expect((await t.api('PATCH', '/api/metadata/objects/deal/fields/tier', { type: 'text' })).body.errors[0]).toMatchObject({ field: 'type', code: 'typeChangeRefused' });
  });

  it('computes values on create and update, and refuses writing them', async () => {
    const rows = [
      { name: 'a', amount: '200000.00', openedOn: '2026-01-01', closeDate: '2026-03-01', client: ids.east, secret: 50 },
      { name: 'b', amount: '50000.00', openedOn: '2026-01-10', closeDate: '2026-01-20', client: ids.west, secret: 1 },
      { name: 'c', amount: '150000.55', openedOn: '2026-02-01', closeDate: '2026-02-02' },
      { name: 'd', amount: '99.99', openedOn: '2026-02-01' },
      { name: 'e' },
    ];
    for (const body of rows) ids[body.name] = ok(await t.api('POST', '/api/records/deal', body), 201).id;
    const created = ok(await t.api('POST', '/api/records/deal', { name: 'f', amount: '1000.00', openedOn: '2026-01-01', closeDate: '2026-01-31', client: ids.east }), 201);
    ids.f = created.id;
    expect(created).toMatchObject({ tier: 'normal', tax: '130', daysToClose: '30', clientName: '华东精密', doubleTax: '260' });
    const updated = ok(await t.api('PATCH', `/api/records/deal/${ids.f}`, { amount: '100001.00' }));
    expect(updated).toMatchObject({ tier: 'key', tax: '13000.13', doubleTax: '26000.26' });
    expect(ok(await t.api('GET', `/api/records/deal/${ids.f}`))).toMatchObject({ tier: 'key', tax: '13000.13', daysToClose: '30', clientName: '华东精密' });
    expect(Number(ok(await t.api('GET', `/api/records/deal/${ids.a}`)).age)).toBeGreaterThan(0);

    const refused = await t.api('POST', '/api/records/deal', { name: 'x', tier: 'key' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'tier', code: 'readOnlyField' })]);
    expect((await t.api('PATCH', `/api/records/deal/${ids.f}`, { tax: '1' })).body.errors[0]).toMatchObject({ field: 'tax', code: 'readOnlyField' });
    expect((await t.api('PUT', '/api/records/deal/by/name/x', { tier: 'key' })).status).toBeGreaterThanOrEqual(400);
  });

  it('lists, filters and sorts by formula fields in SQL, through lookups too, with keyset cursors', async () => {
    const page = await list({ fields: 'name,tier,tax,clientName,client.shout', filter: { field: 'tier', op: 'eq', value: 'key' }, sort: '-tax' });
    expect(page.records.map((r: { name: string }) => r.name)).toEqual(['a', 'c', 'f']);
    expect(page.records[0]).toEqual({ id: ids.a, name: 'a', tier: 'key', tax: '26000', clientName: '华东精密', 'client.shout': '华东精密!' });
    expect(page.records[1]).toMatchObject({ name: 'c', tax: '19500.07', clientName: null, 'client.shout': null });

    expect((await list({ fields: 'name', filter: { field: 'tax', op: 'gt', value: '10000' }, sort: 'name' })).records.map((r: { name: string }) => r.name)).toEqual(['a', 'c', 'f']);
    expect((await list({ fields: 'name', filter: { field: 'daysToClose', op: 'between', value: ['1', '30'] }, sort: 'name' })).records.map((r: { name: string }) => r.name)).toEqual(['b', 'c', 'f']);
    expect((await list({ fields: 'name', filter: 'clientName[startsWith]:west', sort: 'name' })).records.map((r: { name: string }) => r.name)).toEqual(['b']);
    expect((await list({ fields: 'name', filter: { field: 'client.shout', op: 'contains', value: '精密' }, sort: 'name', count: 'true' })).total).toBe(2);
    expect((await list({ fields: 'name', filter: { field: 'tier', op: 'isNull', value: false }, count: 'true', limit: '1' })).total).toBe(6);

    // Blank formulas (no amount) sort last ascending; pages of two walk every record exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await list({ fields: 'name,tax', sort: 'tax', limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...p.records.map((r: { name: string }) => r.name));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['d', 'b', 'f', 'c', 'a', 'e']);
    const byDays: string[] = [];
    cursor = undefined;
    do {
      const p = await list({ fields: 'name', sort: '-daysToClose,name', limit: '4', ...(cursor ? { cursor } : {}) });
      byDays.push(...p.records.map((r: { name: string }) => r.name));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(byDays).toEqual(['d', 'e', 'a', 'f', 'b', 'c']);

    const bad = await t.api('GET', `/api/records/deal${q({ filter: { field: 'tax', op: 'contains', value: '1' } })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'filter.op', code: 'invalidFilter' });
  });

  it('can be used by validation rules, which compute them in the write path as lists do', async () => {
    const rule = { apiName: 'bigNeedsClient', condition: 'tax > 20000 && ISBLANK(clientName)', message: L('Big deals need a client.'), field: 'client' };
    ok(await t.api('POST', '/api/metadata/objects/deal/validationRules', rule), 201);
    const refused = await t.api('POST', '/api/records/deal', { name: 'big', amount: '200000.00' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ field: 'client', rule: 'bigNeedsClient' });
    expect(ok(await t.api('POST', '/api/records/deal', { name: 'big', amount: '200000.00', client: ids.west }), 201).clientName).toBe('WEST LTD');
    expect((await t.api('DELETE', '/api/metadata/objects/deal/fields/clientName')).status).toBe(409);
    ok(await t.api('DELETE', '/api/metadata/objects/deal/validationRules/bigNeedsClient'), 204);
    ok(await t.api('DELETE', `/api/records/deal/${(await list({ fields: 'name', filter: 'name[eq]:big' })).records[0].id}`), 204);
  });

  it('keeps formula values out of history and events', async () => {
    const cursor = ok(await t.api('GET', '/api/events?after=0&limit=1000')).nextCursor;
    ok(await t.api('PATCH', `/api/records/deal/${ids.b}`, { amount: '60000.00' }));
    const history = ok(await t.api('GET', `/api/records/deal/${ids.b}/history`));
    expect(history.entries.filter((e: { operation: string }) => e.operation === 'update').map((e: { field: string }) => e.field)).toEqual(['amount']);
    const events = ok(await t.api('GET', `/api/events?after=${cursor}`)).events;
    expect(events.at(-1)).toMatchObject({ recordId: ids.b, changedFields: ['amount'] });
  });

  it('appears readOnly in OpenAPI, typed by its return type, and not in input schemas', async () => {
    const doc = ok(await t.api('GET', '/api/openapi.json'));
    const schemas = doc.components.schemas;
    expect(schemas.Deal.properties.tier).toMatchObject({ type: ['string', 'null'], readOnly: true, 'x-mainline-type': 'formula', 'x-mainline-return-type': 'text' });
    expect(schemas.Deal.properties.secretBig).toMatchObject({ type: ['boolean', 'null'], readOnly: true });
    expect(schemas.DealCreate.properties).not.toHaveProperty('tier');
    expect(schemas.DealUpdate.properties).not.toHaveProperty('tax');
  });

  it('protects the fields a formula reads from deletion and from breaking changes', async () => {
    const del = await t.api('DELETE', '/api/metadata/objects/deal/fields/closeDate', undefined, { headers: { 'accept-language': 'en' } });
    expect(del.status).toBe(409);
    expect(del.body.errors[0]).toMatchObject({ field: 'closeDate', code: 'referencedBy' });
    expect(del.body.errors[0].message).toContain('deal.daysToClose (formula)');
    expect((await t.api('DELETE', '/api/metadata/objects/client/fields/shout')).status).toBe(204);
    expect((await t.api('DELETE', '/api/metadata/objects/deal/fields/tax')).body.errors[0]).toMatchObject({ code: 'referencedBy' });
    const retype = await t.api('PATCH', '/api/metadata/objects/deal/fields/tax', { returnType: 'text', formula: 'TEXT(amount)' });
    expect(retype.status).toBe(409);
    expect(retype.body.errors[0].message).toContain('deal.doubleTax (formula)');
    // Changing a formula is a metadata change only, and takes effect on the next read.
    ok(await t.api('PATCH', '/api/metadata/objects/deal/fields/tier', { formula: 'IF(amount > 1000000, "key", "normal")' }));
    expect(ok(await t.api('GET', `/api/records/deal/${ids.a}`)).tier).toBe('normal');
  });

  it('hides a formula field from a user who cannot see a field it reads', async () => {
    expect(ok(await t.api('GET', `/api/records/deal/${ids.a}`)).secretBig).toBe(true);
    const mine = ok(await t.api('GET', `/api/records/deal/${ids.a}`, undefined, { token: repToken }));
    expect(mine).not.toHaveProperty('secret');
    expect(mine).not.toHaveProperty('secretBig');
    expect(mine.tier).toBe('normal');
    for (const params of [{ fields: 'secretBig' }, { filter: { field: 'secretBig', op: 'eq', value: true } }, { sort: 'secretBig' }]) {
      const r = await t.api('GET', `/api/records/deal${q(params)}`, undefined, { token: repToken });
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(r.body.errors[0].code).toBe('unknownField');
    }
    const written = ok(await t.api('PATCH', `/api/records/deal/${ids.a}`, { name: 'a2' }, { token: repToken }));
    expect(written).not.toHaveProperty('secretBig');
    expect(written.tax).toBe('26000');
    const perms = ok(await t.api('GET', '/api/auth/me/permissions', undefined, { token: repToken }));
    expect(perms.objects.deal.fields).not.toHaveProperty('secretBig');
    expect(perms.objects.deal.fields.tier).toBe('readOnly');
    const doc = ok(await t.api('GET', '/api/openapi.json', undefined, { token: repToken }));
    expect(doc.components.schemas.Deal.properties).not.toHaveProperty('secretBig');
    expect(ok(await t.api('GET', '/api/metadata/objects/deal', undefined, { token: repToken })).fields.map((f: { apiName: string }) => f.apiName)).not.toContain('secretBig');
  });
});
