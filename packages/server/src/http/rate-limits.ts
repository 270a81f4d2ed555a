import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { DomainError } from '@mainline/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RateLimitSettings = {
  /** Requests each API key, user or anonymous IP may make per window. */
  max: number;
  timeWindowMs?: number;
};

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 600, timeWindowMs: 60_000 };

/** Whom a request counts against: its API key, else its user, else (anonymous) its IP. */
export function rateLimitKey(request: FastifyRequest): string {
  const actor = request.actor;
  if (actor?.apiKey) return `key:${actor.apiKey.id}`;
  if (actor) return `user:${actor.userId}`;
  return `ip:${normalizeIP(request.ip)}`;
}

/**
 * Limits requests per identity with @fastify/rate-limit. Its hook is added
 * to each route's own onRequest hooks, which Fastify runs after the app-wide
 * authentication hook, so the key is the authenticated identity. Routes opt
 * out with `config: { rateLimit: false }` (the health check).
 *
 * Counts are kept in each process's memory: behind a load balancer with N
 * processes a client can make up to N × max requests per window. A shared
 * store (the plugin takes a Redis client or a custom store) makes it exact.
 * Requests refused by authentication (401) never reach the limiter.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: settings.max,
    timeWindow: settings.timeWindowMs ?? DEFAULT_RATE_LIMIT.timeWindowMs!,
    // RateLimit-Limit / -Remaining / -Reset (IETF draft) and Retry-After on 429.
    enableDraftSpec: true,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => new DomainError({ code: 'rateLimited', params: { retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) } }),
  });
}
