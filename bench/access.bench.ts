/**
 * Record-access benchmark: lists and point reads on a private object as
 * users whose visibility is compiled into the SQL (owner, role hierarchy,
 * shares), against an administrator (no predicate) and against the same
 * predicate written by hand as raw SQL through the same driver, then the
 * same lists once account owners may read the deals on their accounts
 * (implicitParentAccess). Prints
 * figures and the query plan of the restricted list; asserts nothing.
 *
 *   npm run bench:access                          PostgreSQL (1,000,000 rows) and PGlite (200,000)
 *   BENCH_DB=postgres BENCH_ROWS=200000 npm run bench:access
 *
 * Rows are seeded with one INSERT … SELECT (a million records through the
 * API would measure seeding, not reading); users, roles, the sharing rule
 * and the manual shares go through the platform's own functions.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../packages/server/src/app.ts';
import { createUser } from '../packages/server/src/auth/users.ts';
import { bootstrap } from '../packages/server/src/platform/bootstrap.ts';
import { fmt, measure, openBenchDb, type Stats } from './lib/measure.ts';

const KINDS = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as ('pglite' | 'postgres')[];
const ROWS = (kind: string) => Number(process.env.BENCH_ROWS ?? (kind === 'postgres' ? 1_000_000 : 200_000));
const MANAGERS = 10;
const ACCOUNTS = 20_000;
const REPS_PER_MANAGER = 20;
const ADMIN = { email: 'bench@example.test', password: 'bench password 1' };
const PASSWORD = 'bench password 2';
const L = (en: string) => ({ en, 'zh-CN': en });

async function runOn(kind: 'pglite' | 'postgres'): Promise<void> {
  const rows = ROWS(kind);
  const { db, dispose } = await openBenchDb(kind);
  try {
    await bootstrap(db, { adminEmail: ADMIN.email, adminPassword: ADMIN.password });
    const app = await buildApp({ db, rateLimit: false });
    const call = async (token: string, method: string, url: string, body?: unknown, expected = method === 'POST' ? 201 : 200) => {
      const r = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
      if (r.statusCode !== expected) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    const login = async (email: string, password: string) => (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })).json().token as string;
    const admin = await login(ADMIN.email, ADMIN.password);

    await call(admin, 'POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal'), sharingModel: 'private' });
    await call(admin, 'POST', '/api/metadata/objects/deal/fields', { apiName: 'stage', type: 'picklist', label: L('Stage'), values: ['open', 'won', 'lost'].map((v) => ({ apiName: v, label: L(v) })) });
    await call(admin, 'POST', '/api/metadata/objects/deal/fields', { apiName: 'score', type: 'integer', label: L('Score') });
    // Deals sit on accounts (owned by reps, not necessarily the deal's owner), for implicit access through the account.
    await call(admin, 'POST', '/api/metadata/objects/deal/fields', { apiName: 'account', type: 'lookup', target: 'account', label: L('Account') });

    // A sales organisation: a CEO role, 10 managers, each with 20 reps in a role below.
    const ceo = (await call(admin, 'POST', '/api/admin/roles', { name: 'CEO' })).id as string;
    const { rows: ws } = await db.query<{ id: string; schema_name: string }>(`select id, schema_name from mainline.workspaces where slug = 'default'`);
    const workspaceId = ws[0]!.id;
    const schema = `"${ws[0]!.schema_name}"`;
    const { rows: profiles } = await db.query<{ id: string }>(`select id from mainline.profiles where workspace_id = $1 and name = 'Standard User'`, [workspaceId]);
    const reps: string[] = [];
    let managerId = '';
    let repId = '';
    for (let m = 0; m < MANAGERS; m++) {
      const managerRole = (await call(admin, 'POST', '/api/admin/roles', { name: `Manager ${m}`, parentId: ceo })).id as string;
      const repRole = (await call(admin, 'POST', '/api/admin/roles', { name: `Reps ${m}`, parentId: managerRole })).id as string;
      const withPassword = m === 0;
      const manager = await createUser(db, { workspaceId, email: `manager${m}@example.test`, name: `M${m}`, password: withPassword ? PASSWORD : undefined, profileId: profiles[0]!.id, roleId: managerRole });
      if (m === 0) managerId = manager.id;
      for (let r = 0; r < REPS_PER_MANAGER; r++) {
        const rep = await createUser(db, { workspaceId, email: `rep${m}-${r}@example.test`, name: `R${m}-${r}`, password: withPassword && r === 0 ? PASSWORD : undefined, profileId: profiles[0]!.id, roleId: repRole });
        reps.push(rep.id);
        if (m === 0 && r === 0) repId = rep.id;
      }
    }
    // Roles and users changed directly: bump the access version as the admin API does.
    await db.query('update mainline.workspaces set access_version = access_version + 1 where id = $1', [workspaceId]);

    const t0 = performance.now();
    await db.query(
      `insert into ${schema}.account (id, name, "ownerId", "createdAt", "createdBy", "updatedAt", "updatedBy")
       select gen_random_uuid(), 'account ' || lpad(g::text, 6, '0'), o, now(), o, now(), o
         from generate_series(1, $1::int) g, lateral (select ($2::uuid[])[1 + g % $3::int] as o) owner`,
      [ACCOUNTS, reps, reps.length],
    );
    const { rows: accountRows } = await db.query<{ id: string }>(`select id from ${schema}.account order by name`);
    await db.query(
      `insert into ${schema}.deal (id, name, "ownerId", "createdAt", "createdBy", "updatedAt", "updatedBy", stage, score, account)
       select gen_random_uuid(), 'deal ' || lpad(g::text, 8, '0'), o, now() - g * interval '1 second', o, now(), o,
              (array['open','won','lost'])[1 + g % 3], g % 1000, ($4::uuid[])[1 + (g::bigint * 104729) % $5::int]
         from generate_series(1, $1::int) g, lateral (select ($2::uuid[])[1 + (g::bigint * 7919) % $3::int] as o) owner`,
      [rows, reps, reps.length, accountRows.map((a) => a.id), accountRows.length],
    );
    // A sharing rule (0.5% of records, to the first manager's reps) and 1,000 manual shares to the measured rep.
    const repsRole0 = (await call(admin, 'GET', '/api/admin/roles')).roles.find((r: { name: string }) => r.name === 'Reps 0').id as string;
    await call(admin, 'POST', '/api/admin/sharing-rules', { object: 'deal', name: 'top scores', criteria: { field: 'score', op: 'gte', value: 995 }, sharedWith: { type: 'role', id: repsRole0 }, access: 'read' });
    await db.query(
      `insert into ${schema}._shares (object, record_id, grantee, access, cause) select 'deal', id, $1, 'read', 'manual' from ${schema}.deal where "ownerId" <> $2 order by id limit 1000`,
      [`u:${repId}`, repId],
    );
    await db.exec(`analyze ${schema}.deal; analyze ${schema}._shares; analyze ${schema}.account`);
    console.log(`\n[${kind}] seeded ${rows} private deals owned by ${reps.length} reps in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const rep = await login('rep0-0@example.test', PASSWORD);
    const manager = await login('manager0@example.test', PASSWORD);
    const concurrency = kind === 'postgres' ? 8 : 1;
    const results: [string, Stats, Stats | undefined][] = [];
    const ownerIdsOfManager = [managerId, ...reps.slice(0, REPS_PER_MANAGER)];
    const repGrantees = [`u:${repId}`, `r:${repsRole0}`, `rs:${repsRole0}`];

    // The predicate the platform compiles, written by hand.
    const visible = (owners: string[], grantees: string[]) => ({
      where: `("ownerId" = any($1::uuid[]) or exists (select 1 from ${schema}._shares s where s.object = 'deal' and s.record_id = d.id and s.grantee = any($2::text[])))`,
      params: [owners, grantees] as unknown[],
    });
    const rawList = (owners: string[], grantees: string[], extra: string, order: string, extraParams: unknown[] = []) => {
      const v = visible(owners, grantees);
      return () => db.query(`select * from ${schema}.deal d where ${v.where} ${extra} order by ${order} limit 51`, [...v.params, ...extraParams]).then(() => undefined);
    };
    const list = (token: string, query: string) => async () => void (await call(token, 'GET', `/api/records/deal?${query}`));

    results.push(['rep: newest 50', await measure(300, concurrency, list(rep, 'limit=50')), await measure(300, concurrency, rawList([repId], repGrantees, '', '"createdAt" desc, id desc'))]);
    results.push(['rep: by name, 50', await measure(300, concurrency, list(rep, 'sort=name&limit=50')), await measure(300, concurrency, rawList([repId], repGrantees, '', 'name, id'))]);
    const won = encodeURIComponent(JSON.stringify({ field: 'stage', op: 'eq', value: 'won' }));
    results.push([
      'rep: stage=won, newest 50',
      await measure(300, concurrency, list(rep, `filter=${won}&limit=50`)),
      await measure(300, concurrency, rawList([repId], repGrantees, `and stage = $3`, '"createdAt" desc, id desc', ['won'])),
    ]);
    results.push([
      'manager (20 reps): newest 50',
      await measure(300, concurrency, list(manager, 'limit=50')),
      await measure(300, concurrency, rawList(ownerIdsOfManager, [`u:${managerId}`], '', '"createdAt" desc, id desc')),
    ]);
    results.push([
      'admin (no predicate): 50',
      await measure(300, concurrency, list(admin, 'limit=50')),
      await measure(300, concurrency, () => db.query(`select * from ${schema}.deal order by "createdAt" desc, id desc limit 51`).then(() => undefined)),
    ]);
    const { rows: own } = await db.query<{ id: string }>(`select id from ${schema}.deal where "ownerId" = $1 limit 500`, [repId]);
    results.push([
      'rep: get own by id',
      await measure(1000, concurrency, async (i) => void (await call(rep, 'GET', `/api/records/deal/${own[i % own.length]!.id}`))),
      await measure(1000, concurrency, (i) => {
        const v = visible([repId], repGrantees);
        return db.query(`select * from ${schema}.deal d where id = $3 and ${v.where}`, [...v.params, own[i % own.length]!.id]).then(() => undefined);
      }),
    ]);
    results.push(['rep: count of visible', await measure(30, 1, list(rep, 'limit=1&count=true')), undefined]);

    // The same lists once owners of a deal's account (and those above them) may read it too.
    await call(admin, 'PATCH', '/api/metadata/objects/deal', { implicitParentAccess: 'account' });
    const throughAccount = (owners: string[], grantees: string[], order: string) => () =>
      db
        .query(
          `select * from ${schema}.deal d where (${visible(owners, grantees).where} or exists (select 1 from ${schema}.account a where a.id = d.account and a."ownerId" = any($1::uuid[]))) order by ${order} limit 51`,
          [owners, grantees],
        )
        .then(() => undefined);
    results.push(['rep +account: newest 50', await measure(300, concurrency, list(rep, 'limit=50')), await measure(300, concurrency, throughAccount([repId], repGrantees, '"createdAt" desc, id desc'))]);
    results.push(['rep +account: by name, 50', await measure(300, concurrency, list(rep, 'sort=name&limit=50')), await measure(300, concurrency, throughAccount([repId], repGrantees, 'name, id'))]);
    results.push([
      'manager +account: newest 50',
      await measure(300, concurrency, list(manager, 'limit=50')),
      await measure(300, concurrency, throughAccount(ownerIdsOfManager, [`u:${managerId}`], '"createdAt" desc, id desc')),
    ]);
    results.push(['rep +account: count of visible', await measure(30, 1, list(rep, 'limit=1&count=true')), undefined]);

    console.log(`[${kind}] ${rows} rows, private object, concurrency ${concurrency}; API vs the same predicate as raw SQL`);
    for (const [label, api, raw] of results) {
      console.log(`  ${label.padEnd(30)} API ${fmt(api)}`);
      if (raw) console.log(`  ${''.padEnd(30)} SQL ${fmt(raw)}   API/SQL throughput ${((api.rps / raw.rps) * 100).toFixed(0)}%`);
    }
    const v = visible([repId], repGrantees);
    const plan = await db.query<Record<string, string>>(`explain (analyze, costs off, timing off) select * from ${schema}.deal d where ${v.where} order by name, id limit 51`, v.params);
    console.log(`  plan of "rep: by name, 50":\n${plan.rows.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`);
    const implicitPlan = await db.query<Record<string, string>>(
      `explain (analyze, costs off, timing off) select * from ${schema}.deal d where (${v.where} or exists (select 1 from ${schema}.account a where a.id = d.account and a."ownerId" = any($1::uuid[]))) order by name, id limit 51`,
      v.params,
    );
    console.log(`  plan of "rep +account: by name, 50":\n${implicitPlan.rows.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`);
    await app.close();
  } finally {
    await dispose();
  }
}

for (const kind of KINDS) await runOn(kind);
