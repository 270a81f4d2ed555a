import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../api/http.ts';
import { PERMISSIONS_KEY } from '../api/metadata.ts';
import type { Locale } from '../api/types.ts';

/** What the administration API answers (packages/server/src/access, auth/api-key-routes, auth/sso). */

export type AdminUser = {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  timeZone: string;
  isAdmin: boolean;
  isIntegration: boolean;
  active: boolean;
  profileId: string | null;
  roleId: string | null;
  permissionSetIds: string[];
  teamIds: string[];
  lastLoginAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
};
export type Role = { id: string; name: string; parentId: string | null };
export type ObjectGrant = Partial<Record<ObjectPermissionName, boolean>>;
export type PermissionGrant = {
  allObjects?: ObjectGrant;
  objects?: Record<string, ObjectGrant>;
  fields?: Record<string, Record<string, FieldLevel>>;
  viewAllData?: boolean;
  modifyAllData?: boolean;
};
export type PermissionHolder = { id: string; name: string; description: string | null; permissions: PermissionGrant };
export type Team = { id: string; name: string; description: string | null; memberIds: string[] };
export type GranteeType = 'user' | 'team' | 'role' | 'roleAndSubordinates';
export type Grantee = { type: GranteeType; id: string };
export type SharingRule = { id: string; object: string; name: string; description?: string | null; criteria?: unknown; ownedBy?: Grantee; sharedWith: Grantee; access: 'read' | 'edit' };
export type ApiKey = {
  id: string;
  name: string;
  userId: string;
  prefix: string;
  scope: { access: 'read' | 'readWrite'; objects?: string[] };
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
};
export type IdentityProvider = {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  defaultProfileId: string | null;
  defaultRoleId: string | null;
  enabled: boolean;
  redirectUri: string;
  createdAt: string;
};
export type AuditEntry = { id: string; event: string; userId: string | null; detail: Record<string, unknown>; ip: string | null; occurredAt: string };

export const OBJECT_PERMISSIONS = ['read', 'create', 'edit', 'delete', 'viewAll', 'modifyAll'] as const;
export type ObjectPermissionName = (typeof OBJECT_PERMISSIONS)[number];
export const FIELD_LEVELS = ['hidden', 'readOnly', 'editable'] as const;
export type FieldLevel = (typeof FIELD_LEVELS)[number];
export type HolderKind = 'profiles' | 'permission-sets';

const ADMIN = ['admin'] as const;

/** One list of the administration API, unwrapped from its `{ key: [...] }` envelope. */
function useAdminList<T>(path: string, key: string | null) {
  return useQuery({
    queryKey: [...ADMIN, path],
    queryFn: async () => {
      const body = await api<Record<string, T[]> | T[]>(path);
      return key === null ? (body as T[]) : (body as Record<string, T[]>)[key]!;
    },
    staleTime: 30_000,
  });
}

export const useAdminUsers = () => useAdminList<AdminUser>('/api/admin/users', 'users');
export const useRoles = () => useAdminList<Role>('/api/admin/roles', 'roles');
export const useHolders = (kind: HolderKind) => useAdminList<PermissionHolder>(`/api/admin/${kind}`, kind === 'profiles' ? 'profiles' : 'permissionSets');
export const useTeams = () => useAdminList<Team>('/api/admin/teams', 'teams');
export const useSharingRules = () => useAdminList<SharingRule>('/api/admin/sharing-rules', 'sharingRules');
export const useApiKeys = () => useAdminList<ApiKey>('/api/admin/api-keys', 'apiKeys');
export const useIdentityProviders = () => useAdminList<IdentityProvider>('/api/admin/identity-providers', null);

export function useSecurityAudit(filters: { event?: string; before?: string }) {
  return useQuery({
    queryKey: [...ADMIN, 'audit', filters],
    queryFn: () => api<{ entries: AuditEntry[]; nextCursor: string | null }>(`/api/admin/security-audit${query({ limit: 50, ...filters })}`),
  });
}

type Change = { method: 'POST' | 'PATCH' | 'DELETE'; path: string; body?: Record<string, unknown> };

/**
 * Any administration write. Access changes reshape what everyone may see, so
 * every administration list and the caller's own permissions are refetched.
 */
export function useAdminChange<T = unknown>() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) => api<T>(change.path, { method: change.method, ...(change.body ? { body: change.body } : {}) }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ADMIN }), client.invalidateQueries({ queryKey: PERMISSIONS_KEY }), client.invalidateQueries({ queryKey: ['users'] })]),
  });
}
