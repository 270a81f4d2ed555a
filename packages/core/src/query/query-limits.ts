/**
 * Caps on list and read queries. They bound the work one request can ask of
 * the database and the size of the statement we build, so a hostile or
 * buggy client gets a clear 400 instead of a slow query.
 */
export const QUERY_LIMITS = {
  /** Nesting of and/or/not groups; the root counts as level 1. */
  filterDepth: 8,
  filterLeaves: 200,
  /** Characters of the `filter` query parameter. */
  filterText: 20_000,
  /** Values in one `in` list (and one multi-select set). */
  listValues: 1000,
  fields: 100,
  sortKeys: 5,
  /** Lookups followed by one path: `account.parent.name` is 2. */
  pathHops: 2,
  defaultLimit: 50,
  maxLimit: 1000,
  /** Characters of the `sort` and `fields` query parameters. */
  paramText: 10_000,
  cursorText: 32_768,
} as const;
