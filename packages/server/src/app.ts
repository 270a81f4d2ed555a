import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { authRoutes } from './auth/auth-routes.ts';
import { registerAuthentication } from './auth/authenticate.ts';
import { createSessionCache } from './auth/session-cache.ts';
import { ssoRoutes } from './auth/sso/sso-routes.ts';
import type { Database } from './db/port.ts';
import { registerProblemHandling } from './http/problem.ts';
import { metadataRoutes } from './metadata/metadata-routes.ts';
import { createMetadataCache } from './metadata/metadata-store.ts';
import { createAccessCache } from './access/access-store.ts';
import { accessAdminRoutes } from './access/access-admin-routes.ts';
import { openApiRoutes } from './metadata/openapi-routes.ts';
import { recordRoutes } from './records/record-routes.ts';

export type AppOptions = {
  db: Database;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  logger?: boolean;
  secureCookies?: boolean;
  /** The public origin users reach the app at (e.g. https://crm.example.com), for redirect URIs such as single sign-on's; else taken from each request. */
  publicUrl?: string;
};

/** Builds the HTTP app around an open database; main.ts listens, tests use app.inject(). */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Deeply nested bodies are refused by the parser before any handler sees them.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 500 },
  });
  registerProblemHandling(app);
  const sessions = await createSessionCache(opts.db);
  app.addHook('onClose', () => sessions.close());
  // Cookies are parsed in an onRequest hook: it must come before authentication's, or the session cookie is never seen.
  await app.register(cookie);
  registerAuthentication(app, { db: opts.db, now, sessions });
  await app.register(helmet, { contentSecurityPolicy: false });

  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  await app.register(authRoutes({ db: opts.db, now, secureCookies: opts.secureCookies ?? false, sessions }));
  await app.register(ssoRoutes({ db: opts.db, now, secureCookies: opts.secureCookies ?? false, publicUrl: opts.publicUrl }));
  const metadata = createMetadataCache();
  const access = createAccessCache();
  await app.register(metadataRoutes({ db: opts.db, sessions, metadata, access }));
  await app.register(recordRoutes({ db: opts.db, now, metadata, access }));
  await app.register(openApiRoutes({ db: opts.db, metadata, access }));
  await app.register(accessAdminRoutes({ db: opts.db, sessions }));
  return app;
}
