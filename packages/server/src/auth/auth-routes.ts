import { DomainError, validationError } from '@mainline/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/port.ts';
import { authed, bearerOrCookie } from './authenticate.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import type { SessionCache } from './session-cache.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, deleteSession, tokenHash } from './sessions.ts';
import { findUserForLogin } from './users.ts';

const loginBody = z.object({ email: z.string().min(3).max(254), password: z.string().min(1).max(1024) }).strict();

export function authRoutes(ctx: { db: Database; now: () => Date; secureCookies: boolean; sessions: SessionCache }) {
  return async (app: FastifyInstance) => {
    app.post('/api/auth/login', { config: { access: 'public' } }, async (request, reply) => {
      const parsed = loginBody.safeParse(request.body);
      if (!parsed.success) {
        throw validationError(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', code: i.code === 'unrecognized_keys' ? 'unknownField' : i.code === 'invalid_type' ? 'wrongType' : 'invalidValue', params: { expected: 'text', detail: i.message } })));
      }
      const user = await findUserForLogin(ctx.db, parsed.data.email);
      // Verify against a dummy hash for unknown users so response time does not reveal who has an account.
      const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, parsed.data.password) : (await verifyPassword(await dummyPasswordHash(), parsed.data.password), false);
      if (!user || !ok || !user.active) throw new DomainError({ code: 'invalidCredentials' });
      const session = await createSession(ctx.db, user.id, ctx.now());
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
      return { token: session.token, expiresAt: session.expiresAt.toISOString() };
    });

    app.post('/api/auth/logout', { config: { access: 'user' } }, async (request, reply) => {
      const token = bearerOrCookie(request);
      if (token) {
        await deleteSession(ctx.db, token);
        ctx.sessions.forget({ session: tokenHash(token) });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });

    app.get('/api/auth/me', { config: { access: 'user' } }, async (request) => {
      const { actor } = authed(request);
      return { id: actor.userId, email: actor.email, name: actor.name, isAdmin: actor.isAdmin, locale: actor.locale, timeZone: actor.timeZone, workspaceId: actor.workspaceId };
    });
  };
}
