/**
 * Automation benchmark: record writes per second through the API with 0,
 * 5 and 20 active automation rules on the object, printed as ratios to 0
 * rules. Each rule's condition holds, so every write evaluates it and
 * enqueues a job per rule in its transaction (the worker is off: this
 * measures what rules cost the write path, not the jobs); half the rules
 * also make a before-save field update. Prints figures; asserts nothing.
 *
 *   npm run bench:automation                          PostgreSQL and PGlite
 *   BENCH_DB=pglite BENCH_WRITES=300 npm run bench:automation
 */
import { buildApp } from '../packages/server/src/app.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { fmt, measure, openBenchDb, type Stats } from './lib/measure.ts';

const KINDS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as ('pglite' | 'postgres')[];
const WRITES = Number(process.env.BENCH_WRITES ?? 600);
const RULE_COUNTS = [0, 5, 20];
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };
const L = (en: string) => ({ en, 'zh-CN': en });

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const app = await buildApp({ db, rateLimit: false });
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN })).json().token as string;
    const call = async (method: string, url: string, body: unknown, expected: number) => {
      const r = await app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      if (r.statusCode !== expected) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    const concurrency = kind === 'postgres' ? 8 : 1;
    const results: [number, Stats, Stats][] = [];
    // A discarded first step warms caches, query plans and the JIT, which would otherwise flatter every later step.
    for (const rules of [-1, ...RULE_COUNTS]) {
      // A fresh object per step, so earlier steps' rows and jobs do not weigh on later ones.
      const object = rules < 0 ? 'warmUp' : `deal${rules}`;
      await call('POST', '/api/metadata/objects', { apiName: object, label: L(object) }, 201);
      await call('POST', `/api/metadata/objects/${object}/fields`, { apiName: 'amount', type: 'decimal', label: L('Amount'), precision: 12, scale: 2 }, 201);
      await call('POST', `/api/metadata/objects/${object}/fields`, { apiName: 'tier', type: 'text', label: L('Tier') }, 201);
      for (let i = 0; i < Math.max(0, rules); i++) {
        const actions: unknown[] = [{ type: 'notify', to: 'owner', message: L(`rule ${i}: {{name}}`) }];
        if (i % 2 === 0) actions.unshift({ type: 'updateFields', values: { tier: `IF(amount > ${i * 100}, "A", "B")` } });
        await call('POST', `/api/metadata/objects/${object}/automationRules`, { apiName: `rule${i}`, trigger: { on: i % 3 === 2 ? 'update' : 'create' }, condition: `amount >= 0`, actions }, 201);
      }
      const ids: string[] = [];
      const creates = await measure(WRITES, concurrency, async (i) => void ids.push((await call('POST', `/api/records/${object}`, { name: `deal ${i}`, amount: String(i) }, 201)).id));
      const updates = await measure(WRITES, concurrency, async (i) => void (await call('PATCH', `/api/records/${object}/${ids[i % ids.length]}`, { amount: String(i + 1) }, 200)));
      if (rules >= 0) results.push([rules, creates, updates]);
    }
    const base = results[0]!;
    console.log(`\n[${kind}] ${WRITES} writes per step, ${concurrency} concurrent caller(s)`);
    for (const [rules, creates, updates] of results) {
      const ratio = (s: Stats, b: Stats) => `writes/s ratio ${(s.rps / b.rps).toFixed(2)}, p50 ratio ${(s.p50 / b.p50).toFixed(2)}`;
      console.log(`  ${String(rules).padStart(2)} rules  create ${fmt(creates)}  ${ratio(creates, base[1])}`);
      console.log(`            update ${fmt(updates)}  ${ratio(updates, base[2])}`);
    }
    const { rows } = await db.query<{ n: string }>(`select count(*) as n from ws_default._automation_jobs`);
    console.log(`  jobs enqueued: ${rows[0]!.n}`);
    await app.close();
  } finally {
    await dispose();
  }
}

for (const kind of KINDS) await runOn(kind);
