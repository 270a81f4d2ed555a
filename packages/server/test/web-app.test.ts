import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

describe(`web app serving (${testDbKind})`, () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mainline-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ webRoot: root });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, never cached', async () => {
    for (const url of ['/', '/o/account', '/o/account/01a2?x=1', '/setup/objects/account', '/signin']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body).toContain('<div id="root">');
    }
  });

  it('serves built files, hashed assets cached for a year', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.app.inject({ method: 'GET', url: '/favicon.svg' })).headers['content-type']).toMatch(/svg/);
  });

  it('keeps problem+json 404s for the API, missing files and other methods', async () => {
    for (const [method, url] of [['GET', '/api/nope'], ['GET', '/api'], ['GET', '/assets/missing.js'], ['GET', '/assets/../../etc/passwd.txt'], ['POST', '/o/account']] as const) {
      const r = await t.app.inject({ method, url });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/problem\+json/);
    }
    // The API itself is untouched.
    expect((await t.api('GET', '/api/auth/me')).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});
