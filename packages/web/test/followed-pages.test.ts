import { describe, expect, it } from 'vitest';
import { badgeLetter, objectHue, withoutFollow, type FollowsPage } from '../src/following/followed-pages.ts';

const row = (object: string, id: string) => ({ object, id, name: `${object} ${id}`, followedAt: '2026-05-01T08:00:00.000Z' });

describe('the list of records I follow', () => {
  it('drops an unfollowed record from whichever page holds it, keeping the cursors and the other pages as they were', () => {
    const first: FollowsPage = { follows: [row('account', 'a1'), row('opportunity', 'o1')], nextCursor: 'c1' };
    const second: FollowsPage = { follows: [row('opportunity', 'o2')], nextCursor: null };
    const after = withoutFollow([first, second], { object: 'opportunity', id: 'o1' });
    expect(after).toEqual([{ follows: [row('account', 'a1')], nextCursor: 'c1' }, second]);
    expect(after[1]).toBe(second);
  });

  it('tells records apart by object and id together', () => {
    const page: FollowsPage = { follows: [row('account', 'x'), row('case', 'x')], nextCursor: null };
    expect(withoutFollow([page], { object: 'case', id: 'x' })[0]!.follows).toEqual([row('account', 'x')]);
    expect(withoutFollow([page], { object: 'lead', id: 'x' })[0]).toBe(page);
  });

  it('gives an object the same badge colour every time, and its label’s first character', () => {
    expect(objectHue('opportunity')).toBe(objectHue('opportunity'));
    expect(objectHue('opportunity')).toMatch(/^#[0-9a-f]{6}$/);
    expect(badgeLetter('商机')).toBe('商');
    expect(badgeLetter(' account')).toBe('A');
    expect(badgeLetter('𠀋字')).toBe('𠀋');
    expect(badgeLetter('')).toBe('?');
  });
});
