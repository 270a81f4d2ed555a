import { isUuid } from '../metadata/field-values.ts';
import { QUERY_LIMITS } from './query-limits.ts';
import { report, type Problems } from './query-problems.ts';

/**
 * Keyset cursors: the last row's sort values (as exact text, see
 * sort-keys.ts) and checksums of the sort they were made for, as base64url
 * JSON. The checksums catch a cursor reused with another sort and casual
 * edits; they are not a secret signature, so every value is still checked
 * against its column type here and bound as a cast parameter. A forged
 * cursor can only start a page at some other position.
 */

/** How a sort key's text form is checked and cast back to its column type. */
export type CursorKind = 'text' | 'bigint' | 'numeric' | 'integer' | 'date' | 'timestamptz' | 'boolean' | 'uuid';

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const INT8 = 2n ** 63n;

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  dt.setUTCFullYear(y);
  return y >= 1 && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export const CURSOR_KINDS: Record<CursorKind, { cast: string; valid: (text: string) => boolean }> = {
  text: { cast: 'text', valid: (t) => !t.includes('\u0000') },
  bigint: { cast: 'bigint', valid: (t) => /^-?\d{1,19}$/.test(t) && BigInt(t) < INT8 && BigInt(t) >= -INT8 },
  numeric: { cast: 'numeric', valid: (t) => t.length <= 1000 && /^-?\d+(\.\d+)?$/.test(t) },
  integer: { cast: 'integer', valid: (t) => /^\d{1,9}$/.test(t) },
  date: { cast: 'date', valid: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t) && isDate(t) },
  timestamptz: {
    cast: 'timestamptz',
    valid: (t) => {
      const m = TIMESTAMP.exec(t);
      return m !== null && isDate(t) && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
    },
  },
  boolean: { cast: 'boolean', valid: (t) => t === 'true' || t === 'false' },
  uuid: { cast: 'uuid', valid: isUuid },
};

export type CursorKey = { readonly kind: CursorKind; readonly nullable: boolean };
export type CursorValues = (string | null)[];

/** FNV-1a: a checksum, deliberately not cryptographic (core holds no secrets). */
function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(signature: string, values: CursorValues): string {
  const v = JSON.stringify(values);
  return toBase64Url(`{"s":"${checksum(signature)}","c":"${checksum(`${signature}\n${v}`)}","v":${v}}`);
}

type Payload = { s: unknown; c: unknown; v: unknown };

function readPayload(text: string): Payload | undefined {
  if (text.length === 0 || text.length > QUERY_LIMITS.cursorText || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(text));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const own = (k: string): unknown => (Object.hasOwn(parsed, k) ? (parsed as Record<string, unknown>)[k] : undefined);
    return { s: own('s'), c: own('c'), v: own('v') };
  } catch {
    return undefined;
  }
}

/** The cursor's values, one per sort key, or undefined after reporting why the cursor cannot be used. */
export function decodeCursor(text: unknown, signature: string, keys: readonly CursorKey[], problems: Problems): CursorValues | undefined {
  const payload = typeof text === 'string' ? readPayload(text) : undefined;
  if (!payload || !Array.isArray(payload.v)) {
    report(problems, 'cursor', 'invalidFormat', { format: 'cursor (use nextCursor from a previous page)' });
    return undefined;
  }
  if (payload.s !== checksum(signature)) {
    report(problems, 'cursor', 'invalidValue', { detail: 'the cursor was made for a different sort; start again without a cursor' });
    return undefined;
  }
  const values = payload.v as unknown[];
  const fits =
    payload.c === checksum(`${signature}\n${JSON.stringify(values)}`) &&
    values.length === keys.length &&
    keys.every((key, i) => fitsKey(key, values[i]));
  if (!fits) {
    report(problems, 'cursor', 'invalidValue', { detail: 'the cursor has been altered; use nextCursor as returned' });
    return undefined;
  }
  return values as CursorValues;
}

function fitsKey(key: CursorKey, value: unknown): boolean {
  if (value === null) return key.nullable;
  return typeof value === 'string' && CURSOR_KINDS[key.kind].valid(value);
}
