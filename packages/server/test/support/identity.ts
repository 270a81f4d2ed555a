import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/auth/users.ts';
import type { Database } from '../../src/db/port.ts';
import type { ApiResponse } from './test-app.ts';

/** Adds a user with the workspace's 'Standard User' profile directly (as the users API would by default); returns its id. */
export async function addUser(db: Database, input: { workspaceSlug?: string; email: string; password: string; isAdmin?: boolean; name?: string }): Promise<string> {
  const { rows } = await db.query<{ id: string; profile_id: string }>(
    `select w.id, p.id as profile_id from mainline.workspaces w join mainline.profiles p on p.workspace_id = w.id and p.name = 'Standard User' where w.slug = $1`,
    [input.workspaceSlug ?? 'default'],
  );
  const { id } = await createUser(db, { workspaceId: rows[0]!.id, email: input.email, name: input.name ?? input.email, password: input.password, isAdmin: input.isAdmin ?? false, profileId: rows[0]!.profile_id });
  return id;
}

/** Calls an app with an optional bearer credential, client IP and headers; JSON in and out. */
export async function call(
  app: FastifyInstance,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });
  let body: unknown;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = res.body;
  }
  return { status: res.statusCode, headers: res.headers, body };
}

export async function login(app: FastifyInstance, email: string, password: string, ip?: string): Promise<ApiResponse> {
  return call(app, 'POST', '/api/auth/login', { body: { email, password }, ...(ip ? { ip } : {}) });
}

/** NOTIFY reaches another app process asynchronously: wait until it has (bounded). */
export async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}
