import { DomainError } from '../errors/domain-error.ts';
import type { MessageCode } from '../errors/messages.ts';
import type { FormulaContext } from '../formula/formula-functions.ts';
import type { FieldDef, ObjectDef, WorkspaceMetadata } from '../metadata/types.ts';
import { ident, qualified, sql, type Sql } from './sql.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, describeInput } from './query-problems.ts';

/**
 * Field paths (`name`, `account.name`, `account.parent.name`) resolved
 * against metadata. Each lookup hop becomes one LEFT JOIN, created on first
 * use and shared by every later path through it, with a generated alias so
 * no user text ever names a table.
 */

export const BASE_ALIAS = 't0';

export type Join = {
  readonly path: string;
  readonly alias: string;
  readonly parentAlias: string;
  readonly via: FieldDef;
  readonly object: ObjectDef;
};

/** The tables one statement reads: the base object and the joins its paths need. */
export type TableScope = {
  readonly metadata: WorkspaceMetadata;
  readonly base: ObjectDef;
  readonly joins: Map<string, Join>;
  /** Who reads and when: formula fields using TODAY(), NOW() or $User compile with these as parameters. */
  readonly context?: FormulaContext;
  /** Table aliases start with this letter (default t): a roll-up's subquery uses its own, so it can still name the outer t0. */
  readonly aliasPrefix?: string;
};

/** The alias of a scope's base table. */
export const baseAliasOf = (scope: TableScope): string => `${scope.aliasPrefix ?? 't'}0`;

export type FieldRef = {
  readonly path: string;
  readonly field: FieldDef;
  /** Alias of the table holding the field's columns. */
  readonly alias: string;
  /** Join paths this field needs, outermost first (for a formula field, also those its formula reads). */
  readonly joinPaths: readonly string[];
  /** The object the field belongs to. */
  readonly object: ObjectDef;
  /** A formula field's compiled expression, which stands where a column would (see formula-columns.ts). */
  readonly expr?: Sql;
};

/**
 * Where relative paths start: a formula field reached through `account.`
 * reads its own fields from the account's table, sharing the list's joins.
 */
export type PathRoot = { readonly object: ObjectDef; readonly alias: string; readonly prefix: string; readonly joinPaths: readonly string[] };

export type PathResult = { ok: true; ref: FieldRef } | { ok: false; code: MessageCode; params: Record<string, unknown> };

const fieldMaps = new WeakMap<ObjectDef, Map<string, FieldDef>>();

/** Fields by API name; a Map, so names like `__proto__` or `constructor` are just unknown names. */
export function fieldsOf(object: ObjectDef): Map<string, FieldDef> {
  let map = fieldMaps.get(object);
  if (!map) {
    map = new Map(object.fields.map((f) => [f.apiName, f]));
    fieldMaps.set(object, map);
  }
  return map;
}

export function objectIn(metadata: WorkspaceMetadata, apiName: string): ObjectDef | undefined {
  return Object.hasOwn(metadata.objects, apiName) ? metadata.objects[apiName] : undefined;
}

export function createScope(metadata: WorkspaceMetadata, object: string, context?: FormulaContext, aliasPrefix?: string): TableScope {
  const base = typeof object === 'string' ? objectIn(metadata, object) : undefined;
  if (!base) throw new DomainError({ code: 'unknownObject', params: { object: describeInput(object) } });
  return { metadata, base, joins: new Map(), ...(context ? { context } : {}), ...(aliasPrefix ? { aliasPrefix } : {}) };
}

const isReference = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

/** Resolves `path` from the base table, or from `root` (paths inside a formula field reached through lookups); hops are counted from where it starts. */
export function resolvePath(scope: TableScope, path: string, root?: PathRoot): PathResult {
  const segments = path.split('.');
  const full = (p: string): string => (root && root.prefix ? `${root.prefix}.${p}` : p);
  if (segments.some((s) => s.length === 0)) return { ok: false, code: 'unknownField', params: { field: clip(path) } };
  if (segments.length > QUERY_LIMITS.pathHops + 1) {
    return { ok: false, code: 'invalidValue', params: { detail: `"${clip(path)}" follows more than ${QUERY_LIMITS.pathHops} lookups` } };
  }
  let object = root?.object ?? scope.base;
  let alias = root?.alias ?? baseAliasOf(scope);
  const joinPaths: string[] = [...(root?.joinPaths ?? [])];
  for (const [i, segment] of segments.slice(0, -1).entries()) {
    const field = fieldsOf(object).get(segment);
    const prefix = full(segments.slice(0, i + 1).join('.'));
    if (!field) return { ok: false, code: 'unknownField', params: { field: clip(prefix) } };
    if (!isReference(field)) {
      return { ok: false, code: 'invalidValue', params: { detail: `"${clip(segment)}" is not a lookup field, so "${clip(path)}" cannot follow it` } };
    }
    const target = field.target === undefined ? undefined : objectIn(scope.metadata, field.target);
    if (!target) return { ok: false, code: 'unknownField', params: { field: clip(prefix) } };
    const hop = joinFor(scope, prefix, alias, field, target);
    joinPaths.push(hop.path);
    object = target;
    alias = hop.alias;
  }
  const field = fieldsOf(object).get(segments[segments.length - 1]!);
  if (!field) return { ok: false, code: 'unknownField', params: { field: clip(full(path)) } };
  return { ok: true, ref: { path: full(path), field, alias, joinPaths, object } };
}

function joinFor(scope: TableScope, path: string, parentAlias: string, via: FieldDef, object: ObjectDef): Join {
  const existing = scope.joins.get(path);
  if (existing) return existing;
  const created: Join = { path, alias: `${scope.aliasPrefix ?? 't'}${scope.joins.size + 1}`, parentAlias, via, object };
  scope.joins.set(path, created);
  return created;
}

/** A column of the table a field lives in, e.g. "t1"."name". */
export function columnOf(ref: FieldRef, column: string = ref.field.apiName): Sql {
  if (ref.expr && column === ref.field.apiName) return ref.expr;
  return sql`${ident(ref.alias)}.${ident(column)}`;
}

export function fromSql(scope: TableScope): Sql {
  return sql`${qualified(scope.metadata.schema, scope.base.apiName)} as ${ident(baseAliasOf(scope))}`;
}

/** LEFT JOINs keep records whose lookup is blank; `only` limits them to the paths a part of the query needs. */
export function joinsSql(scope: TableScope, only?: ReadonlySet<string>): Sql[] {
  const joins = [...scope.joins.values()].filter((j) => !only || only.has(j.path));
  return joins.map(
    (j) =>
      sql`left join ${qualified(scope.metadata.schema, j.object.apiName)} as ${ident(j.alias)} on ${ident(j.alias)}.${ident('id')} = ${ident(j.parentAlias)}.${ident(j.via.apiName)}`,
  );
}
