import { describe, expect, it } from 'vitest';
import { DomainError, MAX_OBJECTS, SYSTEM_FIELD_NAMES, defineObject, patchObject, type FieldProblem, type ObjectDef } from '../src/index.ts';

function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.errors;
    throw e;
  }
  throw new Error('expected a DomainError');
}
const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => `${p.field}:${p.code}`).sort();

const project = { apiName: 'project', label: { 'zh-CN': '项目', en: 'Project' } };

describe('defineObject', () => {
  it('gives every object its system fields, in order, labelled in every language', () => {
    const o = defineObject(project, { existing: {} });
    expect(o.apiName).toBe('project');
    expect(o.label).toEqual({ 'zh-CN': '项目', en: 'Project' });
    expect(o.fields.map((f) => [f.apiName, f.type, f.required, f.system])).toEqual([
      ['id', 'id', true, true],
      ['name', 'text', true, true],
      ['ownerId', 'userRef', true, true],
      ['createdAt', 'datetime', true, true],
      ['createdBy', 'userRef', true, true],
      ['updatedAt', 'datetime', true, true],
      ['updatedBy', 'userRef', true, true],
    ]);
    expect(o.fields.map((f) => f.apiName)).toEqual([...SYSTEM_FIELD_NAMES]);
    for (const f of o.fields) expect(Object.keys(f.label).sort()).toEqual(['en', 'zh-CN', 'zh-TW']);
  });

  it('keeps optional plural label and description', () => {
    const o = defineObject({ ...project, pluralLabel: { en: 'Projects' }, description: { 'zh-TW': '專案' } }, { existing: {} });
    expect(o.pluralLabel).toEqual({ en: 'Projects' });
    expect(o.description).toEqual({ 'zh-TW': '專案' });
  });

  it('makes name an auto-number on request', () => {
    const o = defineObject({ ...project, nameField: { type: 'autoNumber', pattern: 'PRJ-{000000}', label: { en: 'Project number' } } }, { existing: {} });
    const name = o.fields[1]!;
    expect(name).toMatchObject({ apiName: 'name', type: 'autoNumber', pattern: 'PRJ-{000000}', unique: true, required: true, system: true, label: { en: 'Project number' } });
  });

  it('refuses a bad auto-number name pattern under nameField', () => {
    const problems = problemsOf(() => defineObject({ ...project, nameField: { type: 'autoNumber', pattern: 'PRJ' } }, { existing: {} }));
    expect(fieldsOf(problems)).toEqual(['nameField.pattern:invalidFormat']);
    expect(fieldsOf(problemsOf(() => defineObject({ ...project, nameField: { type: 'autoNumber' } }, { existing: {} })))).toEqual(['nameField.pattern:required']);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      defineObject({ apiName: 'Bad_Name', label: {}, pluralLabel: { fr: 'x' }, description: 7, extra: true, nameField: { type: 'integer' } }, { existing: {} }),
    );
    expect(fieldsOf(problems)).toEqual([
      'apiName:invalidFormat',
      'description:wrongType',
      'extra:unknownField',
      'label:invalidValue',
      'nameField.type:invalidValue',
      'pluralLabel.fr:unknownField',
      'pluralLabel:invalidValue',
    ]);
  });

  it('requires apiName and label', () => {
    expect(fieldsOf(problemsOf(() => defineObject({}, { existing: {} })))).toEqual(['apiName:required', 'label:required']);
    expect(fieldsOf(problemsOf(() => defineObject('nope', { existing: {} })))).toEqual(['body:wrongType']);
    expect(fieldsOf(problemsOf(() => defineObject({ ...project, label: { en: '   ' } }, { existing: {} })))).toEqual(['label.en:invalidValue']);
  });

  it('refuses collisions, reserved names and names the pattern forbids', () => {
    const existing = { project: defineObject(project, { existing: {} }) };
    expect(fieldsOf(problemsOf(() => defineObject(project, { existing })))).toEqual(['apiName:alreadyExists']);
    for (const apiName of ['_history', '_events', '_event_counter', 'constructor', 'user', 'workspace', 'ctid', '1abc', 'a'.repeat(41), 'has space']) {
      const problems = problemsOf(() => defineObject({ ...project, apiName }, { existing: {} }));
      expect(problems.map((p) => p.field)).toEqual(['apiName']);
      expect(['invalidFormat', 'reservedName']).toContain(problems[0]!.code);
    }
  });

  it('answers 409 for a taken name alone, 400 when the input is wrong too', () => {
    const existing = { project: defineObject(project, { existing: {} }) };
    const error = (input: unknown) => {
      try {
        defineObject(input, { existing });
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('expected a DomainError');
    };
    expect(error(project)).toMatchObject({ code: 'conflict', status: 409 });
    expect(error({ ...project, label: {} })).toMatchObject({ code: 'validationFailed', status: 400 });
  });

  it('allows SQL keywords as names: identifiers are always quoted', () => {
    expect(defineObject({ ...project, apiName: 'order' }, { existing: {} }).apiName).toBe('order');
  });

  it('caps the number of objects', () => {
    const one = defineObject(project, { existing: {} });
    const existing: Record<string, ObjectDef> = Object.fromEntries(Array.from({ length: MAX_OBJECTS }, (_, i) => [`o${i}`, { ...one, apiName: `o${i}` }]));
    expect(fieldsOf(problemsOf(() => defineObject(project, { existing })))).toEqual(['objects:tooMany']);
  });
});

describe('patchObject', () => {
  const base = defineObject({ ...project, pluralLabel: { en: 'Projects' }, description: { en: 'Work' } }, { existing: {} });

  it('changes labels and clears optional texts with null', () => {
    const o = patchObject(base, { label: { en: 'Programme', 'zh-CN': '项目群' }, description: null });
    expect(o.label).toEqual({ en: 'Programme', 'zh-CN': '项目群' });
    expect(o.description).toBeUndefined();
    expect(o.pluralLabel).toEqual({ en: 'Projects' });
    expect(o.fields).toBe(base.fields);
  });

  it('never changes the API name', () => {
    expect(patchObject(base, { apiName: 'project', label: { en: 'P' } }).apiName).toBe('project');
    expect(fieldsOf(problemsOf(() => patchObject(base, { apiName: 'programme' })))).toEqual(['apiName:apiNameImmutable']);
  });

  it('refuses fields and unknown keys, all at once', () => {
    expect(fieldsOf(problemsOf(() => patchObject(base, { fields: [], label: 3 })))).toEqual(['fields:unknownField', 'label:wrongType']);
  });
  it('takes an object out of global search and back, storing only false (absent means searchable)', () => {
    const off = patchObject(base, { searchable: false });
    expect(off.searchable).toBe(false);
    // Other changes keep the setting.
    expect(patchObject(off, { label: { en: 'P' } }).searchable).toBe(false);
    expect(patchObject(off, { searchable: true })).not.toHaveProperty('searchable');
    expect(defineObject({ ...project, searchable: false }, { existing: {} }).searchable).toBe(false);
    expect(defineObject({ ...project, searchable: true }, { existing: {} })).not.toHaveProperty('searchable');
    expect(fieldsOf(problemsOf(() => patchObject(base, { searchable: 'no' })))).toEqual(['searchable:wrongType']);
    expect(fieldsOf(problemsOf(() => patchObject(base, { searchable: null })))).toEqual(['searchable:wrongType']);
  });
});
