import {
  SEARCH_QUERY_MAX_LENGTH,
  compileRecordSelect,
  ident,
  join,
  likeLiteral,
  qualified,
  render,
  searchQueryOf,
  searchableFields,
  sql,
  validationError,
  type ObjectDef,
  type SearchQuery,
  type Sql,
  type Visibility,
} from '@mainline/core';
import { z } from 'zod';
import type { RecordAccess } from '../access/record-access.ts';
import { parseInput } from '../http/parse-input.ts';
import { simplifiedForm } from './search-script.ts';
import type { ReadContext } from '../records/record-reads.ts';

/**
 * Global search and list quick search, over the search index
 * (search-index.ts). Only objects the reader may read, only fields they may
 * see (a hidden field is never matched, so it cannot be probed), and only
 * records the RecordAccess visibility predicate gives them — ANDed into the
 * SQL like every other read.
 */

/** The `q` parameter: at most SEARCH_QUERY_MAX_LENGTH characters, with something left to search once spaces and punctuation go. */
export function parseSearchText(text: unknown, field = 'q'): SearchQuery {
  if (typeof text !== 'string') throw validationError([{ field, code: 'wrongType', params: { expected: 'text' } }], 'invalidQuery');
  if ([...text].length > SEARCH_QUERY_MAX_LENGTH) throw validationError([{ field, code: 'tooLong', params: { max: SEARCH_QUERY_MAX_LENGTH } }], 'invalidQuery');
  const query = searchQueryOf(simplifiedForm(text));
  if (!query) throw validationError([{ field, code: 'invalidValue', params: { detail: 'give letters, digits or characters to search for' } }], 'invalidQuery');
  return query;
}

/** Searchable fields of the object the reader can see. */
export const searchFieldsFor = (access: RecordAccess, object: ObjectDef): string[] =>
  searchableFields(object)
    .filter((f) => access.field(object.apiName, f.apiName) !== 'hidden')
    .map((f) => f.apiName);

/** Index rows (alias s) matching the query: all its grams (the GIN index), then the substring itself, or the prefix for one letter. */
function rowMatches(query: SearchQuery): Sql {
  const starts = `${likeLiteral(query.text)}%`;
  const contains = `%${starts}`;
  // A second pinyin reading follows a space: a one-letter query may start it too.
  const text = query.prefixOnly ? sql`s.value like ${starts}` : sql`s.value like ${contains}`;
  const pinyin = query.prefixOnly ? sql`(s.initials like ${starts} or s.initials like ${`% ${starts}`} or s.pinyin like ${starts} or s.pinyin like ${`% ${starts}`})` : sql`(s.initials like ${contains} or s.pinyin like ${contains})`;
  return sql`s.grams @> ${query.grams}::text[] and (${text} or ${pinyin})`;
}

/** Lower is better: the whole value, its start, the start of its pinyin, inside the value, inside the pinyin. */
function rankOf(query: SearchQuery): Sql {
  const starts = `${likeLiteral(query.text)}%`;
  return sql`case when s.value = ${query.text} then 0 when s.value like ${starts} then 1
    when s.initials like ${starts} or s.pinyin like ${starts} then 2 when s.value like ${`%${starts}`} then 3 else 4 end`;
}

/** For lists: the records of `object` with a visible field matching the query, as a predicate on the list's base table. */
export function searchListMatch(schema: string, object: ObjectDef, fields: readonly string[], query: SearchQuery): Visibility {
  if (fields.length === 0) return () => sql`false`;
  const index = qualified(schema, '_search');
  return (alias) =>
    sql`${ident(alias)}.${ident('id')} in (select s.record_id from ${index} s where s.object = ${object.apiName} and s.field = any(${[...fields]}::text[]) and ${rowMatches(query)})`;
}

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
const MAX_OBJECTS = 100;
/** Secondary values shown under a result's name (besides what matched). */
const SECONDARY = 3;
const SECONDARY_TYPES = new Set(['text', 'email', 'phone', 'autoNumber']);

export const searchParams = z.strictObject({
  q: z.string().meta({ description: `What to look for: at most ${SEARCH_QUERY_MAX_LENGTH} characters; matches names, codes, phones and emails anywhere, and Chinese names by pinyin or initials.`, examples: ['hdjm'] }),
  objects: z.string().max(4000).optional().meta({ description: 'Comma-separated API names of the objects to search; all the caller may read when left out.' }),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
});

export type SearchHit = { id: string; name: unknown; fields: Record<string, unknown>; matched: string[] };
export type SearchGroup = { object: string; records: SearchHit[]; more: boolean };

/** The objects asked for (all the reader may read when none are): unknown and unreadable ones get the same answer, so neither is revealed. */
function objectsToSearch(access: RecordAccess, names: string | undefined): ObjectDef[] {
  const readable = access.view.objects;
  if (names === undefined) return Object.values(readable);
  const list = [...new Set(names.split(',').map((n) => n.trim()).filter((n) => n.length > 0))];
  if (list.length === 0 || list.length > MAX_OBJECTS) throw validationError([{ field: 'objects', code: 'outOfRange', params: { detail: `from 1 to ${MAX_OBJECTS} object names, comma-separated` } }], 'invalidQuery');
  const unknown = list.filter((n) => !Object.hasOwn(readable, n));
  if (unknown.length > 0) throw validationError(unknown.map((n) => ({ field: 'objects', code: 'unknownObject' as const, params: { object: n.slice(0, 100) } })), 'invalidQuery');
  return list.map((n) => readable[n]!);
}

/** Fields shown under the name: the object's list columns that are short text or a related record's name, as far as the reader sees them. */
function secondaryFields(access: RecordAccess, object: ObjectDef): string[] {
  const visible = (o: string, f: string) => Object.hasOwn(access.view.objects, o) && access.field(o, f) !== 'hidden';
  const byName = new Map(object.fields.map((f) => [f.apiName, f]));
  const columns = object.listColumns ?? object.fields.map((f) => f.apiName);
  return columns
    .filter((path) => {
      const [head, tail, ...rest] = path.split('.');
      const field = byName.get(head!);
      if (!field || head === 'name' || rest.length > 0 || !visible(object.apiName, head!)) return false;
      if (tail === undefined) return SECONDARY_TYPES.has(field.type);
      return tail === 'name' && (field.type === 'lookup' || field.type === 'masterDetail') && visible(field.target!, 'name');
    })
    .slice(0, SECONDARY);
}

/**
 * `GET /api/search?q=&objects=&limit=`: the best `limit` records per object,
 * objects ordered by their best match. A first look at the index says
 * which objects have candidates; those candidates are then read once and
 * joined with each such object's table under the reader's visibility.
 */
export async function searchRecords(ctx: ReadContext, params: unknown): Promise<{ q: string; groups: SearchGroup[] }> {
  const input = parseInput(searchParams, params ?? {});
  const query = parseSearchText(input.q);
  const searched = objectsToSearch(ctx.access, input.objects)
    // An object an administrator took out of global search answers like one with no searchable field, even when named in `objects`.
    .filter((object) => object.searchable !== false)
    .map((object) => ({ object, fields: searchFieldsFor(ctx.access, object) }))
    .filter((o) => o.fields.length > 0);
  if (searched.length === 0) return { q: input.q, groups: [] };

  const keys = searched.flatMap((o) => o.fields.map((f) => `${o.object.apiName}.${f}`));
  const candidates = sql`from ${qualified(ctx.metadata.schema, '_search')} s
       where s.object = any(${searched.map((o) => o.object.apiName)}::text[]) and (s.object || '.' || s.field) = any(${keys}::text[]) and ${rowMatches(query)}`;
  // Which objects have any candidate at all (one index scan), so the per-object joins below are planned for those few only.
  const o = render(sql`select distinct s.object ${candidates}`);
  const present = new Set((await ctx.q.query<{ object: string }>(o.text, o.values)).rows.map((row) => row.object));
  const objects = searched.filter((x) => present.has(x.object.apiName));
  if (objects.length === 0) return { q: input.q, groups: [] };
  const perObject = objects.map(({ object }) => {
    const seen = ctx.access.visibility(object, 'read');
    return sql`(select ${object.apiName}::text as object, t0.${ident('id')} as id, min(m.rank) as rank, array_agg(distinct m.field) as fields
        from m join ${qualified(ctx.metadata.schema, object.apiName)} as t0 on t0.${ident('id')} = m.record_id
       where m.object = ${object.apiName} ${seen ? sql`and ${seen('t0')}` : sql``}
       group by t0.${ident('id')} order by min(m.rank), t0.${ident('name')}, t0.${ident('id')} limit ${input.limit + 1})`;
  });
  const statement = sql`with m as materialized (select s.object, s.record_id, s.field, ${rankOf(query)} as rank ${candidates} and s.object = any(${objects.map((x) => x.object.apiName)}::text[]))
    ${join(perObject, ' union all ')}`;
  const r = render(statement);
  const { rows } = await ctx.q.query<{ object: string; id: string; rank: number; fields: string[] }>(r.text, r.values);

  const groups: (SearchGroup & { best: number; order: number })[] = [];
  for (const [order, { object }] of objects.entries()) {
    const hits = rows.filter((row) => row.object === object.apiName);
    if (hits.length === 0) continue;
    const page = hits.slice(0, input.limit);
    const records = await displayValues(ctx, object, page);
    groups.push({ object: object.apiName, records, more: hits.length > input.limit, best: Math.min(...page.map((h) => Number(h.rank))), order });
  }
  groups.sort((a, b) => a.best - b.best || a.order - b.order);
  return { q: input.q, groups: groups.map(({ best: _best, order: _order, ...g }) => g) };
}

/** Names, secondary values and the matched fields' values of the hits, read as any read is (reader's view and visibility), in rank order. */
async function displayValues(ctx: ReadContext, object: ObjectDef, hits: { id: string; fields: string[] }[]): Promise<SearchHit[]> {
  const secondary = secondaryFields(ctx.access, object);
  const matchedFields = [...new Set(hits.flatMap((h) => h.fields))];
  const fields = [...new Set(['name', ...secondary, ...matchedFields])].filter((f) => f.includes('.') || ctx.access.field(object.apiName, f) !== 'hidden');
  const ids = hits.map((h) => h.id);
  const compiled = compileRecordSelect({
    metadata: ctx.access.view,
    object: object.apiName,
    fields,
    visibility: ctx.access.visibility(object, 'read'),
    where: (alias) => sql`${ident(alias)}.${ident('id')} = any(${ids}::uuid[])`,
    formulaContext: ctx.formula,
  });
  const r = render(compiled.select);
  const { rows } = await ctx.q.query(r.text, r.values);
  const byId = new Map(rows.map((row) => {
    const record = compiled.toRecord(row);
    return [String(record.id), record];
  }));
  return hits.flatMap((hit) => {
    const record = byId.get(hit.id);
    if (!record) return [];
    const matched = [...hit.fields].sort((a, b) => (a === 'name' ? -1 : b === 'name' ? 1 : a.localeCompare(b)));
    const shown = [...new Set([...secondary, ...matched.filter((f) => f !== 'name')])];
    return [{ id: hit.id, name: record.name ?? null, fields: Object.fromEntries(shown.map((f) => [f, record[f] ?? null])), matched }];
  });
}
