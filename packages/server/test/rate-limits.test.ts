import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { addUser, call, login } from './support/identity.ts';

/** A limit of 3 a minute per identity, so the fourth request of each is refused. */
describe(`rate limits (${testDbKind})`, () => {
  let t: TestApp;
  let otherToken: string;
  let keySecret: string;

  beforeAll(async () => {
    t = await createTestApp({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const otherId = await addUser(t.db, { email: 'other@example.test', password: 'other password!' });
    otherToken = (await login(t.app, 'other@example.test', 'other password!', '10.2.0.1')).body.token;
    // Set-up requests count too: each identity used below starts from a fresh budget except the admin.
    const key = await t.api('POST', '/api/admin/api-keys', { name: 'limited', userId: otherId, scope: { access: 'read' } });
    keySecret = key.body.secret;
  });
  afterAll(() => t?.close());

  it('answers with RateLimit headers, then 429 problem+json with Retry-After once a user’s budget is spent', async () => {
    const statuses: number[] = [];
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call(t.app, 'GET', '/api/auth/me', { token: otherToken });
      statuses.push(r.status);
      remaining.push(r.headers['ratelimit-remaining']);
      expect(r.headers['ratelimit-limit']).toBe('3');
      expect(Number(r.headers['ratelimit-reset'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([200, 200, 200]);
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call(t.app, 'GET', '/api/auth/me', { token: otherToken, headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'rateLimited' });
    expect(refused.body.title).toMatch(/Too many requests/);
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    const zh = await call(t.app, 'GET', '/api/auth/me', { token: otherToken, headers: { 'accept-language': 'zh-TW' } });
    expect(zh.body.title).toContain('請求過於頻繁');
  });

  it('keys on the identity, not the address: another user and an API key have budgets of their own', async () => {
    // Same client address (inject's 127.0.0.1) as the exhausted user above.
    const key = await call(t.app, 'GET', '/api/auth/me', { token: keySecret });
    expect(key.status).toBe(200);
    expect(key.headers['ratelimit-remaining']).toBe('2');
    for (let i = 0; i < 2; i++) expect((await call(t.app, 'GET', '/api/records/account', { token: keySecret })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/records/account', { token: keySecret })).status).toBe(429);
  });

  it('limits anonymous requests by IP, and never the health check', async () => {
    const ip = '10.3.0.1';
    const tries = [];
    for (let i = 0; i < 4; i++) tries.push((await login(t.app, `nobody${i}@example.test`, 'guess', ip)).status);
    expect(tries).toEqual([401, 401, 401, 429]);
    expect((await login(t.app, 'nobody@example.test', 'guess', '10.3.0.2')).status).toBe(401);
    for (let i = 0; i < 10; i++) {
      const r = await call(t.app, 'GET', '/healthz', { ip });
      expect(r.status).toBe(200);
      expect(r.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});
