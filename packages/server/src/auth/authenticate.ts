import { DomainError } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/port.ts';
import { createApiKeyUsage } from './api-keys.ts';
import type { SessionCache } from './session-cache.ts';
import { SESSION_COOKIE, type Actor, type WorkspaceRef } from './sessions.ts';

/**
 * Who may call a route. Every route must say; the app refuses to start otherwise.
 * 'platformAdmin' is for deployment administration (workspaces); API keys never
 * carry it, even a key of a platform administrator.
 */
export type Access = 'public' | 'user' | 'admin' | 'platformAdmin';

const READ_METHODS = new Set(['GET', 'HEAD']);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor?: Actor;
    workspace?: WorkspaceRef;
  }
}

export function bearerOrCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer /i.test(header)) return header.slice(7).trim();
  const cookie = request.cookies?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie.length > 0 ? cookie : undefined;
}

export function registerAuthentication(app: FastifyInstance, ctx: { db: Database; now: () => Date; sessions: SessionCache }): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access && !route.url.startsWith('*')) throw new Error(`route ${route.method} ${route.url} declares no access rule`);
  });
  const apiKeyUsage = createApiKeyUsage();
  app.decorateRequest('actor', undefined);
  app.decorateRequest('workspace', undefined);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const token = bearerOrCookie(request);
    const found = token ? await ctx.sessions.resolve(ctx.db, token, ctx.now()) : undefined;
    if (!found) throw new DomainError({ code: 'unauthenticated' });
    request.actor = found.actor;
    request.workspace = found.workspace;
    const key = found.actor.apiKey;
    if (key) {
      await apiKeyUsage.touch(ctx.db, key.id, ctx.now());
      // A read-only key changes nothing, whatever route it calls.
      if (key.scope.access === 'read' && !READ_METHODS.has(request.method)) {
        throw new DomainError({ code: 'forbidden', errors: [{ field: 'authorization', code: 'readOnlyApiKey' }] });
      }
    }
    if (access === 'admin' && !found.actor.isAdmin) throw new DomainError({ code: 'forbidden' });
    if (access === 'platformAdmin') {
      if (key) throw new DomainError({ code: 'forbidden', errors: [{ field: 'authorization', code: 'apiKeyNotAllowed' }] });
      if (!found.actor.isPlatformAdmin) throw new DomainError({ code: 'forbidden' });
    }
  });
}

/** The authenticated actor and workspace of a route that declared access 'user', 'admin' or 'platformAdmin'. */
export function authed(request: FastifyRequest): { actor: Actor; workspace: WorkspaceRef } {
  if (!request.actor || !request.workspace) throw new DomainError({ code: 'unauthenticated' });
  return { actor: request.actor, workspace: request.workspace };
}

/** For what only a person may do (managing API keys): refuses requests made with an API key. */
export function requirePerson(actor: Actor): void {
  if (actor.apiKey) throw new DomainError({ code: 'forbidden', errors: [{ field: 'authorization', code: 'apiKeyNotAllowed' }] });
}
