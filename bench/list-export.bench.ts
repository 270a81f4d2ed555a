/**
 * CSV export benchmark: GET /api/records/account/export.csv over BENCH_ROWS
 * accounts (default 100,000) against one raw SQL select of the same columns
 * through the same driver. Prints the median of a few runs and the ratio;
 * asserts nothing.
 *
 *   node --import tsx bench/list-export.bench.ts
 *   BENCH_DB=pglite BENCH_ROWS=20000 node --import tsx bench/list-export.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { openBenchDb } from './lib/measure.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KINDS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };
const FIELDS = 'name,industry,phone,ownerId,createdAt';

async function median(fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

for (const kind of KINDS) {
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const app = await buildApp({ db, rateLimit: false });
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
    const { rows } = await db.query<{ schema_name: string; id: string }>('select w.schema_name, u.id from mainline.workspaces w join mainline.users u on u.workspace_id = w.id limit 1');
    const { schema_name: schema, id: admin } = rows[0]!;
    await db.query(
      `insert into "${schema}".account (id, name, industry, phone, "ownerId", "createdAt", "updatedAt", "createdBy", "updatedBy")
       select gen_random_uuid(), '客户 ' || i || ' 华东精密', (array['manufacturing','retail','finance'])[1 + i % 3], '021-' || (60000000 + i), $1, now(), now(), $1, $1
         from generate_series(1, ${ROWS}) as i`,
      [admin],
    );
    await db.query(`analyze "${schema}".account`);

    let bytes = 0;
    const api = await median(async () => {
      const r = await app.inject({ method: 'GET', url: `/api/records/account/export.csv?fields=${FIELDS}&sort=name`, headers: { authorization: `Bearer ${token}` } });
      if (r.statusCode !== 200) throw new Error(r.body);
      bytes = r.rawPayload.length;
    });
    const raw = await median(async () => {
      await db.query(`select id, name, industry, phone, "ownerId", "createdAt" from "${schema}".account order by name, id`);
    });
    console.log(`${kind.padEnd(8)} export of ${ROWS} rows (${(bytes / 1e6).toFixed(1)} MB): median ${api.toFixed(0)} ms; raw SQL select ${raw.toFixed(0)} ms; ratio ${(api / raw).toFixed(1)}x`);
    await app.close();
  } finally {
    await dispose();
  }
}
