import { useMutation, useQueryClient } from '@tanstack/react-query';
import { currentLocale } from '../i18n/i18n.ts';
import { api, ProblemError, query, type Problem } from './http.ts';

/** The server's cap on one bulk request (MAX_BULK_RECORDS). */
export const MAX_BULK_RECORDS = 200;

export type BulkRequest = { action: 'update'; ids: string[]; values: Record<string, unknown> } | { action: 'delete'; ids: string[] };
export type BulkOutcome = { id: string; ok: true } | { id: string; ok: false; problem: Problem };
export type BulkResult = { succeeded: number; failed: number; results: BulkOutcome[] };

/** Mass update or delete; each record succeeds or fails on its own, so the lists are refreshed either way. */
export function useBulkAction(object: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkRequest) => api<BulkResult>(`/api/records/${object}/bulk`, { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: ['records'] }),
  });
}

/**
 * Fetches the CSV of a list view and hands it to the browser as a download.
 * Fetched rather than linked so a refused export (too many rows, a filter
 * that no longer fits the metadata) comes back as a problem to show.
 */
export async function downloadCsv(object: string, params: { fields: string[]; sort?: string; filter?: unknown; q?: string }): Promise<void> {
  const url = `/api/records/${object}/export.csv${query({
    fields: params.fields.join(','),
    sort: params.sort,
    filter: params.filter === undefined ? undefined : JSON.stringify(params.filter),
    q: params.q,
  })}`;
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': currentLocale() } });
  } catch {
    throw new ProblemError({ title: 'network', status: 0, code: 'network' });
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({ title: response.statusText, status: response.status, code: 'http' }))) as Problem;
    throw new ProblemError(problem);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${object}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
