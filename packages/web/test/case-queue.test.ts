import type { FieldDef, ObjectDef } from '@mainline/core';
import { describe, expect, it } from 'vitest';
import { npsBand, openingStatus, queueFilter, sinceOrUntil } from '../src/service/case-queue.ts';

const status: FieldDef = {
  apiName: 'status',
  type: 'picklist',
  label: {},
  required: true,
  unique: false,
  externalId: false,
  system: false,
  defaultValue: 'new',
  values: [
    { apiName: 'new', label: {} },
    { apiName: 'inProgress', label: {} },
    { apiName: 'closed', label: {}, meta: { closed: true } },
  ],
} as FieldDef;
const kase = { apiName: 'case', label: {}, fields: [status] } as ObjectDef;
const open = { not: { field: 'status', op: 'in', value: ['closed'] } };

describe('the service console queue', () => {
  it('asks for open cases: mine, those still in the opening status, or all', () => {
    expect(queueFilter(kase, 'mine')).toEqual({ and: [open, { field: 'ownerId', op: 'eq', value: '$me' }] });
    expect(queueFilter(kase, 'waiting')).toEqual({ and: [open, { field: 'status', op: 'eq', value: 'new' }] });
    expect(queueFilter(kase, 'all')).toEqual(open);
  });

  it('takes the first open value when the status has no default', () => {
    expect(openingStatus({ ...kase, fields: [{ ...status, defaultValue: undefined }] })).toBe('new');
    expect(openingStatus({ ...kase, fields: [{ ...status, defaultValue: 'closed' }] })).toBe('new');
  });

  it('says how far the SLA is, in the largest unit that fits', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(sinceOrUntil('2026-05-01T07:55:00Z', now, 'zh-CN')).toEqual({ overdue: true, span: '2小时' });
    expect(sinceOrUntil('2026-05-01T10:20:00Z', now, 'en')).toEqual({ overdue: false, span: '20 minutes' });
    expect(sinceOrUntil('2026-05-04T10:00:00Z', now, 'en')).toEqual({ overdue: false, span: '3 days' });
  });

  it('bands NPS: detractor 0–6, passive 7–8, promoter 9–10', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsBand)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });
});
