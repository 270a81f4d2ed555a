/**
 * Search benchmark: global search (`GET /api/search`) and list quick search
 * (`q`) over many accounts with Chinese names and phone numbers, against the
 * same index query written by hand as raw SQL through the same driver, and
 * against an unindexed ILIKE scan. Also times the start-up backfill that
 * indexes records written before search existed. Prints figures; asserts nothing.
 *
 *   npm run bench:search                          PostgreSQL and PGlite, 100,000 accounts each
 *   BENCH_DB=pglite BENCH_ROWS=20000 npm run bench:search
 *
 * Accounts are seeded with one INSERT … SELECT (100,000 through the API
 * would measure seeding), then indexed by the start-up backfill, which is
 * what a workspace that predates search goes through.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { migrateAllWorkspaces } from '../packages/server/src/workspaces/workspaces.ts';
import { fmt, measure, openBenchDb, type Stats } from './lib/measure.ts';

const KINDS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as ('pglite' | 'postgres')[];
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };
const TARGET = '华东精密机械有限公司';

// Company names as they come: place + trade words + a legal form, from small pools so that words repeat as in real data.
const PLACES = ['上海', '北京', '苏州', '杭州', '深圳', '广州', '南京', '成都', '武汉', '天津', '宁波', '青岛', '无锡', '合肥', '西安', '重庆', '长沙', '厦门', '华南', '华北'];
const WORDS = ['精工', '机电', '科技', '电子', '新材料', '物流', '贸易', '医疗', '能源', '智能', '自动化', '化工', '纺织', '食品', '建材', '软件', '信息', '环保', '汽车', '模具'];
const FORMS = ['有限公司', '股份有限公司', '集团有限公司', '实业有限公司', '制造有限公司'];

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const app = await buildApp({ db, rateLimit: false });
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      if (r.statusCode !== 200) throw new Error(`${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    const { rows: ws } = await db.query<{ schema_name: string; owner: string }>(
      `select w.schema_name, u.id as owner from mainline.workspaces w join mainline.users u on u.workspace_id = w.id where w.slug = 'default'`,
    );
    const schema = `"${ws[0]!.schema_name}"`;

    const t0 = performance.now();
    await db.query(
      `insert into ${schema}.account (id, name, phone, city, "ownerId", "createdAt", "createdBy", "updatedAt", "updatedBy")
       select gen_random_uuid(),
              ($2::text[])[1 + g % 20] || ($3::text[])[1 + (g / 20) % 20] || ($3::text[])[1 + (g / 400) % 20] || ($4::text[])[1 + g % 5] || g::text,
              '0' || (10 + g % 90)::text || '-' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'),
              ($2::text[])[1 + (g / 7) % 20], $5::uuid, now(), $5::uuid, now(), $5::uuid
         from generate_series(1, $1::int) g`,
      [ROWS, PLACES, WORDS, FORMS, ws[0]!.owner],
    );
    const seeded = performance.now() - t0;
    const target = await app.inject({ method: 'POST', url: '/api/records/account', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: { name: TARGET, phone: '021-6888 1234' } });
    const targetId = target.json().id as string;
    // As if the accounts predated search: forget they are indexed, and let start-up index them.
    await db.exec(`delete from ${schema}._search where object = 'account'; delete from ${schema}._search_fields where object = 'account'`);
    const t1 = performance.now();
    await migrateAllWorkspaces(db);
    const backfill = performance.now() - t1;
    const { rows: count } = await db.query<{ n: string }>(`select count(*) as n from ${schema}._search where object = 'account'`);
    await db.exec(`analyze ${schema}._search; analyze ${schema}.account`);
    console.log(`\n== ${kind}: ${ROWS.toLocaleString()} accounts seeded in ${(seeded / 1000).toFixed(1)} s; start-up backfill indexed ${Number(count[0]!.n).toLocaleString()} values in ${(backfill / 1000).toFixed(1)} s (${((Number(count[0]!.n) / backfill) * 1000).toFixed(0)} values/s)`);

    const found = await get(`/api/search?q=hdjm&objects=account`);
    if (!found.groups[0]?.records.some((r: { id: string }) => r.id === targetId)) throw new Error('the planted account was not found by hdjm');

    // The same work as the index query of one object, by hand: grams through the GIN index, then the substring, limit 6.
    const raw = async (grams: string[], pattern: string) => {
      await db.query(
        `select t.id, t.name, t.phone, t.city from ${schema}.account t
          where t.id in (select s.record_id from ${schema}._search s where s.object = 'account' and s.grams @> $1::text[]
                           and (s.value like $2 or s.initials like $2 or s.pinyin like $2))
          order by t.name limit 6`,
        [grams, pattern],
      );
    };
    const ilike = async (pattern: string) => {
      await db.query(`select id, name, phone from ${schema}.account where name ilike $1 or phone ilike $1 limit 6`, [pattern]);
    };
    const N = 200;
    const cases: [string, () => Promise<unknown>, () => Promise<void>][] = [
      ['global  q=hdjm (initials)', () => get('/api/search?q=hdjm'), () => raw(['hd', 'dj', 'jm'], '%hdjm%')],
      ['global  q=华东精密 (Chinese)', () => get(`/api/search?q=${encodeURIComponent('华东精密')}`), () => raw(['华东', '东精', '精密'], '%华东精密%')],
      ['global  q=68881234 (phone)', () => get('/api/search?q=68881234'), () => raw(['68', '88', '81', '12', '23', '34'], '%68881234%')],
      ['global  q=苏州精工 (common)', () => get(`/api/search?q=${encodeURIComponent('苏州精工')}`), () => raw(['苏州', '州精', '精工'], '%苏州精工%')],
      ['list    q=hdjm, limit 50', () => get('/api/records/account?q=hdjm&limit=50'), () => raw(['hd', 'dj', 'jm'], '%hdjm%')],
    ];
    const rows: { name: string; api: Stats; raw: Stats }[] = [];
    for (const [name, api, sqlFn] of cases) {
      const a = await measure(N, 1, async () => void (await api()));
      const r = await measure(N, 1, sqlFn);
      rows.push({ name, api: a, raw: r });
    }
    const scan = await measure(20, 1, () => ilike('%华东精密%'));
    for (const r of rows) console.log(`${r.name.padEnd(30)} API ${fmt(r.api)}   raw SQL p50 ${r.raw.p50.toFixed(2).padStart(7)} ms p95 ${r.raw.p95.toFixed(2).padStart(7)} ms   ratio p50 ${(r.api.p50 / r.raw.p50).toFixed(1)}x`);
    console.log(`${'unindexed ILIKE scan (ref.)'.padEnd(30)} p50 ${scan.p50.toFixed(2)} ms p95 ${scan.p95.toFixed(2)} ms`);
    await app.close();
  } finally {
    await dispose();
  }
}

for (const kind of KINDS) await runOn(kind);
