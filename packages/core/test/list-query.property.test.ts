import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors/domain-error.ts';
import { columnsOf } from '../src/metadata/field-values.ts';
import type { FieldDef, FieldType, WorkspaceMetadata } from '../src/metadata/types.ts';
import { parseFilterParam, renderFilterParam, type FilterNode, type FilterOp } from '../src/query/filter.ts';
import { compileListQuery, compileRecordSelect, parseFieldsParam, parseSortParam, type SortKey } from '../src/query/list-query.ts';
import { render, sql, type Sql } from '../src/query/sql.ts';

/**
 * Whatever a client sends, the compiler either refuses it with a DomainError
 * or produces SQL whose text holds only identifiers derived from metadata,
 * the compiler's own constants, and $n placeholders: no input string ever
 * reaches the statement text.
 */

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
const choice = (apiName: string, order: number) => ({ apiName, order, active: true, label: { en: apiName } });
const system = (): FieldDef[] => [field('id', 'id', { required: true }), field('name', 'text', { required: true }), field('createdAt', 'datetime', { required: true })];

const metadata: WorkspaceMetadata = {
  schema: 'ws',
  version: 1,
  objects: {
    account: { apiName: 'account', label: {}, fields: [...system(), field('region', 'text'), field('parent', 'lookup', { target: 'account' }), field('revenue', 'currency'), field('profile', 'json')] },
    deal: {
      apiName: 'deal',
      label: {},
      fields: [
        ...system(),
        field('budget', 'currency'),
        field('amount', 'decimal'),
        field('probability', 'integer'),
        field('stage', 'picklist', { values: [choice('open', 1), choice('won', 2)] }),
        field('tags', 'multiPicklist', { values: [choice('a', 1), choice('b', 2)] }),
        field('closeDate', 'date'),
        field('won', 'boolean'),
        field('email', 'email'),
        field('account', 'lookup', { target: 'account' }),
        field('notes', 'longText'),
        field('extra', 'json'),
      ],
    },
  },
};

const PATHS = ['id', 'name', 'createdAt', 'budget', 'amount', 'probability', 'stage', 'tags', 'closeDate', 'won', 'email', 'account', 'notes', 'extra'];
const RELATED = ['account.name', 'account.region', 'account.revenue', 'account.profile', 'account.parent.name', 'account.parent.createdAt'];
const OPS: FilterOp[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'startsWith', 'isNull', 'between'];

// ---- what legitimate SQL text may contain -------------------------------------------

const COLUMN_NAMES = Object.values(metadata.objects).flatMap((o) => o.fields.flatMap((f) => columnsOf(f).map((c) => c.name)));
const IDENTIFIERS = new Set([metadata.schema, ...Object.keys(metadata.objects), ...COLUMN_NAMES]);
const isKnownIdentifier = (name: string): boolean =>
  IDENTIFIERS.has(name) || /^t\d+$/.test(name) || /^_k\d+$/.test(name) || (/^t\d+\./.test(name) && IDENTIFIERS.has(name.slice(name.indexOf('.') + 1)));
const CONSTANT_LITERALS = new Set([`'UTC'`, `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`, `'YYYY-MM-DD'`]);

/** Checks one rendered statement and returns its text with identifiers and the compiler's literals blanked out. */
function checkStatement(statement: Sql): string {
  const { text, values } = render(statement);
  const residue = text.replace(/'[^']*'|"(?:[^"]|"")*"/g, (token) => {
    if (token.startsWith("'")) expect(CONSTANT_LITERALS).toContain(token);
    else expect(isKnownIdentifier(token.slice(1, -1).replace(/""/g, '"')), token).toBe(true);
    return ' ';
  });
  expect(residue).toMatch(/^[\x20-\x7e]*$/);
  for (const forbidden of [';', '--', '/*', '\\', "'", '"']) expect(residue).not.toContain(forbidden);
  const placeholders = [...residue.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  expect(placeholders).toEqual(values.map((_, i) => i + 1));
  return residue;
}

/** Strings that could only be in the text if input leaked into it. */
const MARKERS = /['";\\\u0000]|--|\/\*|[^\x20-\x7e]/;
function collectStrings(value: unknown, into: string[] = [], depth = 0): string[] {
  if (depth > 6) return into;
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into, depth + 1));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectStrings(v, collectStrings(k, into, depth + 1), depth + 1);
  return into;
}

function expectRefusedOrSafe(input: unknown, run: () => Sql[]): void {
  let statements: Sql[];
  try {
    statements = run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return;
  }
  const residues = statements.map(checkStatement);
  for (const s of collectStrings(input).filter((s) => MARKERS.test(s))) {
    for (const residue of residues) expect(residue.includes(s)).toBe(false);
  }
}

// ---- hostile input -----------------------------------------------------------------

const hostile = fc.oneof(
  fc.constantFrom(`x'); drop table "ws"."deal"; --`, '"', '""', "'", '$1', '$$ $$', '\u0000', 'a\u0000b', '--', '/*', ';', '\\', '%_', '华东精密', '𝒳', 'name', 't0', '_k0', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
);
const pathArb = fc.oneof(fc.constantFrom(...PATHS, ...RELATED), hostile, hostile.map((s) => `account.${s}`));
const opArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...OPS) }, { weight: 1, arbitrary: hostile });
const valueArb = fc.oneof(
  hostile,
  fc.constantFrom('2026-01-01', '2026-01-01T00:00:00Z', 'open', 'a', '10.5', true, false, 1, null, '0190a000-0000-7000-8000-00000000000a'),
  fc.array(hostile, { maxLength: 3 }),
  fc.tuple(hostile, hostile),
  fc.jsonValue({ maxDepth: 2 }),
  fc.anything({ maxDepth: 1, withNullPrototype: true }),
);
const leafArb = fc.record({ field: pathArb, op: opArb, value: valueArb });
const { tree } = fc.letrec<{ tree: unknown }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(self('tree'), { maxLength: 4 }).map((and) => ({ and })),
    fc.array(self('tree'), { maxLength: 4 }).map((or) => ({ or })),
    self('tree').map((not) => ({ not })),
    fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true }),
  ),
}));
const junk = fc.anything({ maxDepth: 1, withNullPrototype: true, withBoxedValues: true });
const sortArb = fc.option(
  fc.oneof(fc.array(fc.oneof({ weight: 9, arbitrary: fc.record({ field: pathArb, direction: fc.oneof(fc.constantFrom('asc', 'desc'), hostile) }) }, { weight: 1, arbitrary: junk }), { maxLength: 6 }), junk),
  { nil: undefined },
);
const fieldsArb = fc.option(fc.oneof(fc.array(pathArb, { maxLength: 6 }), junk), { nil: undefined });
const limitArb = fc.option(fc.oneof(fc.integer({ min: -5, max: 1200 }), fc.double()), { nil: undefined });

describe('compileListQuery on hostile input', () => {
  it('refuses with a DomainError or keeps every input out of the SQL text', () => {
    fc.assert(
      fc.property(fc.record({ filter: fc.option(tree, { nil: undefined }), sort: sortArb, fields: fieldsArb, limit: limitArb, cursor: fc.option(hostile, { nil: undefined }) }), (input) => {
        expectRefusedOrSafe(input, () => {
          const c = compileListQuery({ metadata, object: 'deal', ...(input as object) });
          return [c.select, c.count];
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps well-formed filters with hostile values parameterised', () => {
    let compiled = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ field: fc.constantFrom('name', 'account.name', 'account.parent.name', 'email', 'notes'), op: fc.constantFrom<FilterOp>('eq', 'ne', 'contains', 'startsWith', 'in', 'lt'), value: hostile }), { minLength: 1, maxLength: 5 }), (leaves) => {
        const filter = { or: leaves.map((l) => (l.op === 'in' ? { ...l, value: [l.value] } : l)) } as FilterNode;
        expectRefusedOrSafe(filter, () => {
          const c = compileListQuery({ metadata, object: 'deal', filter, sort: [{ field: 'account.name', direction: 'desc' }] });
          compiled += 1;
          return [c.select, c.count];
        });
      }),
      { numRuns: 500 },
    );
    // Most hostile strings are valid text values: the property must have compiled plenty of them.
    expect(compiled).toBeGreaterThan(100);
  });

  it('binds hostile cursor values as parameters', () => {
    const sort: SortKey[] = [{ field: 'account.region', direction: 'asc' }, { field: 'name', direction: 'desc' }];
    const first = compileListQuery({ metadata, object: 'deal', sort, fields: ['id'], limit: 1 });
    fc.assert(
      fc.property(fc.option(hostile, { nil: null }), hostile, fc.constantFrom('0190a000-0000-7000-8000-00000000000a', 'nope'), (region, name, id) => {
        const cursor = first.toPage([{ id, _k0: region, _k1: name, _k2: id }, { id }]).nextCursor!;
        expectRefusedOrSafe([region, name, id], () => [compileListQuery({ metadata, object: 'deal', sort, cursor }).select]);
      }),
      { numRuns: 500 },
    );
  });

  it('compiles record selects safely for any fields', () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        expectRefusedOrSafe(fields, () => [compileRecordSelect({ metadata, object: 'deal', fields: fields as string[] | undefined, where: () => sql`true` }).select]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('query parameter parsers on arbitrary text', () => {
  const tokens = fc.constantFrom('and(', 'or(', 'not(', '(', ')', ',', 'name', 'account.name', '[eq]', '[in]', '[', ']', ':', '"x"', '"', '\\"', '[1,2]', '{"a":1}', '{', '}', '华东', ' ', '\\', 'true', '12', '-');
  const soup = fc.array(tokens, { maxLength: 30 }).map((t) => t.join(''));
  const anyText = fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 }));

  it('throw nothing but DomainError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const parse of [parseFilterParam, parseSortParam, parseFieldsParam] as ((t: string) => unknown)[]) {
          try {
            parse(text);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('produce trees that compile to safe SQL or are refused', () => {
    fc.assert(
      fc.property(soup, (text) => {
        expectRefusedOrSafe(text, () => {
          const c = compileListQuery({ metadata, object: 'deal', filter: parseFilterParam(text) });
          return [c.select, c.count];
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the compact form', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}(\.[A-Za-z][A-Za-z0-9]{0,8}){0,2}$/);
  const scalar = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('12', 'true', 'null', ' x ', 'a,b', 'a:b', '"', '[', '{x', '华东', '50%_off', '1e5'),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }));
  const leaf = fc.record({ field: name, op: fc.constantFrom(...OPS), value }) as fc.Arbitrary<FilterNode>;
  const { node } = fc.letrec<{ node: FilterNode }>((self) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 6 },
      leaf,
      fc.array(self('node'), { maxLength: 3 }).map((and): FilterNode => ({ and })),
      fc.array(self('node'), { maxLength: 3 }).map((or): FilterNode => ({ or })),
      self('node').map((not): FilterNode => ({ not })),
    ),
  }));

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(node, (tree) => {
        const text = renderFilterParam(tree);
        expect(parseFilterParam(text)).toEqual(tree);
      }),
      { numRuns: 2000 },
    );
  });
});
