import type { ObjectDef, WorkspaceMetadata } from '@mainline/core';
import { announceCacheChange } from '../auth/cache-changes.ts';
import type { Queryable } from '../db/port.ts';

/**
 * Workspace metadata, cached per app by version. Every request already
 * knows its workspace's current metadata_version (it comes with the session),
 * so a stale cache is detected without extra queries and app processes stay
 * stateless: any of them may have changed the metadata. The cache belongs to
 * one app (buildApp makes it), so two apps in one process behave like two
 * processes.
 */
export type MetadataCache = { load(q: Queryable, workspace: WorkspaceVersion): Promise<WorkspaceMetadata> };
type WorkspaceVersion = { id: string; schemaName: string; metadataVersion: number };

export function createMetadataCache(): MetadataCache {
  const cache = new Map<string, WorkspaceMetadata>();
  return {
    async load(q, workspace) {
      const cached = cache.get(workspace.id);
      if (cached && cached.version === workspace.metadataVersion && cached.schema === workspace.schemaName) return cached;
      const fresh = await readMetadata(q, workspace);
      cache.set(workspace.id, fresh);
      return fresh;
    },
  };
}

/** Reads metadata without the cache (inside metadata-changing transactions). */
export async function readMetadata(q: Queryable, workspace: { id: string; schemaName: string; metadataVersion: number }): Promise<WorkspaceMetadata> {
  const { rows } = await q.query<{ api_name: string; definition: ObjectDef }>(
    'select api_name, definition from mainline.object_metadata where workspace_id = $1 order by created_at, api_name',
    [workspace.id],
  );
  const objects: Record<string, ObjectDef> = {};
  for (const r of rows) objects[r.api_name] = r.definition;
  return { schema: workspace.schemaName, version: workspace.metadataVersion, objects };
}

export async function saveObjectDefinition(q: Queryable, workspaceId: string, def: ObjectDef): Promise<void> {
  await q.query(
    `insert into mainline.object_metadata (workspace_id, api_name, definition) values ($1, $2, $3)
     on conflict (workspace_id, api_name) do update set definition = excluded.definition, updated_at = now()`,
    [workspaceId, def.apiName, JSON.stringify(def)],
  );
}

export async function deleteObjectDefinition(q: Queryable, workspaceId: string, apiName: string): Promise<void> {
  await q.query('delete from mainline.object_metadata where workspace_id = $1 and api_name = $2', [workspaceId, apiName]);
}

/**
 * Serialises metadata changes of one workspace (row lock until commit) and
 * returns the workspace's new version, which invalidates every process's cache.
 */
export async function lockMetadataForChange(q: Queryable, workspaceId: string): Promise<{ schemaName: string; metadataVersion: number }> {
  const { rows } = await q.query<{ schema_name: string; metadata_version: string }>(
    'select schema_name, metadata_version from mainline.workspaces where id = $1 for update',
    [workspaceId],
  );
  const r = rows[0];
  if (!r) throw new Error(`workspace ${workspaceId} vanished`);
  return { schemaName: r.schema_name, metadataVersion: Number(r.metadata_version) };
}

export async function bumpMetadataVersion(q: Queryable, workspaceId: string): Promise<number> {
  const { rows } = await q.query<{ metadata_version: string }>(
    'update mainline.workspaces set metadata_version = metadata_version + 1 where id = $1 returning metadata_version',
    [workspaceId],
  );
  // Cached sessions carry the metadata version: every app process must drop them.
  await announceCacheChange(q, { workspace: workspaceId });
  return Number(rows[0]!.metadata_version);
}
