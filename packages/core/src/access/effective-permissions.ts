import { checkFormulaField } from '../formula/check-formula.ts';
import { rollupStillHolds } from '../query/rollup-columns.ts';
import type { ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';
import {
  ALL_OBJECT_PERMISSIONS,
  FIELD_ACCESS_LEVELS,
  NO_OBJECT_PERMISSIONS,
  OBJECT_PERMISSIONS,
  type ApiKeyScope,
  type FieldAccess,
  type ObjectPermissions,
  type PermissionGrant,
} from './permissions.ts';

/** What one user may do, object by object and field by field. */
export type EffectivePermissions = {
  /** Every record of every object is visible (view all data, modify all data, administrators). */
  readonly viewAllData: boolean;
  readonly modifyAllData: boolean;
  /** May create, change and delete shared list views (administrators, or a grant that says so). */
  readonly manageSharedViews: boolean;
  object(apiName: string): ObjectPermissions;
  field(object: string, field: string): FieldAccess;
};

export type PermissionSource = {
  /** Workspace administrators may do everything (an API key may still narrow it). */
  isAdmin: boolean;
  profile: PermissionGrant | null;
  permissionSets: readonly PermissionGrant[];
  apiKey?: ApiKeyScope;
};

// Fields the platform sets itself: readable by whoever reads the object, never written through the API.
const SERVER_SET = new Set(['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy']);
// Fields every record needs: field-level security cannot hide them.
const ALWAYS_VISIBLE = new Set(['name', 'ownerId']);

const rank = (a: FieldAccess): number => FIELD_ACCESS_LEVELS.indexOf(a);

/** A grant implies what it needs: changing or deleting a record means reading it, modify-all means view-all. */
function closed(p: ObjectPermissions): ObjectPermissions {
  const modifyAll = p.modifyAll;
  const viewAll = p.viewAll || modifyAll;
  const edit = p.edit || modifyAll;
  const del = p.delete || modifyAll;
  return { read: p.read || viewAll || edit || del || p.create, create: p.create, edit, delete: del, viewAll, modifyAll };
}

function grantFor(grant: PermissionGrant, object: string): ObjectPermissions {
  if (grant.modifyAllData) return ALL_OBJECT_PERMISSIONS;
  const specific = grant.objects && Object.hasOwn(grant.objects, object) ? grant.objects[object] : undefined;
  const base = { ...NO_OBJECT_PERMISSIONS, ...(specific ?? grant.allObjects ?? {}) };
  if (grant.viewAllData) return { ...base, read: true, viewAll: true };
  return base;
}

function narrowByKey(p: ObjectPermissions, object: string, key: ApiKeyScope | undefined): ObjectPermissions {
  if (!key) return p;
  if (key.objects && !key.objects.includes(object)) return NO_OBJECT_PERMISSIONS;
  if (key.access === 'read') return { ...p, create: false, edit: false, delete: false, modifyAll: false };
  return p;
}

/**
 * Profile and permission sets combine by union: a grant anywhere wins.
 * Field-level security starts from the profile (a field it does not name is
 * editable) and permission sets can only open a field further.
 */
export function effectivePermissions(source: PermissionSource): EffectivePermissions {
  const grants = [...(source.profile ? [source.profile] : []), ...source.permissionSets];
  const modifyAllData = source.isAdmin || grants.some((g) => g.modifyAllData === true);
  const viewAllData = modifyAllData || grants.some((g) => g.viewAllData === true);
  const objects = new Map<string, ObjectPermissions>();
  const key = source.apiKey;
  const keyAllowsAllObjects = !key?.objects;
  const manageSharedViews = source.isAdmin || grants.some((g) => g.manageSharedViews === true);
  return {
    viewAllData: viewAllData && keyAllowsAllObjects,
    modifyAllData: modifyAllData && keyAllowsAllObjects && key?.access !== 'read',
    manageSharedViews: manageSharedViews && key?.access !== 'read',
    object(apiName) {
      let p = objects.get(apiName);
      if (!p) {
        const union = { ...NO_OBJECT_PERMISSIONS };
        if (modifyAllData) Object.assign(union, ALL_OBJECT_PERMISSIONS);
        for (const g of grants) {
          const one = grantFor(g, apiName);
          for (const k of OBJECT_PERMISSIONS) union[k] ||= one[k];
        }
        p = narrowByKey(closed(union), apiName, key);
        objects.set(apiName, p);
      }
      return p;
    },
    field(object, field) {
      if (SERVER_SET.has(field)) return 'readOnly';
      if (ALWAYS_VISIBLE.has(field) || source.isAdmin) return 'editable';
      let level: FieldAccess = source.profile?.fields?.[object]?.[field] ?? 'editable';
      for (const set of source.permissionSets) {
        const raised = set.fields?.[object]?.[field];
        if (raised && rank(raised) > rank(level)) level = raised;
      }
      return level;
    },
  };
}

/**
 * The metadata as one user may see it: objects they cannot read and fields
 * hidden from them are simply absent. Reads compile against this view, so a
 * hidden field cannot be selected, filtered, sorted or followed, and an
 * error about it reads exactly like one about a field that does not exist.
 */
export function metadataViewFor(metadata: WorkspaceMetadata, permissions: EffectivePermissions): WorkspaceMetadata {
  const objects: Record<string, ObjectDef> = {};
  let narrowed = false;
  for (const [apiName, object] of Object.entries(metadata.objects)) {
    if (!permissions.object(apiName).read) {
      narrowed = true;
      continue;
    }
    const fields = object.fields.filter((f) => permissions.field(apiName, f.apiName) !== 'hidden');
    if (fields.length === object.fields.length) {
      objects[apiName] = object;
      continue;
    }
    narrowed = true;
    const visible = new Set(fields.map((f) => f.apiName));
    const listColumns = object.listColumns?.filter((c) => visible.has(c.split('.')[0]!));
    objects[apiName] = { ...object, fields, ...(listColumns ? { listColumns } : {}) };
  }
  const view = { ...metadata, objects };
  return narrowed ? withoutLeakingFormulas(view) : view;
}

/**
 * A formula field is hidden from whoever cannot see everything it reads: a
 * hidden field, or an object they cannot read, would otherwise show through
 * its result (`IF(salary > 50000, …)`). In the view such a formula no longer
 * checks, which is the test; removing one formula field can break another
 * that reads it, so this runs until nothing changes. A roll-up likewise:
 * it is hidden from whoever cannot read the detail object, its reference,
 * the summarised field or a field its filter reads.
 */
function withoutLeakingFormulas(view: WorkspaceMetadata): WorkspaceMetadata {
  let current = view;
  for (;;) {
    let changed = false;
    const objects: Record<string, ObjectDef> = {};
    for (const [apiName, object] of Object.entries(current.objects)) {
      const fields = object.fields.filter((f) =>
        f.type === 'formula' ? checkFormulaField({ metadata: current, object, field: f }).ok : f.type === 'rollup' ? rollupStillHolds(current, apiName, f) : true,
      );
      if (fields.length !== object.fields.length) changed = true;
      objects[apiName] = fields.length === object.fields.length ? object : { ...object, fields };
    }
    if (!changed) return current;
    current = { ...current, objects };
  }
}

/**
 * A field's level for one reader, given their view: formula fields their
 * view dropped are hidden, and a visible formula field is read-only
 * (nothing can write a computed value).
 */
export function fieldLevelInView(view: WorkspaceMetadata, permissions: EffectivePermissions, metadata: WorkspaceMetadata, object: string, field: string): FieldAccess {
  const level = permissions.field(object, field);
  const def = Object.hasOwn(metadata.objects, object) ? metadata.objects[object]!.fields.find((f) => f.apiName === field) : undefined;
  if ((def?.type !== 'formula' && def?.type !== 'rollup') || level === 'hidden') return level;
  const seen = Object.hasOwn(view.objects, object) && view.objects[object]!.fields.some((f) => f.apiName === field);
  return seen ? 'readOnly' : 'hidden';
}
