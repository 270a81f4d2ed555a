import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './http.ts';
import type { HistoryPage, LocalizedText, RecordPage, RecordRow } from './types.ts';

export const PAGE_SIZE = 200;

/** `q`: quick search within the list, matched as global search matches; `limit`: page size (default PAGE_SIZE). */
export type ListParams = { object: string; fields: string[]; sort?: string; filter?: unknown; q?: string; limit?: number };

const filterParam = (filter: unknown): string | undefined => (filter === undefined ? undefined : JSON.stringify(filter));

/** Keyset pages through `nextCursor`; only the first page asks for the total. */
export function useRecordList(params: ListParams, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: ['records', params.object, 'list', params],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<RecordPage>(
        `/api/records/${params.object}${query({
          fields: params.fields.join(','),
          sort: params.sort,
          filter: filterParam(params.filter),
          q: params.q,
          limit: params.limit ?? PAGE_SIZE,
          cursor: pageParam ?? undefined,
          count: pageParam === null ? true : undefined,
        })}`,
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useRecord(object: string, id: string | undefined, fields?: string[]) {
  return useQuery({
    queryKey: ['records', object, 'one', id, fields],
    queryFn: ({ signal }) => api<RecordRow>(`/api/records/${object}/${id}${query({ fields: fields?.join(',') })}`, { signal }),
    enabled: Boolean(id),
  });
}

/** What the signed-in user may do to one record (GET …/access); `locked` while it awaits approval. */
export type RecordAccess = {
  read: true;
  edit: boolean;
  delete: boolean;
  share: boolean;
  locked?: { reason: 'approvalPending'; process: LocalizedText | string; approvalProcess: string; approvalRequest: string; message: string; decide: boolean; recall: boolean };
};

/** Under the record's key, so every write, action and approval decision (they invalidate ['records']) refreshes it. */
export function useRecordAccess(object: string, id: string) {
  return useQuery({
    queryKey: ['records', object, 'access', id],
    queryFn: ({ signal }) => api<RecordAccess>(`/api/records/${object}/${id}/access`, { signal }),
  });
}

/** Who changed what, newest first, in keyset pages. */
export function useRecordHistory(object: string, id: string, limit = 100) {
  return useInfiniteQuery({
    queryKey: ['records', object, 'history', id, limit],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<HistoryPage>(`/api/records/${object}/${id}/history${query({ limit, cursor: pageParam ?? undefined })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Records of `object` whose name contains `text`: what a lookup's type-ahead offers. */
export function useRecordSearch(object: string | undefined, text: string) {
  return useQuery({
    queryKey: ['records', object, 'search', text],
    queryFn: ({ signal }) =>
      api<RecordPage>(
        `/api/records/${object}${query({
          fields: 'name',
          limit: 20,
          sort: 'name',
          filter: text ? JSON.stringify({ field: 'name', op: 'contains', value: text }) : undefined,
        })}`,
        { signal },
      ),
    enabled: Boolean(object),
    staleTime: 30_000,
  });
}

export function useSaveRecord(object: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, values }: { id?: string; values: Record<string, unknown> }) =>
      id ? api<RecordRow>(`/api/records/${object}/${id}`, { method: 'PATCH', body: values }) : api<RecordRow>(`/api/records/${object}`, { method: 'POST', body: values }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['records'] }),
  });
}

export function useDeleteRecord(object: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/records/${object}/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['records'] }),
  });
}

/** The first `limit` records of a filtered list, with the total: what a related list shows. */
export function useRecordSlice(params: ListParams & { limit: number }, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['records', params.object, 'slice', params],
    queryFn: ({ signal }) =>
      api<RecordPage>(
        `/api/records/${params.object}${query({ fields: params.fields.join(','), sort: params.sort, filter: filterParam(params.filter), limit: params.limit, count: true })}`,
        { signal },
      ),
  });
}
