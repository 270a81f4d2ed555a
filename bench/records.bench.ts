/**
 * Records benchmark: the API against the equivalent raw SQL, through the same
 * driver, on the same data (BENCH_ROWS records, default 100,000, of a
 * 20-field object). Prints figures; asserts nothing.
 *
 *   npm run bench                         both databases
 *   BENCH_DB=pglite npm run bench         one of them
 *   BENCH_ROWS=20000 npm run bench        a smaller data set
 *
 * The API is driven through app.inject(): the whole request pipeline
 * (routing, authentication, validation, record service, serialisation)
 * without loopback networking, so the ratio measures our overhead.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.ts';
import { actorForToken } from '../packages/server/src/auth/sessions.ts';
import { fmt, measure, openBenchDb, type Stats } from './lib/measure.ts';
import { readMetadata } from '../packages/server/src/metadata/metadata-store.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { createRecords } from '../packages/server/src/records/record-service.ts';
import { runWrite } from '../packages/server/src/records/write-context.ts';
import { systemAccess } from '../packages/server/src/access/record-access.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const KINDS = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const ACCOUNTS = 1000;
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };

const L = (en: string) => ({ en, 'zh-CN': en });
const FIELDS = [
  { apiName: 'code', type: 'text', externalId: true },
  { apiName: 'account', type: 'lookup', target: 'account' },
  { apiName: 'amount', type: 'currency' },
  { apiName: 'quantity', type: 'integer' },
  { apiName: 'price', type: 'decimal', precision: 12, scale: 4 },
  { apiName: 'discount', type: 'percent' },
  { apiName: 'active', type: 'boolean' },
  { apiName: 'closeDate', type: 'date' },
  { apiName: 'lastContact', type: 'datetime' },
  { apiName: 'email', type: 'email' },
  { apiName: 'phone', type: 'phone' },
  { apiName: 'website', type: 'url' },
  { apiName: 'stage', type: 'picklist', values: ['open', 'qualified', 'won', 'lost'].map((v) => ({ apiName: v, label: L(v) })) },
  { apiName: 'tags', type: 'multiPicklist', values: ['vip', 'new', 'partner'].map((v) => ({ apiName: v, label: L(v) })) },
  { apiName: 'notes', type: 'longText' },
  { apiName: 'region', type: 'text' },
  { apiName: 'city', type: 'text' },
  { apiName: 'score', type: 'integer' },
  { apiName: 'extra', type: 'json' },
];

function record(i: number, accountIds: string[]): Record<string, unknown> {
  return {
    name: `机会 ${i} 华东精密`,
    code: `C${i}`,
    account: accountIds[i % accountIds.length],
    amount: { amount: `${(i % 9973) * 10}.50`, currency: 'CNY' },
    quantity: i % 100,
    price: `${i % 500}.1234`,
    discount: `${i % 30}.5`,
    active: i % 2 === 0,
    closeDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    lastContact: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    email: `buyer${i}@example.cn`,
    phone: `+86 138${String(i).padStart(8, '0')}`,
    website: `https://example${i % 50}.cn`,
    stage: ['open', 'qualified', 'won', 'lost'][i % 4],
    tags: i % 3 === 0 ? ['vip'] : ['new', 'partner'],
    notes: '客户希望在下季度完成部署。'.repeat(3),
    region: ['华东', '华南', '华北'][i % 3],
    city: ['上海', '杭州', '深圳', '北京'][i % 4],
    score: i % 1000,
    extra: { source: 'bench', n: i },
  };
}

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    // Rate limiting off: the benchmark measures throughput, which the limit would cap.
    const app = await buildApp({ db, rateLimit: false });
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const inject = async (method: string, url: string, body?: unknown, expected = 200) => {
      const r = await app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
      if (r.statusCode !== expected) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r;
    };

    await inject('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal') }, 201);
    for (const f of FIELDS) await inject('POST', '/api/metadata/objects/deal/fields', { ...f, label: L(f.apiName) }, 201);

    const found = await actorForToken(db, token, new Date());
    const { actor, workspace } = found!;
    const metadata = await readMetadata(db, workspace);
    // Seeding is the platform's own work: it writes through the one write path with explicit full access.
    const access = systemAccess(metadata, actor.userId, []);
    const schema = `"${workspace.schemaName}"`;

    // Seed through the one write path in batches (history and events included).
    const t0 = performance.now();
    const accountIds: string[] = [];
    for (let i = 0; i < ACCOUNTS; i += 500) {
      const made = await runWrite(db, { actor, metadata, access }, (ctx) => createRecords(ctx, 'account', Array.from({ length: 500 }, (_, j) => ({ name: `客户 ${i + j}` }))));
      accountIds.push(...made.map((r) => r.id as string));
    }
    for (let i = 0; i < ROWS; i += 1000) {
      const n = Math.min(1000, ROWS - i);
      await runWrite(db, { actor, metadata, access }, (ctx) => createRecords(ctx, 'deal', Array.from({ length: n }, (_, j) => record(i + j, accountIds))));
    }
    await db.exec(`analyze ${schema}.deal; analyze ${schema}.account`);
    console.log(`\n[${kind}] seeded ${ROWS} deals and ${ACCOUNTS} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const { rows: idRows } = await db.query<{ id: string }>(`select id from ${schema}.deal order by random() limit 2000`);
    const ids = idRows.map((r) => r.id);
    const concurrency = kind === 'postgres' ? 8 : 1; // PGlite is one connection: concurrency only queues
    const results: [string, Stats, Stats][] = [];

    // Point read
    const apiGet = await measure(2000, concurrency, async (i) => void (await inject('GET', `/api/records/deal/${ids[i % ids.length]}`)));
    const rawGet = await measure(2000, concurrency, async (i) => void (await db.query(`select * from ${schema}.deal where id = $1`, [ids[i % ids.length]])));
    results.push(['get by id', apiGet, rawGet]);

    // List: indexed filter (account) + sort + page of 50
    const filter = (i: number) => encodeURIComponent(JSON.stringify({ field: 'account', op: 'eq', value: accountIds[i % accountIds.length] }));
    const apiList = await measure(500, concurrency, async (i) => void (await inject('GET', `/api/records/deal?filter=${filter(i)}&sort=-createdAt&limit=50`)));
    const rawList = await measure(500, concurrency, async (i) =>
      void (await db.query(`select * from ${schema}.deal where account = $1 order by "createdAt" desc, id desc limit 51`, [accountIds[i % accountIds.length]])),
    );
    results.push(['list: filter + sort + 50', apiList, rawList]);

    // List: a range filter on a non-indexed field, sorted by name
    const apiScan = await measure(100, concurrency, async (i) =>
      void (await inject('GET', `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'stage', op: 'eq', value: 'won' }, { field: 'score', op: 'gte', value: i % 900 }] }))}&sort=name&limit=50`)),
    );
    const rawScan = await measure(100, concurrency, async (i) =>
      void (await db.query(`select * from ${schema}.deal where stage = $1 and score >= $2 order by name, id limit 51`, ['won', i % 900])),
    );
    results.push(['list: unindexed filter', apiScan, rawScan]);

    // List of masters sorted by a roll-up: a correlated subquery per account over the deal index
    await inject('POST', '/api/metadata/objects/account/fields', { apiName: 'liveDeals', type: 'rollup', label: L('Live deals'), rollup: { object: 'deal', via: 'account', function: 'count', filter: 'stage <> "lost"' } }, 201);
    await inject('POST', '/api/metadata/objects/account/fields', { apiName: 'dealTotal', type: 'rollup', label: L('Deal total'), rollup: { object: 'deal', via: 'account', function: 'sum', field: 'amount' } }, 201);
    const apiRollup = await measure(50, concurrency, async () => void (await inject('GET', '/api/records/account?fields=name,liveDeals,dealTotal&sort=-liveDeals&limit=50')));
    const rawRollup = await measure(50, concurrency, async () =>
      void (await db.query(
        `select a.id, a.name, (select count(*) from ${schema}.deal d where d.account = a.id and d.stage <> 'lost') as live,
                (select coalesce(sum(d.amount), 0) from ${schema}.deal d where d.account = a.id) as total
           from ${schema}.account a order by live desc, a.id desc limit 51`,
      )),
    );
    results.push(['list 50 sorted by roll-up', apiRollup, rawRollup]);

    // Single create
    let seq = ROWS;
    const apiCreate = await measure(500, concurrency, async () => void (await inject('POST', '/api/records/deal', record(seq++, accountIds), 201)));
    const cols = ['id', 'name', 'code', 'ownerId', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'quantity', 'stage'];
    const rawCreate = await measure(500, concurrency, async () => {
      const i = seq++;
      const now = new Date().toISOString();
      await db.query(`insert into ${schema}.deal (${cols.map((c) => `"${c}"`).join(',')}) values (gen_random_uuid(), $1, $2, $3, $4, $3, $4, $3, $5, $6)`, [
        `raw ${i}`,
        `C${i}`,
        actor.userId,
        now,
        i % 100,
        'open',
      ]);
    });
    results.push(['create one', apiCreate, rawCreate]);

    // Composite of 100 creates vs one multi-row insert in a transaction
    const apiComposite = await measure(20, 1, async () => {
      const operations = Array.from({ length: 100 }, () => ({ method: 'POST', path: '/api/records/deal', body: record(seq++, accountIds) }));
      await inject('POST', '/api/composite', { operations });
    });
    const rawComposite = await measure(20, 1, async () => {
      const now = new Date().toISOString();
      const values: unknown[] = [actor.userId, now];
      const tuples: string[] = [];
      for (let k = 0; k < 100; k++) {
        const i = seq++;
        values.push(`raw ${i}`, `C${i}`);
        tuples.push(`(gen_random_uuid(), $${values.length - 1}, $${values.length}, $1, $2, $1, $2, $1, 1, 'open')`);
      }
      await db.transaction((tx) => tx.query(`insert into ${schema}.deal (${cols.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`, values));
    });
    results.push(['composite of 100 creates', apiComposite, rawComposite]);

    console.log(`[${kind}] ${ROWS} rows, concurrency ${concurrency}; API vs raw SQL through the same driver`);
    for (const [label, api, rawSql] of results) {
      console.log(`  ${label.padEnd(26)} API ${fmt(api)}`);
      console.log(`  ${''.padEnd(26)} SQL ${fmt(rawSql)}   API/SQL throughput ${((api.rps / rawSql.rps) * 100).toFixed(0)}%`);
    }
    await app.close();
  } finally {
    await dispose();
  }
}

for (const kind of KINDS) await runOn(kind);
