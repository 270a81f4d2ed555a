import type { FieldDef, ObjectDef } from '@mainline/core';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, RecordRow } from '../src/api/types.ts';
import { activitiesFilter, activityLinks, groupByDay, mergeFeeds } from '../src/activities/timeline-feed.ts';

const field = (apiName: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ apiName, type, label: {}, required: false, unique: false, externalId: false, system: false, ...extra });
const object = (apiName: string, fields: FieldDef[]): ObjectDef => ({ apiName, label: {}, fields: [field('name', 'text'), ...fields] });
const activity = object('activity', [field('relatedObject', 'text'), field('relatedId', 'text'), field('account', 'lookup', { target: 'account' }), field('contact', 'lookup', { target: 'contact' })]);
const a = (id: string, createdAt: string): RecordRow => ({ id, createdAt });
const h = (id: string, changedAt: string): HistoryEntry => ({ id, recordId: 'r', operation: 'update', field: 'name', oldValue: null, newValue: null, actorId: null, changedAt });

describe('the record timeline', () => {
  it('merges both streams newest first, showing only what is certainly in order while a stream has more', () => {
    const activities = { items: [a('a1', '2026-05-03T10:00:00Z'), a('a2', '2026-05-01T10:00:00Z')], more: true };
    const history = { items: [h('1', '2026-05-04T10:00:00Z'), h('2', '2026-05-02T10:00:00Z'), h('3', '2026-04-20T10:00:00Z')], more: false };
    const merged = mergeFeeds(activities, history);
    // Older history (04-20) waits: the next page of activities may hold items between 05-01 and 04-20.
    expect(merged.items.map((i) => i.key)).toEqual(['h-1', 'a-a1', 'h-2', 'a-a2']);
    expect(merged).toMatchObject({ more: true, next: ['activities'] });
    expect(mergeFeeds({ ...activities, more: false }, history).items.map((i) => i.key)).toEqual(['h-1', 'a-a1', 'h-2', 'a-a2', 'h-3']);
  });

  it('groups by calendar day in the user’s time zone', () => {
    const items = mergeFeeds({ items: [a('a1', '2026-05-03T17:00:00Z'), a('a2', '2026-05-03T15:00:00Z')], more: false }, { items: [], more: false }).items;
    expect(groupByDay(items, 'Asia/Shanghai').map((g) => [g.day, g.items.length])).toEqual([['2026-05-04', 1], ['2026-05-03', 1]]);
    expect(groupByDay(items, 'UTC').map((g) => [g.day, g.items.length])).toEqual([['2026-05-03', 2]]);
  });

  it('finds an account’s activities by the related record or by their account lookup, and links new ones to a contact and its account', () => {
    expect(activitiesFilter(activity, 'account', 'x')).toEqual({
      or: [{ and: [{ field: 'relatedObject', op: 'eq', value: 'account' }, { field: 'relatedId', op: 'eq', value: 'x' }] }, { field: 'account', op: 'eq', value: 'x' }],
    });
    expect(activitiesFilter(object('activity', [field('account', 'lookup', { target: 'account' })]), 'account', 'x')).toEqual({ field: 'account', op: 'eq', value: 'x' });
    expect(activitiesFilter(object('activity', []), 'lead', 'x')).toEqual({ field: 'id', op: 'isNull', value: true });
    const contact = object('contact', [field('account', 'lookup', { target: 'account' })]);
    expect(activityLinks(activity, contact, { id: 'c1', account: 'acc1' })).toEqual({ relatedObject: 'contact', relatedId: 'c1', account: 'acc1', contact: 'c1' });
    expect(activityLinks(activity, object('opportunity', []), { id: 'o1' })).toEqual({ relatedObject: 'opportunity', relatedId: 'o1' });
  });
});
