/** Shapes the API answers with. Metadata types come from the platform's own core package (types only, no code). */
import type { FieldDef, FieldType, Locale, LocalizedText, ObjectDef, PicklistValue } from '@mainline/core';

export type { FieldDef, FieldType, Locale, LocalizedText, ObjectDef, PicklistValue };

export type Me = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  isPlatformAdmin: boolean;
  profileId: string | null;
  roleId: string | null;
  locale: Locale;
  timeZone: string;
  workspaceId: string;
};

export type FieldAccess = 'hidden' | 'readOnly' | 'editable';
export type ObjectPermissions = { read: boolean; create: boolean; edit: boolean; delete: boolean; viewAll: boolean; modifyAll: boolean };
export type PermissionsDocument = {
  viewAllData: boolean;
  modifyAllData: boolean;
  /** May create, change and delete list views shared with everyone. */
  manageSharedViews?: boolean;
  objects: Record<string, { permissions: ObjectPermissions; sharingModel: string; fields: Record<string, FieldAccess> }>;
};

/** A record as the API sends it: field values keyed by apiName, related values by path (`account.name`). */
export type RecordRow = { id: string } & Record<string, unknown>;
export type RecordPage = { records: RecordRow[]; nextCursor: string | null; total?: number };

export type HistoryEntry = {
  id: string;
  recordId: string;
  operation: 'create' | 'update' | 'delete';
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  actorId: string | null;
  changedAt: string;
};
export type HistoryPage = { entries: HistoryEntry[]; nextCursor: string | null };

export type SsoProvider = { id: string; name: string };

export type CurrencyValue = { amount: string; currency: string };
