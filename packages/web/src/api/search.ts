import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, query } from './http.ts';

/** One record found: its name, a few values to tell it apart (by field path) and the fields that matched. */
export type SearchHit = { id: string; name: string | null; fields: Record<string, unknown>; matched: string[] };
export type SearchGroup = { object: string; records: SearchHit[]; more: boolean };
export type SearchAnswer = { q: string; groups: SearchGroup[] };

/** What the server searches: at most this many characters. */
export const SEARCH_MAX_LENGTH = 100;

/** Worth asking the server: one Chinese character, or two of anything else (one letter matches too much to help). */
export function searchable(text: string): boolean {
  const t = text.trim();
  return /\p{Script=Han}/u.test(t) || [...t.replace(/[\p{P}\p{S}\p{Z}]/gu, '')].length >= 2;
}

/** `GET /api/search`: the best `limit` records per object the user may read. */
export function useGlobalSearch(text: string, limit: number) {
  const q = text.trim().slice(0, SEARCH_MAX_LENGTH);
  return useQuery({
    queryKey: ['records', 'search', q, limit],
    queryFn: ({ signal }) => api<SearchAnswer>(`/api/search${query({ q, limit })}`, { signal }),
    enabled: searchable(q),
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
}
