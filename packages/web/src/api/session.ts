import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyLocale } from '../i18n/i18n.ts';
import { api, isUnauthenticated, query } from './http.ts';
import type { Locale, Me, SsoProvider } from './types.ts';

export const ME_KEY = ['me'] as const;

/** Who is signed in (null: nobody). Signing in applies the user's own language. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('/api/auth/me');
        applyLocale(me.locale);
        return me;
      } catch (error) {
        if (isUnauthenticated(error)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<{ expiresAt: string }>('/api/auth/login', { method: 'POST', body }),
    // The session cookie is set by the answer; the token in its body is deliberately not kept.
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      await client.refetchQueries({ queryKey: ME_KEY });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      client.clear();
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** Switches the language at once; a signed-in user's choice is saved to their account too. */
export function useChangeLocale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (locale: Locale) => {
      applyLocale(locale);
      const me = client.getQueryData<Me | null>(ME_KEY);
      return me ? api<Me>('/api/auth/me', { method: 'PATCH', body: { locale } }) : null;
    },
    onSuccess: (me) => {
      if (me) client.setQueryData(ME_KEY, me);
    },
  });
}

export function useSsoProviders(workspace: string) {
  return useQuery({
    queryKey: ['sso-providers', workspace],
    queryFn: () => api<SsoProvider[]>(`/api/auth/sso/providers${query({ workspace })}`),
    staleTime: 10 * 60_000,
  });
}
