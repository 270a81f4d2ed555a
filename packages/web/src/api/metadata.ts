import { useQuery } from '@tanstack/react-query';
import { api } from './http.ts';
import type { Me, ObjectDef, PermissionsDocument } from './types.ts';

export const METADATA_KEY = ['metadata'] as const;
export const PERMISSIONS_KEY = ['permissions'] as const;

/** Objects the user can read, with only the fields they can see (the server shapes it). */
export function useObjects() {
  return useQuery({
    queryKey: [...METADATA_KEY, 'objects'],
    queryFn: async () => (await api<{ objects: ObjectDef[] }>('/api/metadata/objects')).objects,
    staleTime: 60_000,
  });
}

export function useObjectDef(apiName: string | undefined) {
  const objects = useObjects();
  return { ...objects, data: objects.data?.find((o) => o.apiName === apiName) };
}

export function usePermissions() {
  return useQuery({
    queryKey: PERMISSIONS_KEY,
    queryFn: () => api<PermissionsDocument>('/api/auth/me/permissions'),
    staleTime: 60_000,
  });
}

export type UserSummary = { id: string; name: string; active: boolean };

/** The workspace's users by name (every user may read colleagues' names). */
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ['users'],
    queryFn: async () => (await api<{ users: UserSummary[] }>('/api/users')).users,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useUserNames(me: Me | null | undefined) {
  const users = useUsers(Boolean(me));
  return (id: unknown): string | undefined => {
    if (typeof id !== 'string') return undefined;
    if (me && id === me.id) return me.name;
    return users.data?.find((u) => u.id === id)?.name;
  };
}
