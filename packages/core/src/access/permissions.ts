/**
 * What a profile or permission set grants. A user's effective permissions
 * are the union of their profile and all their permission sets: a grant
 * anywhere wins (as in Salesforce and Dynamics, sets only ever add).
 */

export const OBJECT_PERMISSIONS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;
export type ObjectPermissionName = (typeof OBJECT_PERMISSIONS)[number];
export type ObjectPermissions = Record<ObjectPermissionName, boolean>;

/** Field-level security. A field no grant mentions is editable for whoever may edit the object. */
export const FIELD_ACCESS_LEVELS = ['hidden', 'readOnly', 'editable'] as const;
export type FieldAccess = (typeof FIELD_ACCESS_LEVELS)[number];

export type PermissionGrant = {
  /** Applies to every object the grant does not list (so new custom objects are usable at once). */
  allObjects?: Partial<ObjectPermissions>;
  objects?: Record<string, Partial<ObjectPermissions>>;
  /** Per object, per field. When several grants name a field, the most open level wins. */
  fields?: Record<string, Record<string, FieldAccess>>;
  /** See every record of every object (still subject to object and field permissions). */
  viewAllData?: boolean;
  /** See and change every record of every object. */
  modifyAllData?: boolean;
  /** Create, change and delete list views shared with the whole workspace (anyone may keep private ones). */
  manageSharedViews?: boolean;
};

export const NO_OBJECT_PERMISSIONS: ObjectPermissions = { read: false, create: false, edit: false, delete: false, viewAll: false, modifyAll: false };
export const ALL_OBJECT_PERMISSIONS: ObjectPermissions = { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };

/** An API key is read-only or read-write, optionally limited to some objects; it narrows its user's permissions, never widens them. */
export type ApiKeyScope = { access: 'read' | 'readWrite'; objects?: string[] };
