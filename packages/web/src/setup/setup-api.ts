import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http.ts';
import { METADATA_KEY, PERMISSIONS_KEY } from '../api/metadata.ts';
import type { FieldDef, ObjectDef } from '../api/types.ts';

/** Metadata changes reshape every list, form and filter: refetch metadata, permissions and records. */
function useInvalidateMetadata() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: METADATA_KEY }), client.invalidateQueries({ queryKey: PERMISSIONS_KEY }), client.invalidateQueries({ queryKey: ['records'] })]);
}

export function useCreateObject() {
  const invalidate = useInvalidateMetadata();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ObjectDef>('/api/metadata/objects', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useSaveField(object: string) {
  const invalidate = useInvalidateMetadata();
  return useMutation({
    mutationFn: ({ apiName, body }: { apiName?: string; body: Record<string, unknown> }) =>
      apiName
        ? api<FieldDef>(`/api/metadata/objects/${object}/fields/${apiName}`, { method: 'PATCH', body })
        : api<FieldDef>(`/api/metadata/objects/${object}/fields`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useSaveObject() {
  const invalidate = useInvalidateMetadata();
  return useMutation({
    mutationFn: ({ apiName, body }: { apiName: string; body: Record<string, unknown> }) => api<ObjectDef>(`/api/metadata/objects/${apiName}`, { method: 'PATCH', body }),
    onSuccess: invalidate,
  });
}
