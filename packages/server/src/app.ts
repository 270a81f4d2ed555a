import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiKeyRoutes } from './auth/api-key-routes.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { registerAuthentication } from './auth/authenticate.ts';
import { DEFAULT_LOGIN_POLICY, type LoginPolicy } from './auth/login-protection.ts';
import { securityAuditRoutes } from './auth/security-audit-routes.ts';
import { createSessionCache } from './auth/session-cache.ts';
import { ssoRoutes } from './auth/sso/sso-routes.ts';
import type { Database } from './db/port.ts';
import { registerProblemHandling } from './http/problem.ts';
import { DEFAULT_RATE_LIMIT, registerRateLimits, type RateLimitSettings } from './http/rate-limits.ts';
import { formulaRoutes } from './formula/formula-routes.ts';
import { metadataRoutes } from './metadata/metadata-routes.ts';
import { createMetadataCache } from './metadata/metadata-store.ts';
import { createAccessCache } from './access/access-store.ts';
import { accessAdminRoutes } from './access/access-admin-routes.ts';
import { userDirectoryRoutes } from './access/user-directory-routes.ts';
import { openApiRoutes } from './metadata/openapi-routes.ts';
import { recordRoutes } from './records/record-routes.ts';
import { searchRoutes } from './search/search-routes.ts';
import { viewRoutes } from './views/view-routes.ts';
import { webAppRoutes } from './web/web-app-routes.ts';
import { workspaceRoutes } from './workspaces/workspace-routes.ts';
import { automationRoutes } from './automation/automation-routes.ts';
import { notificationRoutes } from './notifications/notification-routes.ts';
import { approvalRoutes } from './approvals/approval-routes.ts';
import { createAutomationWorker, type AutomationWorker } from './automation/automation-worker.ts';
import { createMailer } from './automation/email-delivery.ts';
import { DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from './automation/run-due-jobs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The automation worker of this app: `runDueJobs()` runs one pass now. */
    automation: AutomationWorker;
  }
}

export type AutomationOptions = {
  /** Run the background worker (main.ts turns it on; tests call app.automation.runDueJobs() instead). */
  worker?: boolean;
  pollMs?: number;
  /** smtp://user:pass@host:port; without it email actions fail with that reason. */
  smtpUrl?: string;
  mailFrom?: string;
  settings?: Partial<AutomationSettings>;
};

export type AppOptions = {
  db: Database;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  logger?: boolean;
  secureCookies?: boolean;
  /** The public origin users reach the app at (e.g. https://crm.example.com), for redirect URIs such as single sign-on's; else taken from each request. */
  publicUrl?: string;
  /** Account lockout and per-IP login throttling; defaults: 5 failures lock for 15 minutes. */
  loginPolicy?: Partial<LoginPolicy>;
  /** Requests per API key, user or anonymous IP per window (default 600 a minute); false turns limiting off (benchmarks). */
  rateLimit?: RateLimitSettings | false;
  /** The built web app (packages/web/dist) to serve at /, with index.html for client routes; absent: API only. */
  webRoot?: string;
  automation?: AutomationOptions;
  /** Told of each route as it is registered (tests list the routes the app answers). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
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
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  registerProblemHandling(app);
  const sessions = await createSessionCache(opts.db);
  app.addHook('onClose', () => sessions.close());
  // Cookies are parsed in an onRequest hook: it must come before authentication's, or the session cookie is never seen.
  await app.register(cookie);
  registerAuthentication(app, { db: opts.db, now, sessions });
  await app.register(helmet, { contentSecurityPolicy: false });
  // Before any route: the limiter attaches itself to routes as they are added.
  if (opts.rateLimit !== false) await registerRateLimits(app, opts.rateLimit ?? DEFAULT_RATE_LIMIT);

  app.get('/healthz', { config: { access: 'public', rateLimit: false } }, async () => ({ status: 'ok' }));
  const loginPolicy = { ...DEFAULT_LOGIN_POLICY, ...opts.loginPolicy };
  await app.register(authRoutes({ db: opts.db, now, secureCookies: opts.secureCookies ?? false, sessions, loginPolicy }));
  await app.register(apiKeyRoutes({ db: opts.db, now, sessions }));
  await app.register(securityAuditRoutes({ db: opts.db }));
  await app.register(workspaceRoutes({ db: opts.db, sessions }));
  await app.register(ssoRoutes({ db: opts.db, now, secureCookies: opts.secureCookies ?? false, publicUrl: opts.publicUrl }));
  const metadata = createMetadataCache();
  const access = createAccessCache();
  await app.register(metadataRoutes({ db: opts.db, sessions, metadata, access }));
  await app.register(recordRoutes({ db: opts.db, now, metadata, access }));
  await app.register(searchRoutes({ db: opts.db, now, metadata, access }));
  await app.register(viewRoutes({ db: opts.db, now, metadata, access }));
  await app.register(openApiRoutes({ db: opts.db, metadata, access }));
  await app.register(formulaRoutes({ db: opts.db, metadata, access }));
  await app.register(accessAdminRoutes({ db: opts.db, sessions }));
  await app.register(userDirectoryRoutes({ db: opts.db }));
  await app.register(automationRoutes({ db: opts.db, now }));
  await app.register(notificationRoutes({ db: opts.db, now, metadata, access }));
  await app.register(approvalRoutes({ db: opts.db, metadata, access }));
  const auto = opts.automation ?? {};
  const worker = createAutomationWorker({
    db: opts.db,
    now,
    metadata,
    access,
    settings: { ...DEFAULT_AUTOMATION_SETTINGS, ...auto.settings },
    mailer: auto.smtpUrl ? createMailer(auto.smtpUrl, auto.mailFrom ?? 'Mainline <automation@mainline.local>') : undefined,
    pollMs: auto.pollMs ?? 1000,
    start: auto.worker === true,
    log: (error) => app.log.error(error, 'automation worker pass failed'),
  });
  app.decorate('automation', worker);
  app.addHook('onClose', () => worker.stop());
  // Last: the web app answers every other GET with index.html.
  if (opts.webRoot) await app.register(webAppRoutes({ root: opts.webRoot }));
  return app;
}
