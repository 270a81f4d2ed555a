import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/port.ts';
import { hashPassword } from './passwords.ts';

export type NewUser = {
  workspaceId: string;
  email: string;
  name: string;
  password?: string;
  isAdmin?: boolean;
  isPlatformAdmin?: boolean;
  isIntegration?: boolean;
  locale?: string;
  timeZone?: string;
  profileId?: string | null;
  roleId?: string | null;
};

export async function createUser(q: Queryable, input: NewUser): Promise<{ id: string }> {
  const id = uuidv7();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await q.query(
    `insert into mainline.users (id, workspace_id, email, name, password_hash, is_admin, is_platform_admin, is_integration, locale, time_zone, profile_id, role_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      input.workspaceId,
      input.email.trim().toLowerCase(),
      input.name,
      passwordHash,
      input.isAdmin ?? false,
      input.isPlatformAdmin ?? false,
      input.isIntegration ?? false,
      input.locale ?? 'zh-CN',
      input.timeZone ?? 'Asia/Shanghai',
      input.profileId ?? null,
      input.roleId ?? null,
    ],
  );
  return { id };
}

export async function findUserForLogin(q: Queryable, email: string): Promise<{ id: string; passwordHash: string | null; active: boolean } | undefined> {
  const { rows } = await q.query<{ id: string; password_hash: string | null; active: boolean }>(
    `select u.id, u.password_hash, u.active and w.status = 'active' as active
       from mainline.users u join mainline.workspaces w on w.id = u.workspace_id
      where lower(u.email) = lower($1)`,
    [email.trim()],
  );
  const r = rows[0];
  return r ? { id: r.id, passwordHash: r.password_hash, active: r.active } : undefined;
}
