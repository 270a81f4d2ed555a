import { describe, expect, it } from 'vitest';
import { DomainError, type FieldProblem } from '../src/errors/domain-error.ts';
import type { FieldDef, FieldType, WorkspaceMetadata } from '../src/metadata/types.ts';
import { parseFilterParam, type FilterNode } from '../src/query/filter.ts';
import { compileListQuery, compileRecordSelect, parseFieldsParam, parseSortParam, type ListQueryInput, type SortKey } from '../src/query/list-query.ts';
import { ident, render, sql } from '../src/query/sql.ts';

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
const system = (): FieldDef[] => [field('id', 'id', { required: true }), field('name', 'text', { required: true }), field('createdAt', 'datetime', { required: true })];

const metadata: WorkspaceMetadata = {
  schema: 'ws',
  version: 1,
  objects: {
    account: {
      apiName: 'account',
      label: {},
      fields: [...system(), field('region', 'text'), field('parent', 'lookup', { target: 'account' }), field('revenue', 'currency'), field('profile', 'json')],
    },
    deal: {
      apiName: 'deal',
      label: {},
      fields: [
        ...system(),
        field('budget', 'currency'),
        field('amount', 'decimal', { precision: 12, scale: 2 }),
        field('probability', 'integer'),
        field('stage', 'picklist', { values: [choice('won', 3), choice('open', 1), choice('lost', 4, false), choice('lead', 2)] }),
        field('tags', 'multiPicklist', { values: [choice('a', 1), choice('b', 2)] }),
        field('closeDate', 'date'),
        field('won', 'boolean'),
        field('email', 'email'),
        field('account', 'lookup', { target: 'account' }),
        field('owner', 'userRef'),
        field('notes', 'longText'),
        field('extra', 'json'),
      ],
    },
  },
};

const compile = (input: Omit<ListQueryInput, 'metadata' | 'object'> & { object?: string }) => compileListQuery({ metadata, object: 'deal', ...input });

/** The WHERE clause of a list of ids filtered by `filter`, with its parameters. */
function where(filter: FilterNode | string) {
  const r = render(compile({ fields: ['id'], filter: typeof filter === 'string' ? parseFilterParam(filter) : filter }).select);
  const m = /where (.*) order by/.exec(r.text);
  return { text: m?.[1], values: r.values.slice(0, -1) };
}

function problemsOf(fn: () => unknown): FieldProblem[] {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('invalidQuery');
    return error.errors;
  }
  throw new Error('expected a DomainError');
}

const DEAL_ID = '0190a000-0000-7000-8000-00000000000a';
const KEY_CREATED = `to_char("t0"."createdAt" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

describe('compileListQuery: statement', () => {
  it('selects every field, the sort key texts, newest first, one row more than the limit', () => {
    const r = render(compile({}).select);
    expect(r.text).toBe(
      'select "t0"."id", "t0"."name", "t0"."createdAt", "t0"."budget", "t0"."budget__currency", "t0"."amount", "t0"."probability", "t0"."stage", "t0"."tags", ' +
        '"t0"."closeDate", "t0"."won", "t0"."email", "t0"."account", "t0"."owner", "t0"."notes", "t0"."extra", ' +
        `${KEY_CREATED} as "_k0", "t0"."id"::text as "_k1" ` +
        'from "ws"."deal" as "t0" order by "t0"."createdAt" desc, "t0"."id" desc limit $1',
    );
    expect(r.values).toEqual([51]);
  });

  it('joins once per lookup path, with generated aliases, and selects related columns under alias.column', () => {
    const r = render(compile({ fields: ['name', 'account.name', 'account.region', 'account.parent.name', 'account.parent.revenue'], limit: 10 }).select);
    expect(r.text).toBe(
      'select "t0"."id", "t0"."name", "t1"."name" as "t1.name", "t1"."region" as "t1.region", "t2"."name" as "t2.name", ' +
        '"t2"."revenue" as "t2.revenue", "t2"."revenue__currency" as "t2.revenue__currency", ' +
        `${KEY_CREATED} as "_k0", "t0"."id"::text as "_k1" ` +
        'from "ws"."deal" as "t0" left join "ws"."account" as "t1" on "t1"."id" = "t0"."account" ' +
        'left join "ws"."account" as "t2" on "t2"."id" = "t1"."parent" ' +
        'order by "t0"."createdAt" desc, "t0"."id" desc limit $1',
    );
    expect(r.values).toEqual([11]);
  });

  it('counts over the filter joins and WHERE only, with visibility ANDed into both statements', () => {
    const compiled = compile({
      fields: ['account.parent.name'],
      filter: { or: [{ field: 'account.name', op: 'eq', value: 'x' }, { field: 'won', op: 'eq', value: true }] },
      sort: [{ field: 'account.region', direction: 'asc' }],
      visibility: (alias) => sql`${ident(alias)}.${ident('owner')} = ${'u1'}`,
    });
    expect(render(compiled.count)).toEqual({
      text:
        'select count(*) as total from "ws"."deal" as "t0" left join "ws"."account" as "t1" on "t1"."id" = "t0"."account" ' +
        'where ("t1"."name" = $1::text or "t0"."won" = $2::boolean) and ("t0"."owner" = $3)',
      values: ['x', true, 'u1'],
    });
    const select = render(compiled.select);
    expect(select.text).toContain('where ("t1"."name" = $1::text or "t0"."won" = $2::boolean) and ("t0"."owner" = $3) order by "t1"."region" asc, "t0"."id" asc limit $4');
    expect(select.text).toContain('left join "ws"."account" as "t2" on "t2"."id" = "t1"."parent"');
  });

  it('counts without joins or WHERE when nothing filters', () => {
    expect(render(compile({ fields: ['account.name'] }).count)).toEqual({ text: 'select count(*) as total from "ws"."deal" as "t0"', values: [] });
  });
});

describe('compileListQuery: filter operators', () => {
  it.each<[string, FilterNode | string, string, unknown[]]>([
    ['text eq is exact', 'name[eq]:Acme', '"t0"."name" = $1::text', ['Acme']],
    ['ne matches blanks too', 'name[ne]:Acme', '"t0"."name" is distinct from $1::text', ['Acme']],
    ['text order', 'name[lt]:b', '"t0"."name" < $1::text', ['b']],
    ['decimal as a string, cast without typmod', 'amount[gte]:"10.5"', '"t0"."amount" >= $1::numeric', ['10.5']],
    ['a number is accepted for a decimal', 'amount[gt]:10', '"t0"."amount" > $1::numeric', ['10']],
    ['currency compares its amount', 'budget[lte]:"99.99"', '"t0"."budget" <= $1::numeric', ['99.99']],
    ['integer from text', 'probability[eq]:"42"', '"t0"."probability" = $1::bigint', [42]],
    ['in binds one array', 'probability[in]:[1,2,2]', '"t0"."probability" = any($1::bigint[])', [[1, 2]]],
    ['between is inclusive', 'closeDate[between]:["2026-01-01","2026-12-31"]', '"t0"."closeDate" between $1::date and $2::date', ['2026-01-01', '2026-12-31']],
    ['datetime normalised to UTC', 'createdAt[gt]:"2026-01-01T08:00:00+08:00"', '"t0"."createdAt" > $1::timestamptz', ['2026-01-01T00:00:00.000Z']],
    ['isNull true', 'won[isNull]:true', '"t0"."won" is null', []],
    ['isNull false', 'won[isNull]:false', '"t0"."won" is not null', []],
    ['boolean eq', 'won[eq]:true', '"t0"."won" = $1::boolean', [true]],
    ['uuid lower-cased', `account[eq]:"${DEAL_ID.toUpperCase()}"`, '"t0"."account" = $1::uuid', [DEAL_ID]],
    ['contains escapes LIKE wildcards', 'name[contains]:"50%_off\\\\x"', '"t0"."name" ilike $1', ['%50\\%\\_off\\\\x%']],
    ['contains Chinese', 'name[contains]:华东', '"t0"."name" ilike $1', ['%华东%']],
    ['startsWith', 'email[startsWith]:Sales', '"t0"."email" ilike $1', ['Sales%']],
    ['contains on long text', 'notes[contains]:x', '"t0"."notes" ilike $1', ['%x%']],
    ['picklist lt: values defined before', 'stage[lt]:won', '"t0"."stage" = any($1::text[])', [['open', 'lead']]],
    ['picklist gte includes retired values after', 'stage[gte]:won', '"t0"."stage" = any($1::text[])', [['won', 'lost']]],
    ['picklist between', 'stage[between]:["lead","won"]', '"t0"."stage" = any($1::text[])', [['lead', 'won']]],
    ['picklist eq accepts a retired value', 'stage[eq]:lost', '"t0"."stage" = $1::text', ['lost']],
    ['multi-select eq is set equality', 'tags[eq]:["b","a","b"]', '("t0"."tags" @> $1::text[] and "t0"."tags" <@ $2::text[])', [['b', 'a'], ['b', 'a']]],
    ['multi-select ne', 'tags[ne]:a', '("t0"."tags" is null or not ("t0"."tags" @> $1::text[] and "t0"."tags" <@ $2::text[]))', [['a'], ['a']]],
    ['multi-select contains', 'tags[contains]:a', '"t0"."tags" @> $1::text[]', [['a']]],
    ['multi-select in overlaps', 'tags[in]:["a","b"]', '"t0"."tags" && $1::text[]', [['a', 'b']]],
    ['multi-select isNull counts empty', 'tags[isNull]:true', '("t0"."tags" is null or cardinality("t0"."tags") = 0)', []],
    ['multi-select not null', 'tags[isNull]:false', 'cardinality("t0"."tags") > 0', []],
    ['json isNull', 'extra[isNull]:false', '"t0"."extra" is not null', []],
    ['related field', 'account.parent.name[eq]:x', '"t2"."name" = $1::text', ['x']],
    ['not is IS NOT TRUE', 'not(name[eq]:x)', '("t0"."name" = $1::text) is not true', ['x']],
    ['groups nest in parentheses', 'or(and(name[eq]:a,won[eq]:true),not(or(name[eq]:b,name[eq]:c)))', '(("t0"."name" = $1::text and "t0"."won" = $2::boolean) or ("t0"."name" = $3::text or "t0"."name" = $4::text) is not true)', ['a', true, 'b', 'c']],
    ['top-level list is AND', 'name[eq]:a,won[eq]:true', '("t0"."name" = $1::text and "t0"."won" = $2::boolean)', ['a', true]],
    ['empty and is true', { and: [] }, 'true', []],
    ['empty or is false', { or: [] }, 'false', []],
  ])('%s', (_title, filter, text, values) => {
    expect(where(filter)).toEqual({ text, values });
  });

  it('puts hostile values in parameters only', () => {
    const hostile = `x'); drop table "ws"."deal"; --$1`;
    const r = render(compile({ filter: { field: 'name', op: 'eq', value: hostile } }).select);
    expect(r.text).not.toContain('drop');
    expect(r.values).toContain(hostile);
  });
});

describe('compileListQuery: filter errors', () => {
  it.each<[string, FilterNode, FieldProblem]>([
    ['unknown field', { field: 'nme', op: 'eq', value: 1 }, { field: 'filter.field', code: 'unknownField', params: { field: 'nme' } }],
    ['unknown related field', { field: 'account.nme', op: 'eq', value: 1 }, { field: 'filter.field', code: 'unknownField', params: { field: 'account.nme' } }],
    ['prototype names are unknown', { field: 'constructor', op: 'eq', value: 1 }, { field: 'filter.field', code: 'unknownField', params: { field: 'constructor' } }],
    ['path through a non-lookup', { field: 'name.x', op: 'eq', value: 1 }, { field: 'filter.field', code: 'invalidValue', params: { detail: '"name" is not a lookup field, so "name.x" cannot follow it' } }],
    ['three hops', { field: 'account.parent.parent.name', op: 'eq', value: 1 }, { field: 'filter.field', code: 'invalidValue', params: { detail: '"account.parent.parent.name" follows more than 2 lookups' } }],
    ['empty segment', { field: 'account..name', op: 'eq', value: 1 }, { field: 'filter.field', code: 'unknownField', params: { field: 'account..name' } }],
    ['contains on a number', { field: 'amount', op: 'contains', value: '1' }, { field: 'filter.op', code: 'invalidFilter', params: { detail: '"contains" cannot be used on amount (decimal)' } }],
    ['order on a boolean', { field: 'won', op: 'lt', value: true }, { field: 'filter.op', code: 'invalidFilter', params: { detail: '"lt" cannot be used on won (boolean)' } }],
    ['eq on json', { field: 'extra', op: 'eq', value: {} }, { field: 'filter.op', code: 'invalidFilter', params: { detail: '"eq" cannot be used on extra (json)' } }],
    ['order on a uuid', { field: 'account', op: 'gt', value: DEAL_ID }, { field: 'filter.op', code: 'invalidFilter', params: { detail: '"gt" cannot be used on account (lookup)' } }],
    ['number for text', { field: 'name', op: 'eq', value: 12 }, { field: 'filter.value', code: 'wrongType', params: { expected: 'text' } }],
    ['bad date', { field: 'closeDate', op: 'eq', value: '2026-02-30' }, { field: 'filter.value', code: 'invalidFormat', params: { format: 'date (YYYY-MM-DD)' } }],
    ['decimal too precise', { field: 'amount', op: 'eq', value: '1.001' }, { field: 'filter.value', code: 'outOfRange', params: { detail: 'at most 2 decimal places' } }],
    ['currency object', { field: 'budget', op: 'eq', value: { amount: '1' } }, { field: 'filter.value', code: 'wrongType', params: { expected: 'an amount (decimal string)' } }],
    ['undefined picklist value', { field: 'stage', op: 'eq', value: 'closed' }, { field: 'filter.value', code: 'invalidPicklistValue', params: { value: 'closed' } }],
    ['in with an empty list', { field: 'name', op: 'in', value: [] }, { field: 'filter.value', code: 'wrongType', params: { expected: 'a non-empty list' } }],
    ['in with a bad item', { field: 'probability', op: 'in', value: [1, 'x'] }, { field: 'filter.value[1]', code: 'wrongType', params: { expected: 'a whole number' } }],
    ['in with too many', { field: 'probability', op: 'in', value: Array.from({ length: 1001 }, (_, i) => i) }, { field: 'filter.value', code: 'outOfRange', params: { detail: 'at most 1000 values' } }],
    ['between with one bound', { field: 'amount', op: 'between', value: ['1'] }, { field: 'filter.value', code: 'wrongType', params: { expected: 'a list of two values [low, high]' } }],
    ['isNull with a string', { field: 'name', op: 'isNull', value: 'true' }, { field: 'filter.value', code: 'wrongType', params: { expected: 'true or false' } }],
    ['NUL in a substring', { field: 'name', op: 'contains', value: 'a\u0000' }, { field: 'filter.value', code: 'invalidValue', params: { detail: 'contains a NUL character' } }],
    ['NUL in a value', { field: 'name', op: 'eq', value: 'a\u0000' }, { field: 'filter.value', code: 'invalidValue', params: { detail: 'contains a NUL character' } }],
    ['multi-select with an undefined value', { field: 'tags', op: 'contains', value: ['a', 'z'] }, { field: 'filter.value[1]', code: 'invalidPicklistValue', params: { value: 'z' } }],
    ['too long for the field', { field: 'name', op: 'eq', value: 'x'.repeat(256) }, { field: 'filter.value', code: 'tooLong', params: { max: 255 } }],
  ])('%s', (_title, filter, problem) => {
    expect(problemsOf(() => compile({ filter }))).toEqual([problem]);
  });

  it('paths problems into the tree and reports them all at once', () => {
    const problems = problemsOf(() =>
      compile({
        filter: { and: [{ field: 'name', op: 'eq', value: 'ok' }, { or: [{ field: 'x', op: 'eq', value: 1 }, { not: { field: 'won', op: 'eq', value: 'yes' } }] }] },
        sort: [{ field: 'notes', direction: 'asc' }],
        fields: ['name', 'nope'],
        limit: 0,
      }),
    );
    expect(problems).toEqual([
      { field: 'fields', code: 'unknownField', params: { field: 'nope' } },
      { field: 'filter.and[1].or[0].field', code: 'unknownField', params: { field: 'x' } },
      { field: 'filter.and[1].or[1].not.value', code: 'wrongType', params: { expected: 'true or false' } },
      { field: 'sort', code: 'invalidSort', params: { field: 'notes', detail: 'long text cannot be sorted' } },
      { field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } },
    ]);
  });

  it('never throws a TypeError on malformed trees passed in by code', () => {
    for (const filter of [5, null, [], { and: 5 }, { and: [null] }, { not: [] }, { field: 1, op: {}, value: 2 }, Object.create(null)]) {
      expect(() => compile({ filter: filter as FilterNode })).toThrow(DomainError);
    }
  });

  it('refuses an unknown object with unknownObject', () => {
    expect(() => compileListQuery({ metadata, object: 'toString' })).toThrow(expect.objectContaining({ code: 'unknownObject' }));
  });
});

describe('compileListQuery: fields', () => {
  it('always returns id first and each field once', () => {
    expect(render(compile({ fields: ['name', 'id', 'name'] }).select).text).toMatch(/^select "t0"\."id", "t0"\."name", to_char/);
  });

  it.each<[unknown, FieldProblem]>([
    [['nope'], { field: 'fields', code: 'unknownField', params: { field: 'nope' } }],
    [['name.first'], { field: 'fields', code: 'invalidValue', params: { detail: '"name" is not a lookup field, so "name.first" cannot follow it' } }],
    [Array.from({ length: 101 }, () => 'name'), { field: 'fields', code: 'outOfRange', params: { detail: 'at most 100 fields' } }],
    ['name', { field: 'fields', code: 'wrongType', params: { expected: 'a list of field names' } }],
    [[1], { field: 'fields', code: 'wrongType', params: { expected: 'a list of field names' } }],
  ])('refuses %j', (fields, problem) => {
    expect(problemsOf(() => compile({ fields: fields as string[] }))).toEqual([problem]);
  });
});

describe('compileListQuery: sort', () => {
  const orderBy = (sort: SortKey[]) => /order by (.*) limit/.exec(render(compile({ fields: ['id'], sort }).select).text)?.[1];

  it('appends id in the direction of the last key', () => {
    expect(orderBy([{ field: 'amount', direction: 'desc' }, { field: 'name', direction: 'asc' }])).toBe('"t0"."amount" desc, "t0"."name" asc, "t0"."id" asc');
    expect(orderBy([{ field: 'account.name', direction: 'desc' }])).toBe('"t1"."name" desc, "t0"."id" desc');
  });

  it('stops at id, which already decides', () => {
    expect(orderBy([{ field: 'id', direction: 'asc' }, { field: 'name', direction: 'desc' }])).toBe('"t0"."id" asc');
  });

  it('sorts picklists by their defined order', () => {
    const r = render(compile({ fields: ['id'], sort: [{ field: 'stage', direction: 'asc' }] }).select);
    expect(r.text).toBe(
      'select "t0"."id", array_position($1::text[], "t0"."stage")::text as "_k0", "t0"."id"::text as "_k1" from "ws"."deal" as "t0" ' +
        'order by array_position($2::text[], "t0"."stage") asc, "t0"."id" asc limit $3',
    );
    expect(r.values).toEqual([['open', 'lead', 'won', 'lost'], ['open', 'lead', 'won', 'lost'], 51]);
  });

  it('selects each key as exact text for the cursor', () => {
    const text = render(compile({ fields: ['id'], sort: [{ field: 'closeDate', direction: 'asc' }, { field: 'amount', direction: 'asc' }, { field: 'won', direction: 'asc' }, { field: 'probability', direction: 'asc' }] }).select).text;
    expect(text).toContain(`to_char("t0"."closeDate", 'YYYY-MM-DD') as "_k0", "t0"."amount"::text as "_k1", "t0"."won"::text as "_k2", "t0"."probability"::text as "_k3", "t0"."id"::text as "_k4"`);
  });

  it.each<[unknown, FieldProblem]>([
    [[{ field: 'tags', direction: 'asc' }], { field: 'sort', code: 'invalidSort', params: { field: 'tags', detail: 'multi-select picklists cannot be sorted' } }],
    [[{ field: 'extra', direction: 'asc' }], { field: 'sort', code: 'invalidSort', params: { field: 'extra', detail: 'JSON fields cannot be sorted' } }],
    [[{ field: 'account.profile', direction: 'asc' }], { field: 'sort', code: 'invalidSort', params: { field: 'account.profile', detail: 'JSON fields cannot be sorted' } }],
    [[{ field: 'nope', direction: 'asc' }], { field: 'sort', code: 'unknownField', params: { field: 'nope' } }],
    [[{ field: 'name', direction: 'up' }], { field: 'sort', code: 'invalidSort', params: { field: 'name', detail: 'each sort key is {field, direction: "asc" | "desc"}' } }],
    [[{ field: 'name', direction: 'asc' }, { field: 'name', direction: 'desc' }], { field: 'sort', code: 'invalidSort', params: { field: 'name', detail: 'it is listed more than once' } }],
    [Array.from({ length: 6 }, (_, i) => ({ field: `f${i}`, direction: 'asc' })), { field: 'sort', code: 'outOfRange', params: { detail: 'at most 5 sort keys' } }],
    ['name', { field: 'sort', code: 'invalidSort', params: { field: 'sort', detail: 'expected a list of {field, direction}' } }],
    [[null], { field: 'sort', code: 'invalidSort', params: { field: '', detail: 'each sort key is {field, direction: "asc" | "desc"}' } }],
  ])('refuses %j', (sort, problem) => {
    expect(problemsOf(() => compile({ sort: sort as SortKey[] }))).toEqual([problem]);
  });
});

describe('compileListQuery: keyset pages', () => {
  const ID1 = '0190a000-0000-7000-8000-000000000001';
  /** A cursor as the previous page would hand it out, for a last row with these key texts. */
  function cursorFor(sort: SortKey[] | undefined, keys: (string | null)[]): string {
    const compiled = compile({ fields: ['id'], sort, limit: 1 });
    const row = Object.fromEntries(keys.map((k, i) => [`_k${i}`, k]));
    return compiled.toPage([{ id: ID1, ...row }, { id: ID1 }]).nextCursor!;
  }
  function page(sort: SortKey[] | undefined, keys: (string | null)[]) {
    const r = render(compile({ fields: ['id'], sort, cursor: cursorFor(sort, keys) }).select);
    return { where: /where (.*) order by/.exec(r.text)?.[1], values: r.values.slice(0, -1) };
  }

  it('uses one row-value comparison when no key can be blank and all go one way', () => {
    expect(page(undefined, ['2026-01-01T00:00:00.123456Z', ID1])).toEqual({
      where: '("t0"."createdAt", "t0"."id") < ($1::timestamptz, $2::uuid)',
      values: ['2026-01-01T00:00:00.123456Z', ID1],
    });
    expect(page([{ field: 'name', direction: 'asc' }], ['华东', ID1])).toEqual({ where: '("t0"."name", "t0"."id") > ($1::text, $2::uuid)', values: ['华东', ID1] });
    expect(page([{ field: 'id', direction: 'asc' }], [ID1])).toEqual({ where: '"t0"."id" > $1::uuid', values: [ID1] });
  });

  it('expands with blanks last when ascending', () => {
    expect(page([{ field: 'amount', direction: 'asc' }], ['10.00', ID1])).toEqual({
      where: '(("t0"."amount" > $1::numeric or "t0"."amount" is null) or ("t0"."amount" = $2::numeric and "t0"."id" > $3::uuid))',
      values: ['10.00', '10.00', ID1],
    });
    // Once inside the blanks, only blanks with a greater id follow.
    expect(page([{ field: 'amount', direction: 'asc' }], [null, ID1])).toEqual({ where: '("t0"."amount" is null and "t0"."id" > $1::uuid)', values: [ID1] });
  });

  it('expands with blanks first when descending', () => {
    expect(page([{ field: 'amount', direction: 'desc' }], ['10.00', ID1])).toEqual({
      where: '("t0"."amount" < $1::numeric or ("t0"."amount" = $2::numeric and "t0"."id" < $3::uuid))',
      values: ['10.00', '10.00', ID1],
    });
    expect(page([{ field: 'amount', direction: 'desc' }], [null, ID1])).toEqual({
      where: '("t0"."amount" is not null or ("t0"."amount" is null and "t0"."id" < $1::uuid))',
      values: [ID1],
    });
  });

  it('bounds mixed directions by a never-blank first key', () => {
    expect(page([{ field: 'name', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }], ['b', '2026-01-01T00:00:00.000000Z', ID1])).toEqual({
      where: '"t0"."name" >= $1::text and ("t0"."name" > $2::text or ("t0"."name" = $3::text and "t0"."createdAt" < $4::timestamptz) or ("t0"."name" = $5::text and "t0"."createdAt" = $6::timestamptz and "t0"."id" < $7::uuid))',
      values: ['b', 'b', 'b', '2026-01-01T00:00:00.000000Z', 'b', '2026-01-01T00:00:00.000000Z', ID1],
    });
  });

  it('ANDs the keyset after filter and visibility', () => {
    const cursor = cursorFor(undefined, ['2026-01-01T00:00:00.000000Z', ID1]);
    const r = render(compile({ fields: ['id'], cursor, filter: { field: 'won', op: 'eq', value: true }, visibility: () => sql`true` }).select);
    expect(r.text).toContain('where "t0"."won" = $1::boolean and (true) and ("t0"."createdAt", "t0"."id") < ($2::timestamptz, $3::uuid) order by');
  });

  it('treats related keys as possibly blank', () => {
    expect(page([{ field: 'account.name', direction: 'asc' }], ['x', ID1]).where).toBe(
      '(("t1"."name" > $1::text or "t1"."name" is null) or ("t1"."name" = $2::text and "t0"."id" > $3::uuid))',
    );
  });

  it.each<[string, string]>([
    ['garbage', '!!!'],
    ['empty', ''],
    ['not base64 JSON', 'aGVsbG8'],
    ['JSON but not a cursor', Buffer.from('{"v":1}').toString('base64url')],
    ['JSON array', Buffer.from('[1]').toString('base64url')],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe]).toString('base64url')],
    ['too long', 'A'.repeat(40_000)],
  ])('refuses a %s cursor, naming `cursor`', (_title, cursor) => {
    expect(problemsOf(() => compile({ cursor }))).toEqual([{ field: 'cursor', code: 'invalidFormat', params: { format: 'cursor (use nextCursor from a previous page)' } }]);
  });

  it('refuses a cursor made for another sort', () => {
    const cursor = cursorFor([{ field: 'name', direction: 'asc' }], ['a', ID1]);
    expect(problemsOf(() => compile({ cursor, sort: [{ field: 'name', direction: 'desc' }] }))).toEqual([
      { field: 'cursor', code: 'invalidValue', params: { detail: 'the cursor was made for a different sort; start again without a cursor' } },
    ]);
    expect(() => compile({ cursor, sort: [{ field: 'email', direction: 'asc' }] })).toThrow(DomainError);
    expect(() => compile({ cursor, object: 'account', sort: [{ field: 'name', direction: 'asc' }] })).toThrow(DomainError);
  });

  it('refuses altered cursors and values that do not fit the column', () => {
    const sort: SortKey[] = [{ field: 'name', direction: 'asc' }];
    const good = cursorFor(sort, ['a', ID1]);
    const payload = JSON.parse(Buffer.from(good, 'base64url').toString()) as { v: unknown[] };
    payload.v[0] = 'b';
    const altered = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const tampered = { field: 'cursor', code: 'invalidValue', params: { detail: 'the cursor has been altered; use nextCursor as returned' } };
    expect(problemsOf(() => compile({ sort, cursor: altered }))).toEqual([tampered]);
    // Checksums are not secrets: values are checked against the column type as well.
    const sortByDate: SortKey[] = [{ field: 'closeDate', direction: 'asc' }];
    for (const bad of [['2026-02-30', ID1], ['x', ID1], ['2026-01-01', 'not-a-uuid'], ['2026-01-01', null], ['2026-01-01']]) {
      expect(problemsOf(() => compile({ sort: sortByDate, cursor: cursorFor(sortByDate, bad) }))).toEqual([tampered]);
    }
    expect(problemsOf(() => compile({ cursor: cursorFor(undefined, [null, ID1]) }))).toEqual([tampered]);
    expect(problemsOf(() => compile({ cursor: cursorFor(undefined, ['2026-01-01T24:00:00.000000Z', ID1]) }))).toEqual([tampered]);
    const byNumber: SortKey[] = [{ field: 'probability', direction: 'asc' }];
    expect(problemsOf(() => compile({ sort: byNumber, cursor: cursorFor(byNumber, ['99999999999999999999', ID1]) }))).toEqual([tampered]);
  });
});

describe('compileListQuery: limit and pages', () => {
  it.each([0, 1001, 1.5, -1, Number.NaN, '5'])('refuses limit %j', (limit) => {
    expect(problemsOf(() => compile({ limit: limit as number }))).toEqual([{ field: 'limit', code: 'outOfRange', params: { detail: 'a whole number from 1 to 1000' } }]);
  });

  it('returns at most limit records, a cursor only when there is more, and API values', () => {
    const compiled = compile({ fields: ['name', 'budget', 'amount', 'probability', 'tags', 'account.parent.revenue', 'account.profile'], limit: 2 });
    const row = (n: number) => ({
      id: `0190a000-0000-7000-8000-00000000000${n}`,
      name: `n${n}`,
      budget: '12.50',
      budget__currency: 'USD',
      amount: '3.10',
      probability: '9007199254740991',
      tags: ['a'],
      't2.revenue': null,
      't2.revenue__currency': null,
      't1.profile': { deep: [1] },
      _k0: '2026-01-01T00:00:00.000000Z',
      _k1: `0190a000-0000-7000-8000-00000000000${n}`,
    });
    const full = compiled.toPage([row(1), row(2), row(3)]);
    expect(full.records).toEqual([1, 2].map((n) => ({
      id: `0190a000-0000-7000-8000-00000000000${n}`,
      name: `n${n}`,
      budget: { amount: '12.50', currency: 'USD' },
      amount: '3.1',
      probability: 9007199254740991,
      tags: ['a'],
      'account.parent.revenue': null,
      'account.profile': { deep: [1] },
    })));
    expect(full.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(compiled.toPage([row(1), row(2)]).nextCursor).toBeNull();
    expect(compiled.toPage([])).toEqual({ records: [], nextCursor: null });
  });
});

describe('compileRecordSelect', () => {
  it('selects one record with related fields and the caller’s predicate', () => {
    const compiled = compileRecordSelect({
      metadata,
      object: 'deal',
      fields: ['name', 'account.name'],
      where: (alias) => sql`${ident(alias)}.${ident('id')} = ${DEAL_ID}::uuid`,
      visibility: (alias) => sql`${ident(alias)}.${ident('owner')} = ${'u1'}`,
    });
    expect(render(compiled.select)).toEqual({
      text:
        'select "t0"."id", "t0"."name", "t1"."name" as "t1.name" from "ws"."deal" as "t0" left join "ws"."account" as "t1" on "t1"."id" = "t0"."account" ' +
        'where ("t0"."id" = $1::uuid) and ("t0"."owner" = $2)',
      values: [DEAL_ID, 'u1'],
    });
    expect(compiled.toRecord({ id: DEAL_ID, name: 'x', 't1.name': '华东' })).toEqual({ id: DEAL_ID, name: 'x', 'account.name': '华东' });
  });

  it('refuses unknown fields', () => {
    expect(problemsOf(() => compileRecordSelect({ metadata, object: 'deal', fields: ['x'], where: () => sql`true` }))).toEqual([
      { field: 'fields', code: 'unknownField', params: { field: 'x' } },
    ]);
  });
});

describe('parseSortParam and parseFieldsParam', () => {
  it('reads "-budget,name"', () => {
    expect(parseSortParam('-budget,name')).toEqual([
      { field: 'budget', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ]);
    expect(parseSortParam(' +name , -account.name ')).toEqual([
      { field: 'name', direction: 'asc' },
      { field: 'account.name', direction: 'desc' },
    ]);
  });

  it('refuses empty keys, too many keys and huge text', () => {
    expect(problemsOf(() => parseSortParam('name,,-'))).toEqual([
      { field: 'sort', code: 'invalidSort', params: { field: '', detail: 'name a field, with "-" in front for descending order' } },
      { field: 'sort', code: 'invalidSort', params: { field: '-', detail: 'name a field, with "-" in front for descending order' } },
    ]);
    expect(problemsOf(() => parseSortParam('a,b,c,d,e,f'))).toEqual([{ field: 'sort', code: 'outOfRange', params: { detail: 'at most 5 sort keys' } }]);
    expect(problemsOf(() => parseSortParam('a'.repeat(10_001)))).toEqual([{ field: 'sort', code: 'outOfRange', params: { detail: 'at most 10000 characters' } }]);
  });

  it('reads "name,budget,account.name"', () => {
    expect(parseFieldsParam('name, budget,account.name')).toEqual(['name', 'budget', 'account.name']);
    expect(problemsOf(() => parseFieldsParam('name,,budget'))).toEqual([{ field: 'fields', code: 'invalidValue', params: { detail: 'a field name is empty' } }]);
    expect(problemsOf(() => parseFieldsParam(Array.from({ length: 101 }, () => 'a').join(',')))).toEqual([{ field: 'fields', code: 'outOfRange', params: { detail: 'at most 100 fields' } }]);
  });
});
