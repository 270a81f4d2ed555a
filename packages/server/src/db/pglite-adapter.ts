import { PGlite, types } from '@electric-sql/pglite';
import { OID, timestamptzToIso, type Database, type Queryable } from './port.ts';

const parsers = {
  [OID.int8]: (v: string) => v,
  [OID.numeric]: (v: string) => v,
  [OID.date]: (v: string) => v,
  [OID.timestamptz]: timestamptzToIso,
  [OID.timestamp]: (v: string) => v,
};

/**
 * PGlite is one connection: statements from concurrent requests would
 * interleave inside each other's transactions, so every call goes through
 * one queue and a transaction holds the queue until it ends.
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const pg = await PGlite.create(dataDir, { parsers, relaxedDurability: false, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  await pg.exec(`SET TIME ZONE 'UTC'`);
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const direct: Queryable = {
    async query(sql, params) {
      const r = await pg.query(sql, params as unknown[] | undefined, { rowMode: 'object' });
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql) {
      await pg.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    query: (sql, params) => serial(() => direct.query(sql, params)),
    exec: (sql) => serial(() => direct.exec(sql)),
    transaction: (fn) =>
      serial(() =>
        pg.transaction(async (tx) => {
          const q: Queryable = {
            async query(sql, params) {
              const r = await tx.query(sql, params as unknown[] | undefined, { rowMode: 'object' });
              return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
            },
            async exec(sql) {
              await tx.exec(sql);
            },
          };
          return fn(q);
        }),
      ),
    // One process owns an embedded database, so nothing can be missed: onMessage(null) never happens.
    listen: (channel, onMessage) => serial(() => pg.listen(channel, onMessage)).then((unlisten) => () => serial(() => unlisten())),
    close: () => serial(() => pg.close()),
  };
}

export { types as pgliteTypes };
