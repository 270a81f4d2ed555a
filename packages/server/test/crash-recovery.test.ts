import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, callServer, startServer, stopServer, type ServerProcess } from './support/server-process.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

const ADMIN = OPERATOR;
type Server = ServerProcess;
const stop = stopServer;
const call = callServer;

async function login(server: Server): Promise<string> {
  const r = await call(server, undefined, 'POST', '/api/auth/login', ADMIN);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.token;
}

/**
 * On PostgreSQL we can see the batch's transaction holding a transaction id
 * (it has written rows) before we kill; PGlite is inside the process, so
 * there we kill after a delay well inside the batch's running time.
 */
async function waitForWritingTransaction(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid()',
      );
      if (Number(rows[0]!.n) > 0) return;
      if (Date.now() > deadline) throw new Error('the batch never started writing');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await client.end();
  }
}

describe(`the product survives restarts and kill -9 (${testDbKind})`, () => {
  let dataDir: string;
  let pgTest: TestDatabase | undefined;
  let env: Record<string, string>;
  const untilMidTransaction = () => (pgTest ? waitForWritingTransaction(pgTest.url!) : new Promise((r) => setTimeout(r, 150)));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mainline-crash-'));
    if (testDbKind === 'postgres') {
      pgTest = await createTestDatabase();
      await pgTest.db.close(); // only its URL is needed; the server opens its own pool
      env = { DATABASE_URL: pgTest.url! };
    } else env = { DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await pgTest?.dispose().catch(() => undefined);
  });

  it('prints how to log in, keeps data across a restart, and a batch killed mid-way leaves nothing behind', async () => {
    let server = await startServer(env);
    expect(server.output()).toContain(`Log in as ${ADMIN.email}`);
    let token = await login(server);
    expect((await call(server, token, 'POST', '/api/metadata/objects', { apiName: 'shipment', label: { en: 'Shipment', 'zh-CN': '发货' } })).status).toBe(201);
    const kept = await call(server, token, 'POST', '/api/records/shipment', { name: 'before the crash' });
    expect(kept.status).toBe(201);

    await stop(server, 'SIGTERM');
    server = await startServer(env);
    expect(server.output()).not.toContain('Log in as'); // not a first start any more
    token = await login(server);
    expect((await call(server, token, 'GET', `/api/records/shipment/${kept.body.id}`)).body.name).toBe('before the crash');

    // A batch large enough to take a while; kill -9 once the server is into it.
    const operations = Array.from({ length: 500 }, (_, i) => ({ method: 'POST', path: '/api/records/shipment', body: { name: `batch ${i} ${'x'.repeat(200)}` } }));
    let answered = false;
    const inFlight = call(server, token, 'POST', '/api/composite', { operations }).then(
      () => (answered = true),
      () => undefined,
    );
    await untilMidTransaction();
    await stop(server, 'SIGKILL');
    await inFlight;
    expect(answered, 'the batch finished before the kill; the test proves nothing').toBe(false);

    server = await startServer(env);
    token = await login(server);
    const list = await call(server, token, 'GET', '/api/records/shipment?count=true&limit=1');
    expect(list.body.total).toBe(1);
    const events = await call(server, token, 'GET', '/api/events?limit=1000');
    expect(events.body.events.filter((e: { object: string }) => e.object === 'shipment')).toHaveLength(1);
    await stop(server, 'SIGTERM');
  });
});
