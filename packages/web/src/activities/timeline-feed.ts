import type { FieldDef, HistoryEntry, ObjectDef, RecordRow } from '../api/types.ts';

export type FeedItem = { type: 'activity'; key: string; at: string; activity: RecordRow } | { type: 'history'; key: string; at: string; entry: HistoryEntry };
export type FeedSource = 'activities' | 'history';
/** One newest-first stream as loaded so far, and whether the server has more of it. */
export type Stream<T> = { items: T[]; more: boolean };

const time = (iso: string): number => new Date(iso).getTime();

/**
 * Two newest-first keyset streams as one feed. Only what is certainly in order
 * is shown: down to the newer of the two streams' oldest loaded items, while that
 * stream has more pages (older items of it could still come before the other's).
 * `next` names the streams "load more" should page on.
 */
export function mergeFeeds(activities: Stream<RecordRow>, history: Stream<HistoryEntry>): { items: FeedItem[]; more: boolean; next: FeedSource[] } {
  const streams: { source: FeedSource; items: FeedItem[]; more: boolean }[] = [
    { source: 'activities', more: activities.more, items: activities.items.map((a) => ({ type: 'activity', key: `a-${a.id}`, at: String(a.createdAt), activity: a })) },
    { source: 'history', more: history.more, items: history.items.map((e) => ({ type: 'history', key: `h-${e.id}`, at: e.changedAt, entry: e })) },
  ];
  const frontier = (s: (typeof streams)[number]): number => (s.items.length === 0 ? Infinity : time(s.items[s.items.length - 1]!.at));
  const open = streams.filter((s) => s.more);
  const cutoff = open.length === 0 ? -Infinity : Math.max(...open.map(frontier));
  const items = streams
    .flatMap((s) => s.items)
    .filter((i) => time(i.at) >= cutoff)
    .sort((a, b) => time(b.at) - time(a.at) || b.key.localeCompare(a.key));
  return { items, more: open.length > 0, next: open.filter((s) => frontier(s) === cutoff).map((s) => s.source) };
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export const dayIn = (timeZone: string, iso: string | Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(typeof iso === 'string' ? new Date(iso) : iso);

/** Consecutive items of the same day in the user's time zone, in feed order. */
export function groupByDay(items: FeedItem[], timeZone: string): { day: string; items: FeedItem[] }[] {
  const groups: { day: string; items: FeedItem[] }[] = [];
  for (const item of items) {
    const day = dayIn(timeZone, item.at);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

const isLookup = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

/**
 * The activities of a record: those whose `relatedObject`/`relatedId` name it, or
 * whose own lookup points at it (an account's, a contact's), from metadata.
 */
export function activitiesFilter(activity: ObjectDef, object: string, id: string): unknown {
  // The metadata holds only the fields the user can see: a hidden one is never filtered on (the server would refuse it).
  const has = (name: string) => activity.fields.some((f) => f.apiName === name);
  const direct = has('relatedObject') && has('relatedId') ? [{ and: [{ field: 'relatedObject', op: 'eq', value: object }, { field: 'relatedId', op: 'eq', value: id }] }] : [];
  const lookups = activity.fields.filter((f) => isLookup(f) && f.target === object).map((f) => ({ field: f.apiName, op: 'eq', value: id }));
  const branches = [...direct, ...lookups];
  // None: match nothing (the server refuses an empty `or`).
  return branches.length === 0 ? { field: 'id', op: 'isNull', value: true } : branches.length === 1 ? branches[0] : { or: branches };
}

/**
 * What a new activity of this record is linked to: the record itself, and each of the
 * activity's lookups either to the record (an account) or to what the record looks up
 * (a contact's account, an opportunity's account).
 */
export function activityLinks(activity: ObjectDef, object: ObjectDef, record: RecordRow): Record<string, unknown> {
  const links: Record<string, unknown> = { relatedObject: object.apiName, relatedId: record.id };
  for (const f of activity.fields.filter(isLookup)) {
    if (f.target === object.apiName) links[f.apiName] = record.id;
    else {
      const via = object.fields.find((o) => isLookup(o) && o.target === f.target && record[o.apiName]);
      if (via) links[f.apiName] = record[via.apiName];
    }
  }
  return links;
}
