import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './http.ts';
import type { Locale } from './types.ts';

/** A notification as the server words it, in each language; follow ones also say who changed what. */
export type Notification = {
  id: string;
  kind: 'message' | 'follow';
  object: string | null;
  recordId: string | null;
  recordName: string | null;
  message: Partial<Record<Locale, string>>;
  createdAt: string;
  readAt: string | null;
  operation?: 'update' | 'delete';
};
type NotificationPage = { notifications: Notification[]; unread: number };

const KEY = ['notifications'] as const;
export const NOTIFICATIONS_SHOWN = 10;
/** The bell asks again this often, and whenever the window regains focus. */
const POLL_MS = 60_000;

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api<NotificationPage>(`/api/notifications${query({ limit: NOTIFICATIONS_SHOWN })}`, { signal }),
    enabled,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** Marks read at once in the cache (the badge drops), then on the server; a failure puts it back. */
function useMarking<T>(path: (input: T) => string, apply: (page: NotificationPage, input: T, at: string) => NotificationPage) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: T) => api<unknown>(path(input), { method: 'POST' }),
    onMutate: async (input: T) => {
      await client.cancelQueries({ queryKey: KEY });
      const before = client.getQueryData<NotificationPage>(KEY);
      if (before) client.setQueryData(KEY, apply(before, input, new Date().toISOString()));
      return { before };
    },
    onError: (_error, _input, context) => {
      if (context?.before) client.setQueryData(KEY, context.before);
    },
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export const useMarkRead = () =>
  useMarking<string>(
    (id) => `/api/notifications/${id}/read`,
    (page, id, at) => {
      const was = page.notifications.find((n) => n.id === id);
      return {
        notifications: page.notifications.map((n) => (n.id === id ? { ...n, readAt: n.readAt ?? at } : n)),
        unread: was && !was.readAt ? Math.max(0, page.unread - 1) : page.unread,
      };
    },
  );

export const useMarkAllRead = () =>
  useMarking<void>(
    () => '/api/notifications/read-all',
    (page, _input, at) => ({ notifications: page.notifications.map((n) => ({ ...n, readAt: n.readAt ?? at })), unread: 0 }),
  );
