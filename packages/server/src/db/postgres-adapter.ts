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
    listen: (channel, onMessage) => listenWithReconnect(connectionString, channel, onMessage),
    close: () => pool.end(),
  };
}

/**
 * LISTEN on a dedicated connection (pooled ones are shared). When it drops,
 * notifications sent meanwhile are lost, so the subscriber is told (null)
 * and the connection is re-established with backoff.
 */
async function listenWithReconnect(connectionString: string, channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    c.on('error', () => undefined);
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return c;
  };
  const watch = (c: pg.Client, delayMs: number): void => {
    c.once('end', () => {
      if (stopped) return;
      onMessage(null);
      const again = (delay: number): void => {
        retry = setTimeout(() => {
          connect().then(
            (next) => {
              if (stopped) return void next.end();
              client = next;
              onMessage(null); // anything sent while reconnecting is lost too
              watch(next, 100);
            },
            () => again(Math.min(delay * 2, 5000)),
          );
        }, delay);
      };
      again(delayMs);
    });
  };
  client = await connect();
  watch(client, 100);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
