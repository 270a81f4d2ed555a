import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { ADMIN, createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { eventually } from './support/identity.ts';

/**
 * Each app process keeps resolved sessions briefly. These tests run two app
 * processes (two Fastify instances) on one database, as a load-balanced
 * deployment would, and check that neither ever serves a stale session.
 */
describe(`session cache across app processes (${testDbKind})`, () => {
  let t: TestApp;
  let second: FastifyInstance;

  beforeAll(async () => {
    t = await createTestApp();
    second = await buildApp({ db: t.db });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const on = async (app: FastifyInstance, method: string, url: string, token: string, body?: unknown) => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
  };

  it('a logout on one process ends the session on every process', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    const token = login.json().token as string;
    // Both processes have now resolved (and cached) the session.
    expect((await on(t.app, 'GET', '/api/auth/me', token)).status).toBe(200);
    expect((await on(second, 'GET', '/api/auth/me', token)).status).toBe(200);

    expect((await on(second, 'POST', '/api/auth/logout', token)).status).toBe(204);
    // The process that logged out refuses at once …
    expect((await on(second, 'GET', '/api/auth/me', token)).status).toBe(401);
    // … and the other one as soon as the committed NOTIFY arrives.
    expect(await eventually(async () => (await on(t.app, 'GET', '/api/auth/me', token)).status === 401)).toBe(true);
    expect((await on(t.app, 'GET', '/api/records/account', token)).status).toBe(401);
  });

  it('a field added through one process can be written through the other', async () => {
    expect((await on(second, 'GET', '/api/records/account?limit=1', t.token)).status).toBe(200);
    const created = await on(t.app, 'POST', '/api/metadata/objects/account/fields', t.token, { apiName: 'taxNumber', type: 'text', label: { en: 'Credit code' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The creating process sees it on the very next request.
    const here = await on(t.app, 'POST', '/api/records/account', t.token, { name: '本进程', taxNumber: '91310000MA1FL8XQ3B' });
    expect(here.status, JSON.stringify(here.body)).toBe(201);
    // The other process drops its cached session (which carries the metadata version) on NOTIFY.
    const ok = await eventually(async () => (await on(second, 'POST', '/api/records/account', t.token, { name: '另一进程', taxNumber: '91310000MA1FL8XQ3C' })).status === 201);
    expect(ok).toBe(true);
  });
});
