import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';
import { call, eventually } from './support/identity.ts';

describe(`user preferences (${testDbKind})`, () => {
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

  it('GET /api/auth/me tells who the caller is, including platform admin, profile and role', async () => {
    const me = await t.api('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const { rows } = await t.db.query<{ id: string }>(`select id from mainline.profiles where name = 'System Administrator' and workspace_id = $1`, [me.body.workspaceId]);
    expect(me.body).toMatchObject({ isAdmin: true, isPlatformAdmin: true, profileId: rows[0]!.id, roleId: null, locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
  });

  it('changes locale, time zone and name, and every app process sees the change at once', async () => {
    // Both processes have the session cached.
    expect((await call(second, 'GET', '/api/auth/me', { token: t.token })).body.locale).toBe('zh-CN');
    const r = await t.api('PATCH', '/api/auth/me', { locale: 'en', timeZone: 'europe/berlin', name: '  Ada  ' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ locale: 'en', timeZone: 'Europe/Berlin', name: 'Ada' });
    expect((await t.api('GET', '/api/auth/me')).body).toMatchObject({ locale: 'en', timeZone: 'Europe/Berlin', name: 'Ada' });
    expect(await eventually(async () => (await call(second, 'GET', '/api/auth/me', { token: t.token })).body.locale === 'en')).toBe(true);
    // Errors now come in the user's language when the request names none.
    const err = await t.api('GET', '/api/records/nope');
    expect(err.body.title).toMatch(/There is no object/);
  });

  it('refuses unknown keys, wrong types, unknown zones and locales naming the field, changing nothing', async () => {
    const before = (await t.api('GET', '/api/auth/me')).body;
    const cases: [unknown, string, string][] = [
      [{ locale: 'fr' }, 'locale', 'invalidValue'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'invalidFormat'],
      [{ timeZone: '+08:00' }, 'timeZone', 'invalidFormat'],
      [{ timeZone: 8 }, 'timeZone', 'wrongType'],
      [{ name: '' }, 'name', 'invalidValue'],
      [{ name: 'x'.repeat(201) }, 'name', 'tooLong'],
      [{ isAdmin: false, locale: 'en' }, 'isAdmin', 'unknownField'],
      [{ isPlatformAdmin: true }, 'isPlatformAdmin', 'unknownField'],
      [['en'], 'body', 'wrongType'],
    ];
    for (const [body, field, code] of cases) {
      const r = await t.api('PATCH', '/api/auth/me', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.errors, JSON.stringify(body)).toContainEqual(expect.objectContaining({ field, code }));
    }
    expect((await t.api('GET', '/api/auth/me')).body).toEqual(before);
    expect((await t.api('PATCH', '/api/auth/me', undefined, { token: null })).status).toBe(401);
  });
});
