import type { FieldProblem } from '../../errors/domain-error.ts';
import { API_NAME_PATTERN, SYSTEM_FIELD_NAMES } from '../types.ts';

/**
 * API names are quoted everywhere SQL meets them, so SQL keywords are safe
 * (an object may be called "order"). What is refused is what would still
 * break something: Postgres system columns, keys of Object.prototype (names
 * index plain objects), and words the APIs give a meaning of their own.
 */
const JS_HOSTILE = ['constructor', 'prototype', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable'];
const PG_SYSTEM_COLUMNS = ['oid', 'tableoid', 'xmin', 'xmax', 'cmin', 'cmax', 'ctid'];
/** Filter syntax uses these as keys: a field so named would be ambiguous. */
const FILTER_WORDS = ['and', 'or', 'not'];
/**
 * Platform records that objects must not shadow (userRef fields point at users). The workspace's
 * own tables (_history, _events, _event_counter) need no entry: API names cannot start with "_".
 */
const PLATFORM_WORDS = ['user', 'users', 'workspace', 'workspaces', 'session', 'sessions', 'metadata', 'migrations'];

const RESERVED_FIELD_NAMES = new Set([...JS_HOSTILE, ...PG_SYSTEM_COLUMNS, ...FILTER_WORDS, ...SYSTEM_FIELD_NAMES]);
const RESERVED_OBJECT_NAMES = new Set([...JS_HOSTILE, ...PG_SYSTEM_COLUMNS, ...PLATFORM_WORDS]);

export const API_NAME_FORMAT = 'API name (a lowercase letter, then letters or digits; at most 40 characters)';

/** The problem with a proposed object or field API name, if any (collisions are the caller's check). */
export function apiNameProblem(name: string, kind: 'object' | 'field', path: string): FieldProblem | undefined {
  if (!API_NAME_PATTERN.test(name)) return { field: path, code: 'invalidFormat', params: { format: API_NAME_FORMAT } };
  const reserved = kind === 'object' ? RESERVED_OBJECT_NAMES : RESERVED_FIELD_NAMES;
  if (reserved.has(name)) return { field: path, code: 'reservedName', params: { value: name } };
  return undefined;
}
