import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, callServer, startServer, stopServer, type ServerProcess } from './support/server-process.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

const ADMIN = OPERATOR;
type Server = ServerProcess;
const kill9 = (server: Server) => stopServer(server, 'SIGKILL');
const call = callServer;

const login = async (server: Server) => (await call(server, undefined, 'POST', '/api/auth/login', ADMIN)).body.token as string;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * kill -9 between the commit of a change and its automation: the job was
 * committed with the change, so after a restart the action still runs, and
 * a database action takes effect exactly once. A webhook call cut short by
 * the kill is delivered again with the same webhook-id (at least once,
 * deduplicable by the receiver).
 */
describe(`automation survives kill -9 (${testDbKind})`, () => {
  let dataDir: string;
  let pgTest: TestDatabase | undefined;
  let env: Record<string, string>;
  let hooks: HttpServer;
  let hang = true;
  const held: ServerResponse[] = [];
  const deliveries: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mainline-automation-crash-'));
    if (testDbKind === 'postgres') {
      pgTest = await createTestDatabase();
      await pgTest.db.close();
      env = { DATABASE_URL: pgTest.url! };
    } else env = { DATA_DIR: dataDir };
    hooks = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        deliveries.push(req.headers);
        if (hang) held.push(res);
        else res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await new Promise((r) => hooks.close(() => r(undefined)));
    await rm(dataDir, { recursive: true, force: true });
    await pgTest?.dispose().catch(() => undefined);
  });

  it('runs every committed job after a crash, database actions exactly once', async () => {
    const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const fast = { AUTOMATION_POLL_MS: '100', AUTOMATION_LEASE_MS: '1500' };
    // 1. The worker is off: the change and its job commit, then the process dies before any pass.
    let server = await startServer({ ...env, ...fast, AUTOMATION_WORKER: 'off' });
    let token = await login(server);
    expect((await call(server, token, 'POST', '/api/metadata/objects', { apiName: 'shipment', label: { en: 'Shipment' } })).status).toBe(201);
    const rule = await call(server, token, 'POST', '/api/metadata/objects/shipment/automationRules', {
      apiName: 'followUp',
      trigger: { on: 'create' },
      actions: [{ type: 'createTask', subject: 'Follow up {{name}}' }, { type: 'webhook', url: hookUrl }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const first = (await call(server, token, 'POST', '/api/records/shipment', { name: 'first' })).body;
    await kill9(server);

    // 2. Restart with the worker on: the task is made; the webhook call hangs; kill -9 again mid-call.
    server = await startServer({ ...env, ...fast });
    token = await login(server);
    await until('the webhook call', async () => (deliveries.length >= 1 ? true : undefined));
    await kill9(server);
    const tasksOf = async (s: Server, tk: string, id: string) =>
      (await call(s, tk, 'GET', `/api/records/activity?filter=${encodeURIComponent(JSON.stringify({ field: 'relatedId', op: 'eq', value: id }))}`)).body.records as { name: string }[];

    // 3. Restart: the lapsed lease lets the webhook go out again, with the same id; the task is not made twice.
    hang = false;
    server = await startServer({ ...env, ...fast });
    token = await login(server);
    const done = await until('the job to finish', async () => {
      const jobs = (await call(server, token, 'GET', '/api/automation/jobs?status=done')).body.jobs as { recordId: string }[];
      return jobs.find((j) => j.recordId === first.id);
    });
    expect(done).toMatchObject({ rule: 'followUp', status: 'done' });
    expect((await tasksOf(server, token, first.id)).map((x) => x.name)).toEqual(['Follow up first']);
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deliveries.map((d) => d['webhook-id'])).size).toBe(1);
    expect((await call(server, token, 'GET', '/api/automation/jobs?status=failed')).body.jobs).toHaveLength(0);
    await kill9(server);
  });
});
