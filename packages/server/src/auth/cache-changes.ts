import type { Queryable } from '../db/port.ts';

/** The NOTIFY channel on which app processes tell each other what cached state went stale (see session-cache.ts). */
export const CACHE_CHANNEL = 'mainline_cache';

export type CacheChange = { session: string } | { workspace: string } | { user: string };

const encode = (c: CacheChange): string => ('session' in c ? `session:${c.session}` : 'workspace' in c ? `workspace:${c.workspace}` : `user:${c.user}`);

export function decodeCacheChange(payload: string): CacheChange | undefined {
  const [kind, value] = payload.split(':', 2);
  if (!value) return undefined;
  if (kind === 'session') return { session: value };
  if (kind === 'workspace') return { workspace: value };
  if (kind === 'user') return { user: value };
  return undefined;
}

/** Tells every app process, when the caller's transaction commits, that what it cached about this session, workspace or user is stale. */
export async function announceCacheChange(q: Queryable, change: CacheChange): Promise<void> {
  await q.query('select pg_notify($1, $2)', [CACHE_CHANNEL, encode(change)]);
}
