import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { ApiResponse } from './test-app.ts';

/**
 * The real product as an operator starts it (`npm start`'s entry point), as
 * a child process on a random port: for tests that restart or kill -9 it.
 */
const MAIN = resolve(import.meta.dirname, '../../src/main.ts');
export const OPERATOR = { email: 'ops@example.test', password: 'a long enough password' };

export type ServerProcess = { child: ChildProcess; url: string; output: () => string };

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', MAINLINE_ADMIN_EMAIL: OPERATOR.email, MAINLINE_ADMIN_PASSWORD: OPERATOR.password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 45_000;
  while (!out.includes('Mainline is running at')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => out };
}

/** SIGTERM for an orderly stop, SIGKILL for a crash; resolves once the process is gone. */
export async function stopServer(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill(signal);
  await exited;
}

/** One API call over HTTP, JSON in and out. */
export async function callServer(server: ServerProcess, token: string | undefined, method: string, path: string, body?: unknown): Promise<Omit<ApiResponse, 'headers'>> {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
