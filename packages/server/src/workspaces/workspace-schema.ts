import { ident, qualified, render, sql } from '@mainline/core';
import type { Queryable } from '../db/port.ts';

/**
 * Tables every workspace schema holds besides its business tables: field
 * history, the change-event log and its commit-order counter. Versioned like
 * platform migrations, applied per workspace.
 */
const WORKSPACE_MIGRATIONS: ((schema: string) => string)[] = [
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    return `
      create table ${q('_history')} (
        id bigserial primary key,
        object text not null,
        record_id uuid not null,
        operation text not null,
        field text,
        old_value jsonb,
        new_value jsonb,
        actor_id uuid,
        changed_at timestamptz not null default now()
      );
      create index on ${q('_history')} (object, record_id, id);
      create table ${q('_events')} (
        seq bigint primary key,
        object text not null,
        record_id uuid not null,
        operation text not null,
        changed_fields text[] not null,
        actor_id uuid,
        occurred_at timestamptz not null default now()
      );
      create table ${q('_event_counter')} (id int primary key check (id = 1), last bigint not null);
      insert into ${q('_event_counter')} values (1, 0);
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Record shares that ownership, the role hierarchy and org-wide defaults do not
    // already give: manual shares, record teams and sharing rules. A grantee is
    // 'u:<user>', 't:<team>', 'r:<role>' or 'rs:<role>' (the role and its subordinates).
    // Events keep the record's owner so deletions can be shown to those who saw the record.
    return `
      create table ${q('_shares')} (
        object text not null,
        record_id uuid not null,
        grantee text not null,
        access text not null check (access in ('read', 'edit')),
        cause text not null,
        created_at timestamptz not null default now(),
        primary key (object, record_id, grantee, cause)
      );
      create index on ${q('_shares')} (grantee, object, record_id);
      alter table ${q('_events')} add column owner_id uuid;
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Automation's durable jobs live beside the change log in the workspace schema, so a job is
    // enqueued in the same transaction as the change that started it (nothing is lost) and a
    // workspace's jobs go when the workspace goes. \`dedupe_key\` makes scheduled firings unique.
    // History and events name the rule ("object.rule") when an automation job made the change.
    return `
      create table ${q('_automation_jobs')} (
        id uuid primary key,
        object text not null,
        rule text not null,
        record_id uuid not null,
        trigger text not null,
        actor_id uuid not null,
        depth int not null,
        payload jsonb not null,
        next_action int not null default 0,
        status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
        attempts int not null default 0,
        run_at timestamptz not null,
        locked_until timestamptz,
        last_error text,
        dedupe_key text unique,
        created_at timestamptz not null,
        finished_at timestamptz
      );
      create index on ${q('_automation_jobs')} (status, run_at);
      create table ${q('_automation_schedule')} (object text not null, rule text not null, scanned_until timestamptz not null, primary key (object, rule));
      create table ${q('_automation_secrets')} (object text not null, rule text not null, secret text not null, primary key (object, rule));
      create table ${q('_notifications')} (
        id uuid primary key,
        user_id uuid not null,
        object text,
        record_id uuid,
        rule text,
        message jsonb not null,
        created_at timestamptz not null,
        read_at timestamptz
      );
      create index on ${q('_notifications')} (user_id, created_at);
      alter table ${q('_history')} add column automation text;
      alter table ${q('_events')} add column automation text;
      create table ${q('_assignment_cursor')} (object text not null, rule text not null, entry int not null, last_user uuid, primary key (object, rule, entry));
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Approval requests: one row per submission, its decisions kept in order in \`history\`.
    // \`approvers\` are the users the current step was resolved to when reached (what
    // "awaiting me" lists); a decision re-checks who may act. At most one request per
    // record is pending: the partial unique index backs the check made under the row lock.
    return `
      create table ${q('_approval_requests')} (
        id uuid primary key,
        object text not null,
        record_id uuid not null,
        process text not null,
        status text not null check (status in ('pending', 'approved', 'rejected', 'recalled')),
        step int not null,
        submitter_id uuid not null,
        approvers uuid[] not null default '{}',
        history jsonb not null default '[]',
        submitted_at timestamptz not null,
        decided_at timestamptz,
        updated_at timestamptz not null
      );
      create unique index on ${q('_approval_requests')} (object, record_id) where status = 'pending';
      create index on ${q('_approval_requests')} (object, record_id, submitted_at);
      create index on ${q('_approval_requests')} using gin (approvers) where status = 'pending';
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // The search index: one row per searchable field value, kept by the record write path in the
    // record's transaction (search/search-index.ts). Pinyin is computed once, when the value is
    // written. \`_search_fields\` says which fields are indexed and how, so a field that becomes
    // searchable (or changes type) is backfilled, and one that stops being searchable is dropped.
    return `
      create table ${q('_search')} (
        object text not null,
        record_id uuid not null,
        field text not null,
        value text not null,
        initials text,
        pinyin text,
        grams text[] not null,
        primary key (object, record_id, field)
      );
      create index on ${q('_search')} using gin (grams);
      create table ${q('_search_fields')} (object text not null, field text not null, form text not null, primary key (object, field));
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Saved list views: columns, filter and sort of one object's list. A private view is its
    // owner's alone; a shared one is everyone's who can read the object. Standard views come
    // with the standard model (no owner). The label is text a user typed or localised labels.
    return `
      create table ${q('_list_views')} (
        id uuid primary key,
        object text not null,
        label jsonb not null,
        columns jsonb not null,
        filter jsonb,
        sort jsonb not null default '[]',
        visibility text not null check (visibility in ('private', 'shared')),
        owner_id uuid,
        standard boolean not null default false,
        position int not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (visibility = 'shared' or owner_id is not null)
      );
      create index on ${q('_list_views')} (object, visibility, owner_id);
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Recent items: the records each user opened last (capped per user by the code that records them).
    return `
      create table ${q('_recent_items')} (
        user_id uuid not null,
        object text not null,
        record_id uuid not null,
        viewed_at timestamptz not null,
        primary key (user_id, object, record_id)
      );
      create index on ${q('_recent_items')} (user_id, viewed_at desc);
    `;
  },
  (s) => {
    const q = (t: string) => render(qualified(s, t)).text;
    // Follows: who follows which record (records/record-follows.ts). A record's follows go in the
    // transaction that deletes it; follows of an object since deleted are ignored when read.
    // A follower's notification names who changed which fields (API names, labelled and filtered
    // by the reader's field access when read) and never a value; \`owner_id\` and \`record_name\`
    // are the record's as the change left it, for deletions, whose rows are gone when read.
    return `
      create table ${q('_follows')} (
        user_id uuid not null,
        object text not null,
        record_id uuid not null,
        created_at timestamptz not null,
        primary key (user_id, object, record_id)
      );
      create index on ${q('_follows')} (object, record_id);
      create index on ${q('_follows')} (user_id, created_at desc);
      alter table ${q('_notifications')} add column kind text not null default 'message', add column actor_id uuid,
        add column operation text, add column fields text[], add column owner_id uuid, add column record_name text;
      create index on ${q('_notifications')} (user_id) where read_at is null;
    `;
  },
];

export const WORKSPACE_SCHEMA_VERSION = WORKSPACE_MIGRATIONS.length;

export async function migrateWorkspaceSchema(tx: Queryable, workspace: { id: string; schemaName: string; schemaVersion: number }): Promise<void> {
  if (workspace.schemaVersion >= WORKSPACE_MIGRATIONS.length) return;
  await tx.exec(render(sql`create schema if not exists ${ident(workspace.schemaName)}`).text);
  for (let v = workspace.schemaVersion; v < WORKSPACE_MIGRATIONS.length; v++) {
    await tx.exec(WORKSPACE_MIGRATIONS[v]!(workspace.schemaName));
  }
  await tx.query('update mainline.workspaces set schema_version = $1 where id = $2', [WORKSPACE_MIGRATIONS.length, workspace.id]);
}
