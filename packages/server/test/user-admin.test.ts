import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from './support/identity.ts';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * What Setup's user and role screens need beyond plain edits: lifting a
 * password lock, and refusing to delete a role people still hold.
 */
describe(`user and role administration (${testDbKind})`, () => {
  let t: TestApp;
  const PASSWORD = 'a long enough password';
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const login = (email: string, password: string) => t.api('POST', '/api/auth/login', { email, password }, { token: null });

  beforeAll(async () => {
    t = await createTestApp({ loginPolicy: { maxFailures: 3, lockMs: 60 * 60_000 } });
  });
  afterAll(() => t?.close());

  it('an administrator unlocks a user locked out by wrong passwords; the user signs in at once', async () => {
    const id = await addUser(t.db, { email: 'locked@example.test', password: PASSWORD });
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push((await login('locked@example.test', 'wrong password!')).status);
    expect(tries).toEqual([401, 401, 423]);
    expect((await login('locked@example.test', PASSWORD)).status).toBe(423);
    expect(ok(await t.api('GET', `/api/admin/users/${id}`)).lockedUntil).not.toBeNull();

    const unlocked = ok(await t.api('POST', `/api/admin/users/${id}/unlock`));
    expect(unlocked).toMatchObject({ id, lockedUntil: null, active: true });
    ok(await login('locked@example.test', PASSWORD));
    // Unlocking an unlocked user changes nothing and is not an error.
    expect(ok(await t.api('POST', `/api/admin/users/${id}/unlock`)).lockedUntil).toBeNull();
    const { rows } = await t.db.query<{ detail: { id: string; unlocked?: boolean } }>(`select detail from mainline.security_audit where event = 'user.changed' order by id desc limit 2`);
    expect(rows.map((r) => r.detail)).toEqual([expect.objectContaining({ id, unlocked: true }), expect.objectContaining({ id, unlocked: true })]);
  });

  it('unlocking needs an administrator of the same workspace, and a real user id', async () => {
    const target = await addUser(t.db, { email: 'target@example.test', password: PASSWORD });
    await t.db.query(`update mainline.users set locked_until = now() + interval '1 hour' where id = $1`, [target]);
    expect((await t.api('POST', `/api/admin/users/${target}/unlock`, undefined, { token: null })).status).toBe(401);
    await addUser(t.db, { email: 'plain@example.test', password: PASSWORD });
    const plain = ok(await login('plain@example.test', PASSWORD)).token as string;
    expect((await t.api('POST', `/api/admin/users/${target}/unlock`, undefined, { token: plain })).status).toBe(403);

    const other = await createOtherWorkspace(t, 'unlockintruder');
    const intruder = await t.api('POST', `/api/admin/users/${target}/unlock`, undefined, { token: other.token });
    expect(intruder.status).toBe(404);
    expect(JSON.stringify(intruder.body)).not.toContain('target@example.test');
    for (const bad of ['not-a-uuid', '0190a000-0000-7000-8000-000000000000', `${target}'--`]) expect((await t.api('POST', `/api/admin/users/${encodeURIComponent(bad)}/unlock`)).status).toBe(404);
    // None of those calls lifted the lock.
    expect(ok(await t.api('GET', `/api/admin/users/${target}`)).lockedUntil).not.toBeNull();
  });

  it('a role people still hold is not deleted: the problem says how many, and nothing changes', async () => {
    const role = ok(await t.api('POST', '/api/admin/roles', { name: 'Field sales' }), 201).id as string;
    const user = ok(await t.api('POST', '/api/admin/users', { email: 'field@example.test', name: 'Field rep', password: PASSWORD, roleId: role }), 201).id as string;
    const refused = await t.api('DELETE', `/api/admin/roles/${role}`, undefined, { headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'id', code: 'referencedBy', message: expect.stringContaining('1 users') })]);
    expect(ok(await t.api('GET', `/api/admin/users/${user}`)).roleId).toBe(role);
    expect(ok(await t.api('GET', '/api/admin/roles')).roles.map((r: { id: string }) => r.id)).toContain(role);

    // Moved to no role, the role goes.
    ok(await t.api('PATCH', `/api/admin/users/${user}`, { roleId: null }));
    expect((await t.api('DELETE', `/api/admin/roles/${role}`)).status).toBe(204);
  });
});
