import type { FieldDef, ObjectDef } from '@mainline/core';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../src/api/http.ts';
import { inGlobalSearch, parentLookups, proposedParentLookup, settingProblem, sharingModelChoices, sharingModelOf } from '../src/setup/object-settings.ts';

const field = (apiName: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ apiName, type, label: {}, required: false, unique: false, externalId: false, system: false, ...extra });
const object = (fields: FieldDef[], extra: Partial<ObjectDef> = {}): ObjectDef => ({ apiName: 'thing', label: {}, fields: [field('name', 'text'), ...fields], ...extra });

describe('object settings in Setup', () => {
  it('reads absent settings as the server does: searchable, public read/write', () => {
    expect(inGlobalSearch(object([]))).toBe(true);
    expect(inGlobalSearch(object([], { searchable: false }))).toBe(false);
    expect(sharingModelOf(object([]))).toBe('publicReadWrite');
    expect(sharingModelOf(object([], { sharingModel: 'private' }))).toBe('private');
  });

  it('offers "controlled by parent" only to objects with a master-detail field, or already on it', () => {
    expect(sharingModelChoices(object([]))).toEqual(['private', 'publicRead', 'publicReadWrite']);
    expect(sharingModelChoices(object([field('order', 'masterDetail', { target: 'order' })]))).toContain('controlledByParent');
    expect(sharingModelChoices(object([], { sharingModel: 'controlledByParent' }))).toContain('controlledByParent');
  });

  it('implicit access goes through a lookup, proposing the chosen one, then the account, then the first', () => {
    const lookups = [field('campaign', 'lookup', { target: 'campaign' }), field('account', 'lookup', { target: 'account' }), field('order', 'masterDetail', { target: 'order' })];
    expect(parentLookups(object(lookups)).map((f) => f.apiName)).toEqual(['campaign', 'account']);
    expect(proposedParentLookup(object(lookups))).toBe('account');
    expect(proposedParentLookup(object(lookups, { implicitParentAccess: 'campaign' }))).toBe('campaign');
    expect(proposedParentLookup(object([lookups[0]!]))).toBe('campaign');
    expect(proposedParentLookup(object([lookups[2]!]))).toBeUndefined();
  });

  it("shows the server's own words for the refused setting, else what it said in general", () => {
    const refused = new ProblemError({
      title: 'Invalid',
      status: 400,
      code: 'validationFailed',
      errors: [
        { field: 'searchable', code: 'wrongType', message: 'searchable: expected a boolean' },
        { field: 'label', code: 'required', message: 'label: required' },
      ],
    });
    expect(settingProblem(refused, 'searchable', 'fallback')).toBe('expected a boolean');
    // Nothing on this setting: every problem of the answer, each without its field prefix.
    expect(settingProblem(refused, 'sharingModel', 'fallback')).toBe('expected a boolean required');
    expect(settingProblem(new ProblemError({ title: 'Forbidden', status: 403, code: 'forbidden', detail: 'Only administrators may do this.' }), 'searchable', 'fallback')).toBe('Only administrators may do this.');
    expect(settingProblem(new Error('boom'), 'searchable', 'fallback')).toBe('fallback');
  });
});
