import type { Database } from '../db/port.ts';

/**
 * Platform tables (workspaces, users, sessions, metadata) live in one schema;
 * each workspace's business tables live in a schema of its own.
 * Migrations are append-only: never edit one that has shipped.
 */
export const PLATFORM_SCHEMA = 'mainline';

type Migration = { id: string; sql: string };

const MIGRATIONS: Migration[] = [
  {
    id: '0001-platform',
    sql: `
      create table mainline.workspaces (
        id uuid primary key,
        slug text not null unique,
        name text not null,
        schema_name text not null unique,
        status text not null default 'active',
        metadata_version bigint not null default 1,
        schema_version int not null default 0,
        default_locale text not null default 'zh-CN',
        default_currency text not null default 'CNY',
        created_at timestamptz not null default now()
      );
      create table mainline.users (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        email text not null,
        name text not null,
        password_hash text,
        locale text not null default 'zh-CN',
        time_zone text not null default 'Asia/Shanghai',
        is_admin boolean not null default false,
        active boolean not null default true,
        created_at timestamptz not null default now()
      );
      create unique index users_email_uq on mainline.users (lower(email));
      create index users_workspace_ix on mainline.users (workspace_id);
      create table mainline.sessions (
        token_hash text primary key,
        user_id uuid not null references mainline.users(id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      );
      create index sessions_user_ix on mainline.sessions (user_id);
      create table mainline.object_metadata (
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        api_name text not null,
        definition jsonb not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (workspace_id, api_name)
      );
    `,
  },
  {
    // Identity and access control: roles, profiles, permission sets, teams,
    // sharing rules, API keys, single sign-on and the security audit log.
    id: '0002-access-control',
    sql: `
      alter table mainline.workspaces add column access_version bigint not null default 1;
      create table mainline.roles (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        name text not null,
        parent_id uuid references mainline.roles(id) on delete restrict,
        created_at timestamptz not null default now(),
        unique (workspace_id, name)
      );
      create table mainline.profiles (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        name text not null,
        description text,
        permissions jsonb not null default '{}',
        created_at timestamptz not null default now(),
        unique (workspace_id, name)
      );
      create table mainline.permission_sets (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        name text not null,
        description text,
        permissions jsonb not null default '{}',
        created_at timestamptz not null default now(),
        unique (workspace_id, name)
      );
      alter table mainline.users
        add column profile_id uuid references mainline.profiles(id) on delete restrict,
        add column role_id uuid references mainline.roles(id) on delete set null,
        add column is_platform_admin boolean not null default false,
        add column is_integration boolean not null default false,
        add column failed_logins int not null default 0,
        add column locked_until timestamptz,
        add column last_login_at timestamptz;
      create index users_role_ix on mainline.users (role_id);
      create table mainline.user_permission_sets (
        user_id uuid not null references mainline.users(id) on delete cascade,
        permission_set_id uuid not null references mainline.permission_sets(id) on delete cascade,
        primary key (user_id, permission_set_id)
      );
      create table mainline.teams (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        name text not null,
        description text,
        created_at timestamptz not null default now(),
        unique (workspace_id, name)
      );
      create table mainline.team_members (
        team_id uuid not null references mainline.teams(id) on delete cascade,
        user_id uuid not null references mainline.users(id) on delete cascade,
        primary key (team_id, user_id)
      );
      create index team_members_user_ix on mainline.team_members (user_id);
      create table mainline.sharing_rules (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        object text not null,
        name text not null,
        definition jsonb not null,
        created_at timestamptz not null default now(),
        unique (workspace_id, object, name)
      );
      create table mainline.api_keys (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        user_id uuid not null references mainline.users(id) on delete cascade,
        name text not null,
        key_hash text not null unique,
        prefix text not null,
        scope jsonb not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      create index api_keys_workspace_ix on mainline.api_keys (workspace_id);
      create table mainline.identity_providers (
        id uuid primary key,
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        name text not null,
        issuer text not null,
        client_id text not null,
        client_secret text,
        default_profile_id uuid references mainline.profiles(id) on delete set null,
        default_role_id uuid references mainline.roles(id) on delete set null,
        enabled boolean not null default true,
        created_at timestamptz not null default now(),
        unique (workspace_id, name)
      );
      create table mainline.user_identities (
        provider_id uuid not null references mainline.identity_providers(id) on delete cascade,
        subject text not null,
        user_id uuid not null references mainline.users(id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (provider_id, subject)
      );
      create table mainline.security_audit (
        id bigserial primary key,
        workspace_id uuid references mainline.workspaces(id) on delete cascade,
        user_id uuid,
        event text not null,
        detail jsonb not null default '{}',
        ip text,
        occurred_at timestamptz not null default now()
      );
      create index security_audit_workspace_ix on mainline.security_audit (workspace_id, id);
    `,
  },
  {
    // Single sign-on: logins in flight between /start and /callback. They
    // live in the database, not in process memory, because the callback may
    // reach any app process behind the load balancer. Rows are single-use
    // (deleted when consumed) and short-lived.
    id: '0004-sso',
    sql: `
      create table mainline.sso_login_states (
        state_hash text primary key,
        provider_id uuid not null references mainline.identity_providers(id) on delete cascade,
        browser_hash text not null,
        code_verifier text not null,
        nonce text not null,
        redirect_uri text not null,
        return_to text not null,
        expires_at timestamptz not null,
        created_at timestamptz not null default now()
      );
      create index sso_login_states_expiry_ix on mainline.sso_login_states (expires_at);
    `,
  },
  {
    // Standard-model upgrades: which standard items (objects, fields, picklist
    // values, rules, roles) each workspace has ever received, so a later
    // upgrade adds what is new and never brings back what a customer removed;
    // the fingerprint of the model last applied, so start-up skips workspaces
    // already current; and a stable key for the roles the standard rules name.
    id: '0005-standard-model-upgrades',
    sql: `
      alter table mainline.workspaces add column standard_model_hash text;
      create table mainline.standard_model_items (
        workspace_id uuid not null references mainline.workspaces(id) on delete cascade,
        item text not null,
        applied_at timestamptz not null default now(),
        primary key (workspace_id, item)
      );
      alter table mainline.roles add column standard_key text;
      create unique index roles_standard_key_uq on mainline.roles (workspace_id, standard_key) where standard_key is not null;
    `,
  },
  {
    // The wording (labels, help text, messages by language) the standard model
    // last gave each item, so a later rewording reaches a workspace wherever it
    // still shows exactly that, and never where an administrator changed it.
    // Null for items remembered before: compared with what the model shipped then.
    id: '0006-standard-model-texts',
    sql: `alter table mainline.standard_model_items add column texts jsonb;`,
  },
];

export async function runPlatformMigrations(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`create schema if not exists ${PLATFORM_SCHEMA}`);
    // Several app processes may start at once against one PostgreSQL: only one migrates.
    await tx.query(`select pg_advisory_xact_lock(hashtext('mainline.migrations'))`);
    await tx.exec(`create table if not exists ${PLATFORM_SCHEMA}.migrations (id text primary key, applied_at timestamptz not null default now())`);
    const { rows } = await tx.query<{ id: string }>(`select id from ${PLATFORM_SCHEMA}.migrations`);
    const applied = new Set(rows.map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (applied.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query(`insert into ${PLATFORM_SCHEMA}.migrations (id) values ($1)`, [m.id]);
    }
  });
}
