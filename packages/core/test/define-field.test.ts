import { describe, expect, it } from 'vitest';
import {
  CUSTOM_FIELD_TYPES,
  DomainError,
  MAX_FIELDS_PER_OBJECT,
  defineField,
  defineObject,
  typeConversion,
  type FieldDef,
  type FieldProblem,
  type ObjectDef,
} from '../src/index.ts';

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
const project = defineObject({ apiName: 'project', label: { 'zh-CN': '项目' } }, { existing: { account } });
const taskObject = defineObject({ apiName: 'task', label: { en: 'Task' } }, { existing: { account, project } });
const task: ObjectDef = { ...taskObject, fields: [...taskObject.fields, defineField({ apiName: 'project', type: 'lookup', target: 'project', label: { en: 'Project' } }, { object: taskObject, existing: { account, project } })] };
const existing: Record<string, ObjectDef> = { account, project, task };
const ctx = { object: project, existing };
const label = { 'zh-CN': '字段', en: 'Field' };
const define = (input: Record<string, unknown>) => defineField({ label, ...input }, ctx);

describe('defineField: good input of every type', () => {
  const extra: Record<string, Record<string, unknown>> = {
    picklist: { values: [{ apiName: 'open', label: { en: 'Open' } }] },
    multiPicklist: { values: [{ apiName: 'a', label: { en: 'A' } }] },
    lookup: { target: 'account' },
    masterDetail: { target: 'account' },
    autoNumber: { pattern: 'Q-{YYYY}-{000000}' },
    formula: { formula: 'LEN(name) + 1', returnType: 'number' },
    rollup: { rollup: { object: 'task', via: 'project', function: 'count' } },
  };
  it.each(CUSTOM_FIELD_TYPES)('%s', (type) => {
    const f = define({ apiName: 'f1', type, ...extra[type] });
    expect(f).toMatchObject({ apiName: 'f1', type, label, system: false, externalId: false });
    expect(f.required).toBe(type === 'masterDetail');
    expect(f.unique).toBe(type === 'autoNumber');
  });

  it('keeps the options a type takes', () => {
    expect(define({ apiName: 'budget', type: 'currency', precision: 20, scale: 4, required: false, helpText: { en: 'CNY by default' } })).toEqual({
      apiName: 'budget',
      type: 'currency',
      label,
      helpText: { en: 'CNY by default' },
      required: false,
      unique: false,
      externalId: false,
      system: false,
      precision: 20,
      scale: 4,
    });
    expect(define({ apiName: 'code', type: 'text', maxLength: 40, externalId: true, required: true })).toMatchObject({ maxLength: 40, unique: true, externalId: true, required: true });
  });

  it('orders picklist values by position unless given, active by default', () => {
    const f = define({
      apiName: 'stage',
      type: 'picklist',
      values: [
        { apiName: 'won', label: { en: 'Won' }, order: 30, color: '#00AA00', meta: { closed: true, won: true } },
        { apiName: 'open', label: { en: 'Open' }, order: 10 },
        { apiName: '华东', label: { 'zh-CN': '华东' }, order: 20, active: false },
      ],
    });
    expect(f.values).toEqual([
      { apiName: 'open', label: { en: 'Open' }, order: 10, active: true },
      { apiName: '华东', label: { 'zh-CN': '华东' }, order: 20, active: false },
      { apiName: 'won', label: { en: 'Won' }, order: 30, color: '#00AA00', active: true, meta: { closed: true, won: true } },
    ]);
    expect(define({ apiName: 's', type: 'picklist', values: [{ apiName: 'b', label }, { apiName: 'a', label }] }).values!.map((v) => [v.apiName, v.order])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('derives delete rules: lookup setNull (restrict when required), master-detail cascade', () => {
    expect(define({ apiName: 'a', type: 'lookup', target: 'account' }).deleteRule).toBe('setNull');
    expect(define({ apiName: 'a', type: 'lookup', target: 'account', required: true }).deleteRule).toBe('restrict');
    expect(define({ apiName: 'a', type: 'lookup', target: 'account', deleteRule: 'cascade' }).deleteRule).toBe('cascade');
    expect(define({ apiName: 'a', type: 'masterDetail', target: 'account' })).toMatchObject({ deleteRule: 'cascade', required: true });
    expect(define({ apiName: 'parent', type: 'lookup', target: 'project' }).target).toBe('project');
  });

  it('normalises a default value through the field type', () => {
    expect(define({ apiName: 'amount', type: 'currency', defaultValue: '12.5' }).defaultValue).toEqual({ amount: '12.5', currency: 'CNY' });
    expect(define({ apiName: 'tags', type: 'multiPicklist', values: [{ apiName: 'a', label }], defaultValue: ['a', 'a'] }).defaultValue).toEqual(['a']);
    expect(define({ apiName: 'flag', type: 'boolean', defaultValue: false }).defaultValue).toBe(false);
    expect(define({ apiName: 'n', type: 'integer', defaultValue: null })).not.toHaveProperty('defaultValue');
  });
});

describe('defineField: bad input', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['missing everything', { label: undefined }, ['apiName:required', 'label:required', 'type:required']],
    ['unknown type', { apiName: 'x', type: 'money' }, ['type:invalidValue']],
    ['system type', { apiName: 'x', type: 'userRef' }, ['type:invalidValue']],
    ['system name', { apiName: 'ownerId', type: 'text' }, ['apiName:reservedName']],
    ['filter word', { apiName: 'and', type: 'text' }, ['apiName:reservedName']],
    ['postgres system column', { apiName: 'xmin', type: 'text' }, ['apiName:reservedName']],
    ['underscore', { apiName: '_x', type: 'text' }, ['apiName:invalidFormat']],
    ['double underscore (currency column space)', { apiName: 'a__currency', type: 'text' }, ['apiName:invalidFormat']],
    ['empty label', { apiName: 'x', type: 'text', label: {} }, ['label:invalidValue']],
    ['unknown language', { apiName: 'x', type: 'text', label: { fr: 'X' } }, ['label.fr:unknownField', 'label:invalidValue']],
    ['unknown option', { apiName: 'x', type: 'text', colour: 'red' }, ['colour:unknownField']],
    ['maxLength on integer', { apiName: 'x', type: 'integer', maxLength: 10 }, ['maxLength:notApplicable']],
    ['maxLength beyond the type', { apiName: 'x', type: 'phone', maxLength: 41 }, ['maxLength:outOfRange']],
    ['maxLength not a whole number', { apiName: 'x', type: 'text', maxLength: 1.5 }, ['maxLength:wrongType']],
    ['precision beyond 38', { apiName: 'x', type: 'decimal', precision: 39 }, ['precision:outOfRange']],
    ['scale beyond precision', { apiName: 'x', type: 'decimal', precision: 4, scale: 5 }, ['scale:outOfRange']],
    ['scale beyond default precision', { apiName: 'x', type: 'percent', scale: 8 }, ['scale:outOfRange']],
    ['precision on text', { apiName: 'x', type: 'text', precision: 4 }, ['precision:notApplicable']],
    ['picklist without values', { apiName: 'x', type: 'picklist' }, ['values:required']],
    ['picklist with no value', { apiName: 'x', type: 'picklist', values: [] }, ['values:outOfRange']],
    ['values on text', { apiName: 'x', type: 'text', values: [{ apiName: 'a', label }] }, ['values:notApplicable']],
    ['lookup without target', { apiName: 'x', type: 'lookup' }, ['target:required']],
    ['lookup to nowhere', { apiName: 'x', type: 'lookup', target: 'nothing' }, ['target:unknownObject']],
    ['bad delete rule', { apiName: 'x', type: 'lookup', target: 'account', deleteRule: 'ignore' }, ['deleteRule:invalidValue']],
    ['required lookup set to null', { apiName: 'x', type: 'lookup', target: 'account', required: true, deleteRule: 'setNull' }, ['deleteRule:invalidValue']],
    ['master-detail set to null', { apiName: 'x', type: 'masterDetail', target: 'account', deleteRule: 'setNull' }, ['deleteRule:invalidValue']],
    ['optional master-detail', { apiName: 'x', type: 'masterDetail', target: 'account', required: false }, ['required:invalidValue']],
    ['master-detail to itself', { apiName: 'x', type: 'masterDetail', target: 'project' }, ['target:invalidValue']],
    ['target on text', { apiName: 'x', type: 'text', target: 'account' }, ['target:notApplicable']],
    ['auto-number without pattern', { apiName: 'x', type: 'autoNumber' }, ['pattern:required']],
    ['auto-number with two counters', { apiName: 'x', type: 'autoNumber', pattern: '{00}-{00}' }, ['pattern:invalidFormat']],
    ['auto-number not unique', { apiName: 'x', type: 'autoNumber', pattern: '{00}', unique: false }, ['unique:invalidValue']],
    ['external id on longText', { apiName: 'x', type: 'longText', externalId: true }, ['externalId:notApplicable']],
    ['external id not unique', { apiName: 'x', type: 'text', externalId: true, unique: false }, ['unique:invalidValue']],
    ['unique boolean', { apiName: 'x', type: 'boolean', unique: true }, ['unique:notApplicable']],
    ['unique long url', { apiName: 'x', type: 'url', unique: true }, ['maxLength:invalidValue']],
    ['unique with default', { apiName: 'x', type: 'text', unique: true, defaultValue: 'a' }, ['defaultValue:invalidValue']],
    ['default of the wrong type', { apiName: 'x', type: 'integer', defaultValue: 'many' }, ['defaultValue:wrongType']],
    ['default too long', { apiName: 'x', type: 'text', maxLength: 2, defaultValue: 'abc' }, ['defaultValue:tooLong']],
    ['default not a picklist value', { apiName: 'x', type: 'picklist', values: [{ apiName: 'a', label }], defaultValue: 'b' }, ['defaultValue:invalidPicklistValue']],
    ['default of inactive value', { apiName: 'x', type: 'picklist', values: [{ apiName: 'a', label, active: false }], defaultValue: 'a' }, ['defaultValue:invalidPicklistValue']],
    ['default on lookup', { apiName: 'x', type: 'lookup', target: 'account', defaultValue: '0190a000-0000-7000-8000-000000000000' }, ['defaultValue:notApplicable']],
    ['label with NUL', { apiName: 'x', type: 'text', label: { en: 'a\u0000' } }, ['label.en:invalidValue']],
    ['required not boolean', { apiName: 'x', type: 'text', required: 'yes' }, ['required:wrongType']],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(summary(problemsOf(() => define(input)))).toEqual(expected);
  });

  it('reports all problems at once, with paths into picklist values', () => {
    const problems = problemsOf(() =>
      defineField(
        {
          apiName: 'Stage',
          type: 'picklist',
          label: {},
          values: [
            { apiName: 'open', label: { en: 'Open' } },
            { apiName: 'won', label: { en: 'Won' }, color: 'green' },
            { apiName: 'open', label: { en: 'Again' } },
            { apiName: ' padded', label: { en: 'x' }, rank: 1 },
          ],
          maxLength: 5,
          required: 'no',
        },
        ctx,
      ),
    );
    expect(summary(problems)).toEqual([
      'apiName:invalidFormat',
      'label:invalidValue',
      'maxLength:notApplicable',
      'required:wrongType',
      'values[1].color:invalidFormat',
      'values[2].apiName:alreadyExists',
      'values[3].apiName:invalidFormat',
      'values[3].rank:unknownField',
    ]);
  });

  it('refuses a name already used on the object', () => {
    const withBudget: ObjectDef = { ...project, fields: [...project.fields, define({ apiName: 'budget', type: 'decimal' })] };
    expect(summary(problemsOf(() => defineField({ apiName: 'budget', type: 'text', label }, { object: withBudget, existing })))).toEqual(['apiName:alreadyExists']);
  });

  it('caps the number of fields', () => {
    const filler: FieldDef[] = Array.from({ length: MAX_FIELDS_PER_OBJECT }, (_, i) => ({ ...project.fields[1]!, apiName: `f${i}`, system: false }));
    const full: ObjectDef = { ...project, fields: filler };
    expect(summary(problemsOf(() => defineField({ apiName: 'x', type: 'text', label }, { object: full, existing })))).toEqual(['fields:tooMany']);
  });
});

describe('type conversion table', () => {
  it.each([
    ['text', 'longText', 'none'],
    ['longText', 'richText', 'none'],
    ['richText', 'text', 'none'],
    ['text', 'integer', 'integer'],
    ['text', 'decimal', 'decimal'],
    ['text', 'date', 'date'],
    ['text', 'datetime', 'datetime'],
    ['text', 'email', 'email'],
    ['text', 'phone', 'phone'],
    ['text', 'url', 'url'],
    ['text', 'picklist', 'picklistValues'],
    ['text', 'boolean', 'boolean'],
    ['email', 'text', 'none'],
    ['picklist', 'text', 'none'],
    ['picklist', 'multiPicklist', 'picklistValues'],
    ['multiPicklist', 'picklist', 'singleValue'],
    ['integer', 'decimal', 'numericFit'],
    ['integer', 'percent', 'numericFit'],
    ['integer', 'text', 'none'],
    ['decimal', 'integer', 'wholeNumber'],
    ['decimal', 'currency', 'numericFit'],
    ['date', 'datetime', 'none'],
    ['boolean', 'text', 'none'],
    ['autoNumber', 'text', 'none'],
    ['lookup', 'masterDetail', 'none'],
    ['masterDetail', 'lookup', 'none'],
  ] as const)('%s → %s checks %s', (from, to, check) => {
    expect(typeConversion(from, to)).toEqual({ ok: true, check });
  });

  it.each([
    ['json', 'text', /JSON/],
    ['text', 'json', /JSON/],
    ['currency', 'decimal', /currency codes/],
    ['datetime', 'date', /time zone/],
    ['text', 'autoNumber', /auto-number/],
    ['autoNumber', 'integer', /auto-number/],
    ['text', 'lookup', /record ids/],
    ['lookup', 'text', /record ids/],
    ['multiPicklist', 'text', /multi-select/],
    ['boolean', 'integer', /no safe conversion/],
    ['date', 'integer', /no safe conversion/],
  ] as const)('%s → %s is refused', (from, to, reason) => {
    const c = typeConversion(from, to);
    expect(c.ok).toBe(false);
    expect(c.ok ? '' : c.reason).toMatch(reason);
  });

  it('has an answer with a reason for every pair of types', () => {
    for (const from of CUSTOM_FIELD_TYPES) {
      for (const to of CUSTOM_FIELD_TYPES) {
        if (from === to) continue;
        const c = typeConversion(from, to);
        if (!c.ok) expect(c.reason.length).toBeGreaterThan(10);
      }
    }
  });
});
