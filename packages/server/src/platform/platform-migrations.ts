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
