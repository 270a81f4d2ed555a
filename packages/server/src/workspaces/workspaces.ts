import { uuidv7 } from 'uuidv7';
import type { Database, Queryable } from '../db/port.ts';
import { createDefaultProfiles, type DefaultProfileIds } from '../access/default-profiles.ts';
import { migrateWorkspaceSchema } from './workspace-schema.ts';
import { lockMetadataForChange, readMetadata } from '../metadata/metadata-store.ts';
import { syncSearchIndex } from '../search/search-index.ts';

export type Workspace = {
  id: string;
  slug: string;
  name: string;
  schemaName: string;
  status: string;
  metadataVersion: number;
  accessVersion: number;
  defaultLocale: string;
  defaultCurrency: string;
};

export const WORKSPACE_SLUG = /^[a-z][a-z0-9_]{1,39}$/;

/** Each workspace gets its own Postgres schema named after its slug, and the default profiles. */
export async function createWorkspace(tx: Queryable, input: { slug: string; name: string }): Promise<Workspace & { profiles: DefaultProfileIds }> {
  if (!WORKSPACE_SLUG.test(input.slug)) throw new Error(`invalid workspace slug ${JSON.stringify(input.slug)}`);
  const id = uuidv7();
  const schemaName = `ws_${input.slug}`;
  await tx.query('insert into mainline.workspaces (id, slug, name, schema_name) values ($1, $2, $3, $4)', [id, input.slug, input.name, schemaName]);
  await migrateWorkspaceSchema(tx, { id, schemaName, schemaVersion: 0 });
  const profiles = await createDefaultProfiles(tx, id);
  return { ...(await getWorkspace(tx, id))!, profiles };
}

export async function getWorkspace(q: Queryable, id: string): Promise<Workspace | undefined> {
  const { rows } = await q.query<Record<string, unknown>>('select * from mainline.workspaces where id = $1', [id]);
  return rows[0] ? toWorkspace(rows[0]) : undefined;
}

export async function listWorkspaces(q: Queryable): Promise<Workspace[]> {
  const { rows } = await q.query<Record<string, unknown>>('select * from mainline.workspaces order by created_at');
  return rows.map(toWorkspace);
}

/**
 * Brings every workspace schema up to the current version (run at start-up),
 * and indexes for search whatever is not yet indexed (records of a workspace
 * that predates search, or an index of an older form).
 */
export async function migrateAllWorkspaces(db: Database): Promise<void> {
  const { rows } = await db.query<{ id: string; schema_name: string; schema_version: number }>('select id, schema_name, schema_version from mainline.workspaces');
  for (const w of rows) {
    await db.transaction(async (tx) => {
      await migrateWorkspaceSchema(tx, { id: w.id, schemaName: w.schema_name, schemaVersion: w.schema_version });
      // Under the metadata lock: another process starting, or a metadata change, waits instead of indexing the same fields at once.
      const ws = await lockMetadataForChange(tx, w.id);
      await syncSearchIndex(tx, await readMetadata(tx, { id: w.id, ...ws }));
    });
  }
}

function toWorkspace(r: Record<string, unknown>): Workspace {
  return {
    id: r.id as string,
    slug: r.slug as string,
    name: r.name as string,
    schemaName: r.schema_name as string,
    status: r.status as string,
    metadataVersion: Number(r.metadata_version),
    accessVersion: Number(r.access_version),
    defaultLocale: r.default_locale as string,
    defaultCurrency: r.default_currency as string,
  };
}
