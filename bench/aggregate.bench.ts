/**
 * Aggregate benchmark: "pipeline by stage" and "won revenue by month" over
 * BENCH_ROWS opportunities (default 100,000) of the standard model, through
 * GET /api/records/opportunity/aggregate against the equivalent raw SQL on
 * the same driver — as an administrator (no visibility predicate) and as a
 * rep (the compiled visibility predicate ANDed in). Prints medians; asserts
 * nothing.
 *
 *   node --import tsx bench/aggregate.bench.ts
 *   BENCH_DB=pglite BENCH_ROWS=20000 node --import tsx bench/aggregate.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.ts';
import { systemAccess } from '../packages/server/src/access/record-access.ts';
import { actorForToken } from '../packages/server/src/auth/sessions.ts';
import { readMetadata } from '../packages/server/src/metadata/metadata-store.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { createRecords } from '../packages/server/src/records/record-service.ts';
import { runWrite } from '../packages/server/src/records/write-context.ts';
import { fmt, measure, openBenchDb, type Stats } from './lib/measure.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const KINDS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };
const REP = { email: 'rep@example.test', password: 'bench password 2' };
const STAGES = ['prospecting', 'qualification', 'needsAnalysis', 'proposal', 'negotiation', 'closedWon', 'closedLost'];

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const app = await buildApp({ db, rateLimit: false });
    const login = async (who: typeof ADMIN) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: who })).json().token as string;
    const adminToken = await login(ADMIN);
    const inject = async (token: string, method: string, url: string, body?: unknown, expected = 200) => {
      const r = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
      if (r.statusCode !== expected) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r;
    };
    // A rep under a manager, and three other sellers: the rep owns a quarter of the deals.
    const manager = (await inject(adminToken, 'POST', '/api/admin/roles', { name: 'manager' }, 201)).json().id as string;
    const reps = (await inject(adminToken, 'POST', '/api/admin/roles', { name: 'reps', parentId: manager }, 201)).json().id as string;
    const owners: string[] = [];
    owners.push((await inject(adminToken, 'POST', '/api/admin/users', { ...REP, name: 'rep', roleId: reps }, 201)).json().id);
    for (let i = 0; i < 3; i++) owners.push((await inject(adminToken, 'POST', '/api/admin/users', { email: `seller${i}@example.test`, name: `seller ${i}`, password: REP.password, roleId: reps }, 201)).json().id);
    const repToken = await login(REP);

    const { actor, workspace } = (await actorForToken(db, adminToken, new Date()))!;
    const metadata = await readMetadata(db, workspace);
    const access = systemAccess(metadata, actor.userId, []);
    const schema = `"${workspace.schemaName}"`;
    const t0 = performance.now();
    for (let i = 0; i < ROWS; i += 1000) {
      const n = Math.min(1000, ROWS - i);
      const bodies = Array.from({ length: n }, (_, j) => {
        const k = i + j;
        const stage = STAGES[k % STAGES.length]!;
        return {
          name: `商机 ${k}`,
          stage,
          ownerId: owners[k % owners.length],
          amount: { amount: `${(k % 9973) * 100}.25`, currency: 'CNY' },
          closeDate: `${2025 + (k % 2)}-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`,
          ...(stage === 'closedWon' ? { closeReason: 'bench' } : stage === 'closedLost' ? { closeReason: 'bench', lostReason: 'price' } : {}),
        };
      });
      await runWrite(db, { actor, metadata, access }, (ctx) => createRecords(ctx, 'opportunity', bodies));
    }
    await db.exec(`analyze ${schema}.opportunity`);
    console.log(`\n[${kind}] seeded ${ROWS} opportunities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const n = kind === 'postgres' ? 200 : 50;
    const results: [string, Stats, Stats][] = [];
    const won = encodeURIComponent(JSON.stringify({ field: 'stage', op: 'eq', value: 'closedWon' }));
    const pipelineSql = `select stage, count(*), sum(amount), amount__currency from ${schema}.opportunity group by stage, amount__currency`;
    results.push([
      'pipeline by stage (admin)',
      await measure(n, 1, async () => void (await inject(adminToken, 'GET', '/api/records/opportunity/aggregate?groupBy=stage&measures=count,sum:amount'))),
      await measure(n, 1, async () => void (await db.query(pipelineSql))),
    ]);
    results.push([
      'pipeline by stage (rep)',
      await measure(n, 1, async () => void (await inject(repToken, 'GET', '/api/records/opportunity/aggregate?groupBy=stage&measures=count,sum:amount'))),
      // The same predicate the compiler ANDs in for a rep: own records, or shared with them, their role or their team.
      await measure(n, 1, async () =>
        void (await db.query(
          `${pipelineSql.replace(
            ' group by',
            ` o where (o."ownerId" = any($1::uuid[]) or exists (select 1 from ${schema}._shares s where s.object = 'opportunity' and s.record_id = o.id and s.grantee = any($2::text[]))) group by`,
          )}`,
          [[owners[0]], [`u:${owners[0]}`, `r:${reps}`, `rs:${reps}`]],
        )),
      ),
    ]);
    results.push([
      'rep, owner-only SQL',
      results.at(-1)![1],
      await measure(n, 1, async () => void (await db.query(`${pipelineSql.replace(' group by', ' where "ownerId" = $1 group by')}`, [owners[0]]))),
    ]);
    results.push([
      'won revenue by month',
      await measure(n, 1, async () => void (await inject(adminToken, 'GET', `/api/records/opportunity/aggregate?groupBy=closeDate:month&measures=sum:amount&filter=${won}`))),
      await measure(n, 1, async () =>
        void (await db.query(`select date_trunc('month', "closeDate"::timestamp) as m, sum(amount), amount__currency from ${schema}.opportunity where stage = 'closedWon' group by 1, 3 order by 1`)),
      ),
    ]);
    console.log(`[${kind}] ${ROWS} opportunities, one caller; API vs raw SQL through the same driver (median = p50)`);
    for (const [label, api, rawSql] of results) {
      console.log(`  ${label.padEnd(28)} API ${fmt(api)}`);
      console.log(`  ${''.padEnd(28)} SQL ${fmt(rawSql)}   median API/SQL ${(api.p50 / rawSql.p50).toFixed(2)}x`);
    }
    await app.close();
  } finally {
    await dispose();
  }
}

for (const kind of KINDS) await runOn(kind);
