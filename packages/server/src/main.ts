import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from './app.ts';
import { openDatabase } from './db/open-database.ts';
import { DEMO_PASSWORD, loadDemoData } from './demo/demo-data.ts';
import { bootstrap } from './platform/bootstrap.ts';

/** A whole number from the environment, or the default; anything else stops the start with a clear message. */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(raw)}`);
  return n;
}

/** The composition root: read configuration, open the database, serve. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '0.0.0.0';
  const databaseUrl = process.env.DATABASE_URL;
  const dataDir = resolve(process.env.DATA_DIR ?? './data');
  const loginPolicy = { maxFailures: positiveInt('LOGIN_MAX_FAILURES', 5), lockMs: positiveInt('LOGIN_LOCK_MINUTES', 15) * 60_000 };
  const rateLimit = { max: positiveInt('RATE_LIMIT_PER_MINUTE', 600), timeWindowMs: 60_000 };

  // The web app built by `npm start` (scripts/build-web.mjs); WEB_DIR points elsewhere, an empty WEB_DIR serves the API only.
  const webDir = process.env.WEB_DIR ?? resolve(import.meta.dirname, '../../web/dist');
  const webRoot = webDir && existsSync(join(webDir, 'index.html')) ? resolve(webDir) : undefined;

  const db = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  const boot = await bootstrap(db, { adminEmail: process.env.MAINLINE_ADMIN_EMAIL, adminPassword: process.env.MAINLINE_ADMIN_PASSWORD });
  // The automation worker runs in every app process unless AUTOMATION_WORKER=off (e.g. dedicated worker processes elsewhere).
  const automation = {
    worker: process.env.AUTOMATION_WORKER !== 'off',
    pollMs: positiveInt('AUTOMATION_POLL_MS', 1000),
    smtpUrl: process.env.SMTP_URL || undefined,
    mailFrom: process.env.SMTP_FROM || undefined,
    settings: { leaseMs: positiveInt('AUTOMATION_LEASE_MS', 120_000), maxAttempts: positiveInt('AUTOMATION_MAX_ATTEMPTS', 5), backoffMs: positiveInt('AUTOMATION_BACKOFF_MS', 30_000) },
  };
  const app = await buildApp({ db, logger: process.env.LOG_LEVEL !== 'silent', secureCookies: process.env.SECURE_COOKIES === 'true', loginPolicy, rateLimit, publicUrl: process.env.PUBLIC_URL, webRoot, automation });

  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // `npm start -- --demo` (or MAINLINE_DEMO=true) fills the first workspace with a realistic demo company, once.
  const demo = process.argv.includes('--demo') || process.env.MAINLINE_DEMO === 'true';
  if (demo) {
    const { rows } = await db.query<{ id: string }>(`select u.id from mainline.users u join mainline.workspaces w on w.id = u.workspace_id where w.slug = 'default' and u.is_admin order by u.created_at limit 1`);
    const result = rows[0] ? await loadDemoData(app, db, rows[0].id) : { loaded: false };
    console.log(result.loaded ? `Loaded the demo data. Demo users manager@, rep1@, rep2@, agent@ and engineer@demo.mainline.local sign in with "${DEMO_PASSWORD}".` : 'Demo data is already there.');
  }

  await app.listen({ port, host });
  const url = `http://localhost:${port}`;
  const where = databaseUrl ? `PostgreSQL (${new URL(databaseUrl).host})` : `embedded database in ${dataDir}`;
  // One write, so a process reading our output (a supervisor, the tests) sees the whole banner at once.
  const banner = [`\nMainline is running at ${url} on the ${where}.`];
  if (!webRoot) banner.push(`No web app build in ${webDir}: serving the API only (npm start builds it).`);
  const some = (items: string[]) => `${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''}`;
  for (const o of boot.standardModel) {
    if (o.error) continue;
    const { applied, relabelled } = o.result!;
    if (applied.length > 0) banner.push(`Workspace ${o.workspaceId}: added ${applied.length} standard-model items (${some(applied)}).`);
    if (relabelled.length > 0) banner.push(`Workspace ${o.workspaceId}: reworded ${relabelled.length} standard-model texts (${some(relabelled.map((r) => `${r.item} ${r.text} ${r.locales.join('/')}`))}).`);
  }
  if (boot.firstAdmin) {
    banner.push(`First start: created the workspace and its administrator.`, `  Log in as ${boot.firstAdmin.email}`);
    banner.push(boot.firstAdmin.generated ? `  Password (shown only this once): ${boot.firstAdmin.password}` : '  with the password from MAINLINE_ADMIN_PASSWORD.');
  }
  for (const o of boot.standardModel) {
    if (o.error) console.error(`Workspace ${o.workspaceId}: the standard-model upgrade failed and was rolled back: ${o.error}`);
  }
  console.log(banner.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
