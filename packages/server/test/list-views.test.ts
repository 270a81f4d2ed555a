import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, login } from './support/identity.ts';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Saved list views: the standard ones a workspace starts with, private and
 * shared views and who may change them, views checked with the list
 * compiler at save time, views fitted to a reader who cannot see some of
 * their fields, and tenants that never see each other's views.
 */

const PASSWORD = 'a long enough password';
// 12:00 on 15 March 2026 in Shanghai (a Sunday): "this month" is March, "this week" began on Monday 9 March.
const NOW = new Date('2026-03-15T04:00:00Z');

describe(`list views (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, who === 'admin' ? {} : { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  type View = { id: string; label: unknown; standard: boolean; editable: boolean; columns: string[]; filter: unknown; sort: unknown[]; filterWithheld?: boolean };
  const views = async (who: string, object = 'opportunity') => ok(await as(who)('GET', `/api/views?object=${object}`)).views as View[];
  const byLabel = <V extends { label: unknown }>(list: V[], en: string) => list.find((v) => (typeof v.label === 'string' ? v.label : (v.label as { en: string }).en) === en);
  const problem = (r: ApiResponse, status: number) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    return r.body as { code: string; errors: { field: string; code: string }[] };
  };

  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW });
    for (const who of ['alice', 'bob']) {
      userId[who] = await addUser(t.db, { email: `${who}@example.test`, password: PASSWORD, name: who });
      token[who] = (await login(t.app, `${who}@example.test`, PASSWORD)).body.token;
    }
    userId.admin = ok(await t.api('GET', '/api/auth/me')).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a workspace starts with standard views in three languages, shared with everyone and changeable by administrators', async () => {
    const opp = await views('alice');
    expect(opp.map((v) => (v.label as { en: string }).en)).toEqual(['All opportunities', 'My open opportunities', 'Closing this month']);
    expect(byLabel(opp, 'My open opportunities')!.label).toEqual({ 'zh-CN': '我的进行中商机', 'zh-TW': '我的進行中商機', en: 'My open opportunities' });
    expect(opp.every((v) => v.standard && !v.editable)).toBe(true);
    expect((await views('admin')).every((v) => v.editable)).toBe(true);
    // Standard views follow the object's list columns (answered as []), so a field added later shows in "All" too.
    expect(opp[0]!.columns).toEqual([]);
    const cases = (await views('alice', 'case')).map((v) => (v.label as { en: string }).en);
    expect(cases).toEqual(['All cases', 'My open cases', 'Queue: new cases', 'High priority']);
    expect((await views('alice', 'lead')).map((v) => (v.label as { en: string }).en)).toEqual(['All leads', 'My leads', 'New this week']);
    expect((await views('alice', 'account')).map((v) => (v.label as { en: string }).en)).toEqual(['All accounts', 'My accounts', 'Key accounts']);
  });

  it('standard views run for the reader: $me is whoever reads, this month and this week are theirs', async () => {
    const made: Record<string, string> = {};
    const opp = async (name: string, body: Record<string, unknown>) => {
      made[name] = ok(await t.api('POST', '/api/records/opportunity', { name, ...body }), 201).id;
    };
    await opp('mine open', { ownerId: userId.admin, closeDate: '2026-03-01' });
    await opp('mine won', { ownerId: userId.admin, stage: 'closedWon', closeReason: 'price', closeDate: '2026-03-31' });
    await opp('mine next month', { ownerId: userId.admin, closeDate: '2026-04-01' });
    await opp('mine last month', { ownerId: userId.admin, closeDate: '2026-02-28' });
    await opp('alices', { ownerId: userId.alice, closeDate: '2026-03-31' });
    const list = await views('admin');
    const run = async (label: string, who = 'admin') => {
      const view = byLabel(list, label)!;
      const page = ok(await as(who)('GET', `/api/records/opportunity${q({ filter: view.filter as object, sort: (view.sort as { field: string; direction: string }[]).map((s) => (s.direction === 'desc' ? '-' : '') + s.field).join(',') || 'name' })}`));
      return (page.records as { name: string }[]).map((r) => r.name).sort();
    };
    expect(await run('My open opportunities')).toEqual(['mine last month', 'mine next month', 'mine open']);
    expect(await run('My open opportunities', 'alice')).toEqual(['alices']);
    expect(await run('Closing this month')).toEqual(['alices', 'mine open']);

    const lead = async (name: string) => ok(await t.api('POST', '/api/records/lead', { name, company: 'c' }), 201).id as string;
    const fresh = await lead('this week');
    const old = await lead('before');
    const { schema } = t;
    await t.db.query(`update ${schema}.lead set "createdAt" = $2 where id = $1`, [fresh, '2026-03-08T16:00:00Z']);
    await t.db.query(`update ${schema}.lead set "createdAt" = $2 where id = $1`, [old, '2026-03-08T15:59:59Z']);
    const newThisWeek = byLabel(await views('admin', 'lead'), 'New this week')!;
    const leads = ok(await t.api('GET', `/api/records/lead${q({ filter: newThisWeek.filter as object })}`)).records.map((r: { name: string }) => r.name);
    // Monday 9 March 00:00 in Shanghai is 16:00 UTC on the 8th: one second earlier is last week.
    expect(leads).toContain('this week');
    expect(leads).not.toContain('before');
  });

  it('a private view is its owner’s alone: others get not found for it whatever they try', async () => {
    const view = ok(await as('alice')('POST', '/api/views', { object: 'opportunity', label: '我的大单', columns: ['name', 'amount', 'account.name'], filter: { field: 'amount', op: 'gte', value: '100000' }, sort: [{ field: 'amount', direction: 'desc' }] }), 201);
    expect(view).toMatchObject({ visibility: 'private', standard: false, ownerId: userId.alice, editable: true, label: '我的大单' });
    expect((await views('alice')).map((v) => v.id)).toContain(view.id);
    for (const who of ['bob', 'admin']) {
      expect((await views(who)).map((v) => v.id)).not.toContain(view.id);
      expect((await as(who)('GET', `/api/views/${view.id}`)).status).toBe(404);
      problem(await as(who)('PATCH', `/api/views/${view.id}`, { label: 'stolen' }), 404);
      problem(await as(who)('DELETE', `/api/views/${view.id}`), 404);
    }
    expect(ok(await as('alice')('GET', `/api/views/${view.id}`)).label).toBe('我的大单');
    expect(ok(await as('alice')('PATCH', `/api/views/${view.id}`, { label: 'Big deals', columns: ['name', 'stage'] }))).toMatchObject({ label: 'Big deals', columns: ['name', 'stage'] });
    ok(await as('alice')('DELETE', `/api/views/${view.id}`), 204);
    expect((await as('alice')('GET', `/api/views/${view.id}`)).status).toBe(404);
  });

  it('sharing a view, or changing a shared one, needs an administrator or the manage-shared-views permission', async () => {
    const standard = byLabel(await views('bob'), 'All opportunities')!;
    expect(problem(await as('bob')('POST', '/api/views', { object: 'opportunity', label: 'team', columns: ['name'], visibility: 'shared' }), 403).errors).toContainEqual(expect.objectContaining({ field: 'visibility' }));
    problem(await as('bob')('PATCH', `/api/views/${standard.id}`, { label: 'mine now' }), 403);
    problem(await as('bob')('DELETE', `/api/views/${standard.id}`), 403);
    const own = ok(await as('bob')('POST', '/api/views', { object: 'opportunity', label: 'own', columns: ['name'] }), 201);
    problem(await as('bob')('PATCH', `/api/views/${own.id}`, { visibility: 'shared' }), 403);
    expect(ok(await as('bob')('GET', `/api/views/${standard.id}`)).label).toEqual(standard.label);

    const set = ok(await t.api('POST', '/api/admin/permission-sets', { name: 'View curator', permissions: { manageSharedViews: true } }), 201);
    ok(await t.api('PATCH', `/api/admin/users/${userId.bob}`, { permissionSetIds: [set.id] }));
    expect(ok(await as('bob')('GET', '/api/auth/me/permissions')).manageSharedViews).toBe(true);
    const shared = ok(await as('bob')('PATCH', `/api/views/${own.id}`, { visibility: 'shared' }));
    expect(shared.visibility).toBe('shared');
    const seen = byLabel(await views('alice'), 'own')!;
    expect(seen).toMatchObject({ id: own.id, editable: false });
    problem(await as('alice')('PATCH', `/api/views/${own.id}`, { label: 'x' }), 403);
    expect(problem(await as('bob')('PATCH', `/api/views/${standard.id}`, { visibility: 'private' }), 400).errors).toContainEqual(expect.objectContaining({ field: 'visibility' }));
    ok(await as('bob')('PATCH', `/api/views/${standard.id}`, { label: { en: 'Every opportunity', 'zh-CN': '所有商机' } }));
    expect(byLabel(await views('alice'), 'Every opportunity')).toBeDefined();
    ok(await as('bob')('DELETE', `/api/views/${own.id}`), 204);
    ok(await t.api('PATCH', `/api/admin/users/${userId.bob}`, { permissionSetIds: [] }));
    problem(await as('bob')('PATCH', `/api/views/${standard.id}`, { label: 'again' }), 403);
  });

  it('refuses bad views naming the field, and saves nothing', async () => {
    const before = (await views('alice')).length;
    const base = { object: 'opportunity', label: 'x', columns: ['name'] };
    const cases: [unknown, number, string, string?][] = [
      [{ ...base, extra: 1 }, 400, 'extra', 'unknownField'],
      [{ object: 'opportunity', columns: ['name'] }, 400, 'label', 'required'],
      [{ ...base, label: '' }, 400, 'label'],
      [{ ...base, label: 'x'.repeat(101) }, 400, 'label'],
      [{ ...base, label: { fr: 'x' } }, 400, 'label'],
      [{ ...base, columns: [] }, 400, 'columns'],
      [{ ...base, columns: 'name' }, 400, 'columns', 'wrongType'],
      [{ ...base, columns: ['name', 'nope'] }, 400, 'columns[1]', 'unknownField'],
      [{ ...base, columns: ['name', 'account.nope'] }, 400, 'columns[1]'],
      [{ ...base, columns: ['name', 'name'] }, 400, 'columns[1]', 'invalidValue'],
      [{ ...base, columns: Array.from({ length: 101 }, (_, i) => `f${i}`) }, 400, 'columns'],
      [{ ...base, filter: { field: 'nope', op: 'eq', value: 1 } }, 400, 'filter.field'],
      [{ ...base, filter: { and: [{ field: 'stage', op: 'eq', value: 'neverHeardOf' }] } }, 400, 'filter.and[0].value', 'invalidPicklistValue'],
      [{ ...base, filter: { field: 'stage', op: 'like', value: 'x' } }, 400, 'filter.op'],
      [{ ...base, filter: 'stage = won' }, 400, 'filter', 'invalidFilter'],
      [{ ...base, filter: { field: 'account', op: 'eq', value: '$me' } }, 400, 'filter.value', 'invalidFilter'],
      [{ ...base, filter: { field: 'createdAt', op: 'eq', value: '$today' } }, 400, 'filter.value', 'invalidFilter'],
      [{ ...base, filter: { field: 'closeDate', op: 'eq', value: '$tomorrow' } }, 400, 'filter.value', 'invalidFormat'],
      [{ ...base, sort: [{ field: 'nope', direction: 'asc' }] }, 400, 'sort[0]'],
      [{ ...base, sort: [{ field: 'name', direction: 'up' }] }, 400, 'sort[0].direction'],
      [{ ...base, visibility: 'public' }, 400, 'visibility'],
      [{ ...base, object: 'nope' }, 404, ''],
      [['x'], 400, 'body', 'wrongType'],
    ];
    for (const [body, status, field, code] of cases) {
      const r = problem(await as('alice')('POST', '/api/views', body), status);
      if (field) expect(r.errors, JSON.stringify(body)).toContainEqual(expect.objectContaining({ field, ...(code ? { code } : {}) }));
    }
    const own = ok(await as('alice')('POST', '/api/views', base), 201);
    problem(await as('alice')('PATCH', `/api/views/${own.id}`, { columns: ['nope'] }), 400);
    problem(await as('alice')('PATCH', `/api/views/${own.id}`, { object: 'lead' }), 400);
    expect(ok(await as('alice')('GET', `/api/views/${own.id}`)).columns).toEqual(['name']);
    ok(await as('alice')('DELETE', `/api/views/${own.id}`), 204);
    expect((await views('alice')).length).toBe(before);
    expect(problem(await as('alice')('GET', '/api/views'), 400).errors).toContainEqual(expect.objectContaining({ field: 'object' }));
    expect(problem(await as('alice')('GET', '/api/views?object=lead&x=1'), 400).errors).toContainEqual(expect.objectContaining({ field: 'x' }));
    problem(await as('alice')('GET', '/api/views/not-a-uuid'), 404);
    expect((await t.api('GET', '/api/views?object=lead', undefined, { token: null })).status).toBe(401);
  });

  it('refuses hidden fields at save time, and fits a saved view to a reader who can no longer see some of its fields', async () => {
    const view = ok(await as('alice')('POST', '/api/views', { object: 'opportunity', label: 'big first', columns: ['name', 'amount', 'stage'], filter: { field: 'amount', op: 'gt', value: '0' }, sort: [{ field: 'amount', direction: 'desc' }, { field: 'name', direction: 'asc' }] }), 201);
    const profile = ok(await t.api('POST', '/api/admin/profiles', { name: 'No amounts', permissions: { allObjects: { read: true, create: true, edit: true }, fields: { opportunity: { amount: 'hidden' } } } }), 201);
    ok(await t.api('PATCH', `/api/admin/users/${userId.alice}`, { profileId: profile.id }));
    const fitted = ok(await as('alice')('GET', `/api/views/${view.id}`));
    expect(fitted).toMatchObject({ columns: ['name', 'stage'], sort: [{ field: 'name', direction: 'asc' }], filter: null, filterWithheld: true });
    expect(JSON.stringify(byLabel(await views('alice'), 'big first'))).not.toContain('amount');
    // The fitted view still runs for her.
    ok(await as('alice')('GET', `/api/records/opportunity${q({ fields: fitted.columns.join(','), sort: 'name' })}`));
    expect(problem(await as('alice')('POST', '/api/views', { object: 'opportunity', label: 'y', columns: ['name', 'amount'] }), 400).errors).toContainEqual(expect.objectContaining({ field: 'columns[1]', code: 'unknownField' }));
    problem(await as('alice')('POST', '/api/views', { object: 'opportunity', label: 'y', columns: ['name'], filter: { field: 'amount', op: 'gt', value: '1' } }), 400);
    problem(await as('alice')('POST', '/api/views', { object: 'opportunity', label: 'y', columns: ['name'], sort: [{ field: 'amount', direction: 'asc' }] }), 400);
    const standardProfile = ok(await t.api('GET', '/api/admin/profiles')).profiles.find((p: { name: string }) => p.name === 'Standard User').id;
    ok(await t.api('PATCH', `/api/admin/users/${userId.alice}`, { profileId: standardProfile }));
    expect(ok(await as('alice')('GET', `/api/views/${view.id}`))).toMatchObject({ columns: ['name', 'amount', 'stage'], filter: { field: 'amount', op: 'gt', value: '0' } });
  });

  it('views of an object the reader cannot read are not listed or found', async () => {
    const view = ok(await as('bob')('POST', '/api/views', { object: 'case', label: 'bob cases', columns: ['name'] }), 201);
    const profile = ok(await t.api('POST', '/api/admin/profiles', { name: 'No cases', permissions: { allObjects: { read: true }, objects: { case: { read: false } } } }), 201);
    ok(await t.api('PATCH', `/api/admin/users/${userId.bob}`, { profileId: profile.id }));
    expect((await as('bob')('GET', '/api/views?object=case')).status).toBe(403);
    problem(await as('bob')('GET', `/api/views/${view.id}`), 404);
  });

  it('keeps tenants apart: another workspace neither lists, reads, changes nor deletes these views', async () => {
    const mine = ok(await t.api('POST', '/api/views', { object: 'opportunity', label: 'tenant one', columns: ['name'], visibility: 'shared' }), 201);
    const other = await createOtherWorkspace(t, 'viewsother');
    const theirs = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: other.token });
    const listed = ok(await theirs('GET', '/api/views?object=opportunity')).views as { id: string; label: unknown }[];
    expect(listed.map((v) => v.id)).not.toContain(mine.id);
    expect(listed.length).toBe(3);
    problem(await theirs('GET', `/api/views/${mine.id}`), 404);
    problem(await theirs('PATCH', `/api/views/${mine.id}`, { label: 'taken' }), 404);
    problem(await theirs('DELETE', `/api/views/${mine.id}`), 404);
    expect(ok(await t.api('GET', `/api/views/${mine.id}`)).label).toBe('tenant one');
  });

  it('API keys may read views but not change them', async () => {
    const key = ok(await t.api('POST', '/api/admin/api-keys', { name: 'sync', userId: userId.admin, scope: { access: 'readWrite' } }), 201);
    const bearer = { headers: { authorization: `Bearer ${key.secret}` }, token: null };
    expect((await t.api('GET', '/api/views?object=opportunity', undefined, bearer)).status).toBe(200);
    expect(problem(await t.api('POST', '/api/views', { object: 'opportunity', label: 'k', columns: ['name'] }, bearer), 403).errors).toContainEqual(expect.objectContaining({ code: 'apiKeyNotAllowed' }));
  });
});
