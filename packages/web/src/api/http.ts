import { currentLocale } from '../i18n/i18n.ts';

export type FieldProblem = { field: string; code: string; message: string };
export type Problem = { type?: string; title: string; status: number; code: string; detail?: string; errors?: FieldProblem[] };

/** An answer that was not 2xx: the server's problem+json, or one made up for network failures. */
export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

type Json = Record<string, unknown> | unknown[];

/**
 * Calls the API on this origin with the session cookie (httpOnly: scripts never see
 * the token). Messages come back in the UI's language.
 */
export async function api<T>(path: string, init: { method?: string; body?: Json; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { 'accept-language': currentLocale(), ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ProblemError({ title: 'network', status: 0, code: 'network' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (data && typeof data === 'object' ? data : { title: response.statusText, status: response.status, code: 'http' }) as Problem;
    throw new ProblemError(problem);
  }
  return data as T;
}

/** A query string from defined values only. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** What to tell the user of a failed call: the server's own words when it answered, else `fallback`. */
export const problemText = (error: unknown, fallback: string): string => (error instanceof ProblemError ? (error.problem.detail ?? error.problem.title) : fallback);

export const isUnauthenticated = (error: unknown): boolean => error instanceof ProblemError && error.status === 401;
