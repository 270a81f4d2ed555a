import type { ObjectDef } from '../api/types.ts';

/**
 * The sidebar follows the business mainline: objects grouped by their
 * metadata `category` (sales, marketing, service, club; a custom category
 * shows as itself), detail objects folded into one group at the end.
 */
const ORDER = ['sales', 'marketing', 'service', 'club'] as const;
export type GroupKey = (typeof ORDER)[number] | 'other' | 'details';
export const GROUP_KEYS: ReadonlySet<string> = new Set<GroupKey>([...ORDER, 'other', 'details']);

export function navigationGroups(objects: readonly ObjectDef[]): { key: string; objects: ObjectDef[] }[] {
  const groups = new Map<string, ObjectDef[]>();
  for (const o of objects) {
    const key = o.sharingModel === 'controlledByParent' ? 'details' : (o.category ?? 'other');
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const rank = (k: string) => (k === 'details' ? 1000 : k === 'other' ? 999 : ORDER.indexOf(k as (typeof ORDER)[number]) === -1 ? 500 : ORDER.indexOf(k as (typeof ORDER)[number]));
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([key, list]) => ({ key, objects: list }));
}
