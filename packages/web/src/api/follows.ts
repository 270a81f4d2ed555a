import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';

export type FollowState = { following: boolean; followers: number };

const keyOf = (object: string, id: string) => ['follow', object, id] as const;

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
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}
