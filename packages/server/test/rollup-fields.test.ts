import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Roll-up summary fields through the HTTP API: count, sum, min and max over
 * the details of a master, with a filter; computed on read (no column), so
 * they follow every detail insert, update and delete, concurrent ones
 * included; listed, filtered and sorted like formula fields; usable in the
 * master's validation rules; hidden when they would show a hidden field;
 * summarising every detail whoever reads; checked at definition time.
 */

const L = (en: string) => ({ en, 'zh-CN': en });
const PASSWORD = 'a long enough password';

describe(`roll-up summary fields over HTTP (${testDbKind})`, () => {
  let t: TestApp;
  let repToken: string;
  let blindToken: string;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const field = (object: string, body: Record<string, unknown>, token?: string) =>
    t.api('POST', `/api/metadata/objects/${object}/fields`, { label: L(String(body.apiName)), ...body }, { headers: { 'accept-language': 'en' }, ...(token ? { token } : {}) });
  const get = async (id: string, token?: string) => ok(await t.api('GET', `/api/records/studio/${id}`, undefined, token ? { token } : {}));
  const gig = async (body: Record<string, unknown>) => ok(await t.api('POST', '/api/records/gig', body), 201);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'studio', label: L('Studio') }), 201);
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'gig', label: L('Gig'), sharingModel: 'private' }), 201);
    for (const f of [
      { apiName: 'studio', type: 'masterDetail', target: 'studio' },
      { apiName: 'status', type: 'picklist', values: [{ apiName: 'open', label: L('Open') }, { apiName: 'closed', label: L('Closed') }] },
      { apiName: 'fee', type: 'currency' },
      { apiName: 'hours', type: 'integer' },
      { apiName: 'secret', type: 'decimal' },
      { apiName: 'playedOn', type: 'date' },
      { apiName: 'title', type: 'text' },
    ]) ok(await field('gig', f), 201);
    const profile = (body: Record<string, unknown>) => t.api('POST', '/api/admin/profiles', body);
    const rep = ok(await profile({ name: 'Rep', permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { gig: { secret: 'hidden' } } } }), 201).id;
    const blind = ok(await profile({ name: 'Blind', permissions: { objects: { studio: { read: true, create: true, edit: true, delete: true } } } }), 201).id;
    ok(await t.api('POST', '/api/admin/users', { email: 'rep@example.test', name: 'Rep', password: PASSWORD, profileId: rep }), 201);
    ok(await t.api('POST', '/api/admin/users', { email: 'blind@example.test', name: 'Blind', password: PASSWORD, profileId: blind }), 201);
    repToken = ok(await t.api('POST', '/api/auth/login', { email: 'rep@example.test', password: PASSWORD }, { token: null })).token;
    blindToken = ok(await t.api('POST', '/api/auth/login', { email: 'blind@example.test', password: PASSWORD }, { token: null })).token;
    for (const name of ['north', 'south', 'empty']) ids[name] = ok(await t.api('POST', '/api/records/studio', { name }), 201).id;
  });
  afterAll(() => t?.close());

  it('defines count, sum, min and max roll-ups without a column; the return type follows the summarised field', async () => {
    expect(ok(await field('studio', { apiName: 'openGigs', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'count', filter: 'status <> "closed"' } }), 201)).toMatchObject({
      type: 'rollup',
      returnType: 'number',
      required: false,
      rollup: { object: 'gig', via: 'studio', function: 'count', filter: 'status <> "closed"' },
    });
    expect(ok(await field('studio', { apiName: 'totalFees', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'sum', field: 'fee' } }), 201).returnType).toBe('currency');
    ok(await field('studio', { apiName: 'totalHours', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'sum', field: 'hours' } }), 201);
    expect(ok(await field('studio', { apiName: 'firstGig', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'min', field: 'playedOn' } }), 201).returnType).toBe('date');
    ok(await field('studio', { apiName: 'longestGig', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'max', field: 'hours', filter: 'NOT(ISBLANK(title))' } }), 201);
    ok(await field('studio', { apiName: 'secretSum', type: 'rollup', rollup: { object: 'gig', via: 'studio', function: 'sum', field: 'secret' } }), 201);
    ok(await field('studio', { apiName: 'busy', type: 'formula', formula: 'openGigs >= 2', returnType: 'boolean' }), 201);
    const { rows } = await t.db.query<{ column_name: string }>('select column_name from information_schema.columns where table_schema = $1 and table_name = $2', [t.schema, 'studio']);
    expect(rows.map((r) => r.column_name)).not.toContain('openGigs');
    // The detail's reference is indexed: each roll-up is an index lookup per master.
    const { rows: indexes } = await t.db.query<{ indexdef: string }>('select indexdef from pg_indexes where schemaname = $1 and tablename = $2', [t.schema, 'gig']);
    expect(indexes.some((i) => /\("?studio"?\)/.test(i.indexdef))).toBe(true);
  });

  it('refuses bad definitions with problem+json naming the key, and changes nothing', async () => {
    const before = ok(await t.api('GET', '/api/metadata/objects/studio')).fields.length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ object: 'nothing', via: 'studio', function: 'count' }, 'rollup.object', 'unknownObject'],
      [{ object: 'gig', via: 'title', function: 'count' }, 'rollup.via', 'invalidValue'],
      [{ object: 'gig', via: 'nope', function: 'count' }, 'rollup.via', 'unknownField'],
      [{ object: 'gig', via: 'studio', function: 'sum', field: 'title' }, 'rollup.field', 'invalidValue'],
      [{ object: 'gig', via: 'studio', function: 'sum', field: 'playedOn' }, 'rollup.field', 'invalidValue'],
      [{ object: 'gig', via: 'studio', function: 'max' }, 'rollup.field', 'required'],
      [{ object: 'gig', via: 'studio', function: 'count', field: 'hours' }, 'rollup.field', 'invalidValue'],
      [{ object: 'gig', via: 'studio', function: 'count', filter: 'hours + 1' }, 'rollup.filter', 'formulaReturnType'],
      [{ object: 'gig', via: 'studio', function: 'count', filter: 'stauts = "open"' }, 'rollup.filter', 'formulaUnknownField'],
      [{ object: 'gig', via: 'studio', function: 'count', filter: 'playedOn < TODAY()' }, 'rollup.filter', 'invalidValue'],
      [{ object: 'gig', via: 'studio', function: 'count', filter: 'studio.openGigs > 1' }, 'rollup.filter', 'formulaFieldNotUsable'],
      [{ object: 'gig', via: 'studio', function: 'median' }, 'rollup.function', 'invalidValue'],
      [{ object: 'gig', via: 'studio', function: 'count', extra: 1 }, 'rollup.extra', 'unknownField'],
    ];
    for (const [rollup, key, code] of cases) {
      const r = await field('studio', { apiName: 'bad', type: 'rollup', rollup });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors, JSON.stringify(rollup)).toEqual(expect.arrayContaining([expect.objectContaining({ field: key, code })]));
    }
    expect((await field('studio', { apiName: 'bad', type: 'rollup' })).body.errors).toEqual([expect.objectContaining({ field: 'rollup', code: 'required' })]);
    expect((await field('studio', { apiName: 'bad', type: 'rollup', required: true, rollup: { object: 'gig', via: 'studio', function: 'count' } })).body.errors).toEqual([
      expect.objectContaining({ field: 'required', code: 'notApplicable' }),
    ]);
    expect((await field('studio', { apiName: 'bad', type: 'integer', rollup: { object: 'gig', via: 'studio', function: 'count' } })).body.errors).toEqual([
      expect.objectContaining({ field: 'rollup', code: 'notApplicable' }),
    ]);
    expect(ok(await t.api('GET', '/api/metadata/objects/studio')).fields.length).toBe(before);
  });

  it('follows detail inserts, updates and deletes; reads, lists, filters and sorts by the roll-up', async () => {
    expect(await get(ids.empty!)).toMatchObject({ openGigs: 0, totalFees: '0', totalHours: '0', firstGig: null, longestGig: null, busy: false });
    const a = await gig({ name: 'a', studio: ids.north, status: 'open', fee: '100.50', hours: 3, playedOn: '2026-03-01', title: 'A' });
    await gig({ name: 'b', studio: ids.north, status: 'open', fee: '200', hours: 5, playedOn: '2026-01-15' });
    const c = await gig({ name: 'c', studio: ids.north, status: 'closed', fee: '50', hours: 8, playedOn: '2026-02-01', title: 'C' });
    await gig({ name: 'd', studio: ids.south, status: 'open', fee: '10', hours: 1, playedOn: '2026-05-01' });
    expect(await get(ids.north!)).toMatchObject({ openGigs: 2, totalFees: '350.5', totalHours: '16', firstGig: '2026-01-15', longestGig: '8', busy: true });

    ok(await t.api('PATCH', `/api/records/gig/${c.id}`, { status: 'open', hours: 2 }));
    expect(await get(ids.north!)).toMatchObject({ openGigs: 3, totalHours: '10', longestGig: '3' });
    ok(await t.api('DELETE', `/api/records/gig/${a.id}`), 204);
    expect(await get(ids.north!)).toMatchObject({ openGigs: 2, totalFees: '250', longestGig: '2' });

    const sorted = ok(await t.api('GET', `/api/records/studio${q({ sort: '-openGigs,name', fields: 'name,openGigs' })}`));
    expect(sorted.records.map((r: { name: string }) => r.name)).toEqual(['north', 'south', 'empty']);
    const filtered = ok(await t.api('GET', `/api/records/studio${q({ filter: { field: 'openGigs', op: 'gte', value: 1 }, fields: 'name' })}`));
    expect(filtered.records.map((r: { name: string }) => r.name).sort()).toEqual(['north', 'south']);
    const byDate = ok(await t.api('GET', `/api/records/studio${q({ filter: { field: 'firstGig', op: 'lt', value: '2026-03-01' }, fields: 'name' })}`));
    expect(byDate.records.map((r: { name: string }) => r.name)).toEqual(['north']);
    // Through a lookup: each gig shows its studio's count.
    const gigs = ok(await t.api('GET', `/api/records/gig${q({ fields: 'name,studio.openGigs', sort: 'name' })}`));
    expect(gigs.records.map((r: Record<string, unknown>) => r['studio.openGigs'])).toEqual([2, 2, 1]);
    // Never written.
    expect((await t.api('PATCH', `/api/records/studio/${ids.north}`, { openGigs: 5 })).body.errors).toEqual([expect.objectContaining({ field: 'openGigs', code: 'readOnlyField' })]);
  });

  it('is usable in a validation rule of the master', async () => {
    ok(await t.api('POST', '/api/metadata/objects/studio/validationRules', { apiName: 'tooBusy', condition: 'openGigs > 2 && ISCHANGED(name)', message: L('Too busy to rename'), field: 'name' }), 201);
    ok(await t.api('PATCH', `/api/records/studio/${ids.north}`, { name: 'north 2' }));
    await gig({ name: 'e', studio: ids.north, status: 'open' });
    const refused = await t.api('PATCH', `/api/records/studio/${ids.north}`, { name: 'north 3' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'name', code: 'validationRule' })]);
    // A new studio has no gigs yet.
    ok(await t.api('POST', '/api/records/studio', { name: 'fresh' }), 201);
    ok(await t.api('DELETE', `/api/metadata/objects/studio/validationRules/tooBusy`), 204);
  });

  it('is read as its value by process guards and automation conditions; a default formula may not read it', async () => {
    ok(await field('studio', { apiName: 'phase', type: 'picklist', values: ['planning', 'touring', 'done'].map((v) => ({ apiName: v, label: L(v) })) }), 201);
    ok(await field('studio', { apiName: 'note', type: 'text' }), 201);
    // A default is computed before the record exists, when it has no details to summarise.
    const noDefault = await field('studio', { apiName: 'startGigs', type: 'integer', defaultFormula: 'openGigs + 1' });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.errors).toEqual([expect.objectContaining({ field: 'defaultFormula', message: expect.stringContaining('openGigs') })]);
    ok(
      await t.api('POST', '/api/metadata/objects/studio/processes', {
        apiName: 'touring',
        field: 'phase',
        transitions: [{ from: '*', to: 'touring', guard: 'openGigs >= 1', message: L('Book a gig first') }, { from: '*', to: 'done' }, { from: '*', to: 'planning' }],
      }),
      201,
    );
    ok(
      await t.api('POST', '/api/metadata/objects/studio/automationRules', {
        apiName: 'markBusy',
        trigger: { on: 'update' },
        condition: 'openGigs >= 1 && ISCHANGED(phase)',
        actions: [{ type: 'updateFields', values: { note: '"busy: " & TEXT(openGigs)' } }],
      }),
      201,
    );
    try {
      const fresh = ok(await t.api('POST', '/api/records/studio', { name: 'rollup rules', phase: 'planning' }), 201);
      const refused = await t.api('PATCH', `/api/records/studio/${fresh.id}`, { phase: 'touring' });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'phase', code: 'processGuard' })]);
      expect((await get(fresh.id)).phase).toBe('planning');

      await gig({ name: 'first', studio: fresh.id, status: 'open' });
      const moved = ok(await t.api('PATCH', `/api/records/studio/${fresh.id}`, { phase: 'touring' }));
      expect(moved).toMatchObject({ phase: 'touring', note: 'busy: 1' });
    } finally {
      ok(await t.api('DELETE', '/api/metadata/objects/studio/automationRules/markBusy'), 204);
      ok(await t.api('DELETE', '/api/metadata/objects/studio/processes/touring'), 204);
    }
  });

  it('hides a roll-up from whoever cannot read the detail object or the summarised field; it counts details they cannot see', async () => {
    const asRep = await get(ids.north!, repToken);
    expect(asRep).not.toHaveProperty('secretSum');
    expect(asRep.openGigs).toBe(3);
    // Gigs are private and owned by the administrator: the rep sees none, yet the count is of all of them, as in every CRM.
    expect(ok(await t.api('GET', '/api/records/gig', undefined, { token: repToken })).records).toEqual([]);
    const bad = await t.api('GET', `/api/records/studio${q({ sort: 'secretSum' })}`, undefined, { token: repToken });
    expect(bad.status).toBe(400);
    const asBlind = await get(ids.north!, blindToken);
    for (const key of ['openGigs', 'totalFees', 'secretSum', 'busy']) expect(asBlind).not.toHaveProperty(key);
    expect(asBlind.name).toBe('north 2');
    const schema = ok(await t.api('GET', '/api/metadata/objects/studio', undefined, { token: blindToken }));
    expect(schema.fields.map((f: { apiName: string }) => f.apiName)).not.toContain('openGigs');
  });

  it('refuses metadata changes that would break a roll-up', async () => {
    const del = await t.api('DELETE', '/api/metadata/objects/gig/fields/hours');
    expect(del.status).toBe(409);
    expect(JSON.stringify(del.body.errors)).toContain('studio.totalHours');
    expect((await t.api('DELETE', '/api/metadata/objects/gig/fields/title')).status).toBe(409);
    const retype = await t.api('PATCH', '/api/metadata/objects/gig/fields/hours', { type: 'decimal' });
    expect(retype.status, JSON.stringify(retype.body)).toBe(200);
    expect(Number((await get(ids.north!)).totalHours)).toBe(7);
    const gone = await t.api('DELETE', '/api/metadata/objects/gig');
    expect(gone.status).toBe(409);
    expect(JSON.stringify(gone.body.errors)).toContain('studio.openGigs');
    // Updating the roll-up itself re-checks it.
    const patched = await t.api('PATCH', '/api/metadata/objects/studio/fields/openGigs', { rollup: { object: 'gig', via: 'studio', function: 'count', filter: 'nope' } });
    expect(patched.status).toBe(400);
    expect(patched.body.errors[0]).toMatchObject({ field: 'rollup.filter' });
    ok(await t.api('PATCH', '/api/metadata/objects/studio/fields/openGigs', { rollup: { object: 'gig', via: 'studio', function: 'count' } }));
    expect((await get(ids.north!)).openGigs).toBe(3);
  });

  it('gives every standard account its open case count', async () => {
    const account = ok(await t.api('POST', '/api/records/account', { name: '华东精密' }), 201).id;
    ok(await t.api('POST', '/api/records/case', { subject: 'a', account }), 201);
    ok(await t.api('POST', '/api/records/case', { subject: 'b', account, status: 'closed' }), 201);
    ok(await t.api('POST', '/api/records/case', { subject: 'c', account, status: 'resolved' }), 201);
    expect((await t.api('GET', `/api/records/account/${account}`)).body.openCaseCount).toBe(2);
  });

  it('leaves other workspaces alone', async () => {
    const other = await createOtherWorkspace(t, 'rollother');
    const api = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: other.token });
    ok(await api('POST', '/api/metadata/objects', { apiName: 'studio', label: L('Studio') }), 201);
    ok(await api('POST', '/api/metadata/objects', { apiName: 'gig', label: L('Gig') }), 201);
    ok(await api('POST', '/api/metadata/objects/gig/fields', { apiName: 'studio', type: 'masterDetail', target: 'studio', label: L('Studio') }), 201);
    ok(await api('POST', '/api/metadata/objects/studio/fields', { apiName: 'openGigs', type: 'rollup', label: L('n'), rollup: { object: 'gig', via: 'studio', function: 'count' } }), 201);
    const theirs = ok(await api('POST', '/api/records/studio', { name: 'theirs' }), 201).id;
    for (let i = 0; i < 3; i++) ok(await api('POST', '/api/records/gig', { name: `g${i}`, studio: theirs }), 201);
    expect(ok(await api('GET', `/api/records/studio/${theirs}`)).openGigs).toBe(3);
    expect((await get(ids.north!)).openGigs).toBe(3);
    expect((await api('GET', `/api/records/studio/${ids.north}`)).status).toBe(404);
  });

  it('equals the actual aggregate after many concurrent detail inserts, updates and deletes', async () => {
    const target = ok(await t.api('POST', '/api/records/studio', { name: 'concurrent' }), 201).id;
    const seeded = await Promise.all(Array.from({ length: 10 }, (_, i) => gig({ name: `seed${i}`, studio: target, status: 'open', fee: '1', hours: 1 })));
    const requests = Array.from({ length: 50 }, (_, i) => {
      if (i < 30) return t.api('POST', '/api/records/gig', { name: `c${i}`, studio: target, status: i % 3 === 0 ? 'closed' : 'open', fee: `${i}.25`, hours: i });
      if (i < 40) return t.api('PATCH', `/api/records/gig/${seeded[i - 30]!.id}`, { status: 'closed', fee: '7' });
      return t.api('DELETE', `/api/records/gig/${seeded[i - 40]!.id}`);
    });
    const results = await Promise.all(requests);
    // Updates and deletes of the same seed race: either may lose with a 404 once the other deleted it.
    for (const r of results) expect([200, 201, 204, 404], JSON.stringify(r.body)).toContain(r.status);
    const { rows } = await t.db.query<{ open: string; fees: string; hours: string }>(
      `select count(*) as open, coalesce(sum(fee), 0) as fees, coalesce(sum(hours), 0) as hours from "${t.schema}".gig where studio = $1`,
      [target],
    );
    const actual = rows[0]!;
    const read = await get(target);
    expect(read.openGigs).toBe(Number(actual.open));
    expect(Number(read.totalFees)).toBe(Number(actual.fees));
    expect(Number(read.totalHours)).toBe(Number(actual.hours));
    expect(Number(actual.hours)).toBeGreaterThan(0);
  });
});
