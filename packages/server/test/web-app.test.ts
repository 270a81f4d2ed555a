import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

const BUNDLE = `export const labels = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `客户 ${i}`))};\n`;

describe(`web app serving (${testDbKind})`, () => {
  let t: TestApp;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mainline-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets/index-abc123.js'), 'console.log(1)');
    // As scripts/build-web.mjs leaves a large bundle: compressed siblings beside it.
    writeFileSync(join(root, 'assets/vendor-def456.js'), BUNDLE);
    writeFileSync(join(root, 'assets/vendor-def456.js.br'), brotliCompressSync(BUNDLE));
    writeFileSync(join(root, 'assets/vendor-def456.js.gz'), gzipSync(BUNDLE));
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

  it('sends the compressed bundle to browsers that accept it, the same bytes once decoded', async () => {
    const get = (encoding?: string) => t.app.inject({ method: 'GET', url: '/assets/vendor-def456.js', headers: encoding ? { 'accept-encoding': encoding } : {} });
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(BUNDLE) / 3);

    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BUNDLE);

    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
    // A file the build left uncompressed (too small to gain) is sent as it is to every browser.
    const tiny = await t.app.inject({ method: 'GET', url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body).toBe('console.log(1)');
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
