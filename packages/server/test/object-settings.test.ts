import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Object settings an administrator changes in Setup (PATCH
 * /api/metadata/objects/{object}): taking an object out of global search and
 * back, and the account owner's implicit read access to contacts. Each change
 * has effect at once, only administrators may make it, and a wrong-typed value
 * is a problem+json 400 naming the property.
 */

const PASSWORD = 'a long enough password';

describe(`object settings (${testDbKind})`, () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  let account: string;
  let contact: string;

  const as = (who: string) => (method: string, url: string, body?: unknown): Promise<ApiResponse> => t.api(method, url, body, { token: token[who]! });
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const patchObject = (object: string, body: unknown, who?: string) => (who ? as(who) : t.api)('PATCH', `/api/metadata/objects/${object}`, body);
  const searchedObjects = async (who: string, text: string, objects?: string): Promise<string[]> =>
    (ok(await as(who)('GET', `/api/search${q({ q: text, ...(objects ? { objects } : {}) })}`)).groups as { object: string }[]).map((g) => g.object);
  const expectProblem = (r: ApiResponse, status: number, field?: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(String(r.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(r.body.errors).toContainEqual(expect.objectContaining({ field }));
  };

  beforeAll(async () => {
    t = await createTestApp();
    const roles: Record<string, string> = {};
    // The other rep works in another branch: the owner's manager sees their records only through the account.
    for (const [name, parent] of [['manager', undefined], ['rep', 'manager'], ['elsewhere', undefined]] as const) {
      roles[name] = ok(await t.api('POST', '/api/admin/roles', { name: `settings ${name}`, parentId: parent ? roles[parent] : null }), 201).id;
    }
    const standard = ok(await t.api('GET', '/api/admin/profiles')).profiles.find((p: { name: string }) => p.name === 'Standard User').id;
    for (const [name, role] of [['manager', 'manager'], ['owner', 'rep'], ['other', 'elsewhere']] as const) {
      const created = ok(await t.api('POST', '/api/admin/users', { email: `${name}@settings.test`, name, password: PASSWORD, profileId: standard, roleId: roles[role] }), 201);
      token[name] = ok(await t.api('POST', '/api/auth/login', { email: `${name}@settings.test`, password: PASSWORD }, { token: null })).token;
      if (name === 'other') {
        account = ok(await as('owner')('POST', '/api/records/account', { name: '澄江精工' }), 201).id;
        // The other rep may put a contact on the owner's account only if they can read it.
        ok(await as('owner')('POST', `/api/records/account/${account}/shares`, { grantee: { type: 'user', id: created.id }, access: 'read' }), 201);
      }
    }
    contact = ok(await as('other')('POST', '/api/records/contact', { name: '澄江联系人', account }), 201).id;
  });
  afterAll(() => t?.close());

  it('an object taken out of global search stops being found there, keeps its list quick search, and comes back when switched on', async () => {
    expect(await searchedObjects('other', '澄江')).toEqual(expect.arrayContaining(['account', 'contact']));

    const changed = ok(await patchObject('contact', { searchable: false }));
    expect(changed.searchable).toBe(false);
    expect(ok(await t.api('GET', '/api/metadata/objects/contact')).searchable).toBe(false);
    expect(await searchedObjects('other', '澄江')).toEqual(['account']);
    // Named explicitly it is still left out: the setting is the object's, not the caller's choice.
    expect(await searchedObjects('other', '澄江', 'contact')).toEqual([]);
    // Someone already in the contacts list still finds the record there.
    const listed = ok(await as('other')('GET', `/api/records/contact${q({ q: '澄江' })}`)).records as { id: string }[];
    expect(listed.map((r) => r.id)).toContain(contact);

    // Records written while it is out of global search are indexed all the same, so switching back on finds them at once.
    const later = ok(await as('other')('POST', '/api/records/contact', { name: '澄江新联系人', account }), 201).id;
    const back = ok(await patchObject('contact', { searchable: true }));
    // Absent means searchable: only false is stored.
    expect(back).not.toHaveProperty('searchable');
    const groups = ok(await as('other')('GET', `/api/search${q({ q: '澄江', limit: '10' })}`)).groups as { object: string; records: { id: string }[] }[];
    expect(groups.find((g) => g.object === 'contact')?.records.map((r) => r.id)).toEqual(expect.arrayContaining([contact, later]));
  });

  it('a new object may start out of global search', async () => {
    const created = ok(await t.api('POST', '/api/metadata/objects', { apiName: 'internalNote', label: { en: 'Internal note' }, searchable: false }), 201);
    expect(created.searchable).toBe(false);
    ok(await t.api('POST', '/api/records/internalNote', { name: '澄江内部备注' }), 201);
    expect(await searchedObjects('other', '澄江内部')).toEqual([]);
  });

  it("switching implicit parent access off and on takes the account owner's read access to another rep's contact away and back", async () => {
    expect(ok(await as('owner')('GET', `/api/records/contact/${contact}`)).id).toBe(contact);
    expect(ok(await as('manager')('GET', `/api/records/contact/${contact}`)).id).toBe(contact);

    expect(ok(await patchObject('contact', { implicitParentAccess: null }))).not.toHaveProperty('implicitParentAccess');
    expect((await as('owner')('GET', `/api/records/contact/${contact}`)).status).toBe(404);
    expect((await as('manager')('GET', `/api/records/contact/${contact}`)).status).toBe(404);

    expect(ok(await patchObject('contact', { implicitParentAccess: 'account' })).implicitParentAccess).toBe('account');
    expect(ok(await as('owner')('GET', `/api/records/contact/${contact}`)).id).toBe(contact);
    expect(ok(await as('manager')('GET', `/api/records/contact/${contact}`)).id).toBe(contact);
    // Read only: editing still follows the contact's own sharing.
    expect((await as('owner')('PATCH', `/api/records/contact/${contact}`, { name: '改名' })).status).toBe(403);
  });

  it('only administrators change object settings', async () => {
    for (const body of [{ searchable: false }, { implicitParentAccess: null }, { sharingModel: 'publicReadWrite' }]) {
      expectProblem(await patchObject('contact', body, 'manager'), 403);
    }
    const contactDef = ok(await t.api('GET', '/api/metadata/objects/contact'));
    expect(contactDef).not.toHaveProperty('searchable');
    expect(contactDef.implicitParentAccess).toBe('account');
    expect(contactDef.sharingModel).toBe('private');
  });

  it('wrong-typed settings are refused, naming the property, and nothing changes', async () => {
    expectProblem(await patchObject('contact', { searchable: 'no' }), 400, 'searchable');
    expectProblem(await patchObject('contact', { searchable: null }), 400, 'searchable');
    expectProblem(await patchObject('contact', { implicitParentAccess: true }), 400, 'implicitParentAccess');
    // A field that is not a lookup cannot carry the access.
    expectProblem(await patchObject('contact', { implicitParentAccess: 'email' }), 400, 'implicitParentAccess');
    expectProblem(await patchObject('contact', { sharingModel: 'everyone' }), 400, 'sharingModel');
    // All problems of one request at once, and none of its valid parts applied.
    const both = await patchObject('contact', { searchable: 1, implicitParentAccess: 'nothing', label: { en: 'People' } });
    expectProblem(both, 400, 'searchable');
    expect(both.body.errors).toContainEqual(expect.objectContaining({ field: 'implicitParentAccess' }));
    const contactDef = ok(await t.api('GET', '/api/metadata/objects/contact'));
    expect(contactDef).not.toHaveProperty('searchable');
    expect(contactDef.implicitParentAccess).toBe('account');
    expect(contactDef.label.en).toBe('Contact');
  });
});
