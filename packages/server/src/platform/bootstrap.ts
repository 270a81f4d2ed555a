import { randomBytes } from 'node:crypto';
import type { Database } from '../db/port.ts';
import { createUser } from '../auth/users.ts';
import { installStandardModel, upgradeStandardModels } from '../metadata/standard-model.ts';
import { createWorkspace, migrateAllWorkspaces } from '../workspaces/workspaces.ts';
import { runPlatformMigrations } from './platform-migrations.ts';

export type BootstrapResult = {
  /** Set only on the very first start: how the administrator logs in. */
  firstAdmin?: { email: string; password: string; generated: boolean };
  /** Workspaces that received standard-model additions on this start, or whose upgrade failed. */
  standardModel: Awaited<ReturnType<typeof upgradeStandardModels>>;
};

/**
 * Brings the database up to date and, on a brand-new database, creates the
 * first workspace and its administrator. Safe to run on every start and
 * from several processes at once.
 */
export async function bootstrap(db: Database, opts: { adminEmail?: string; adminPassword?: string; workspaceName?: string } = {}): Promise<BootstrapResult> {
  await runPlatformMigrations(db);
  await migrateAllWorkspaces(db);
  const standardModel = (await upgradeStandardModels(db)).filter((o) => o.error || (o.result?.applied.length ?? 0) > 0 || (o.result?.relabelled.length ?? 0) > 0);
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('mainline.bootstrap'))`);
    const { rows } = await tx.query<{ n: string }>('select count(*) as n from mainline.workspaces');
    if (Number(rows[0]!.n) > 0) return { standardModel };
    const workspace = await createWorkspace(tx, { slug: 'default', name: opts.workspaceName ?? 'Mainline' });
    const email = (opts.adminEmail ?? 'admin@mainline.local').trim().toLowerCase();
    const generated = !opts.adminPassword;
    const password = opts.adminPassword ?? randomBytes(12).toString('base64url');
    const admin = await createUser(tx, { workspaceId: workspace.id, email, name: 'Administrator', password, isAdmin: true, isPlatformAdmin: true, profileId: workspace.profiles.admin });
    await installStandardModel(tx, { workspaceId: workspace.id, actorId: admin.id });
    return { firstAdmin: { email, password, generated }, standardModel };
  });
}
