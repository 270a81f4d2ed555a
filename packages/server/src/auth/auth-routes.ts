import { DomainError } from '@mainline/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Database, Queryable } from '../db/port.ts';
import { parseInput } from '../http/parse-input.ts';
import { authed, bearerOrCookie } from './authenticate.ts';
import { createIpThrottle, findLoginAccount, recordFailedLogin, recordSuccessfulLogin, type LoginPolicy } from './login-protection.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { recordSecurityEvent } from './security-audit.ts';
import type { SessionCache } from './session-cache.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, deleteSession, tokenHash } from './sessions.ts';
import { preferencesInput, updatePreferences } from './user-preferences.ts';

const loginBody = z.object({ email: z.string().min(3).max(254), password: z.string().min(1).max(1024) }).strict();

type Deps = { db: Database; now: () => Date; secureCookies: boolean; sessions: SessionCache; loginPolicy: LoginPolicy };

function tooManyAttempts(reply: FastifyReply, retryAfter: number): DomainError {
  reply.header('retry-after', String(retryAfter));
  return new DomainError({ code: 'rateLimited', params: { retryAfter } });
}

export function authRoutes(ctx: Deps) {
  return async (app: FastifyInstance) => {
    const ipThrottle = createIpThrottle(ctx.loginPolicy);

    app.post('/api/auth/login', { config: { access: 'public' } }, async (request, reply) => {
      const { email, password } = parseInput(loginBody, request.body);
      const now = ctx.now();
      const ip = request.ip;
      const waitIp = ipThrottle.retryAfter(ip, now);
      if (waitIp > 0) throw tooManyAttempts(reply, waitIp);

      const account = await findLoginAccount(ctx.db, email);
      const failed = async <T>(reason: 'unknownUser' | 'wrongPassword' | 'inactive' | 'locked', more?: (tx: Queryable) => Promise<T>): Promise<T | undefined> => {
        ipThrottle.fail(ip, now);
        // Recorded in a transaction of its own: the request fails, the record of the failure must not.
        return ctx.db.transaction(async (tx) => {
          await recordSecurityEvent(tx, { workspaceId: account?.workspaceId ?? null, userId: account?.id ?? null, event: 'login.failed', detail: { email, reason }, ip });
          return more?.(tx);
        });
      };

      // A locked account is refused before its password is even checked, so guessing on gains nothing.
      if (account?.lockedUntil && account.lockedUntil > now) {
        await failed('locked');
        throw locked(reply, account.lockedUntil, now);
      }
      // Verify against a dummy hash for unknown users so response time does not reveal who has an account.
      const ok = account?.passwordHash ? await verifyPassword(account.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
      if (!account) {
        await failed('unknownUser');
        throw new DomainError({ code: 'invalidCredentials' });
      }
      if (!ok) {
        const lockedUntil = await failed('wrongPassword', async (tx) => {
          const { lockedUntil } = await recordFailedLogin(tx, account.id, now, ctx.loginPolicy);
          if (lockedUntil) await recordSecurityEvent(tx, { workspaceId: account.workspaceId, userId: account.id, event: 'login.locked', detail: { email, until: lockedUntil.toISOString() }, ip });
          return lockedUntil;
        });
        if (lockedUntil) throw locked(reply, lockedUntil, now);
        throw new DomainError({ code: 'invalidCredentials' });
      }
      // Deactivated users and suspended workspaces get the same answer as a wrong password.
      if (!account.active) {
        await failed('inactive');
        throw new DomainError({ code: 'invalidCredentials' });
      }
      const session = await ctx.db.transaction(async (tx) => {
        await recordSuccessfulLogin(tx, account.id, now);
        await recordSecurityEvent(tx, { workspaceId: account.workspaceId, userId: account.id, event: 'login.succeeded', detail: { email }, ip });
        return createSession(tx, account.id, now);
      });
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
      return { token: session.token, expiresAt: session.expiresAt.toISOString() };
    });

    app.post('/api/auth/logout', { config: { access: 'user' } }, async (request, reply) => {
      const { actor } = authed(request);
      const token = bearerOrCookie(request);
      // An API key is not a session: "logging out" with one ends nothing (revoke the key instead).
      if (token && !actor.apiKey) {
        await ctx.db.transaction(async (tx) => {
          await deleteSession(tx, token);
          await recordSecurityEvent(tx, { workspaceId: actor.workspaceId, userId: actor.userId, event: 'logout', ip: request.ip });
        });
        ctx.sessions.forget({ session: tokenHash(token) });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    });

    app.get('/api/auth/me', { config: { access: 'user' } }, async (request) => me(authed(request).actor));

    app.patch('/api/auth/me', { config: { access: 'user' } }, async (request) => {
      const { actor } = authed(request);
      const prefs = parseInput(preferencesInput, request.body);
      await ctx.db.transaction((tx) => updatePreferences(tx, actor.userId, prefs));
      // Committed: drop this process's cached sessions of the user before their next request.
      ctx.sessions.forget({ user: actor.userId });
      const fresh = await ctx.sessions.resolve(ctx.db, bearerOrCookie(request)!, ctx.now());
      return me(fresh?.actor ?? actor);
    });
  };
}

function me(actor: ReturnType<typeof authed>['actor']) {
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    isAdmin: actor.isAdmin,
    isPlatformAdmin: actor.isPlatformAdmin,
    profileId: actor.profileId,
    roleId: actor.roleId,
    locale: actor.locale,
    timeZone: actor.timeZone,
    workspaceId: actor.workspaceId,
    ...(actor.apiKey ? { apiKey: actor.apiKey } : {}),
  };
}

function locked(reply: FastifyReply, until: Date, now: Date): DomainError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  reply.header('retry-after', String(seconds));
  return new DomainError({ code: 'accountLocked', params: { minutes: Math.ceil(seconds / 60), lockedUntil: until.toISOString() } });
}
