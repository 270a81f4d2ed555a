import type { WorkspaceMetadata } from '@mainline/core';
import { readMetadata } from '../metadata/metadata-store.ts';
import type { AdminContext } from './access-admin.ts';
import { readSharingRules } from './access-store.ts';
import { recomputeOwnerRules } from './sharing-rules.ts';

/** Rules that share by owner match other records once someone's role or teams change: recompute them in the same transaction. */
export async function refreshOwnerRulesFor(ctx: AdminContext): Promise<void> {
  const rules = await readSharingRules(ctx.tx, ctx.workspaceId);
  if (!rules.some((r) => r.definition.ownedBy)) return;
  await recomputeOwnerRules(ctx.tx, await readWorkspaceMetadata(ctx), rules);
}

/** The workspace's metadata as of this transaction (uncached: the change may be part of it). */
export async function readWorkspaceMetadata(ctx: AdminContext): Promise<WorkspaceMetadata> {
  const { rows } = await ctx.tx.query<{ schema_name: string; metadata_version: string }>('select schema_name, metadata_version from mainline.workspaces where id = $1', [ctx.workspaceId]);
  return readMetadata(ctx.tx, { id: ctx.workspaceId, schemaName: rows[0]!.schema_name, metadataVersion: Number(rows[0]!.metadata_version) });
}
