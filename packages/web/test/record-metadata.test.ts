import type { FieldDef, ObjectDef } from '@mainline/core';
import { describe, expect, it } from 'vitest';
import { kanbanFields } from '../src/records/kanban-fields.ts';
import { relationsTo } from '../src/records/related-objects.ts';

const field = (apiName: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ apiName, type, label: {}, required: false, unique: false, externalId: false, system: false, ...extra });
const object = (apiName: string, fields: FieldDef[], extra: Partial<ObjectDef> = {}): ObjectDef => ({ apiName, label: {}, fields: [field('name', 'text'), ...fields], ...extra });

describe('related lists from metadata', () => {
  const objects = [
    object('account', [field('parent', 'lookup', { target: 'account' })]),
    object('lead', [field('convertedAccount', 'lookup', { target: 'account' })]),
    object('contact', [field('account', 'lookup', { target: 'account' })]),
    object('quote', [field('account', 'lookup', { target: 'account' }), field('previousVersion', 'lookup', { target: 'quote' })]),
    object('quoteLineItem', [field('quote', 'masterDetail', { target: 'quote' }), field('product', 'lookup', { target: 'product' })]),
  ];
  const names = (target: string) => relationsTo(target, objects).map((r) => `${r.object.apiName}.${r.field.apiName}`);

  it('lists every lookup pointing at the object: details first, then lookups named after it, then the rest (self-lookups included)', () => {
    expect(names('account')).toEqual(['contact.account', 'quote.account', 'account.parent', 'lead.convertedAccount']);
    expect(names('quote')).toEqual(['quoteLineItem.quote', 'quote.previousVersion']);
    expect(names('contact')).toEqual([]);
  });
});

describe('board fields', () => {
  const stage = field('stage', 'picklist', { values: [{ apiName: 'a', label: {}, order: 0, active: true, color: '#000' }] });
  const status = field('status', 'picklist', { values: [{ apiName: 'x', label: {}, order: 0, active: true }] });
  const kind = field('kind', 'picklist', { values: [{ apiName: 'y', label: {}, order: 0, active: true }] });

  it('offers picklists with colours or a process, not plain ones', () => {
    const o = object('case', [stage, status, kind], { processes: [{ apiName: 'p', field: 'status', transitions: [], active: true }] });
    expect(kanbanFields(o).map((f) => f.apiName)).toEqual(['stage', 'status']);
    expect(kanbanFields(object('note', [kind]))).toEqual([]);
    expect(kanbanFields(object('case', [status], { processes: [{ apiName: 'p', field: 'status', transitions: [], active: false }] }))).toEqual([]);
  });
});
