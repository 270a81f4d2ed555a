import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DomainError,
  columnsOf,
  compileListQuery,
  compileRecordSelect,
  ident,
  join,
  matchesFilter,
  parseFilterParam,
  raw,
  render,
  sql,
  type FieldDef,
  type FieldType,
  type FilterNode,
  type ObjectDef,
  type SortKey,
  type Sql,
  type WorkspaceMetadata,
} from '@mainline/core';
import type { Database } from '../src/db/port.ts';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

/**
 * Runs the list compiler's SQL on a real database (PGlite, or PostgreSQL
 * with MAINLINE_TEST_DB=postgres): filters, sort orders, keyset paging with
 * blanks and ties, related fields, counts, index use, and a property that
 * the SQL and the in-memory meaning of random filters agree.
 */

const SCHEMA = 'lq';

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
const systemFields = (): FieldDef[] => [
  field('id', 'id', { required: true, system: true }),
  field('name', 'text', { required: true, system: true }),
  field('createdAt', 'datetime', { required: true, system: true }),
];

const account: ObjectDef = {
  apiName: 'account',
  label: { en: 'Account' },
  fields: [
    ...systemFields(),
    field('region', 'text'),
    field('parent', 'lookup', { target: 'account' }),
    field('revenue', 'currency'),
    field('profile', 'json'),
    field('labels', 'multiPicklist', { values: [choice('vip', 1), choice('new', 2)] }),
  ],
};
const deal: ObjectDef = {
  apiName: 'deal',
  label: { en: 'Deal' },
  fields: [
    ...systemFields(),
    field('budget', 'currency'),
    field('amount', 'decimal', { precision: 12, scale: 2 }),
    // Defined order differs from alphabetical, and one value is retired.
    field('stage', 'picklist', { values: [choice('lead', 1), choice('open', 2), choice('won', 3), choice('lost', 4, false)] }),
    field('tags', 'multiPicklist', { values: [choice('a', 1), choice('b', 2), choice('c', 3)] }),
    field('closeDate', 'date'),
    field('closedAt', 'datetime'),
    field('probability', 'integer'),
    field('won', 'boolean'),
    field('account', 'lookup', { target: 'account' }),
    field('notes', 'longText'),
    field('extra', 'json'),
    field('email', 'email'),
  ],
};
const event: ObjectDef = { apiName: 'event', label: { en: 'Event' }, fields: systemFields() };
const metadata: WorkspaceMetadata = { schema: SCHEMA, version: 1, objects: { account, deal, event } };

// ---- deterministic data --------------------------------------------------------

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20260101);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const maybe = <T>(items: readonly T[], blank = 0.25): T | null => (rand() < blank ? null : pick(items));
const uuid = (n: number, prefix: string): string => `${prefix}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

const NAMES = ['华东精密', '华东重工', '华北重工', 'Acme', 'acme', 'ACME corp', 'Beta 50%_off', 'beta', 'Zeta', '东方', 'a_b', 'a\\b', 'a%b'] as const;
const MONEY = ['0.00', '100.00', '1000.50', '99999.99', '-5.25', '1000.00'] as const;
const DATES = ['2025-12-31', '2026-01-01', '2026-02-28', '2026-03-15'] as const;
const STAMPS = ['2026-01-01T00:00:00.000Z', '2026-01-01T08:30:00.250Z', '2026-06-30T23:59:59.999Z'] as const;
const PROBABILITIES = [0, 10, 50, 100, -3, 9007199254740991] as const;
const TAG_SETS: readonly string[][] = [[], ['a'], ['a', 'b'], ['c'], ['b', 'c', 'a'], ['b']];
const STAGES = ['lead', 'open', 'won', 'lost'] as const;

type AccountRow = { id: string; name: string; createdAt: string; region: string | null; parent: string | null; revenue: string | null; profile: unknown; labels: string[] | null };
const accounts: AccountRow[] = [
  { name: '华东精密', region: '华东', parent: null, revenue: '5000000.00', profile: { tier: 1 }, labels: ['vip'] },
  { name: '华东精密-苏州', region: '华东', parent: 0, revenue: null, profile: null, labels: [] },
  { name: 'Acme', region: null, parent: null, revenue: '12.50', profile: { tags: ['x', '二'] }, labels: null },
  { name: 'Acme West', region: 'West', parent: 2, revenue: '12.50', profile: null, labels: ['vip', 'new'] },
  { name: '东方', region: '华南', parent: 1, revenue: null, profile: null, labels: ['new'] },
  { name: 'NoRegion', region: null, parent: null, revenue: null, profile: null, labels: null },
].map((a, i) => ({ ...a, id: uuid(i + 1, 'a0000000'), createdAt: `2025-01-0${i + 1}T00:00:00.000000Z`, parent: a.parent === null ? null : uuid(a.parent + 1, 'a0000000') }));

/** createdAt values tie in pairs and some differ only in microseconds, which the API's milliseconds cannot show. */
const CREATED = ['2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:00.123457Z', '2026-01-01T10:00:00.123000Z', '2026-01-02T00:00:00.000000Z', '2026-01-03T12:00:00.500000Z'];

type DealRow = {
  id: string;
  name: string;
  createdAt: string;
  budget: string | null;
  budgetCurrency: string | null;
  amount: string | null;
  stage: string | null;
  tags: string[] | null;
  closeDate: string | null;
  closedAt: string | null;
  probability: number | null;
  won: boolean | null;
  account: string | null;
  notes: string | null;
  extra: unknown;
  email: string | null;
};
const deals: DealRow[] = Array.from({ length: 64 }, (_, i) => {
  const budget = maybe(MONEY);
  return {
    // Ids are not in insertion order, so the id tie-breaker is really tested.
    id: uuid((i * 37) % 64 + 1, 'd0000000'),
    name: pick(NAMES),
    createdAt: pick(CREATED),
    budget,
    budgetCurrency: budget === null ? null : pick(['CNY', 'USD']),
    amount: maybe(MONEY),
    stage: maybe(STAGES),
    tags: maybe(TAG_SETS, 0.2),
    closeDate: maybe(DATES),
    closedAt: maybe(STAMPS),
    probability: maybe(PROBABILITIES),
    won: maybe([true, false]),
    account: maybe(accounts.map((a) => a.id), 0.2),
    notes: maybe(['长文本 notes', 'plain notes', '']),
    extra: maybe([{ x: 1 }, [1, 2], '字符串'], 0.5),
    email: maybe(['a@example.cn', 'b@example.com']),
  };
});

// ---- database ------------------------------------------------------------------

let t: TestDatabase;
let db: Database;

async function rows(statement: Sql): Promise<Record<string, unknown>[]> {
  const r = render(statement);
  return (await db.query(r.text, r.values)).rows;
}

async function createTable(object: ObjectDef): Promise<void> {
  const columns = object.fields.flatMap((f) =>
    columnsOf(f).map((c, i) => sql`${ident(c.name)} ${raw(c.sqlType)}${raw(f.apiName === 'id' ? ' primary key' : f.required && i === 0 ? ' not null' : '')}`),
  );
  await rows(sql`create table ${ident(SCHEMA)}.${ident(object.apiName)} (${join(columns)})`);
  for (const column of ['name', 'createdAt']) {
    await rows(sql`create index ${ident(`${object.apiName}_${column}_id`)} on ${ident(SCHEMA)}.${ident(object.apiName)} (${ident(column)}, ${ident('id')})`);
  }
}

async function insert(object: string, values: Record<string, unknown>): Promise<void> {
  const def = metadata.objects[object]!;
  const columns = def.fields.flatMap((f) => columnsOf(f));
  const params = columns.map((c) => {
    const v = values[c.name] ?? null;
    return sql`${c.sqlType === 'jsonb' && v !== null ? JSON.stringify(v) : v}::${raw(c.sqlType)}`;
  });
  await rows(sql`insert into ${ident(SCHEMA)}.${ident(object)} (${join(columns.map((c) => ident(c.name)))}) values (${join(params)})`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await db.exec(`create schema ${SCHEMA}`);
  for (const object of [account, deal, event]) await createTable(object);
  for (const a of accounts) await insert('account', { ...a, revenue__currency: a.revenue === null ? null : 'CNY' });
  for (const d of deals) await insert('deal', { ...d, budget__currency: d.budgetCurrency });
  await db.exec(
    `insert into ${SCHEMA}.event (id, name, "createdAt")
       select gen_random_uuid(), 'event ' || (i % 997), timestamptz '2026-01-01' + i * interval '1 second' from generate_series(1, 5000) i;
     analyze ${SCHEMA}.event; analyze ${SCHEMA}.deal; analyze ${SCHEMA}.account`,
  );
});
afterAll(() => t?.dispose());

type ListArgs = Omit<Parameters<typeof compileListQuery>[0], 'metadata'>;

async function list(args: ListArgs) {
  const compiled = compileListQuery({ metadata, ...args });
  return compiled.toPage(await rows(compiled.select));
}

async function ids(args: ListArgs): Promise<string[]> {
  return (await list({ fields: ['id'], limit: 1000, ...args })).records.map((r) => r.id as string);
}

const dealsById = new Map(deals.map((d) => [d.id, d]));
const names = (idList: string[]): string[] => idList.map((id) => dealsById.get(id)!.name);
const sortedIds = (items: { id: string }[]): string[] => items.map((d) => d.id).sort();

// ---- expected order, computed in JS from the generated rows ------------------------

const STAGE_ORDER = ['lead', 'open', 'won', 'lost'];
const accountOf = (d: DealRow) => accounts.find((a) => a.id === d.account) ?? null;
const KEY_VALUES: Record<string, (d: DealRow) => unknown> = {
  name: (d) => d.name,
  createdAt: (d) => d.createdAt,
  budget: (d) => d.budget,
  amount: (d) => d.amount,
  stage: (d) => (d.stage === null ? null : STAGE_ORDER.indexOf(d.stage)),
  closeDate: (d) => d.closeDate,
  probability: (d) => d.probability,
  won: (d) => d.won,
  email: (d) => d.email,
  'account.name': (d) => accountOf(d)?.name ?? null,
  'account.region': (d) => accountOf(d)?.region ?? null,
  id: (d) => d.id,
};

function compareNonNull(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && /^-?\d+\.\d+$/.test(a)) return new Decimal(a).comparedTo(b as string);
  // The test databases collate by code point ("C"); UTF-8 bytes compare the same way.
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/** Blanks last ascending, first descending; then id in the last key's direction. */
function expectedOrder(sort: SortKey[], items: DealRow[] = deals): string[] {
  const keys = [...sort, { field: 'id', direction: sort.at(-1)?.direction ?? 'desc' } as SortKey];
  return [...items]
    .sort((x, y) => {
      for (const key of keys) {
        const [a, b] = [KEY_VALUES[key.field]!(x), KEY_VALUES[key.field]!(y)];
        const asc = a === null && b === null ? 0 : a === null ? 1 : b === null ? -1 : compareNonNull(a, b);
        if (asc !== 0) return key.direction === 'asc' ? asc : -asc;
      }
      return 0;
    })
    .map((d) => d.id);
}

async function pageThrough(args: ListArgs & { limit: number }): Promise<{ ids: string[]; pages: number }> {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list({ ...args, fields: ['id'], cursor });
    seen.push(...page.records.map((r) => r.id as string));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
    if (pages > 200) throw new Error('paging does not end');
  } while (cursor);
  return { ids: seen, pages };
}

describe(`list query compiler on ${testDbKind}`, () => {
  describe('filters', () => {
    const matching = (filter: string) => ids({ object: 'deal', filter: parseFilterParam(filter) });
    const where = (test: (d: DealRow) => boolean) => sortedIds(deals.filter(test));

    it('finds Chinese substrings and prefixes, case-insensitively for Latin letters', async () => {
      expect((await matching('name[contains]:东')).sort()).toEqual(where((d) => d.name.includes('东')));
      expect((await matching('name[startsWith]:华东')).sort()).toEqual(where((d) => d.name.startsWith('华东')));
      expect((await matching('name[contains]:acme')).sort()).toEqual(where((d) => d.name.toLowerCase().includes('acme')));
      expect(where((d) => d.name.toLowerCase().includes('acme')).length).toBeGreaterThan(where((d) => d.name.includes('acme')).length);
    });

    it('matches %, _ and \\ in contains literally', async () => {
      expect((await matching('name[contains]:"%"')).sort()).toEqual(where((d) => d.name.includes('%')));
      expect((await matching('name[contains]:"_"')).sort()).toEqual(where((d) => d.name.includes('_')));
      expect((await matching('name[contains]:"\\\\"')).sort()).toEqual(where((d) => d.name.includes('\\')));
      expect((await matching('name[startsWith]:"a_"')).sort()).toEqual(where((d) => d.name.startsWith('a_')));
    });

    it('treats blanks: ne includes them, eq and comparisons do not, isNull finds them', async () => {
      expect((await matching('stage[ne]:open')).sort()).toEqual(where((d) => d.stage !== 'open'));
      expect((await matching('stage[eq]:open')).sort()).toEqual(where((d) => d.stage === 'open'));
      expect((await matching('stage[isNull]:true')).sort()).toEqual(where((d) => d.stage === null));
      expect((await matching('budget[lt]:"100"')).sort()).toEqual(where((d) => d.budget !== null && Number(d.budget) < 100));
      expect((await matching('not(budget[lt]:"100")')).sort()).toEqual(where((d) => !(d.budget !== null && Number(d.budget) < 100)));
      expect(where((d) => d.stage === null).length).toBeGreaterThan(0);
    });

    it('compares picklists by defined order and accepts retired values', async () => {
      expect((await matching('stage[gt]:open')).sort()).toEqual(where((d) => d.stage === 'won' || d.stage === 'lost'));
      expect((await matching('stage[between]:["lead","open"]')).sort()).toEqual(where((d) => d.stage === 'lead' || d.stage === 'open'));
      expect((await matching('stage[in]:["lost"]')).sort()).toEqual(where((d) => d.stage === 'lost'));
    });

    it('treats multi-select values as sets', async () => {
      const has = (d: DealRow, v: string) => (d.tags ?? []).includes(v);
      expect((await matching('tags[contains]:a')).sort()).toEqual(where((d) => has(d, 'a')));
      expect((await matching('tags[contains]:["a","b"]')).sort()).toEqual(where((d) => has(d, 'a') && has(d, 'b')));
      expect((await matching('tags[in]:["b","c"]')).sort()).toEqual(where((d) => has(d, 'b') || has(d, 'c')));
      expect((await matching('tags[eq]:["a","b","c"]')).sort()).toEqual(where((d) => d.tags?.length === 3));
      expect((await matching('tags[isNull]:true')).sort()).toEqual(where((d) => (d.tags ?? []).length === 0));
      expect((await matching('tags[ne]:["a"]')).sort()).toEqual(where((d) => !(d.tags?.length === 1 && d.tags[0] === 'a')));
    });

    it('compares numbers, dates, booleans and currency amounts', async () => {
      expect((await matching('probability[gte]:50')).sort()).toEqual(where((d) => d.probability !== null && d.probability >= 50));
      expect((await matching('probability[eq]:9007199254740991')).sort()).toEqual(where((d) => d.probability === 9007199254740991));
      expect((await matching('closeDate[between]:["2026-01-01","2026-02-28"]')).sort()).toEqual(
        where((d) => d.closeDate !== null && d.closeDate >= '2026-01-01' && d.closeDate <= '2026-02-28'),
      );
      expect((await matching('won[eq]:false')).sort()).toEqual(where((d) => d.won === false));
      expect((await matching('won[ne]:true')).sort()).toEqual(where((d) => d.won !== true));
      expect((await matching('budget[in]:["1000.5","-5.25"]')).sort()).toEqual(where((d) => d.budget === '1000.50' || d.budget === '-5.25'));
      expect((await matching('closedAt[gt]:"2026-01-01T08:30:00.250+00:00"')).sort()).toEqual(where((d) => d.closedAt === STAMPS[2]));
      expect((await matching('extra[isNull]:false')).sort()).toEqual(where((d) => d.extra !== null));
    });

    it('filters through one and two lookups', async () => {
      const parentName = (d: DealRow) => accounts.find((a) => a.id === accountOf(d)?.parent)?.name ?? null;
      expect((await matching('account.name[eq]:Acme West')).sort()).toEqual(where((d) => accountOf(d)?.name === 'Acme West'));
      expect((await matching('account.parent.name[startsWith]:华东')).sort()).toEqual(where((d) => parentName(d)?.startsWith('华东') ?? false));
      expect((await matching('account.region[ne]:华东')).sort()).toEqual(where((d) => accountOf(d)?.region !== '华东'));
      expect((await matching('account.labels[contains]:vip')).sort()).toEqual(where((d) => accountOf(d)?.labels?.includes('vip') ?? false));
    });

    it('nests and/or/not', async () => {
      const got = await matching('or(and(stage[eq]:won,won[eq]:true),not(or(name[startsWith]:a,budget[isNull]:true)))');
      const expected = where((d) => (d.stage === 'won' && d.won === true) || !(d.name.toLowerCase().startsWith('a') || d.budget === null));
      expect(got.sort()).toEqual(expected);
      expect((await matching('{"and":[]}')).length).toBe(deals.length);
      expect((await matching('{"or":[]}')).length).toBe(0);
    });

    it('counts with the filter and its joins, ignoring the cursor and limit', async () => {
      const filter = parseFilterParam('account.parent.name[isNull]:false');
      const first = compileListQuery({ metadata, object: 'deal', filter, limit: 2 });
      const page = first.toPage(await rows(first.select));
      const second = compileListQuery({ metadata, object: 'deal', filter, limit: 2, cursor: page.nextCursor! });
      const expected = deals.filter((d) => accountOf(d)?.parent).length;
      for (const c of [first, second]) expect(await rows(c.count)).toEqual([{ total: String(expected) }]);
      expect(render(first.count).text).toContain('"t2"');
    });

    it('ANDs the visibility predicate into select and count', async () => {
      const visibility = (alias: string) => sql`${ident(alias)}.${ident('won')} = ${true}`;
      const compiled = compileListQuery({ metadata, object: 'deal', visibility, filter: parseFilterParam('stage[ne]:lost'), limit: 1000 });
      const page = compiled.toPage(await rows(compiled.select));
      const expected = where((d) => d.won === true && d.stage !== 'lost');
      expect(sortedIds(page.records as { id: string }[])).toEqual(expected);
      expect(await rows(compiled.count)).toEqual([{ total: String(expected.length) }]);
    });
  });

  describe('sort and keyset paging', () => {
    const SORTS: { title: string; sort: SortKey[] }[] = [
      { title: 'createdAt desc (default, microsecond ties)', sort: [{ field: 'createdAt', direction: 'desc' }] },
      { title: 'name asc (Chinese, ties)', sort: [{ field: 'name', direction: 'asc' }] },
      { title: 'budget desc (blanks first)', sort: [{ field: 'budget', direction: 'desc' }] },
      { title: 'budget asc (blanks last)', sort: [{ field: 'budget', direction: 'asc' }] },
      { title: 'stage asc (picklist order)', sort: [{ field: 'stage', direction: 'asc' }] },
      { title: 'mixed: closeDate asc, amount desc, won asc', sort: [{ field: 'closeDate', direction: 'asc' }, { field: 'amount', direction: 'desc' }, { field: 'won', direction: 'asc' }] },
      { title: 'mixed: name desc, createdAt asc', sort: [{ field: 'name', direction: 'desc' }, { field: 'createdAt', direction: 'asc' }] },
      { title: 'related: account.region asc, account.name desc', sort: [{ field: 'account.region', direction: 'asc' }, { field: 'account.name', direction: 'desc' }] },
      { title: 'probability desc, email asc', sort: [{ field: 'probability', direction: 'desc' }, { field: 'email', direction: 'asc' }] },
    ];

    for (const { title, sort } of SORTS) {
      it(`orders and pages exactly once through every row: ${title}`, async () => {
        const expected = expectedOrder(sort);
        expect(await ids({ object: 'deal', sort })).toEqual(expected);
        for (const limit of [1, 5, 7, 64, 100]) {
          const paged = await pageThrough({ object: 'deal', sort, limit });
          expect(paged.ids).toEqual(expected);
          expect(paged.pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        }
      });
    }

    it('sorts by createdAt desc, id desc by default', async () => {
      expect(await ids({ object: 'deal' })).toEqual(expectedOrder([{ field: 'createdAt', direction: 'desc' }]));
    });

    it('pages with a filter applied', async () => {
      const filter = parseFilterParam('or(budget[isNull]:true,name[contains]:a)');
      const subset = deals.filter((d) => d.budget === null || d.name.toLowerCase().includes('a'));
      const sort: SortKey[] = [{ field: 'budget', direction: 'asc' }, { field: 'name', direction: 'desc' }];
      expect((await pageThrough({ object: 'deal', filter, sort, limit: 4 })).ids).toEqual(expectedOrder(sort, subset));
    });

    it('refuses a cursor from another sort, and altered ones', async () => {
      const page = await list({ object: 'deal', sort: [{ field: 'name', direction: 'asc' }], limit: 3 });
      const error = await list({ object: 'deal', sort: [{ field: 'name', direction: 'desc' }], limit: 3, cursor: page.nextCursor! }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).errors[0]).toMatchObject({ field: 'cursor' });
      const altered = `${page.nextCursor!.slice(0, -2)}AA`;
      await expect(list({ object: 'deal', sort: [{ field: 'name', direction: 'asc' }], limit: 3, cursor: altered })).rejects.toBeInstanceOf(DomainError);
    });
  });

  describe('fields', () => {
    it('returns related values under dotted keys, converted by type', async () => {
      const withParent = deals.find((d) => accountOf(d)?.name === 'Acme West')!;
      const page = await list({
        object: 'deal',
        fields: ['name', 'budget', 'account.name', 'account.parent.name', 'account.parent.revenue', 'account.parent.profile', 'account.labels', 'probability'],
        filter: { field: 'id', op: 'eq', value: withParent.id },
      });
      expect(page.records).toEqual([
        {
          id: withParent.id,
          name: withParent.name,
          budget: withParent.budget === null ? null : { amount: withParent.budget, currency: withParent.budgetCurrency },
          'account.name': 'Acme West',
          'account.parent.name': 'Acme',
          'account.parent.revenue': { amount: '12.50', currency: 'CNY' },
          'account.parent.profile': { tags: ['x', '二'] },
          'account.labels': ['vip', 'new'],
          probability: withParent.probability,
        },
      ]);
    });

    it('returns blanks for related fields when the lookup is empty', async () => {
      const orphan = deals.find((d) => d.account === null)!;
      const compiled = compileRecordSelect({
        metadata,
        object: 'deal',
        fields: ['account.name', 'account.parent.revenue'],
        where: (alias) => sql`${ident(alias)}.${ident('id')} = ${orphan.id}::uuid`,
      });
      expect((await rows(compiled.select)).map(compiled.toRecord)).toEqual([{ id: orphan.id, 'account.name': null, 'account.parent.revenue': null }]);
    });

    it('returns every field by default', async () => {
      const d = deals[0]!;
      const compiled = compileRecordSelect({ metadata, object: 'deal', where: (alias) => sql`${ident(alias)}.${ident('id')} = ${d.id}::uuid` });
      const [record] = (await rows(compiled.select)).map(compiled.toRecord);
      expect(Object.keys(record!)).toEqual(deal.fields.map((f) => f.apiName));
      expect(record).toMatchObject({ id: d.id, name: d.name, tags: d.tags, won: d.won, closeDate: d.closeDate, extra: d.extra });
    });
  });

  describe('index use', () => {
    const plan = async (statement: Sql): Promise<string> => {
      const r = render(statement);
      const result = await db.query<Record<string, string>>(`explain ${r.text}`, r.values);
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    };

    for (const sort of [undefined, [{ field: 'name', direction: 'asc' }], [{ field: 'createdAt', direction: 'asc' }]] as (SortKey[] | undefined)[]) {
      it(`reads first and later pages by index, without sorting: ${JSON.stringify(sort ?? 'default')}`, async () => {
        const first = compileListQuery({ metadata, object: 'event', sort, fields: ['name'], limit: 50 });
        expect(await plan(first.select)).not.toMatch(/Sort/);
        const page = first.toPage(await rows(first.select));
        const next = compileListQuery({ metadata, object: 'event', sort, fields: ['name'], limit: 50, cursor: page.nextCursor! });
        const nextPlan = await plan(next.select);
        expect(nextPlan).not.toMatch(/Sort/);
        expect(nextPlan).toMatch(/Index/);
      });
    }
  });

  describe('SQL and the in-memory meaning of a filter agree', () => {
    const values = {
      name: fc.constantFrom(...NAMES, 'a', 'A', '华', 'zzz', '%', '_'),
      money: fc.constantFrom(...MONEY, '50', '1000.5', '-1'),
      date: fc.constantFrom(...DATES, '2026-01-02'),
      stamp: fc.constantFrom(...STAMPS),
      stage: fc.constantFrom(...STAGES),
      tag: fc.constantFrom('a', 'b', 'c'),
      probability: fc.constantFrom(...PROBABILITIES, 11),
      accountName: fc.constantFrom(...accounts.map((a) => a.name), 'Acme'),
      region: fc.constantFrom('华东', 'West', '华南', 'x'),
    };
    const flag = fc.boolean();
    const leaf = <T>(path: string, ops: string[], value: fc.Arbitrary<T>) =>
      fc.constantFrom(...ops).chain((op): fc.Arbitrary<FilterNode> => {
        const v: fc.Arbitrary<unknown> =
          op === 'isNull' ? flag : op === 'in' ? fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) : op === 'between' ? fc.tuple(value, value) : value;
        return v.map((x) => ({ field: path, op: op as FilterNode extends { op: infer O } ? O : never, value: x }));
      });
    const ORDERED = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'between', 'isNull'];
    const leaves = fc.oneof(
      leaf('name', [...ORDERED, 'contains', 'startsWith'], values.name),
      leaf('budget', ORDERED, values.money),
      leaf('amount', ORDERED, values.money),
      leaf('closeDate', ORDERED, values.date),
      leaf('closedAt', ORDERED, values.stamp),
      leaf('stage', ORDERED, values.stage),
      leaf('probability', ORDERED, values.probability),
      leaf('won', ['eq', 'ne', 'isNull'], flag),
      leaf('tags', ['contains', 'in', 'eq', 'ne', 'isNull'], fc.uniqueArray(values.tag, { minLength: 1, maxLength: 3 })),
      leaf('extra', ['isNull'], flag),
      leaf('account.name', [...ORDERED, 'contains', 'startsWith'], values.accountName),
      leaf('account.parent.name', ['eq', 'ne', 'contains', 'isNull'], values.accountName),
      leaf('account.region', ['eq', 'ne', 'in', 'isNull', 'startsWith'], values.region),
      leaf('account.labels', ['contains', 'isNull'], fc.constantFrom('vip', 'new')),
    );
    const { tree } = fc.letrec<{ tree: FilterNode }>((self) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaves,
        fc.array(self('tree'), { maxLength: 3 }).map((and) => ({ and })),
        fc.array(self('tree'), { maxLength: 3 }).map((or) => ({ or })),
        self('tree').map((not) => ({ not })),
      ),
    }));
    // The multi-select `tags` arbitrary yields arrays; `in` on it wraps them again, so flatten that case.
    const normalise = (node: FilterNode): FilterNode => {
      if ('and' in node) return { and: node.and.map(normalise) };
      if ('or' in node) return { or: node.or.map(normalise) };
      if ('not' in node) return { not: normalise(node.not) };
      if (node.field === 'tags' && node.op === 'in') return { ...node, value: [...new Set((node.value as string[][]).flat())] };
      return node;
    };

    it('for random filter trees', async () => {
      const all = (
        await list({
          object: 'deal',
          limit: 1000,
          fields: [...deal.fields.map((f) => f.apiName), 'account.name', 'account.parent.name', 'account.region', 'account.labels'],
        })
      ).records;
      expect(all).toHaveLength(deals.length);
      await fc.assert(
        fc.asyncProperty(tree.map(normalise), async (filter) => {
          const got = (await ids({ object: 'deal', filter })).sort();
          const expected = all.filter((record) => matchesFilter({ metadata, object: 'deal', filter, record })).map((r) => r.id as string).sort();
          expect(got).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  });

  it('keeps names and values of Chinese records intact', async () => {
    const got = names(await ids({ object: 'deal', filter: parseFilterParam('name[eq]:华东精密') }));
    expect(got.every((n) => n === '华东精密')).toBe(true);
    expect(got.length).toBe(deals.filter((d) => d.name === '华东精密').length);
  });
});
