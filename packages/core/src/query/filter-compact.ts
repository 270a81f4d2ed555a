import type { FilterNode } from './filter.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { clip, queryError } from './query-problems.ts';

/**
 * The compact URL form of a filter, for people typing query strings:
 *
 *     filter  := list
 *     list    := item ("," item)*           top-level items are ANDed
 *     item    := group | leaf
 *     group   := ("and" | "or" | "not") "(" [list] ")"   not(…) takes exactly one item
 *     leaf    := path "[" op "]" ":" value
 *     path    := name ("." name)*           e.g. account.parent.name
 *     value   := JSON string | JSON array | JSON object
 *              | true | false | null | JSON number
 *              | bare token                 any other run of characters without , ( ) [ ] : "
 *
 * Bare tokens are strings, trimmed of surrounding whitespace: `name[eq]:华东`
 * is {"field":"name","op":"eq","value":"华东"}. A token that reads as a JSON
 * literal is that literal (`12`, `true`, `null`), so write `"12"` for the
 * text "12", and quote anything holding , ( ) [ ] : " or leading/trailing
 * spaces: `createdAt[gt]:"2026-01-01T00:00:00Z"`. Whitespace between tokens
 * is ignored.
 *
 *     stage[in]:["open","won"],or(budget[gt]:"1000",name[startsWith]:华东)
 *
 * Parsing yields an untrusted tree; the caller still checks its shape.
 */

const SPECIAL = new Set([',', '(', ')', '[', ']', ':', '"']);
const GROUPS = new Set(['and', 'or', 'not']);
const JSON_LITERAL = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/;
const BARE = /^[^\s,()[\]:"{](?:[^,()[\]:"]*[^\s,()[\]:"])?$/;
const NAME = /^[^\s,()[\]:"]+$/;
const QUOTE_HINT = 'put values containing , ( ) [ ] : or " in double quotes';

type Cursor = { readonly text: string; pos: number };

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const peek = (s: Cursor): string | undefined => s.text[s.pos];
const at = (s: Cursor, pos: number = s.pos): string => `character ${pos + 1}`;
const fail = (detail: string): Error => queryError('filter', 'invalidFilter', { detail });

function skipSpace(s: Cursor): void {
  while (isSpace(peek(s))) s.pos += 1;
}

function readWhile(s: Cursor, accept: (c: string) => boolean): string {
  const start = s.pos;
  while (s.pos < s.text.length && accept(s.text[s.pos]!)) s.pos += 1;
  return s.text.slice(start, s.pos);
}

function unexpected(s: Cursor): Error {
  const c = peek(s);
  if (c === undefined) return fail('the filter ends too early');
  const hint = c === ':' || c === '[' || c === ']' || c === '"' ? `; ${QUOTE_HINT}` : '';
  return fail(`unexpected "${c}" at ${at(s)}${hint}`);
}

function expect(s: Cursor, c: string): void {
  skipSpace(s);
  if (peek(s) !== c) throw unexpected(s);
  s.pos += 1;
}

export function parseCompactFilter(text: string): unknown {
  const s: Cursor = { text, pos: 0 };
  const items = parseList(s, 1);
  skipSpace(s);
  if (s.pos < text.length) throw unexpected(s);
  if (items.length === 0) throw fail('the filter is empty');
  return items.length === 1 ? items[0] : { and: items };
}

function parseList(s: Cursor, depth: number): unknown[] {
  const items: unknown[] = [];
  skipSpace(s);
  if (s.pos >= s.text.length || peek(s) === ')') return items;
  for (;;) {
    items.push(parseItem(s, depth));
    skipSpace(s);
    if (peek(s) !== ',') return items;
    s.pos += 1;
  }
}

function parseItem(s: Cursor, depth: number): unknown {
  skipSpace(s);
  const start = s.pos;
  const name = readWhile(s, (c) => !SPECIAL.has(c) && !isSpace(c));
  skipSpace(s);
  if (peek(s) === '(') return parseGroup(s, name, start, depth);
  if (name.length === 0) throw unexpected(s);
  if (peek(s) !== '[') throw fail(`expected "[operator]" after "${clip(name)}" at ${at(s)}`);
  s.pos += 1;
  const op = readWhile(s, (c) => !SPECIAL.has(c)).trim();
  expect(s, ']');
  expect(s, ':');
  return { field: name, op, value: parseValue(s) };
}

function parseGroup(s: Cursor, name: string, start: number, depth: number): unknown {
  if (!GROUPS.has(name)) throw fail(`unknown group "${clip(name)}" at ${at(s, start)}; use and(…), or(…) or not(…)`);
  // The shape check reports depth precisely; this only keeps recursion bounded.
  if (depth > QUERY_LIMITS.filterDepth) throw fail(`conditions are nested more than ${QUERY_LIMITS.filterDepth} levels deep`);
  s.pos += 1;
  const items = parseList(s, depth + 1);
  expect(s, ')');
  if (name === 'not') {
    if (items.length !== 1) throw fail(`not(…) at ${at(s, start)} takes exactly one condition`);
    return { not: items[0] };
  }
  return name === 'and' ? { and: items } : { or: items };
}

function parseValue(s: Cursor): unknown {
  skipSpace(s);
  const c = peek(s);
  if (c === '"' || c === '[' || c === '{') return parseJson(s);
  const start = s.pos;
  const token = readWhile(s, (ch) => !SPECIAL.has(ch)).trim();
  if (token.length === 0) throw fail(`missing value at ${at(s, start)}`);
  return JSON_LITERAL.test(token) ? JSON.parse(token) : token;
}

/** Scans one JSON string, array or object (brackets balanced outside strings), then lets JSON.parse judge it. */
function parseJson(s: Cursor): unknown {
  const start = s.pos;
  let depth = 0;
  let i = start;
  for (; i < s.text.length; i += 1) {
    const c = s.text[i];
    if (c === '"') {
      i = endOfString(s.text, i);
      if (depth === 0) break;
    } else if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) break;
    }
  }
  if (i >= s.text.length) throw fail(`unterminated value starting at ${at(s, start)}`);
  s.pos = i + 1;
  try {
    return JSON.parse(s.text.slice(start, s.pos));
  } catch {
    throw fail(`the value starting at ${at(s, start)} is not valid JSON`);
  }
}

/** Index of the quote closing the string that opens at `open`, or text.length when there is none. */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

/** Writes a filter tree in the compact form; parseCompactFilter reads it back to an equal tree. */
export function renderCompactFilter(node: FilterNode): string {
  if ('and' in node && node.and.length > 1) return node.and.map(renderItem).join(',');
  return renderItem(node);
}

function renderItem(node: FilterNode): string {
  if ('and' in node) return `and(${node.and.map(renderItem).join(',')})`;
  if ('or' in node) return `or(${node.or.map(renderItem).join(',')})`;
  if ('not' in node) return `not(${renderItem(node.not)})`;
  if (!NAME.test(node.field) || !NAME.test(node.op)) throw fail(`"${clip(node.field)}" cannot be written in the compact form`);
  return `${node.field}[${node.op}]:${renderValue(node.value)}`;
}

function renderValue(value: unknown): string {
  if (typeof value === 'string' && BARE.test(value) && !JSON_LITERAL.test(value)) return value;
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw fail('a condition without a value cannot be written in the compact form');
  return json;
}
