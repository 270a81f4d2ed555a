import {
  DomainError,
  actorReach,
  effectivePermissions,
  fieldLevelInView,
  metadataViewFor,
  recordVisibility,
  type AccessNeed,
  type ActorReach,
  type EffectivePermissions,
  type FieldAccess,
  type ObjectDef,
  type ObjectPermissionName,
  type Visibility,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { SharingRuleRow } from './access-store.ts';

/**
 * What one actor may reach, as the one read path and the one write path
 * use it: object and field permissions, the metadata view they compile
 * against, and the record-visibility predicate per object and need.
 */
export type RecordAccess = {
  /** Who the changes are attributed to and whose records are "own". */
  readonly userId: string;
  readonly permissions: EffectivePermissions;
  readonly reach: ActorReach;
  /** The metadata as the actor may see it: unreadable objects and hidden fields are absent. */
  readonly view: WorkspaceMetadata;
  /** A predicate on the record's row, or undefined when every record qualifies. */
  visibility(object: ObjectDef, need: AccessNeed): Visibility | undefined;
  field(object: string, field: string): FieldAccess;
  /** The workspace's sharing rules, which every record write re-applies. */
  readonly sharingRules: readonly SharingRuleRow[];
};

export function recordAccessFor(input: {
  metadata: WorkspaceMetadata;
  permissions: EffectivePermissions;
  reach: ActorReach;
  sharingRules: readonly SharingRuleRow[];
}): RecordAccess {
  const { metadata, permissions, reach } = input;
  const view = metadataViewFor(metadata, permissions);
  // Levels per field, computed once per actor and metadata version (this object is cached so).
  const levels = new Map<string, FieldAccess>();
  return {
    userId: reach.userId,
    permissions,
    reach,
    view,
    visibility: (object, need) => recordVisibility({ schema: metadata.schema, object, permissions, reach, need, objects: metadata.objects }),
    field: (object, field) => {
      const key = `${object}\u0000${field}`;
      let level = levels.get(key);
      if (level === undefined) {
        level = fieldLevelInView(view, permissions, metadata, object, field);
        levels.set(key, level);
      }
      return level;
    },
    sharingRules: input.sharingRules,
  };
}

/**
 * Full access, for the platform's own work (installing the standard model,
 * seeding, benchmarks) and for effects that follow from a permitted change
 * (cascade deletes). Never built from a request.
 */
export function systemAccess(metadata: WorkspaceMetadata, userId: string, sharingRules: readonly SharingRuleRow[]): RecordAccess {
  return recordAccessFor({
    sharingRules,
    metadata,
    permissions: effectivePermissions({ isAdmin: true, profile: null, permissionSets: [] }),
    reach: actorReach({ userId, roleId: null, roles: [], usersByRole: new Map(), teamIds: [] }),
  });
}

/**
 * The object, if the actor holds `permission` on it. An object that does
 * not exist is 404; one that exists but is out of reach is 403, so people
 * learn they need access rather than that they mistyped.
 */
export function objectFor(metadata: WorkspaceMetadata, access: RecordAccess, apiName: string, permission: ObjectPermissionName): ObjectDef {
  const object = typeof apiName === 'string' && Object.hasOwn(metadata.objects, apiName) ? metadata.objects[apiName] : undefined;
  if (!object) throw new DomainError({ code: 'unknownObject', params: { object: String(apiName).slice(0, 100) } });
  if (!access.permissions.object(object.apiName)[permission]) {
    throw new DomainError({ code: 'forbidden', errors: [{ field: 'object', code: 'invalidValue', params: { detail: `you may not ${permission} ${object.apiName} records` } }] });
  }
  return object;
}

/** Drops fields the actor may not see from a record read with the full metadata. */
export function visibleRecord(access: RecordAccess, objectName: string, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (access.field(objectName, k) !== 'hidden') out[k] = v;
  return out;
}

/**
 * What the UI needs to know to hide what the user cannot do: per readable
 * object its permissions and the access level of each visible field. The
 * UI hides; the server enforces.
 */
export function permissionsDocument(access: RecordAccess) {
  const objects: Record<string, { permissions: ReturnType<EffectivePermissions['object']>; sharingModel: string; fields: Record<string, FieldAccess> }> = {};
  for (const object of Object.values(access.view.objects)) {
    objects[object.apiName] = {
      permissions: access.permissions.object(object.apiName),
      sharingModel: object.sharingModel ?? 'publicReadWrite',
      fields: Object.fromEntries(object.fields.map((f) => [f.apiName, access.field(object.apiName, f.apiName)])),
    };
  }
  return { viewAllData: access.permissions.viewAllData, modifyAllData: access.permissions.modifyAllData, manageSharedViews: access.permissions.manageSharedViews, objects };
}
