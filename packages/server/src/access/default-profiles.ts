import type { PermissionGrant } from '@mainline/core';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/port.ts';

/** Profiles every workspace starts with; administrators edit them or add their own. */
const DEFAULT_PROFILES: { key: 'admin' | 'standard' | 'readOnly'; name: string; description: string; permissions: PermissionGrant }[] = [
  { key: 'admin', name: 'System Administrator', description: 'Sees and changes all data.', permissions: { modifyAllData: true, viewAllData: true, allObjects: { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true } } },
  { key: 'standard', name: 'Standard User', description: 'Works with the records they own or that are shared with them.', permissions: { allObjects: { read: true, create: true, edit: true, delete: true } } },
  { key: 'readOnly', name: 'Read Only', description: 'Reads the records shared with them.', permissions: { allObjects: { read: true } } },
];

export type DefaultProfileIds = Record<(typeof DEFAULT_PROFILES)[number]['key'], string>;

export async function createDefaultProfiles(tx: Queryable, workspaceId: string): Promise<DefaultProfileIds> {
  const ids = {} as DefaultProfileIds;
  for (const p of DEFAULT_PROFILES) {
    const id = uuidv7();
    await tx.query('insert into mainline.profiles (id, workspace_id, name, description, permissions) values ($1, $2, $3, $4, $5)', [id, workspaceId, p.name, p.description, JSON.stringify(p.permissions)]);
    ids[p.key] = id;
  }
  return ids;
}
