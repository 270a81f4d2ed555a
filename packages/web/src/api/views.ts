import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './http.ts';
import type { ListView, LocalizedText, SortKey } from '@mainline/core';

export type { ListView, SortKey };

export type ViewDraft = { label?: string | LocalizedText; columns?: string[]; filter?: unknown; sort?: SortKey[]; visibility?: 'private' | 'shared' };

const viewsKey = (object: string) => ['views', object] as const;

export function useListViews(object: string) {
  return useQuery({
    queryKey: viewsKey(object),
    queryFn: async () => (await api<{ views: ListView[] }>(`/api/views${query({ object })}`)).views,
    staleTime: 30_000,
  });
}

export function useSaveView(object: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, draft }: { id?: string; draft: ViewDraft }) =>
      id ? api<ListView>(`/api/views/${id}`, { method: 'PATCH', body: draft }) : api<ListView>('/api/views', { method: 'POST', body: { object, ...draft } }),
    onSuccess: () => client.invalidateQueries({ queryKey: viewsKey(object) }),
  });
}

export function useDeleteView(object: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: viewsKey(object) }),
  });
}

/** "-amount,name" for the list endpoint. */
export const sortParam = (keys: SortKey[]): string | undefined => (keys.length === 0 ? undefined : keys.map((k) => (k.direction === 'desc' ? '-' : '') + k.field).join(','));

export function sortKeys(param: string | undefined): SortKey[] {
  if (!param) return [];
  return param.split(',').filter(Boolean).map((p) => ({ field: p.replace(/^-/, ''), direction: p.startsWith('-') ? 'desc' : 'asc' }));
}
