import { DomainError } from '../errors/domain-error.ts';
import type { MessageCode } from '../errors/messages.ts';
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
};

export type FieldRef = {
  readonly path: string;
  readonly field: FieldDef;
  /** Alias of the table holding the field's columns. */
  readonly alias: string;
  /** Join paths this field needs, outermost first. */
  readonly joinPaths: readonly string[];
};

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

export function createScope(metadata: WorkspaceMetadata, object: string): TableScope {
  const base = typeof object === 'string' ? objectIn(metadata, object) : undefined;
  if (!base) throw new DomainError({ code: 'unknownObject', params: { object: describeInput(object) } });
  return { metadata, base, joins: new Map() };
}

const isReference = (f: FieldDef): boolean => f.type === 'lookup' || f.type === 'masterDetail';

export function resolvePath(scope: TableScope, path: string): PathResult {
  const segments = path.split('.');
  if (segments.some((s) => s.length === 0)) return { ok: false, code: 'unknownField', params: { field: clip(path) } };
  if (segments.length > QUERY_LIMITS.pathHops + 1) {
    return { ok: false, code: 'invalidValue', params: { detail: `"${clip(path)}" follows more than ${QUERY_LIMITS.pathHops} lookups` } };
  }
  let object = scope.base;
  let alias = BASE_ALIAS;
  const joinPaths: string[] = [];
  for (const [i, segment] of segments.slice(0, -1).entries()) {
    const field = fieldsOf(object).get(segment);
    const prefix = segments.slice(0, i + 1).join('.');
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
  if (!field) return { ok: false, code: 'unknownField', params: { field: clip(path) } };
  return { ok: true, ref: { path, field, alias, joinPaths } };
}

function joinFor(scope: TableScope, path: string, parentAlias: string, via: FieldDef, object: ObjectDef): Join {
  const existing = scope.joins.get(path);
  if (existing) return existing;
  const created: Join = { path, alias: `t${scope.joins.size + 1}`, parentAlias, via, object };
  scope.joins.set(path, created);
  return created;
}

/** A column of the table a field lives in, e.g. "t1"."name". */
export function columnOf(ref: FieldRef, column: string = ref.field.apiName): Sql {
  return sql`${ident(ref.alias)}.${ident(column)}`;
}

export function fromSql(scope: TableScope): Sql {
  return sql`${qualified(scope.metadata.schema, scope.base.apiName)} as ${ident(BASE_ALIAS)}`;
}

/** LEFT JOINs keep records whose lookup is blank; `only` limits them to the paths a part of the query needs. */
export function joinsSql(scope: TableScope, only?: ReadonlySet<string>): Sql[] {
  const joins = [...scope.joins.values()].filter((j) => !only || only.has(j.path));
  return joins.map(
    (j) =>
      sql`left join ${qualified(scope.metadata.schema, j.object.apiName)} as ${ident(j.alias)} on ${ident(j.alias)}.${ident('id')} = ${ident(j.parentAlias)}.${ident(j.via.apiName)}`,
  );
}
