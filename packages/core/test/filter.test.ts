import { describe, expect, it } from 'vitest';
import { DomainError, type FieldProblem } from '../src/errors/domain-error.ts';
import type { FieldDef, FieldType, WorkspaceMetadata } from '../src/metadata/types.ts';
import { matchesFilter, parseFilterParam, renderFilterParam, type FilterNode } from '../src/query/filter.ts';

const field = (apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  apiName,
  type,
  label: { en: apiName },
  required: false,
  unique: false,
  externalId: false,
  system: false,
  ...extra,
});
const choice = (apiName: string, order: number, active = true) => ({ apiName, order, active, label: { en: apiName } });

const metadata: WorkspaceMetadata = {
  schema: 'ws',
  version: 1,
  objects: {
    account: { apiName: 'account', label: {}, fields: [field('id', 'id', { required: true }), field('name', 'text', { required: true })] },
    deal: {
      apiName: 'deal',
      label: {},
      fields: [
        field('id', 'id', { required: true }),
        field('name', 'text', { required: true }),
        field('budget', 'currency'),
        field('stage', 'picklist', { values: [choice('open', 1), choice('won', 2), choice('lost', 3, false)] }),
        field('tags', 'multiPicklist', { values: [choice('a', 1), choice('b', 2)] }),
        field('won', 'boolean'),
        field('account', 'lookup', { target: 'account' }),
      ],
    },
  },
};

/** The problems of the DomainError fn throws (failing the test on any other outcome). */
function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('invalidQuery');
    expect(error.status).toBe(400);
    return error.errors;
  }
  throw new Error('expected a DomainError');
}

describe('parseFilterParam: JSON', () => {
  it('reads a JSON tree', () => {
    const tree = { and: [{ field: 'stage', op: 'in', value: ['open'] }, { or: [{ field: 'budget', op: 'gt', value: '1000' }, { not: { field: 'name', op: 'isNull', value: true } }] }] };
    expect(parseFilterParam(`  ${JSON.stringify(tree)} `)).toEqual(tree);
  });

  it('names `filter` when the JSON is malformed', () => {
    expect(problemsOf(() => parseFilterParam('{"field": "name", '))).toEqual([{ field: 'filter', code: 'invalidFilter', params: { detail: expect.stringMatching(/^not valid JSON/) } }]);
  });

  it.each([
    ['{"and": 5}', 'filter.and', 'invalidFilter'],
    ['{"or": {"field": "name"}}', 'filter.or', 'invalidFilter'],
    ['{"not": [1]}', 'filter.not', 'invalidFilter'],
    ['{"and": [5]}', 'filter.and[0]', 'invalidFilter'],
    ['{"and": [null]}', 'filter.and[0]', 'invalidFilter'],
    ['{"and": [[]]}', 'filter.and[0]', 'invalidFilter'],
    ['{}', 'filter', 'invalidFilter'],
    ['{"and": [], "or": []}', 'filter', 'invalidFilter'],
    ['{"__proto__": {"field": "name"}}', 'filter.__proto__', 'invalidFilter'],
    ['{"field": "name", "op": "eq", "value": 1, "constructor": 1}', 'filter.constructor', 'invalidFilter'],
    ['{"field": "name", "op": "like", "value": "x"}', 'filter.op', 'invalidFilter'],
    ['{"field": "name", "op": "toString", "value": "x"}', 'filter.op', 'invalidFilter'],
    ['{"field": "name", "op": "eq"}', 'filter.value', 'required'],
    ['{"field": "name", "value": 1}', 'filter.op', 'required'],
    ['{"op": "eq", "value": 1}', 'filter.field', 'required'],
    ['{"field": 5, "op": "eq", "value": 1}', 'filter.field', 'wrongType'],
    ['{"field": "", "op": "eq", "value": 1}', 'filter.field', 'wrongType'],
    ['{"and": [{"field": "name", "op": "eq", "value": "x"}, {"or": [{"field": "name", "op": "gt"}]}]}', 'filter.and[1].or[0].value', 'required'],
  ])('refuses the shape %s at %s', (text, path, code) => {
    expect(problemsOf(() => parseFilterParam(text))).toContainEqual(expect.objectContaining({ field: path, code }));
  });

  it('refuses top-level arrays and scalars', () => {
    for (const text of ['[]', '[{"field":"name","op":"eq","value":"x"}]', '5', 'null', '"x"']) {
      expect(() => parseFilterParam(text)).toThrow(DomainError);
    }
  });

  it('caps depth, conditions and length', () => {
    let deep: FilterNode = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 8; i += 1) deep = { not: deep };
    expect(problemsOf(() => parseFilterParam(JSON.stringify(deep)))).toEqual([
      { field: 'filter.not.not.not.not.not.not.not.not', code: 'invalidFilter', params: { detail: 'conditions are nested more than 8 levels deep' } },
    ]);
    expect(parseFilterParam(JSON.stringify((deep as { not: FilterNode }).not))).toBeTruthy();

    const many = { or: Array.from({ length: 201 }, () => ({ field: 'name', op: 'eq', value: 'x' })) };
    expect(problemsOf(() => parseFilterParam(JSON.stringify(many)))).toEqual([{ field: 'filter', code: 'outOfRange', params: { detail: 'at most 200 conditions' } }]);
    expect(parseFilterParam(JSON.stringify({ or: many.or.slice(1) }))).toBeTruthy();

    expect(problemsOf(() => parseFilterParam(`name[eq]:"${'x'.repeat(20_000)}"`))).toEqual([{ field: 'filter', code: 'outOfRange', params: { detail: 'at most 20000 characters' } }]);
  });

  it('survives pathological JSON without throwing anything but DomainError', () => {
    expect(() => parseFilterParam(`{"and":${'['.repeat(9000)}${']'.repeat(9000)}}`)).toThrow(DomainError);
    expect(() => parseFilterParam(`{"not":${'{"not":'.repeat(2000)}1${'}'.repeat(2001)}`)).toThrow(DomainError);
  });
});

describe('parseFilterParam: compact form', () => {
  it('reads the documented example', () => {
    expect(parseFilterParam('stage[in]:["open","won"],or(budget[gt]:"1000",name[startsWith]:华东)')).toEqual({
      and: [
        { field: 'stage', op: 'in', value: ['open', 'won'] },
        { or: [{ field: 'budget', op: 'gt', value: '1000' }, { field: 'name', op: 'startsWith', value: '华东' }] },
      ],
    });
  });

  it.each([
    ['name[eq]:华东精密', '华东精密'],
    ['name[eq]: spaced words ', 'spaced words'],
    ['name[eq]:" padded "', ' padded '],
    ['name[eq]:"a,b(c)[d]:e\\"f"', 'a,b(c)[d]:e"f'],
    ['budget[gt]:12', 12],
    ['budget[gt]:-1.5e3', -1500],
    ['budget[gt]:"12"', '12'],
    ['won[eq]:true', true],
    ['won[eq]:null', null],
    ['name[eq]:truex', 'truex'],
    ['closeDate[gt]:2026-01-01', '2026-01-01'],
    ['name[in]:["a", 1, true]', ['a', 1, true]],
    ['budget[eq]:{"amount":"1"}', { amount: '1' }],
    ['name[eq]:50%_off', '50%_off'],
    ['name[eq]:a{b}', 'a{b}'],
  ])('reads the value of %s', (text, value) => {
    expect(parseFilterParam(text)).toEqual({ field: text.slice(0, text.indexOf('[')), op: text.slice(text.indexOf('[') + 1, text.indexOf(']')), value });
  });

  it('reads groups, nesting and whitespace', () => {
    expect(parseFilterParam(' not( or( a[eq]:1 , and( b[isNull]:true ) ) ) , c.d[ne]:x ')).toEqual({
      and: [{ not: { or: [{ field: 'a', op: 'eq', value: 1 }, { and: [{ field: 'b', op: 'isNull', value: true }] }] } }, { field: 'c.d', op: 'ne', value: 'x' }],
    });
    expect(parseFilterParam('and()')).toEqual({ and: [] });
    expect(parseFilterParam('or(a[eq]:1)')).toEqual({ or: [{ field: 'a', op: 'eq', value: 1 }] });
  });

  it.each([
    ['', 'the filter is empty'],
    ['   ', 'the filter is empty'],
    ['name[eq]:', 'missing value at character 10'],
    ['name[eq]:x,', 'the filter ends too early'],
    ['name', 'expected "[operator]" after "name" at character 5'],
    ['name[eq]x', 'unexpected "x" at character 9'],
    ['createdAt[gt]:2026-01-01T10:00:00Z', 'unexpected ":" at character 28; put values containing , ( ) [ ] : or " in double quotes'],
    ['name[eq]:"open', 'unterminated value starting at character 10'],
    ['name[in]:["a",', 'unterminated value starting at character 10'],
    ['name[in]:[1,,2]', 'the value starting at character 10 is not valid JSON'],
    ['xor(a[eq]:1)', 'unknown group "xor" at character 1; use and(…), or(…) or not(…)'],
    ['not(a[eq]:1,b[eq]:2)', 'not(…) at character 1 takes exactly one condition'],
    ['not()', 'not(…) at character 1 takes exactly one condition'],
    ['or(a[eq]:1', 'the filter ends too early'],
    ['a[eq]:1)', 'unexpected ")" at character 8'],
    [`${'and('.repeat(9)}a[eq]:1${')'.repeat(9)}`, 'conditions are nested more than 8 levels deep'],
  ])('explains what is wrong with %j', (text, detail) => {
    expect(problemsOf(() => parseFilterParam(text))).toEqual([{ field: 'filter', code: 'invalidFilter', params: { detail } }]);
  });

  it('bounds recursion on hostile nesting', () => {
    expect(() => parseFilterParam('not('.repeat(5000))).toThrow(DomainError);
    expect(() => parseFilterParam(`a[in]:${'['.repeat(9000)}`)).toThrow(DomainError);
  });

  it('checks the shape of what it read', () => {
    expect(problemsOf(() => parseFilterParam('name[like]:x'))).toEqual([
      { field: 'filter.op', code: 'invalidFilter', params: { detail: expect.stringContaining('unknown operator "like"') } },
    ]);
  });
});

describe('renderFilterParam', () => {
  it.each<[FilterNode, string]>([
    [{ field: 'name', op: 'eq', value: '华东' }, 'name[eq]:华东'],
    [{ field: 'name', op: 'eq', value: '12' }, 'name[eq]:"12"'],
    [{ field: 'name', op: 'eq', value: ' x' }, 'name[eq]:" x"'],
    [{ field: 'name', op: 'eq', value: 'a:b' }, 'name[eq]:"a:b"'],
    [{ field: 'name', op: 'eq', value: '' }, 'name[eq]:""'],
    [{ field: 'name', op: 'eq', value: '{x' }, 'name[eq]:"{x"'],
    [{ and: [{ field: 'a', op: 'in', value: [1, 'b'] }, { or: [{ not: { field: 'b', op: 'isNull', value: true } }] }] }, 'a[in]:[1,"b"],or(not(b[isNull]:true))'],
    [{ and: [{ field: 'a', op: 'eq', value: 1 }] }, 'and(a[eq]:1)'],
    [{ and: [] }, 'and()'],
  ])('writes %j as %s and reads it back', (tree, text) => {
    expect(renderFilterParam(tree)).toBe(text);
    expect(parseFilterParam(text)).toEqual(tree);
  });

  it('refuses what the compact form cannot hold', () => {
    expect(() => renderFilterParam({ field: 'a b', op: 'eq', value: 1 })).toThrow(DomainError);
    expect(() => renderFilterParam({ and: 5 } as unknown as FilterNode)).toThrow(DomainError);
  });
});

describe('matchesFilter', () => {
  const record = { id: 'x', name: 'Acme 华东', budget: { amount: '100.00', currency: 'CNY' }, stage: null, tags: ['a'], won: false, 'account.name': '东方' };
  const matches = (filter: FilterNode) => matchesFilter({ metadata, object: 'deal', filter, record });

  it('gives blanks the documented meaning', () => {
    expect(matches({ field: 'stage', op: 'ne', value: 'open' })).toBe(true);
    expect(matches({ field: 'stage', op: 'eq', value: 'open' })).toBe(false);
    expect(matches({ not: { field: 'stage', op: 'eq', value: 'open' } })).toBe(true);
    expect(matches({ field: 'stage', op: 'lt', value: 'won' })).toBe(false);
    expect(matches({ not: { field: 'stage', op: 'lt', value: 'won' } })).toBe(true);
    expect(matches({ field: 'stage', op: 'isNull', value: true })).toBe(true);
  });

  it('compares by field type', () => {
    expect(matches({ field: 'budget', op: 'between', value: ['99.5', '100'] })).toBe(true);
    expect(matches({ field: 'budget', op: 'gt', value: 99 })).toBe(true);
    expect(matches({ field: 'name', op: 'contains', value: 'ACME' })).toBe(true);
    expect(matches({ field: 'name', op: 'startsWith', value: '华东' })).toBe(false);
    expect(matches({ field: 'tags', op: 'eq', value: ['a'] })).toBe(true);
    expect(matches({ field: 'tags', op: 'contains', value: ['a', 'b'] })).toBe(false);
    expect(matches({ field: 'tags', op: 'in', value: ['a', 'b'] })).toBe(true);
    expect(matches({ field: 'won', op: 'ne', value: true })).toBe(true);
    expect(matches({ field: 'account.name', op: 'eq', value: '东方' })).toBe(true);
    expect(matches({ and: [] })).toBe(true);
    expect(matches({ or: [] })).toBe(false);
  });

  it('checks the filter against metadata', () => {
    expect(problemsOf(() => matches({ field: 'nope', op: 'eq', value: 1 }))).toEqual([{ field: 'filter.field', code: 'unknownField', params: { field: 'nope' } }]);
  });
});
