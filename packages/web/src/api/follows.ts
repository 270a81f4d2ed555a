import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { withoutFollow, type FollowedRecord, type FollowsPage } from '../following/followed-pages.ts';
import { api, query } from './http.ts';

export type FollowState = { following: boolean; followers: number };
export type { FollowedRecord, FollowsPage };

const keyOf = (object: string, id: string) => ['follow', object, id] as const;
/** Every page of "what I follow", whatever the object filter: a follow or unfollow anywhere refreshes them all. */
const FOLLOWS_KEY = ['follows'] as const;
const FOLLOWS_PAGE = 50;

export function useFollowState(object: string, id: string) {
  return useQuery({
    queryKey: keyOf(object, id),
    queryFn: ({ signal }) => api<FollowState>(`/api/records/${object}/${id}/follow`, { signal }),
  });
}

/** Follows or unfollows at once in the cache; a refusal puts the button back (and the caller says why). */
export function useToggleFollow(object: string, id: string) {
  const client = useQueryClient();
  const key = keyOf(object, id);
  return useMutation({
    mutationFn: (follow: boolean) => api<void>(`/api/records/${object}/${id}/follow`, { method: follow ? 'PUT' : 'DELETE' }),
    onMutate: async (follow: boolean) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<FollowState>(key);
      if (before && before.following !== follow) client.setQueryData<FollowState>(key, { following: follow, followers: Math.max(0, before.followers + (follow ? 1 : -1)) });
      return { before };
    },
    onError: (_error, _follow, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: key }), client.invalidateQueries({ queryKey: FOLLOWS_KEY })]),
  });
}

/** The records I follow, newest follow first, in keyset pages; the server leaves out those deleted or no longer visible to me. */
export function useFollowedRecords(object?: string) {
  return useInfiniteQuery({
    queryKey: [...FOLLOWS_KEY, object ?? null],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api<FollowsPage>(`/api/follows${query({ object, limit: FOLLOWS_PAGE, cursor: pageParam ?? undefined })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

const UNFOLLOW_KEY = ['unfollow'] as const;
type Snapshot = [readonly unknown[], InfiniteData<FollowsPage, string | null> | undefined][];

/**
 * Unfollows from the list of what I follow: the row goes at once from every
 * cached page; a refusal puts the pages back as they were (the caller says why).
 * The record's own follow state is refetched, so its page shows the change.
 * `tell` is called for each unfollow, however many run at once (a call's own
 * callbacks would be lost with its row, which unmounts as it goes).
 */
export function useUnfollow(tell: { done: (record: FollowedRecord) => void; refused: (error: Error, record: FollowedRecord) => void }) {
  const client = useQueryClient();
  return useMutation({
    mutationKey: UNFOLLOW_KEY,
    mutationFn: (record: FollowedRecord) => api<void>(`/api/records/${record.object}/${record.id}/follow`, { method: 'DELETE' }),
    onMutate: async (record): Promise<{ before: Snapshot }> => {
      await client.cancelQueries({ queryKey: FOLLOWS_KEY });
      const before: Snapshot = client.getQueriesData<InfiniteData<FollowsPage, string | null>>({ queryKey: FOLLOWS_KEY });
      client.setQueriesData<InfiniteData<FollowsPage, string | null>>({ queryKey: FOLLOWS_KEY }, (data) => (data ? { ...data, pages: withoutFollow(data.pages, record) } : data));
      return { before };
    },
    onSuccess: (_data, record) => tell.done(record),
    onError: (error, record, context) => {
      for (const [key, data] of context?.before ?? []) client.setQueryData(key, data);
      tell.refused(error, record);
    },
    onSettled: async (_data, _error, record) => {
      await client.invalidateQueries({ queryKey: keyOf(record.object, record.id) });
      // Several rows unfollowed in quick succession: refetching after the first would bring back a row whose DELETE is still on its way.
      if (client.isMutating({ mutationKey: UNFOLLOW_KEY }) === 1) await client.invalidateQueries({ queryKey: FOLLOWS_KEY });
    },
  });
}
