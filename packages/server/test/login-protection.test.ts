import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { addUser, call, login } from './support/identity.ts';

/**
 * Brute force against one account locks it; spraying from one IP is
 * throttled; every attempt lands in the security audit log. A test clock
 * moves time past the lock.
 */
describe(`login protection (${testDbKind})`, () => {
  let t: TestApp;
  let clock = new Date('2026-03-01T08:00:00Z');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const PASSWORD = 'a long enough password';

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, loginPolicy: { maxFailures: 3, lockMs: 10 * 60_000, ipMaxFailures: 6, ipWindowMs: 60_000 } });
  });
  afterAll(() => t?.close());

  const audit = async (userId: string | null, email: string) =>
    (
      await t.db.query<{ event: string; detail: { reason?: string; email?: string }; ip: string | null }>(
        `select event, detail, ip from mainline.security_audit where (user_id = $1 or ($1::uuid is null and user_id is null)) and detail->>'email' = $2 order by id`,
        [userId, email],
      )
    ).rows;

  it('locks an account after N consecutive wrong passwords, refuses even the right one, and unlocks after the period', async () => {
    const id = await addUser(t.db, { email: 'bob@example.test', password: PASSWORD });
    const ip = '10.1.0.1';
    expect((await login(t.app, 'bob@example.test', 'wrong 1', ip)).body.code).toBe('invalidCredentials');
    expect((await login(t.app, 'bob@example.test', 'wrong 2', ip)).status).toBe(401);
    const third = await login(t.app, 'bob@example.test', 'wrong 3', ip);
    expect(third.status).toBe(423);
    expect(third.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(third.body.code).toBe('accountLocked');
    expect(third.headers['retry-after']).toBe('600');

    // The right password does not help while locked; the message is localised.
    const right = await call(t.app, 'POST', '/api/auth/login', { body: { email: 'bob@example.test', password: PASSWORD }, ip, headers: { 'accept-language': 'zh-CN' } });
    expect(right.status).toBe(423);
    expect(right.body.title).toContain('锁定');
    expect(right.body.token).toBeUndefined();
    const tw = await call(t.app, 'POST', '/api/auth/login', { body: { email: 'BOB@example.test', password: PASSWORD }, ip, headers: { 'accept-language': 'zh-TW' } });
    expect(tw.body.title).toContain('鎖定');
    advance(5 * 60_000);
    const later = await login(t.app, 'bob@example.test', PASSWORD, ip);
    expect(later.status).toBe(423);
    expect(later.headers['retry-after']).toBe('300');

    advance(5 * 60_000 + 1000);
    const ok = await login(t.app, 'bob@example.test', PASSWORD, ip);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const { rows } = await t.db.query<{ failed_logins: number; locked_until: string | null; last_login_at: string }>('select failed_logins, locked_until, last_login_at from mainline.users where id = $1', [id]);
    expect(rows[0]).toEqual({ failed_logins: 0, locked_until: null, last_login_at: clock.toISOString() });

    const events = await audit(id, 'bob@example.test');
    expect(events.map((e) => [e.event, e.detail.reason ?? null])).toEqual([
      ['login.failed', 'wrongPassword'],
      ['login.failed', 'wrongPassword'],
      ['login.failed', 'wrongPassword'],
      ['login.locked', null],
      ['login.failed', 'locked'],
      ['login.failed', 'locked'],
      ['login.succeeded', null],
    ]);
    expect(events.every((e) => e.ip === ip)).toBe(true);
  });

  it('a success resets the count: failures must be consecutive to lock', async () => {
    await addUser(t.db, { email: 'carol@example.test', password: PASSWORD });
    const ip = '10.1.0.2';
    for (let round = 0; round < 2; round++) {
      expect((await login(t.app, 'carol@example.test', 'nope', ip)).status).toBe(401);
      expect((await login(t.app, 'carol@example.test', 'nope', ip)).status).toBe(401);
      expect((await login(t.app, 'carol@example.test', PASSWORD, ip)).status).toBe(200);
    }
  });

  it('answers unknown users and deactivated users like a wrong password, and audits why', async () => {
    const unknown = await login(t.app, 'nobody@example.test', PASSWORD, '10.1.0.3');
    expect(unknown).toMatchObject({ status: 401, body: { code: 'invalidCredentials' } });
    expect((await audit(null, 'nobody@example.test')).map((e) => [e.event, e.detail.reason])).toEqual([['login.failed', 'unknownUser']]);

    const id = await addUser(t.db, { email: 'dave@example.test', password: PASSWORD });
    await t.db.query('update mainline.users set active = false where id = $1', [id]);
    const inactive = await login(t.app, 'dave@example.test', PASSWORD, '10.1.0.3');
    expect(inactive).toMatchObject({ status: 401, body: { code: 'invalidCredentials' } });
    expect((await audit(id, 'dave@example.test')).map((e) => e.detail.reason)).toEqual(['inactive']);
  });

  it('throttles failed logins per client IP, across accounts, without affecting other IPs', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 6; i++) expect((await login(t.app, `spray${i}@example.test`, 'guess', ip)).status).toBe(401);
    // Even the right password of a real account is refused from that IP for now …
    const refused = await login(t.app, ADMIN.email, ADMIN.password, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rateLimited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // … while another IP signs in, and the admin account is not locked by someone else's spraying.
    expect((await login(t.app, ADMIN.email, ADMIN.password, '10.9.9.10')).status).toBe(200);
    advance(61_000);
    expect((await login(t.app, ADMIN.email, ADMIN.password, ip)).status).toBe(200);
  });

  it('refuses malformed login bodies naming the field, and records logout', async () => {
    const bad = await call(t.app, 'POST', '/api/auth/login', { body: { email: 'x@example.test', password: 'p', remember: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'remember', code: 'unknownField' })]);
    const typed = await call(t.app, 'POST', '/api/auth/login', { body: { email: 42, password: 'p' } });
    expect(typed.body.errors[0]).toMatchObject({ field: 'email', code: 'wrongType' });

    const s = await login(t.app, ADMIN.email, ADMIN.password, '10.1.0.4');
    const me = await call(t.app, 'GET', '/api/auth/me', { token: s.body.token });
    expect((await call(t.app, 'POST', '/api/auth/logout', { token: s.body.token })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/auth/me', { token: s.body.token })).status).toBe(401);
    const { rows } = await t.db.query<{ event: string }>(`select event from mainline.security_audit where user_id = $1 order by id desc limit 1`, [me.body.id]);
    expect(rows[0]!.event).toBe('logout');
  });
});
