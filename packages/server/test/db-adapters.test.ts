import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDbKind, type TestDatabase } from './support/test-db.ts';

describe(`database adapter (${testDbKind})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('returns values in the same shapes on both drivers', async () => {
    const { rows } = await t.db.query(
      `select 9007199254740993::bigint as big, 12.50::numeric(10,2) as dec, '2026-02-28'::date as d,
              '2026-11-24 10:00:00.5+08'::timestamptz as ts, '{"a":[1,"二"]}'::jsonb as j, array['x','y']::text[] as arr,
              '0190a000-0000-7000-8000-000000000000'::uuid as u, $1::text as p`,
      ['华东精密'],
    );
    expect(rows[0]).toEqual({
      big: '9007199254740993',
      dec: '12.50',
      d: '2026-02-28',
      ts: '2026-11-24T02:00:00.500Z',
      j: { a: [1, '二'] },
      arr: ['x', 'y'],
      u: '0190a000-0000-7000-8000-000000000000',
      p: '华东精密',
    });
  });

  it('rolls a transaction back entirely when it throws', async () => {
    await t.db.exec('create table t_tx (v int)');
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('insert into t_tx values (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await t.db.query<{ n: string }>('select count(*) as n from t_tx');
    expect(rows[0]?.n).toBe('0');
  });

  it('keeps concurrent transactions apart', async () => {
    await t.db.exec('create table t_conc (v int)');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction(async (tx) => {
          await tx.query('insert into t_conc values ($1)', [i]);
          if (i % 2 === 1) throw new Error('odd');
        }).catch(() => undefined),
      ),
    );
    const { rows } = await t.db.query<{ n: string }>('select count(*) as n from t_conc');
    expect(rows[0]?.n).toBe('5');
  });
});
