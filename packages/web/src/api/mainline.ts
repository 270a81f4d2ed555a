import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';
import type { RecordRow } from './types.ts';

/** A business action as `GET /api/metadata/objects/{object}/actions` lists it. */
export type ActionInfo = { name: string; description: string; collection: boolean };

export function useObjectActions(object: string) {
  return useQuery({
    queryKey: ['metadata', 'actions', object],
    queryFn: async () => (await api<{ actions: ActionInfo[] }>(`/api/metadata/objects/${object}/actions`)).actions,
    staleTime: 5 * 60_000,
  });
}

/** Runs `POST /api/records/{object}/{id}/actions/{action}`; every record may have changed afterwards. */
export function useRunAction(object: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: Record<string, unknown> }) => api<Record<string, unknown>>(`/api/records/${object}/${id}/actions/${action}`, { method: 'POST', body: body ?? {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['records'] }),
  });
}

export type CreditPosition = { limit: string | null; receivables: string; openOrders: string; available: string | null };
export type Customer360 = {
  account: RecordRow;
  contacts: RecordRow[] | null;
  openOpportunities: RecordRow[] | null;
  quotes: RecordRow[] | null;
  orders: RecordRow[] | null;
  cases: RecordRow[] | null;
  activities: RecordRow[] | null;
  satisfaction: { csatAverage: string | null; npsLatest: number | null; responses: RecordRow[] } | null;
  club: RecordRow[] | null;
  credit: CreditPosition | null;
  value: { rfmScore: number | null; valueLevel: string | null; lastOrderDate: string | null };
};

export function useCustomer360(accountId: string) {
  return useQuery({
    queryKey: ['records', 'account', 'customer360', accountId],
    queryFn: ({ signal }) => api<Customer360>(`/api/records/account/${accountId}/customer360`, { signal }),
  });
}
