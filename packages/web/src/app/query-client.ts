import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthenticated } from '../api/http.ts';
import { ME_KEY } from '../api/session.ts';

/** Server state lives here only. A 401 anywhere means the session ended: forget who was signed in. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, q) => {
        if (isUnauthenticated(error) && q.queryKey[0] !== ME_KEY[0]) client.setQueryData(ME_KEY, null);
      },
    }),
    defaultOptions: {
      queries: { retry: (count, error) => !isUnauthenticated(error) && count < 1 && !(error instanceof Error && 'status' in error && Number(error.status) >= 400), refetchOnWindowFocus: false },
    },
  });
  return client;
}
