import { describe, expect, it } from 'vitest';
import { DomainError, defineField, defineObject, patchField, type FieldDef, type FieldProblem, type ObjectDef } from '../src/index.ts';

function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.errors;
    throw e;
  }
  throw new Error('expected a DomainError');
}
const summary = (problems: FieldProblem[]) => problems.map((p) => `${p.field}:${p.code}`).sort();

const account = defineObject({ apiName: 'account', label: { en: 'Account' } }, { existing: {} });
const project = defineObject({ apiName: 'project', label: { en: 'Project' } }, { existing: { account } });
const existing: Record<string, ObjectDef> = { account, project };
const ctx = { object: project, existing };
const label = { en: 'Field' };
const field = (input: Record<string, unknown>): FieldDef => defineField({ label, ...input }, ctx);
const patch = (current: FieldDef, input: unknown) => patchField(current, input, ctx);
const system = (name: string) => project.fields.find((f) => f.apiName === name)!;

const stage = field({
  apiName: 'stage',
  type: 'picklist',
  values: [
    { apiName: 'open', label: { en: 'Open' }, color: '#0000FF' },
    { apiName: 'won', label: { en: 'Won' } },
    { apiName: 'lost', label: { en: 'Lost' } },
  ],
});

describe('patchField: metadata-only edits', () => {
  it('relabels without touching the API name or the database', () => {
    const r = patch(field({ apiName: 'title', type: 'text' }), { label: { 'zh-CN': '标题' }, helpText: { en: 'Shown on cards' } });
    expect(r.field).toMatchObject({ apiName: 'title', label: { 'zh-CN': '标题' }, helpText: { en: 'Shown on cards' } });
    expect(r.changes).toEqual([]);
    expect(patch(r.field, { helpText: null }).field).not.toHaveProperty('helpText');
  });

  it('refuses to change the API name, whatever else is right', () => {
    expect(summary(problemsOf(() => patch(stage, { apiName: 'phase', label: { en: 'Phase' } })))).toEqual(['apiName:apiNameImmutable']);
    expect(patch(stage, { apiName: 'stage' }).field.apiName).toBe('stage');
  });

  it('adds, reorders, relabels, recolours and deactivates picklist values without DDL', () => {
    const r = patch(stage, {
      values: [
        { apiName: 'won', label: { en: 'Closed won' } },
        { apiName: 'open', color: '#00FF00' },
        { apiName: 'lost', active: false },
        { apiName: 'onHold', label: { en: 'On hold' } },
      ],
    });
    expect(r.changes).toEqual([]);
    expect(r.field.values).toEqual([
      { apiName: 'won', label: { en: 'Closed won' }, order: 0, active: true },
      { apiName: 'open', label: { en: 'Open' }, order: 1, color: '#00FF00', active: true },
      { apiName: 'lost', label: { en: 'Lost' }, order: 2, active: false },
      { apiName: 'onHold', label: { en: 'On hold' }, order: 3, active: true },
    ]);
  });

  it('turns a value left out into a removal the database must check', () => {
    const r = patch(stage, { values: [{ apiName: 'open' }, { apiName: 'won' }] });
    expect(r.changes).toEqual([{ kind: 'removePicklistValues', values: ['lost'] }]);
  });

  it('needs a label for a new value and reports repeated ones', () => {
    expect(summary(problemsOf(() => patch(stage, { values: [{ apiName: 'open' }, { apiName: 'new' }, { apiName: 'open' }] })))).toEqual([
      'values[1].label:required',
      'values[2].apiName:alreadyExists',
    ]);
  });

  it('changes delete rules as metadata (the record service enforces them)', () => {
    const parent = field({ apiName: 'parent', type: 'lookup', target: 'account' });
    const r = patch(parent, { deleteRule: 'restrict' });
    expect(r.field.deleteRule).toBe('restrict');
    expect(r.changes).toEqual([]);
    expect(patch(r.field, { deleteRule: null }).field.deleteRule).toBe('setNull');
    expect(summary(problemsOf(() => patch(parent, { target: 'project' })))).toEqual(['target:invalidValue']);
    expect(summary(problemsOf(() => patch(parent, { required: true, deleteRule: 'setNull' })))).toEqual(['deleteRule:invalidValue']);
  });
});

describe('patchField: constraints', () => {
  const title = field({ apiName: 'title', type: 'text', maxLength: 100 });

  it('asks the database for required and unique', () => {
    expect(patch(title, { required: true }).changes).toEqual([{ kind: 'setRequired', required: true }]);
    expect(patch(title, { unique: true }).changes).toEqual([{ kind: 'setUnique', unique: true }]);
    expect(patch(title, { externalId: true }).changes).toEqual([{ kind: 'setUnique', unique: true }]);
    const unique = patch(title, { unique: true }).field;
    expect(patch(unique, { unique: false }).changes).toEqual([{ kind: 'setUnique', unique: false }]);
  });

  it('checks data only when maxLength shrinks', () => {
    expect(patch(title, { maxLength: 50 }).changes).toEqual([{ kind: 'checkMaxLength', maxLength: 50 }]);
    expect(patch(title, { maxLength: 200 }).changes).toEqual([]);
    expect(patch(title, { maxLength: null }).field).not.toHaveProperty('maxLength');
  });

  it('resizes numbers', () => {
    const budget = field({ apiName: 'budget', type: 'currency' });
    expect(patch(budget, { precision: 12, scale: 4 }).changes).toEqual([{ kind: 'resizeNumeric', precision: 12, scale: 4 }]);
    expect(patch(budget, { precision: 18, scale: 2 }).changes).toEqual([]);
    expect(summary(problemsOf(() => patch(budget, { precision: 2, scale: 3 })))).toEqual(['scale:outOfRange']);
  });

  it('validates a new default against the field', () => {
    expect(patch(stage, { defaultValue: 'won' }).field.defaultValue).toBe('won');
    expect(summary(problemsOf(() => patch(stage, { defaultValue: 'maybe' })))).toEqual(['defaultValue:invalidPicklistValue']);
    expect(patch(patch(stage, { defaultValue: 'won' }).field, { defaultValue: null }).field).not.toHaveProperty('defaultValue');
  });

  it('reports every problem of an update at once', () => {
    expect(summary(problemsOf(() => patch(title, { apiName: 'x', maxLength: 0, required: 'yes', precision: 3, colour: 1 })))).toEqual([
      'apiName:apiNameImmutable',
      'colour:unknownField',
      'maxLength:outOfRange',
      'precision:notApplicable',
      'required:wrongType',
    ]);
  });
});

describe('patchField: system fields', () => {
  it('lets labels and help text change', () => {
    const r = patch(system('ownerId'), { label: { en: 'Account manager' }, helpText: { en: 'Who looks after it' } });
    expect(r.field).toMatchObject({ apiName: 'ownerId', type: 'userRef', system: true, label: { en: 'Account manager' } });
    expect(r.changes).toEqual([]);
  });

  it('refuses anything else, saying it is a system field', () => {
    expect(summary(problemsOf(() => patch(system('createdAt'), { type: 'date', required: false })))).toEqual(['required:systemFieldLocked', 'type:systemFieldLocked']);
    expect(summary(problemsOf(() => patch(system('name'), { type: 'longText', required: false })))).toEqual(['required:systemFieldLocked', 'type:systemFieldLocked']);
  });

  it('lets name change its length and uniqueness', () => {
    expect(patch(system('name'), { maxLength: 80, unique: true }).changes).toEqual([
      { kind: 'checkMaxLength', maxLength: 80 },
      { kind: 'setUnique', unique: true },
    ]);
  });
});

describe('patchField: type changes', () => {
  const text = field({ apiName: 'code', type: 'text' });

  it('text ↔ longText ↔ richText always, checking length when it can shrink', () => {
    const long = patch(text, { type: 'longText' });
    expect(long.field).toMatchObject({ type: 'longText' });
    expect(long.changes).toEqual([
      { kind: 'convertType', from: 'text', to: 'longText', check: 'none' },
      { kind: 'checkMaxLength', maxLength: 131072 },
    ]);
    expect(patch(long.field, { type: 'text' }).changes).toEqual([
      { kind: 'convertType', from: 'longText', to: 'text', check: 'none' },
      { kind: 'checkMaxLength', maxLength: 255 },
    ]);
  });

  it('text → integer and friends are checked against the data', () => {
    expect(patch(text, { type: 'integer' }).changes).toEqual([{ kind: 'convertType', from: 'text', to: 'integer', check: 'integer' }]);
    expect(patch(text, { type: 'decimal', precision: 10, scale: 2 }).field).toMatchObject({ type: 'decimal', precision: 10, scale: 2 });
    expect(patch(text, { type: 'date' }).changes[0]).toMatchObject({ check: 'date' });
    expect(patch(text, { type: 'email' }).changes).toEqual([
      { kind: 'convertType', from: 'text', to: 'email', check: 'email' },
      { kind: 'checkMaxLength', maxLength: 254 },
    ]);
  });

  it('drops the options of the old type', () => {
    const r = patch(field({ apiName: 'c', type: 'text', maxLength: 10 }), { type: 'integer' });
    expect(r.field).not.toHaveProperty('maxLength');
    expect(patch(stage, { type: 'text' }).field).not.toHaveProperty('values');
  });

  it('text → picklist needs values and checks the data against them', () => {
    expect(summary(problemsOf(() => patch(text, { type: 'picklist' })))).toEqual(['values:required']);
    const r = patch(text, { type: 'picklist', values: [{ apiName: 'A', label }] });
    expect(r.changes).toEqual([{ kind: 'convertType', from: 'text', to: 'picklist', check: 'picklistValues' }]);
  });

  it('picklist ↔ multiPicklist keep their values', () => {
    const multi = patch(stage, { type: 'multiPicklist' });
    expect(multi.field.values).toEqual(stage.values);
    expect(patch(multi.field, { type: 'picklist' }).changes).toEqual([{ kind: 'convertType', from: 'multiPicklist', to: 'picklist', check: 'singleValue' }]);
  });

  it('a unique field is re-indexed around a column conversion, so new duplicates are reported', () => {
    const code = field({ apiName: 'code', type: 'text', unique: true });
    expect(patch(code, { type: 'integer' }).changes).toEqual([
      { kind: 'setUnique', unique: false },
      { kind: 'convertType', from: 'text', to: 'integer', check: 'integer' },
      { kind: 'setUnique', unique: true },
    ]);
    // Same column type: the index stays.
    expect(patch(code, { type: 'email' }).changes).toEqual([
      { kind: 'convertType', from: 'text', to: 'email', check: 'email' },
      { kind: 'checkMaxLength', maxLength: 254 },
    ]);
  });

  it('unique carries over, so a type that cannot be unique must say unique: false', () => {
    const code = field({ apiName: 'code', type: 'text', unique: true });
    expect(summary(problemsOf(() => patch(code, { type: 'longText' })))).toEqual(['unique:notApplicable']);
    expect(patch(code, { type: 'longText', unique: false }).changes).toEqual([
      { kind: 'convertType', from: 'text', to: 'longText', check: 'none' },
      { kind: 'checkMaxLength', maxLength: 131072 },
      { kind: 'setUnique', unique: false },
    ]);
  });

  it('lookup → master-detail becomes required and cascades', () => {
    const lookup = field({ apiName: 'account', type: 'lookup', target: 'account' });
    const r = patch(lookup, { type: 'masterDetail' });
    expect(r.field).toMatchObject({ type: 'masterDetail', target: 'account', required: true, deleteRule: 'cascade' });
    expect(r.changes).toEqual([
      { kind: 'convertType', from: 'lookup', to: 'masterDetail', check: 'none' },
      { kind: 'setRequired', required: true },
    ]);
    const back = patch(r.field, { type: 'lookup', required: false, deleteRule: 'setNull' });
    expect(back.changes).toEqual([
      { kind: 'convertType', from: 'masterDetail', to: 'lookup', check: 'none' },
      { kind: 'setRequired', required: false },
    ]);
  });

  it('auto-number → text keeps its values and uniqueness', () => {
    const no = field({ apiName: 'no', type: 'autoNumber', pattern: 'N-{0000}' });
    const r = patch(no, { type: 'text' });
    expect(r.field).toMatchObject({ type: 'text', unique: true });
    expect(r.field).not.toHaveProperty('pattern');
    expect(r.changes).toEqual([
      { kind: 'convertType', from: 'autoNumber', to: 'text', check: 'none' },
      { kind: 'checkMaxLength', maxLength: 255 },
    ]);
  });

  it('refuses conversions outside the table with typeChangeRefused and the reason', () => {
    const json = field({ apiName: 'data', type: 'json' });
    const problems = problemsOf(() => patch(json, { type: 'text' }));
    expect(summary(problems)).toEqual(['type:typeChangeRefused']);
    expect(problems[0]!.params).toMatchObject({ field: 'data', from: 'json', to: 'text' });
    expect(String(problems[0]!.params!.detail)).toMatch(/JSON/);
    expect(summary(problemsOf(() => patch(field({ apiName: 'amount', type: 'currency' }), { type: 'decimal' })))).toEqual(['type:typeChangeRefused']);
    expect(summary(problemsOf(() => patch(text, { type: 'lookup', target: 'account' })))).toEqual(['type:typeChangeRefused']);
  });

  it('re-validates a carried-over default against the new type', () => {
    const withDefault = field({ apiName: 'code', type: 'text', defaultValue: 'abc' });
    expect(summary(problemsOf(() => patch(withDefault, { type: 'integer' })))).toEqual(['defaultValue:wrongType']);
    expect(patch(withDefault, { type: 'integer', defaultValue: null }).field).not.toHaveProperty('defaultValue');
    expect(patch(field({ apiName: 'n', type: 'text', defaultValue: '42' }), { type: 'integer', defaultValue: 42 }).field.defaultValue).toBe(42);
  });
});
