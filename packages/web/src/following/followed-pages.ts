/** One row of `GET /api/follows`: `name` is null where the reader may not see the record's name field. */
export type FollowedRecord = { object: string; id: string; name: string | null; followedAt: string };
export type FollowsPage = { follows: FollowedRecord[]; nextCursor: string | null };

const same = (a: Pick<FollowedRecord, 'object' | 'id'>, b: Pick<FollowedRecord, 'object' | 'id'>) => a.object === b.object && a.id === b.id;

/** The pages without one follow (an optimistic unfollow); cursors stay, since the server pages by follow time, not by position. */
export function withoutFollow(pages: FollowsPage[], record: Pick<FollowedRecord, 'object' | 'id'>): FollowsPage[] {
  return pages.map((page) => (page.follows.some((f) => same(f, record)) ? { ...page, follows: page.follows.filter((f) => !same(f, record)) } : page));
}

/**
 * The badge colour of an object in the list: the same object always gets the
 * same hue, so a long list reads by kind at a glance, with no colour to configure.
 */
const HUES = ['#1d39c4', '#08979c', '#d46b08', '#531dab', '#c41d7f', '#389e0d', '#0958d9', '#ad4e00'] as const;
export function objectHue(apiName: string): string {
  let hash = 0;
  for (const ch of apiName) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return HUES[hash % HUES.length]!;
}

/** The badge's letter: the label's first character (a Chinese label's first character is a word already). */
export const badgeLetter = (label: string): string => [...label.trim()][0]?.toUpperCase() ?? '?';
