import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * The permission matrix: for each sharing source (owner, hierarchy, org-wide
 * default, manual share, team, criteria rule, owner rule, view-all) a user
 * who should and one who should not reach a record — through get, list,
 * filter, update, delete, composite, history and the event list — and
 * field-level security through every way a value could leak.
 */

const L = (en: string) => ({ en, 'zh-CN': en });
const PASSWORD = 'a long enough password';

describe(`record access (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const role: Record<string, string> = {};
  let salesProfile: string;
  let readOnlyProfile: string;

  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const newDeal = async (who: string, body: Record<string, unknown> = {}) => ok(await as(who)('POST', '/api/records/deal', { name: `deal of ${who}`, stage: 'open', ...body }), 201).id as string;
  const listIds = async (who: string, params: Record<string, unknown> = {}) => {
    const r = await as(who)('GET', `/api/records/deal${q({ limit: '1000', ...params })}`);
    return (ok(r).records as { id: string }[]).map((x) => x.id);
  };
  const eventIds = async (who: string) => (ok(await as(who)('GET', '/api/events?after=0&limit=1000')).events as { recordId: string }[]).map((e) => e.recordId);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = (method: string, url: string, body?: unknown) => t.api(method, url, body);
    ok(await admin('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal'), sharingModel: 'private' }), 201);
    for (const f of [
      { apiName: 'stage', type: 'picklist', label: L('Stage'), values: [{ apiName: 'open', label: L('Open') }, { apiName: 'won', label: L('Won') }] },
      { apiName: 'secretNote', type: 'text', label: L('Secret note') },
      { apiName: 'discount', type: 'percent', label: L('Discount') },
      { apiName: 'account', type: 'lookup', target: 'account', label: L('Account') },
    ]) ok(await admin('POST', '/api/metadata/objects/deal/fields', f), 201);

    for (const [name, parent] of [['ceo', undefined], ['manager', 'ceo'], ['rep', 'manager']] as const) {
      role[name] = ok(await admin('POST', '/api/admin/roles', { name: `role ${name}`, parentId: parent ? role[parent] : null }), 201).id;
    }
    salesProfile = ok(
      await admin('POST', '/api/admin/profiles', {
        name: 'Sales Rep',
        permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { deal: { secretNote: 'hidden', discount: 'readOnly' } } },
      }),
      201,
    ).id;
    readOnlyProfile = ok(await admin('GET', '/api/admin/profiles')).profiles.find((p: { name: string }) => p.name === 'Read Only').id;
    const people: [string, string | null, string][] = [
      ['manager', 'manager', salesProfile],
      ['repA', 'rep', salesProfile],
      ['repB', 'rep', salesProfile],
      ['outsider', null, salesProfile],
      ['reader', null, readOnlyProfile],
    ];
    for (const [name, r, profileId] of people) {
      const u = ok(await admin('POST', '/api/admin/users', { email: `${name}@example.test`, name, password: PASSWORD, profileId, roleId: r ? role[r] : null }), 201);
      userId[name] = u.id;
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@example.test`, password: PASSWORD }, { token: null })).token;
    }
  });
  afterAll(() => t?.close());

  it('the owner reaches their private record; a peer reaches it through no door', async () => {
    const d = await newDeal('repA');
    expect(ok(await as('repA')('GET', `/api/records/deal/${d}`)).id).toBe(d);
    expect(await listIds('repA')).toContain(d);

    const peer = as('repB');
    expect((await peer('GET', `/api/records/deal/${d}`)).status).toBe(404);
    expect(await listIds('repB')).not.toContain(d);
    expect(await listIds('repB', { filter: { field: 'id', op: 'eq', value: d } })).toEqual([]);
    expect((await peer('PATCH', `/api/records/deal/${d}`, { name: 'taken over' })).status).toBe(404);
    expect((await peer('DELETE', `/api/records/deal/${d}`)).status).toBe(404);
    expect((await peer('GET', `/api/records/deal/${d}/history`)).status).toBe(404);
    expect((await peer('GET', `/api/records/deal/${d}/shares`)).status).toBe(404);
    expect(await eventIds('repB')).not.toContain(d);
    const batch = await peer('POST', '/api/composite', { operations: [{ method: 'POST', path: '/api/records/deal', body: { name: 'new' } }, { method: 'PATCH', path: `/api/records/deal/${d}`, body: { name: 'x' } }] });
    expect(batch.status).toBe(404);
    expect(batch.body).toMatchObject({ code: 'compositeFailed', failedOperation: 1 });
    // Nothing of the batch was kept, and the record is as it was.
    expect((await listIds('repB')).length).toBe(0);
    expect(ok(await as('repA')('GET', `/api/records/deal/${d}`)).name).toBe('deal of repA');
    expect(await eventIds('repA')).toContain(d);
  });

  it('managers reach what people below them own, never the reverse', async () => {
    const repDeal = await newDeal('repA');
    const managerDeal = await newDeal('manager');
    expect(await listIds('manager')).toEqual(expect.arrayContaining([repDeal, managerDeal]));
    expect(ok(await as('manager')('PATCH', `/api/records/deal/${repDeal}`, { name: 'coached' })).name).toBe('coached');
    expect((await as('repA')('GET', `/api/records/deal/${managerDeal}`)).status).toBe(404);
    expect(await listIds('repA')).not.toContain(managerDeal);
    // A peer in the same role is not "below".
    expect(await listIds('repB')).not.toContain(repDeal);
    expect((await as('manager')('DELETE', `/api/records/deal/${repDeal}`)).status).toBe(204);
  });

  it('org-wide defaults: public read lets everyone read but not change; public read/write lets them change but only owners delete', async () => {
    const d = await newDeal('repA');
    ok(await t.api('PATCH', '/api/metadata/objects/deal', { sharingModel: 'publicRead' }));
    try {
      expect(ok(await as('repB')('GET', `/api/records/deal/${d}`)).id).toBe(d);
      expect(await eventIds('repB')).toContain(d);
      const refused = await as('repB')('PATCH', `/api/records/deal/${d}`, { name: 'mine now' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');

      ok(await t.api('PATCH', '/api/metadata/objects/deal', { sharingModel: 'publicReadWrite' }));
      expect(ok(await as('repB')('PATCH', `/api/records/deal/${d}`, { name: 'improved' })).name).toBe('improved');
      expect((await as('repB')('DELETE', `/api/records/deal/${d}`)).status).toBe(403);
    } finally {
      ok(await t.api('PATCH', '/api/metadata/objects/deal', { sharingModel: 'private' }));
    }
    expect((await as('repB')('GET', `/api/records/deal/${d}`)).status).toBe(404);
  });

  it('manual shares: read, then edit; only the owner side may share; removing one ends it', async () => {
    const d = await newDeal('repA');
    const share = await as('repA')('POST', `/api/records/deal/${d}/shares`, { grantee: { type: 'user', id: userId.repB }, access: 'read' });
    expect(share.status, JSON.stringify(share.body)).toBe(201);
    expect(ok(await as('repB')('GET', `/api/records/deal/${d}`)).id).toBe(d);
    expect((await as('repB')('PATCH', `/api/records/deal/${d}`, { name: 'x' })).status).toBe(403);
    // The grantee cannot pass it on.
    expect((await as('repB')('POST', `/api/records/deal/${d}/shares`, { grantee: { type: 'user', id: userId.outsider }, access: 'read' })).status).toBe(403);

    ok(await as('repA')('POST', `/api/records/deal/${d}/shares`, { grantee: { type: 'user', id: userId.repB }, access: 'edit' }), 201);
    expect(ok(await as('repB')('PATCH', `/api/records/deal/${d}`, { name: 'edited by B' })).name).toBe('edited by B');
    expect((await as('repB')('DELETE', `/api/records/deal/${d}`)).status).toBe(403);
    const shares = ok(await as('repA')('GET', `/api/records/deal/${d}/shares`)).shares;
    expect(shares).toEqual([expect.objectContaining({ grantee: { type: 'user', id: userId.repB }, access: 'edit', cause: 'manual' })]);

    ok(await as('repA')('DELETE', `/api/records/deal/${d}/shares/${encodeURIComponent(`u:${userId.repB}`)}`), 204);
    expect((await as('repB')('GET', `/api/records/deal/${d}`)).status).toBe(404);
  });

  it('a share with a team reaches its members, and only them', async () => {
    const team = ok(await t.api('POST', '/api/admin/teams', { name: 'Key accounts', memberIds: [userId.outsider] }), 201);
    const d = await newDeal('repA');
    ok(await as('repA')('POST', `/api/records/deal/${d}/shares`, { grantee: { type: 'team', id: team.id }, access: 'read' }), 201);
    expect(await listIds('outsider')).toContain(d);
    expect(await listIds('repB')).not.toContain(d);
    // Leaving the team ends access at once.
    ok(await t.api('PATCH', `/api/admin/teams/${team.id}`, { memberIds: [] }));
    expect(await listIds('outsider')).not.toContain(d);
  });

  it('a criteria sharing rule follows the record as it changes', async () => {
    const rule = ok(
      await t.api('POST', '/api/admin/sharing-rules', {
        object: 'deal',
        name: 'won deals to the rep role',
        criteria: { field: 'stage', op: 'eq', value: 'won' },
        sharedWith: { type: 'role', id: role.rep },
        access: 'read',
      }),
      201,
    );
    const won = await newDeal('manager', { stage: 'won' });
    const open = await newDeal('manager');
    expect(await listIds('repB')).toContain(won);
    expect(await listIds('repB')).not.toContain(open);
    expect(await listIds('outsider')).not.toContain(won);
    ok(await as('manager')('PATCH', `/api/records/deal/${won}`, { stage: 'open' }));
    ok(await as('manager')('PATCH', `/api/records/deal/${open}`, { stage: 'won' }));
    expect(await listIds('repB')).toEqual(expect.arrayContaining([open]));
    expect(await listIds('repB')).not.toContain(won);
    ok(await t.api('DELETE', `/api/admin/sharing-rules/${rule.id}`), 204);
    expect(await listIds('repB')).not.toContain(open);
  });

  it('an owner sharing rule follows people as they change roles', async () => {
    const rule = ok(
      await t.api('POST', '/api/admin/sharing-rules', { object: 'deal', name: 'reps to outsider', ownedBy: { type: 'role', id: role.rep }, sharedWith: { type: 'user', id: userId.outsider }, access: 'edit' }),
      201,
    );
    const d = await newDeal('repB');
    expect(await listIds('outsider')).toContain(d);
    expect(ok(await as('outsider')('PATCH', `/api/records/deal/${d}`, { name: 'helped' })).name).toBe('helped');
    ok(await t.api('PATCH', `/api/admin/users/${userId.repB}`, { roleId: null }));
    expect(await listIds('outsider')).not.toContain(d);
    ok(await t.api('PATCH', `/api/admin/users/${userId.repB}`, { roleId: role.rep }));
    expect(await listIds('outsider')).toContain(d);
    ok(await t.api('DELETE', `/api/admin/sharing-rules/${rule.id}`), 204);
  });

  it('view all through a permission set shows every record without allowing changes', async () => {
    const d = await newDeal('repA');
    const set = ok(await t.api('POST', '/api/admin/permission-sets', { name: 'Deal auditor', permissions: { objects: { deal: { viewAll: true } } } }), 201);
    expect(await listIds('reader')).not.toContain(d);
    ok(await t.api('PATCH', `/api/admin/users/${userId.reader}`, { permissionSetIds: [set.id] }));
    expect(await listIds('reader')).toContain(d);
    expect(ok(await as('reader')('GET', `/api/records/deal/${d}/history`)).entries.length).toBeGreaterThan(0);
    expect((await as('reader')('PATCH', `/api/records/deal/${d}`, { name: 'x' })).status).toBe(403);
    expect((await as('reader')('POST', '/api/records/deal', { name: 'x' })).status).toBe(403);
    ok(await t.api('PATCH', `/api/admin/users/${userId.reader}`, { permissionSetIds: [] }));
    expect(await listIds('reader')).not.toContain(d);
  });

  it('a hidden field is absent from responses, filters, sorts, field lists, writes, history, events, metadata and OpenAPI', async () => {
    const d = ok(await t.api('POST', '/api/records/deal', { name: 'with a secret', secretNote: '底价 80 万', discount: '5', ownerId: userId.repA }), 201).id;
    ok(await t.api('PATCH', `/api/records/deal/${d}`, { secretNote: '底价 70 万' }));
    const rep = as('repA');
    const record = ok(await rep('GET', `/api/records/deal/${d}`));
    expect(record).not.toHaveProperty('secretNote');
    expect(record.discount).toBe('5');
    const listed = ok(await rep('GET', `/api/records/deal${q({ filter: { field: 'id', op: 'eq', value: d } })}`)).records[0];
    expect(listed).not.toHaveProperty('secretNote');
    for (const params of [{ fields: 'name,secretNote' }, { filter: { field: 'secretNote', op: 'startsWith', value: '底价' } }, { sort: 'secretNote' }]) {
      const r = await rep('GET', `/api/records/deal${q(params)}`);
      expect(r.status, JSON.stringify(params)).toBe(400);
      expect(JSON.stringify(r.body)).not.toContain('底价');
    }
    const write = await rep('PATCH', `/api/records/deal/${d}`, { secretNote: 'guess' });
    expect(write.status).toBe(400);
    expect(write.body.errors).toEqual([expect.objectContaining({ field: 'secretNote', code: 'unknownField' })]);
    const readOnly = await rep('PATCH', `/api/records/deal/${d}`, { discount: '50' });
    expect(readOnly.status).toBe(400);
    expect(readOnly.body.errors).toEqual([expect.objectContaining({ field: 'discount', code: 'readOnlyField' })]);
    expect(ok(await t.api('GET', `/api/records/deal/${d}`)).discount).toBe('5');

    const history = ok(await rep('GET', `/api/records/deal/${d}/history`)).entries;
    expect(history.some((e: { field: string | null }) => e.field === 'secretNote')).toBe(false);
    expect(JSON.stringify(history)).not.toContain('底价');
    const events = ok(await rep('GET', '/api/events?after=0&limit=1000')).events.filter((e: { recordId: string }) => e.recordId === d);
    expect(events.length).toBeGreaterThan(0);
    expect(events.flatMap((e: { changedFields: string[] }) => e.changedFields)).not.toContain('secretNote');
    const fields = ok(await rep('GET', '/api/metadata/objects/deal')).fields.map((f: { apiName: string }) => f.apiName);
    expect(fields).toContain('discount');
    expect(fields).not.toContain('secretNote');
    expect(JSON.stringify(ok(await rep('GET', '/api/openapi.json')))).not.toContain('secretNote');
    const doc = ok(await rep('GET', '/api/auth/me/permissions'));
    expect(doc.objects.deal.fields).toMatchObject({ discount: 'readOnly', name: 'editable' });
    expect(doc.objects.deal.fields).not.toHaveProperty('secretNote');
    // The administrator still sees it.
    expect(ok(await t.api('GET', `/api/records/deal/${d}`)).secretNote).toBe('底价 70 万');
  });

  it('object permissions: a read-only profile cannot create, and an object outside a profile cannot be reached at all', async () => {
    expect((await as('reader')('POST', '/api/records/deal', { name: 'x' })).status).toBe(403);
    const limited = ok(await t.api('POST', '/api/admin/profiles', { name: 'Accounts only', permissions: { objects: { account: { read: true, create: true } } } }), 201);
    ok(await t.api('PATCH', `/api/admin/users/${userId.reader}`, { profileId: limited.id }));
    try {
      const reader = as('reader');
      expect((await reader('GET', '/api/records/deal')).status).toBe(403);
      expect((await reader('GET', '/api/records/contact')).status).toBe(403);
      expect(ok(await reader('GET', '/api/metadata/objects')).objects.map((o: { apiName: string }) => o.apiName)).toEqual(['account']);
      // Reading contacts' accounts needs contacts: the path is simply unknown from accounts' side too.
      const r = await reader('GET', `/api/records/account${q({ fields: 'name,parent.name' })}`);
      expect(r.status).toBe(200);
      const batch = await reader('POST', '/api/composite', { operations: [{ method: 'POST', path: '/api/records/account', body: { name: 'ok' } }, { method: 'POST', path: '/api/records/deal', body: { name: 'no' } }] });
      expect(batch.status).toBe(403);
      expect(batch.body.failedOperation).toBe(1);
      expect(ok(await t.api('GET', `/api/records/account${q({ filter: { field: 'name', op: 'eq', value: 'ok' } })}`)).records).toEqual([]);
    } finally {
      ok(await t.api('PATCH', `/api/admin/users/${userId.reader}`, { profileId: readOnlyProfile }));
    }
  });

  it('a lookup may only point at a record the writer can see, and only users of the workspace may own records', async () => {
    ok(await t.api('PATCH', '/api/metadata/objects/account', { sharingModel: 'private' }));
    try {
      const hidden = ok(await t.api('POST', '/api/records/account', { name: '华东精密' }), 201).id;
      const mine = ok(await as('repA')('POST', '/api/records/account', { name: '我的客户' }), 201).id;
      const refused = await as('repA')('POST', '/api/records/deal', { name: 'x', account: hidden });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'account', code: 'referenceNotFound' })]);
      ok(await as('repA')('POST', '/api/records/deal', { name: 'x', account: mine }), 201);
      const stranger = await as('repA')('POST', '/api/records/deal', { name: 'x', ownerId: '0190a000-0000-7000-8000-000000000000' });
      expect(stranger.status).toBe(400);
      expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'ownerId', code: 'referenceNotFound' })]);
      // Handing a record to a colleague is allowed; afterwards it is theirs.
      const given = ok(await as('repA')('POST', '/api/records/deal', { name: 'handover', ownerId: userId.repB }), 201).id;
      expect((await as('repA')('GET', `/api/records/deal/${given}`)).status).toBe(404);
      expect(ok(await as('repB')('GET', `/api/records/deal/${given}`)).ownerId).toBe(userId.repB);
    } finally {
      ok(await t.api('PATCH', '/api/metadata/objects/account', { sharingModel: 'publicReadWrite' }));
    }
  });

  it('only administrators manage access, and bad input names the field and changes nothing', async () => {
    expect((await as('repA')('GET', '/api/admin/users')).status).toBe(403);
    expect((await as('repA')('POST', '/api/admin/roles', { name: 'self-promotion' })).status).toBe(403);
    expect((await as('repA')('PATCH', `/api/admin/users/${userId.repA}`, { isAdmin: true })).status).toBe(403);

    const cycle = await t.api('PATCH', `/api/admin/roles/${role.ceo}`, { parentId: role.rep });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0].field).toBe('parentId');
    const typo = await t.api('POST', '/api/admin/profiles', { name: 'typo', permissions: { objects: { dael: { read: true } }, fields: { deal: { nope: 'hidden' } } } });
    expect(typo.status).toBe(400);
    expect(typo.body.errors.map((e: { field: string }) => e.field)).toEqual(['permissions.objects.dael', 'permissions.fields.deal.nope']);
    const wrong = await t.api('POST', '/api/admin/users', { email: 'not-an-email', name: '', password: 'short', locale: 'fr', timeZone: 'Mars/Olympus', extra: 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'locale', 'name', 'password', 'timeZone']);
    const badRule = await t.api('POST', '/api/admin/sharing-rules', { object: 'deal', name: 'bad', criteria: { field: 'secretNot', op: 'eq', value: 1 }, sharedWith: { type: 'role', id: role.rep }, access: 'read' });
    expect(badRule.status).toBe(400);
    expect(badRule.body.errors[0].field).toMatch(/^criteria/);
    const both = await t.api('POST', '/api/admin/sharing-rules', { object: 'deal', name: 'both', criteria: {}, ownedBy: { type: 'role', id: role.rep }, sharedWith: { type: 'role', id: role.rep }, access: 'read' });
    expect(both.status).toBe(400);
    const hostile = ok(await t.api('POST', '/api/admin/roles', { name: `x'); drop table mainline.users; --` }), 201);
    expect(ok(await t.api('GET', '/api/admin/roles')).roles.map((r: { name: string }) => r.name)).toContain(hostile.name);
    expect((await t.api('DELETE', `/api/admin/roles/${role.manager}`)).status).toBe(409);
    expect((await t.api('PATCH', `/api/admin/users/not-a-uuid`, { name: 'x' })).status).toBe(404);
    expect((await t.api('PATCH', `/api/admin/users/${t.token ? userId.repA : ''}`, { profileId: '0190a000-0000-7000-8000-000000000000' })).status).toBe(400);

    const { rows } = await t.db.query<{ n: string }>(`select count(*) as n from mainline.security_audit where event = 'permission.changed'`);
    expect(Number(rows[0]!.n)).toBeGreaterThan(5);
  });

  it('an API key narrows its user: objects outside its scope and writes with a read-only key are refused', async () => {
    const made = await t.api('POST', '/api/admin/api-keys', { name: 'rep sync', userId: userId.repA, scope: { access: 'readWrite', objects: ['deal'] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const key = made.body.secret as string;
    const withKey = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: key });
    const mine = await newDeal('repA');
    const theirs = await newDeal('repB');
    // Within scope the key acts as its user, with the user's record visibility.
    expect((await withKey('GET', `/api/records/deal/${mine}`)).status).toBe(200);
    expect((await withKey('GET', `/api/records/deal/${theirs}`)).status).toBe(404);
    expect(ok(await withKey('PATCH', `/api/records/deal/${mine}`, { name: 'by key' })).name).toBe('by key');
    // Outside its object list nothing is reachable, also not inside a batch.
    expect((await withKey('GET', '/api/records/account')).status).toBe(403);
    expect((await withKey('POST', '/api/records/account', { name: 'x' })).status).toBe(403);
    const batch = await withKey('POST', '/api/composite', { operations: [{ method: 'POST', path: '/api/records/deal', body: { name: 'in scope' } }, { method: 'POST', path: '/api/records/contact', body: { name: 'out of scope' } }] });
    expect(batch.status).toBe(403);
    expect(batch.body.failedOperation).toBe(1);
    expect(ok(await withKey('GET', '/api/metadata/objects')).objects.map((o: { apiName: string }) => o.apiName)).toEqual(['deal']);

    const reader = await t.api('POST', '/api/admin/api-keys', { name: 'rep reader', userId: userId.repA, scope: { access: 'read' } });
    const readKey = reader.body.secret as string;
    expect((await t.api('GET', `/api/records/deal/${mine}`, undefined, { token: readKey })).status).toBe(200);
    expect((await t.api('PATCH', `/api/records/deal/${mine}`, { name: 'no' }, { token: readKey })).status).toBe(403);
  });

  it('a detail record is reachable exactly as its master is (sharing controlled by parent)', async () => {
    const quote = ok(await as('repA')('POST', '/api/records/quote', { title: '数控机床报价' }), 201);
    expect(quote.name).toMatch(/^Q-\d{4}-\d{6}$/);
    const line = ok(await as('repA')('POST', '/api/records/quoteLineItem', { quote: quote.id, quantity: '2' }), 201).id;
    expect((await as('repB')('GET', `/api/records/quoteLineItem/${line}`)).status).toBe(404);
    expect(ok(await as('repB')('GET', `/api/records/quoteLineItem${q({ filter: { field: 'quote', op: 'eq', value: quote.id } })}`)).records).toEqual([]);
    expect((await as('repB')('PATCH', `/api/records/quoteLineItem/${line}`, { quantity: '3' })).status).toBe(404);
    // A peer cannot hang a line on a quote they cannot see.
    const foreign = await as('repB')('POST', '/api/records/quoteLineItem', { quote: quote.id, quantity: '1' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'quote', code: 'referenceNotFound' });
    // The manager reaches the quote through the hierarchy, and so its lines.
    expect(ok(await as('manager')('GET', `/api/records/quoteLineItem/${line}`)).quantity).toBe('2');
    ok(await as('repA')('POST', `/api/records/quote/${quote.id}/shares`, { grantee: { type: 'user', id: userId.repB }, access: 'read' }), 201);
    expect(ok(await as('repB')('GET', `/api/records/quoteLineItem/${line}`)).id).toBe(line);
    expect((await as('repB')('PATCH', `/api/records/quoteLineItem/${line}`, { quantity: '3' })).status).toBe(403);
  });
});

