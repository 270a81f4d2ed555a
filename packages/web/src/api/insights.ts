import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from './http.ts';
import type { CurrencyValue } from './types.ts';

/** One group of GET /api/records/:object/aggregate: its key per group name, lookup names, and the measures. */
export type AggregateGroup = { key: Record<string, unknown>; labels: Record<string, string | null>; values: Record<string, unknown> };
export type AggregateResult = { groupBy: string[]; measures: string[]; groups: AggregateGroup[]; truncated: boolean };
export type AggregateParams = { object: string; groupBy?: string; measures: string; filter?: unknown; sort?: string; limit?: number };

/** Grouped totals over the records the user can see (the server applies their visibility). */
export function useAggregate(params: AggregateParams, enabled = true) {
  return useQuery({
    queryKey: ['records', params.object, 'aggregate', params],
    queryFn: ({ signal }) =>
      api<AggregateResult>(
        `/api/records/${params.object}/aggregate${query({
          groupBy: params.groupBy,
          measures: params.measures,
          filter: params.filter === undefined ? undefined : JSON.stringify(params.filter),
          sort: params.sort,
          limit: params.limit,
        })}`,
        { signal },
      ),
    enabled,
    staleTime: 30_000,
  });
}

/** A currency measure has one entry per currency; charts and KPIs show the workspace's main one (the largest count of money wins ties by order). */
export function moneyOf(value: unknown, currency?: string): CurrencyValue | null {
  const list = Array.isArray(value) ? (value as CurrencyValue[]) : [];
  return (currency ? list.find((v) => v.currency === currency) : undefined) ?? list[0] ?? null;
}

export type RecentItem = { object: string; id: string; name: string | null; viewedAt: string };

export function useRecentItems(limit = 8) {
  return useQuery({
    queryKey: ['recent', limit],
    queryFn: async ({ signal }) => (await api<{ items: RecentItem[] }>(`/api/recent${query({ limit })}`, { signal })).items,
  });
}

/** Tells the server the user opened a record, for their recent items. */
export function useRememberView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (item: { object: string; id: string }) => api<void>('/api/recent', { method: 'POST', body: item }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['recent'] }),
  });
}
