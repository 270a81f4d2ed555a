import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../../db/port.ts';

/** An OpenID Connect identity provider a workspace signs its users in with. */
export type IdentityProvider = {
  id: string;
  workspaceId: string;
  name: string;
  issuer: string;
  clientId: string;
  /** Never leaves the server: responses say only whether one is set. */
  clientSecret: string | null;
  defaultProfileId: string | null;
  defaultRoleId: string | null;
  enabled: boolean;
  createdAt: string;
};

export type IdentityProviderFields = {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  defaultProfileId: string | null;
  defaultRoleId: string | null;
  enabled: boolean;
};

const COLUMNS: Record<keyof IdentityProviderFields, string> = {
  name: 'name',
  issuer: 'issuer',
  clientId: 'client_id',
  clientSecret: 'client_secret',
  defaultProfileId: 'default_profile_id',
  defaultRoleId: 'default_role_id',
  enabled: 'enabled',
};

const toProvider = (r: Record<string, unknown>): IdentityProvider => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  name: r.name as string,
  issuer: r.issuer as string,
  clientId: r.client_id as string,
  clientSecret: (r.client_secret as string | null) ?? null,
  defaultProfileId: (r.default_profile_id as string | null) ?? null,
  defaultRoleId: (r.default_role_id as string | null) ?? null,
  enabled: r.enabled as boolean,
  createdAt: r.created_at as string,
});

export async function listIdentityProviders(q: Queryable, workspaceId: string): Promise<IdentityProvider[]> {
  const { rows } = await q.query<Record<string, unknown>>('select * from mainline.identity_providers where workspace_id = $1 order by name, id', [workspaceId]);
  return rows.map(toProvider);
}

/** A provider of the given workspace; another workspace's provider is as good as absent. */
export async function getIdentityProvider(q: Queryable, where: { workspaceId: string; id: string }): Promise<IdentityProvider | undefined> {
  const { rows } = await q.query<Record<string, unknown>>('select * from mainline.identity_providers where id = $1 and workspace_id = $2', [where.id, where.workspaceId]);
  return rows[0] ? toProvider(rows[0]) : undefined;
}

/** For the public login routes, which know only the provider id: also says whether its workspace is active. */
export async function findProviderForLogin(q: Queryable, id: string): Promise<(IdentityProvider & { workspaceActive: boolean }) | undefined> {
  const { rows } = await q.query<Record<string, unknown>>(
    `select p.*, w.status = 'active' as workspace_active
       from mainline.identity_providers p join mainline.workspaces w on w.id = p.workspace_id
      where p.id = $1`,
    [id],
  );
  const r = rows[0];
  return r ? { ...toProvider(r), workspaceActive: r.workspace_active as boolean } : undefined;
}

/** Enabled providers of an active workspace, for its login page. Unknown slugs give an empty list, so workspaces cannot be enumerated. */
export async function listLoginProviders(q: Queryable, workspaceSlug: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await q.query<{ id: string; name: string }>(
    `select p.id, p.name
       from mainline.identity_providers p join mainline.workspaces w on w.id = p.workspace_id
      where w.slug = $1 and w.status = 'active' and p.enabled
      order by p.name, p.id`,
    [workspaceSlug],
  );
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

export async function insertIdentityProvider(q: Queryable, workspaceId: string, fields: IdentityProviderFields): Promise<IdentityProvider> {
  const { rows } = await q.query<Record<string, unknown>>(
    `insert into mainline.identity_providers (id, workspace_id, name, issuer, client_id, client_secret, default_profile_id, default_role_id, enabled)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [uuidv7(), workspaceId, fields.name, fields.issuer, fields.clientId, fields.clientSecret, fields.defaultProfileId, fields.defaultRoleId, fields.enabled],
  );
  return toProvider(rows[0]!);
}

export async function updateIdentityProvider(q: Queryable, where: { workspaceId: string; id: string }, changes: Partial<IdentityProviderFields>): Promise<IdentityProvider | undefined> {
  const keys = (Object.keys(changes) as (keyof IdentityProviderFields)[]).filter((k) => changes[k] !== undefined);
  if (keys.length === 0) return getIdentityProvider(q, where);
  const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 3}`).join(', ');
  const { rows } = await q.query<Record<string, unknown>>(`update mainline.identity_providers set ${sets} where id = $1 and workspace_id = $2 returning *`, [where.id, where.workspaceId, ...keys.map((k) => changes[k])]);
  return rows[0] ? toProvider(rows[0]) : undefined;
}

export async function deleteIdentityProvider(q: Queryable, where: { workspaceId: string; id: string }): Promise<IdentityProvider | undefined> {
  const { rows } = await q.query<Record<string, unknown>>('delete from mainline.identity_providers where id = $1 and workspace_id = $2 returning *', [where.id, where.workspaceId]);
  return rows[0] ? toProvider(rows[0]) : undefined;
}
