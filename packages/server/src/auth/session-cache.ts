import type { Database, Queryable } from '../db/port.ts';
import { CACHE_CHANNEL, decodeCacheChange, type CacheChange } from './cache-changes.ts';
import { actorForApiKey, isApiKeySecret } from './api-keys.ts';
import { actorForToken, tokenHash, type Actor, type WorkspaceRef } from './sessions.ts';

/**
 * Resolved sessions, kept briefly in each app process so a request costs
 * one database round trip (its own work) instead of two.
 *
 * Whatever changes what a cached entry says — a logout, a metadata change
 * (the entry carries the workspace's metadata version), and later a user's
 * deactivation or a workspace's suspension — announces it with
 * `announceCacheChange` inside its transaction. Postgres delivers the NOTIFY
 * only on commit, to every app process; the process that made the change
 * also forgets locally right after commit, so it never serves its own
 * stale entry. If a process loses its listening connection it drops
 * everything, and TTL bounds staleness in any case. Nothing here needs
 * sticky sessions: any process can serve any request.
 *
 * API keys (`mlk_…`) are cached the same way, keyed by the same hash of the
 * bearer credential: revoking a key announces `{ session: <key hash> }`.
 */
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;


type Entry = { actor: Actor; workspace: WorkspaceRef; expiresAt: number; cachedAt: number };

export type SessionCache = {
  resolve(q: Queryable, token: string, now: Date): Promise<{ actor: Actor; workspace: WorkspaceRef } | undefined>;
  forget(change: CacheChange): void;
  close(): Promise<void>;
};

export async function createSessionCache(db: Database, opts: { ttlMs?: number } = {}): Promise<SessionCache> {
  const ttl = opts.ttlMs ?? TTL_MS;
  const entries = new Map<string, Entry>();
  const forget = (change: CacheChange): void => {
    if ('session' in change) entries.delete(change.session);
    else
      for (const [key, e] of entries) {
        if ('workspace' in change ? e.workspace.id === change.workspace : e.actor.userId === change.user) entries.delete(key);
      }
  };
  const unlisten = await db.listen(CACHE_CHANNEL, (payload) => {
    if (payload === null) return entries.clear();
    const change = decodeCacheChange(payload);
    if (change) forget(change);
    else entries.clear(); // an unknown message from a newer version: be safe
  });
  return {
    async resolve(q, token, now) {
      if (token.length > 200) return undefined;
      const key = tokenHash(token);
      const hit = entries.get(key);
      const t = now.getTime();
      if (hit && t - hit.cachedAt < ttl && t < hit.expiresAt) return { actor: hit.actor, workspace: hit.workspace };
      const found = isApiKeySecret(token) ? await actorForApiKey(q, token, now) : await actorForToken(q, token, now);
      if (!found) {
        entries.delete(key);
        return undefined;
      }
      // Map keeps insertion order: re-inserting makes this the newest, the first key the oldest.
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, { ...found, expiresAt: found.expiresAt.getTime(), cachedAt: t });
      return { actor: found.actor, workspace: found.workspace };
    },
    forget,
    close: unlisten,
  };
}
