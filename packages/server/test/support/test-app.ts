import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { bootstrap } from '../../src/platform/bootstrap.ts';
import type { Database } from '../../src/db/port.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

// Response bodies are asserted field by field with expect(); `any` keeps those assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; headers: Record<string, unknown>; body: any };

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  token: string;
  /** Calls the API as the administrator (or with `token`), JSON in and out. */
  api(method: string, url: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string>; rawBody?: string }): Promise<ApiResponse>;
  /** Workspace schema of the default workspace, for assertions in SQL. */
  schema: string;
  close(): Promise<void>;
};

/** A fresh database with a bootstrapped workspace and a logged-in administrator, driven through app.inject(). */
export async function createTestApp(opts: Omit<AppOptions, 'db'> = {}): Promise<TestApp> {
  const t: TestDatabase = await createTestDatabase();
  await bootstrap(t.db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  const app = await buildApp({ ...opts, db: t.db });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const token = login.json().token as string;
  const { rows } = await t.db.query<{ schema_name: string }>(`select schema_name from mainline.workspaces where slug = 'default'`);
  const api: TestApp['api'] = async (method, url, body, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const auth = o.token === undefined ? token : o.token;
    if (auth) headers.authorization = `Bearer ${auth}`;
    let payload: string | undefined;
    if (o.rawBody !== undefined) payload = o.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    let parsed: unknown = undefined;
    if (res.body) {
      try {
        parsed = JSON.parse(res.body);
      } catch {
        parsed = res.body;
      }
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  };
  return {
    app,
    db: t.db,
    token,
    api,
    schema: rows[0]!.schema_name,
    async close() {
      await app.close();
      await t.dispose();
    },
  };
}

/** The `filter` query parameter for a JSON filter tree. */
export const q = (params: Record<string, unknown>): string =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');

/**
 * Another workspace on the same database, with its own administrator signed
 * in, made directly as bootstrap makes the first (tests of isolation need
 * two tenants whatever the workspaces API does).
 */
export async function createOtherWorkspace(t: TestApp, slug: string): Promise<{ id: string; schema: string; adminId: string; token: string; standardProfileId: string }> {
  const { createWorkspace } = await import('../../src/workspaces/workspaces.ts');
  const { createUser } = await import('../../src/auth/users.ts');
  const { installStandardModel } = await import('../../src/metadata/standard-model.ts');
  const email = `admin@${slug}.test`;
  const password = `${slug} password 123`;
  const made = await t.db.transaction(async (tx) => {
    const ws = await createWorkspace(tx, { slug, name: slug });
    const admin = await createUser(tx, { workspaceId: ws.id, email, name: `${slug} admin`, password, isAdmin: true, profileId: ws.profiles.admin });
    await installStandardModel(tx, { workspaceId: ws.id, actorId: admin.id });
    return { id: ws.id, schema: ws.schemaName, adminId: admin.id, standardProfileId: ws.profiles.standard };
  });
  const login = await t.api('POST', '/api/auth/login', { email, password }, { token: null });
  if (login.status !== 200) throw new Error(`login to ${slug} failed: ${JSON.stringify(login.body)}`);
  return { ...made, token: login.body.token };
}
