/**
 * The database port. Two adapters implement it (PGlite embedded, PostgreSQL via
 * pg) with identical value conventions, so the same SQL and tests run on both:
 * bigint, numeric, date and uuid arrive as strings, timestamptz as an ISO string
 * in UTC, jsonb parsed, arrays as arrays.
 */
export type QueryResult<R> = { rows: R[]; rowCount: number };

export type Queryable = {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs several statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
};

export type Database = Queryable & {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel (sent with pg_notify inside a
   * transaction, so delivered only if it commits). `onMessage(null)` means
   * messages may have been missed (the listening connection was lost), so
   * anything derived from them must be dropped. Returns an unsubscribe.
   */
  listen(channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/** Postgres type OIDs whose text form we keep as-is or normalise the same way on both drivers. */
export const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  json: 114,
  jsonb: 3802,
  uuid: 2950,
} as const;

export function timestamptzToIso(text: string): string {
  // Postgres prints "2026-11-24 10:00:00.123+00"; Date parses it once normalised.
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  return new Date(iso).toISOString();
}
