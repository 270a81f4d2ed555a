import pg from 'pg';
import { OID, timestamptzToIso, type Database, type Queryable } from './port.ts';

const keep = (v: string) => v;
const typeOverrides: Record<number, (v: string) => unknown> = {
  [OID.int8]: keep,
  [OID.numeric]: keep,
  [OID.date]: keep,
  [OID.timestamp]: keep,
  [OID.timestamptz]: timestamptzToIso,
};
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return typeOverrides[oid] ?? pg.types.getTypeParser(oid, format ?? 'text');
  },
};

export async function openPostgres(connectionString: string, opts: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, types: types as never, options: '-c TimeZone=UTC' });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing the process
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query(sql, params) {
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql) {
      await c.query(sql);
    },
  });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
