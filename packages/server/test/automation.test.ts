import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createOtherWorkspace, createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Automation through the HTTP API: rules as metadata (and their refusals),
 * before-save field updates inside the write, after-commit actions on
 * durable jobs (tasks, notifications, records, webhooks, email through a
 * real SMTP server), retries and the failure log, loop protection,
 * scheduled and time-in-state triggers that fire once across a restart,
 * and assignment rules.
 */
describe(`automation (${testDbKind})`, () => {
  let t: TestApp;
  let clock = new Date('2026-03-02T01:00:00.000Z');
  const advance = (hours: number) => (clock = new Date(clock.getTime() + hours * 3_600_000));
  const mails: { to: string; raw: string }[] = [];
  let smtp: SMTPServer;
  let hooks: Server;
  let hookUrl = '';
  let hookStatus = 200;
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  let rep = '';
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const run = () => t.app.automation.runDueJobs();
  const rule = (body: Record<string, unknown>, object = 'deal') => t.api('POST', `/api/metadata/objects/${object}/automationRules`, body);
  const tasksFor = async (id: string) =>
    ok(await t.api('GET', `/api/records/activity?filter=${encodeURIComponent(JSON.stringify({ field: 'relatedId', op: 'eq', value: id }))}&fields=name,ownerId,kind,relatedObject`)).records;
  const L = (en: string) => ({ en, 'zh-CN': en });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString()));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(hookStatus).end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
    hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;

    t = await createTestApp({ now: () => clock, automation: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, settings: { maxAttempts: 3, backoffMs: 60_000 } } });
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal') }), 201);
    const field = (body: Record<string, unknown>) => t.api('POST', '/api/metadata/objects/deal/fields', body);
    ok(await field({ apiName: 'amount', type: 'decimal', label: L('Amount'), precision: 12, scale: 2 }), 201);
    ok(await field({ apiName: 'priority', type: 'text', label: L('Priority') }), 201);
    ok(await field({ apiName: 'notes', type: 'text', label: L('Notes') }), 201);
    ok(await field({ apiName: 'contractEnd', type: 'date', label: L('Contract end') }), 201);
    ok(await field({ apiName: 'buyerEmail', type: 'email', label: L('Buyer email') }), 201);
    ok(await field({ apiName: 'status', type: 'picklist', label: L('Status'), values: ['draft', 'active', 'expired'].map((v) => ({ apiName: v, label: L(v) })) }), 201);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((r) => smtp?.close(() => r(undefined)));
    await new Promise((r) => hooks?.close(() => r(undefined)));
  });

  it('refuses bad definitions naming every bad field, and non-administrators', async () => {
    const bad = await rule({
      apiName: 'broken',
      trigger: { on: 'stateEntered', field: 'status', value: 'signed' },
      condition: 'amount >',
      actions: [
        { type: 'updateFields', values: { nope: '1', priority: 'amount + 1' } },
        { type: 'notify', to: 'someone', message: L('hi') },
        { type: 'email', to: 'notes', subject: 's', body: 'b' },
        { type: 'teleport' },
      ],
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['actions[1].to', 'actions[3].type']));
    // Shape problems come first; with the shape fixed, the metadata problems are all named.
    const bad2 = await rule({
      apiName: 'broken',
      trigger: { on: 'stateEntered', field: 'status', value: 'signed' },
      condition: 'amount >',
      actions: [{ type: 'updateFields', values: { nope: '1', priority: 'amount + 1' } }, { type: 'email', to: 'notes', subject: 's', body: 'b' }],
    });
    expect(bad2.status).toBe(400);
    expect((bad2.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['actions[0].values.nope', 'actions[0].values.priority', 'actions[1].to', 'condition', 'trigger.value']);
    const missing = await rule({ apiName: 'noField', trigger: { on: 'fieldChanged' }, actions: [{ type: 'webhook', url: 'ftp://x' }] });
    expect((missing.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['actions[0].url', 'trigger.field']);
    expect((await rule({ apiName: 'x', trigger: { on: 'delete' }, actions: [{ type: 'updateFields', values: { priority: '"x"' } }] })).body.errors[0].field).toBe('actions[0].type');

    ok(await t.api('POST', '/api/admin/users', { email: 'rep@auto.test', name: 'Rep', password: 'a long enough password' }), 201);
    rep = ok(await t.api('POST', '/api/auth/login', { email: 'rep@auto.test', password: 'a long enough password' }, { token: null })).token;
    expect((await t.api('GET', '/api/metadata/objects/deal/automationRules', undefined, { token: rep })).status).toBe(403);
    expect((await t.api('POST', '/api/metadata/objects/deal/automationRules', { apiName: 'a', trigger: { on: 'create' }, actions: [] }, { token: rep })).status).toBe(403);
    expect((await t.api('GET', '/api/automation/jobs', undefined, { token: rep })).status).toBe(403);
  });

  it('runs before-save field updates inside the write, and after-commit actions only on the job', async () => {
    const made = ok(
      await rule({
        apiName: 'triage',
        label: L('Triage'),
        trigger: { on: 'create' },
        condition: 'amount > 1000',
        actions: [
          { type: 'updateFields', values: { priority: 'IF(amount > 50000, "key", "high")' } },
          { type: 'createTask', subject: 'Call about {{name}}', dueInDays: 2 },
          { type: 'notify', to: 'owner', message: { en: 'New big deal {{name}}', 'zh-CN': '新的大额商机 {{name}}' } },
        ],
      }),
      201,
    );
    expect(made).toMatchObject({ apiName: 'triage', active: true, trigger: { on: 'create' } });
    expect(ok(await t.api('GET', '/api/metadata/objects/deal/automationRules')).automationRules.map((r: { apiName: string }) => r.apiName)).toContain('triage');
    expect(ok(await t.api('GET', '/api/metadata/objects/deal')).automationRules).toHaveLength(1);
    expect(ok(await t.api('GET', '/api/metadata/objects/deal', undefined, { token: rep })).automationRules).toBeUndefined();

    const small = ok(await t.api('POST', '/api/records/deal', { name: 'Small', amount: '10' }), 201);
    const big = ok(await t.api('POST', '/api/records/deal', { name: 'Big', amount: '60000' }), 201);
    // Before save: the response already carries the rule's value, written with the record.
    expect(big.priority).toBe('key');
    expect(small.priority).toBeNull();
    // After commit: nothing until the job runs.
    expect(await tasksFor(big.id)).toHaveLength(0);
    expect(ok(await t.api('GET', '/api/automation/jobs?status=queued')).jobs).toHaveLength(1);
    await run();
    const tasks = await tasksFor(big.id);
    expect(tasks).toEqual([expect.objectContaining({ name: 'Call about Big', kind: 'task', relatedObject: 'deal', ownerId: big.ownerId })]);
    expect(await tasksFor(small.id)).toHaveLength(0);
    const notes = ok(await t.api('GET', '/api/notifications?unread=true')).notifications;
    expect(notes[0]).toMatchObject({ object: 'deal', recordId: big.id, rule: 'triage', message: { en: 'New big deal Big' }, readAt: null });
    expect((await t.api('POST', `/api/notifications/${notes[0].id}/read`)).status).toBe(204);
    expect(ok(await t.api('GET', '/api/notifications?unread=true')).notifications).toHaveLength(0);
    const done = ok(await t.api('GET', '/api/automation/jobs?status=done')).jobs;
    expect(done[0]).toMatchObject({ rule: 'triage', recordId: big.id, status: 'done', actorId: big.ownerId, depth: 1 });
    await run();
    expect(await tasksFor(big.id)).toHaveLength(1); // once
    ok(await t.api('PATCH', '/api/metadata/objects/deal/automationRules/triage', { active: false }));
  });

  it('fires on update, a field changed and a state entered, with PRIORVALUE in the condition', async () => {
    ok(
      await rule({
        apiName: 'repriced',
        trigger: { on: 'fieldChanged', field: 'amount' },
        condition: 'amount > PRIORVALUE(amount)',
        actions: [{ type: 'updateFields', values: { notes: '"raised from " & TEXT(PRIORVALUE(amount))' } }, { type: 'createRecord', object: 'deal', values: { name: '"Follow-up of " & name', amount: 1 } }],
      }),
      201,
    );
    ok(await rule({ apiName: 'activated', trigger: { on: 'stateEntered', field: 'status', value: 'active' }, actions: [{ type: 'notify', to: 'owner', message: L('{{name}} is active') }] }), 201);
    ok(await rule({ apiName: 'touched', trigger: { on: 'update' }, condition: 'ISCHANGED(priority)', actions: [{ type: 'createTask', subject: 'Priority of {{name}} changed' }] }), 201);
    const deal = ok(await t.api('POST', '/api/records/deal', { name: 'Moving', amount: '100', status: 'draft' }), 201);
    const raised = ok(await t.api('PATCH', `/api/records/deal/${deal.id}`, { amount: '150' }));
    expect(raised.notes).toBe('raised from 100');
    ok(await t.api('PATCH', `/api/records/deal/${deal.id}`, { amount: '120' })); // lower: condition false
    ok(await t.api('PATCH', `/api/records/deal/${deal.id}`, { status: 'active' }));
    ok(await t.api('PATCH', `/api/records/deal/${deal.id}`, { priority: 'low' }));
    await run();
    const followUps = ok(await t.api('GET', `/api/records/deal?filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: 'Follow-up of Moving' }))}`)).records;
    expect(followUps).toHaveLength(1);
    // The change a job made is the triggering user's, marked as automation in history and events.
    const made = ok(await t.api('GET', `/api/records/deal/${followUps[0].id}/history`)).entries;
    expect(made[0]).toMatchObject({ operation: 'create', actorId: deal.ownerId, automation: 'deal.repriced' });
    const events = ok(await t.api('GET', '/api/events?limit=1000')).events.filter((e: { recordId: string }) => e.recordId === followUps[0].id);
    expect(events[0]).toMatchObject({ operation: 'create', automation: 'deal.repriced' });
    const notes = ok(await t.api('GET', '/api/notifications')).notifications.filter((n: { rule: string }) => n.rule === 'activated');
    expect(notes).toHaveLength(1);
    expect((await tasksFor(deal.id)).map((x: { name: string }) => x.name)).toEqual(['Priority of Moving changed']);
    // History: the before-save value is one entry of the same write, by the same user.
    const history = ok(await t.api('GET', `/api/records/deal/${deal.id}/history`));
    expect(JSON.stringify(history)).toContain('raised from 100');
    for (const name of ['repriced', 'activated', 'touched']) expect((await t.api('DELETE', `/api/metadata/objects/deal/automationRules/${name}`)).status).toBe(204);
  });

  it('calls signed webhooks on delete, retries with backoff, fails into the log, and replays on request', async () => {
    const made = ok(await rule({ apiName: 'gone', trigger: { on: 'delete' }, actions: [{ type: 'webhook', url: hookUrl }] }), 201);
    expect(made.webhookSecret).toMatch(/^whsec_/);
    expect(ok(await t.api('GET', '/api/metadata/objects/deal/automationRules/gone')).webhookSecret).toBeUndefined();
    const deal = ok(await t.api('POST', '/api/records/deal', { name: 'Doomed' }), 201);
    expect((await t.api('DELETE', `/api/records/deal/${deal.id}`)).status).toBe(204);
    hookStatus = 500;
    deliveries.length = 0;
    await run();
    let [job] = ok(await t.api('GET', '/api/automation/jobs?status=queued')).jobs;
    expect(job).toMatchObject({ rule: 'gone', attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    await run(); // not due yet: backoff
    expect(deliveries).toHaveLength(1);
    advance(1 / 60 + 0.001);
    await run();
    advance(2 / 60 + 0.001);
    await run();
    expect(deliveries).toHaveLength(3);
    [job] = ok(await t.api('GET', '/api/automation/jobs?status=failed')).jobs;
    expect(job).toMatchObject({ rule: 'gone', status: 'failed', attempts: 3, lastError: `webhook ${hookUrl} answered HTTP 500` });
    // Every delivery of one job carries the same id; the signature verifies with the secret shown once.
    const ids = new Set(deliveries.map((d) => d.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const d = deliveries[0]!;
    const key = Buffer.from((made.webhookSecret as string).slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${d.headers['webhook-id']}.${d.headers['webhook-timestamp']}.${d.body}`).digest('base64');
    expect(d.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(d.body)).toMatchObject({ type: 'automation.deal.gone', data: { operation: 'delete', record: { id: deal.id, name: 'Doomed' } } });

    expect((await t.api('POST', `/api/automation/jobs/${job.id}/retry`)).status).toBe(200);
    expect((await t.api('POST', `/api/automation/jobs/${job.id}/retry`)).status).toBe(409);
    hookStatus = 204;
    await run();
    expect(ok(await t.api('GET', '/api/automation/jobs?status=done')).jobs.find((j: { id: string }) => j.id === job.id)).toBeDefined();
    expect(deliveries).toHaveLength(4);
    ok(await t.api('DELETE', '/api/metadata/objects/deal/automationRules/gone'), 204);
  });

  it('sends email through the configured SMTP server to the owner, a field and an address', async () => {
    ok(
      await rule({
        apiName: 'mailer',
        trigger: { on: 'create' },
        condition: 'NOT(ISBLANK(buyerEmail))',
        actions: [
          { type: 'email', to: 'owner', subject: 'New deal {{name}}', body: 'Amount {{amount}}' },
          { type: 'email', to: 'buyerEmail', subject: 'Welcome', body: 'Hello {{name}}' },
          { type: 'email', to: 'ops@example.test', subject: 'FYI', body: '{{name}}' },
        ],
      }),
      201,
    );
    mails.length = 0;
    ok(await t.api('POST', '/api/records/deal', { name: '邮件商机', amount: '99', buyerEmail: 'buyer@example.test' }), 201);
    await run();
    expect(mails.map((m) => m.to).sort()).toEqual(['admin@example.test', 'buyer@example.test', 'ops@example.test']);
    expect(mails.find((m) => m.to === 'admin@example.test')!.raw).toMatch(/Amount 99/);
    expect(mails[0]!.raw).toMatch(/Message-ID: <[0-9a-f-]+\.0@mainline\.automation>/i);
    ok(await t.api('DELETE', '/api/metadata/objects/deal/automationRules/mailer'), 204);
  });

  it('stops a rule that triggers itself after a bounded depth and says so', async () => {
    ok(await rule({ apiName: 'echo', trigger: { on: 'create' }, condition: 'BEGINS(name, "echo")', actions: [{ type: 'createRecord', object: 'deal', values: { name: '"echo " & name' } }] }), 201);
    ok(await t.api('POST', '/api/records/deal', { name: 'echo' }), 201);
    for (let i = 0; i < 8; i++) await run();
    const echoes = ok(await t.api('GET', `/api/records/deal?count=true&filter=${encodeURIComponent(JSON.stringify({ field: 'name', op: 'startsWith', value: 'echo' }))}`));
    expect(echoes.total).toBe(6); // the user's record and five generations
    const failed = ok(await t.api('GET', '/api/automation/jobs?status=failed')).jobs.filter((j: { rule: string }) => j.rule === 'echo');
    expect(failed).toHaveLength(1);
    expect(failed[0].lastError).toMatch(/rule deal\.echo triggered itself too deeply/);
    expect(failed[0].attempts).toBe(1);
    ok(await t.api('DELETE', '/api/metadata/objects/deal/automationRules/echo'), 204);
  });

  it('fires scheduled and time-in-state rules once, also across a restart', async () => {
    ok(await rule({ apiName: 'renewal', trigger: { on: 'scheduled', field: 'contractEnd', offsetDays: -3 }, actions: [{ type: 'notify', to: 'owner', message: L('{{name}} ends on {{contractEnd}}') }] }), 201);
    ok(await rule({ apiName: 'stuck', trigger: { on: 'timeInState', field: 'status', value: 'draft', afterHours: 48 }, condition: 'amount > 0', actions: [{ type: 'createTask', subject: '{{name}} is stuck in draft' }] }), 201);
    await run(); // the scheduler sees the rules from now on
    const day = (d: Date, plus: number) => new Date(d.getTime() + plus * 86_400_000).toISOString().slice(0, 10);
    const renewing = ok(await t.api('POST', '/api/records/deal', { name: 'Renewing', contractEnd: day(clock, 5) }), 201);
    const stuck = ok(await t.api('POST', '/api/records/deal', { name: 'Stuck', status: 'draft', amount: '5' }), 201);
    const moved = ok(await t.api('POST', '/api/records/deal', { name: 'Moved', status: 'draft', amount: '5' }), 201);
    advance(24);
    await run();
    const renewals = async () => ok(await t.api('GET', '/api/notifications')).notifications.filter((n: { rule: string }) => n.rule === 'renewal');
    expect(await renewals()).toHaveLength(0);
    ok(await t.api('PATCH', `/api/records/deal/${moved.id}`, { status: 'active' }));
    advance(24 * 3);
    await run();
    expect(await renewals()).toEqual([expect.objectContaining({ recordId: renewing.id, message: { en: `Renewing ends on ${day(new Date(renewing.createdAt), 5)}`, 'zh-CN': `Renewing ends on ${day(new Date(renewing.createdAt), 5)}` } })]);
    expect((await tasksFor(stuck.id)).map((x: { name: string }) => x.name)).toEqual(['Stuck is stuck in draft']);
    expect(await tasksFor(moved.id)).toHaveLength(0);
    await run();
    // A restart: a new app on the same database runs its own worker pass.
    const again = await buildApp({ db: t.db, now: () => clock });
    await again.automation.runDueJobs();
    await again.close();
    expect(await renewals()).toHaveLength(1);
    expect(await tasksFor(stuck.id)).toHaveLength(1);
    for (const name of ['renewal', 'stuck']) ok(await t.api('DELETE', `/api/metadata/objects/deal/automationRules/${name}`), 204);
  });

  it('assigns owners through an assignment rule, round robin in a role', async () => {
    const role = ok(await t.api('POST', '/api/admin/roles', { name: 'Inside sales' }), 201).id;
    const users: string[] = [];
    for (const n of [1, 2]) users.push(ok(await t.api('POST', '/api/admin/users', { email: `inside${n}@auto.test`, name: `Inside ${n}`, password: 'a long enough password', roleId: role }), 201).id);
    const badAssign = await t.api('POST', '/api/metadata/objects/deal/assignmentRules', { apiName: 'inbound', entries: [{ condition: 'amount >>', assignTo: { user: users[0] } }] });
    expect(badAssign.body.errors[0].field).toBe('entries[0].condition');
    ok(await t.api('POST', '/api/metadata/objects/deal/assignmentRules', { apiName: 'inbound', entries: [{ condition: 'amount > 1000000', assignTo: { user: users[0] } }, { assignTo: { roleRoundRobin: role } }] }), 201);
    ok(await rule({ apiName: 'route', trigger: { on: 'create' }, actions: [{ type: 'assign', rule: 'inbound' }] }), 201);
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(ok(await t.api('POST', '/api/records/deal', { name: `Inbound ${n}` }), 201).id);
    await run();
    const owners = [];
    for (const id of ids) owners.push(ok(await t.api('GET', `/api/records/deal/${id}`)).ownerId);
    expect(new Set(owners.slice(0, 2))).toEqual(new Set(users));
    expect(owners[2]).toBe(owners[0]);
    ok(await t.api('DELETE', '/api/metadata/objects/deal/automationRules/route'), 204);
  });

  it('keeps each workspace to its own jobs', async () => {
    const other = await createOtherWorkspace(t, 'autoother');
    const jobs = ok(await t.api('GET', '/api/automation/jobs', undefined, { token: other.token })).jobs;
    expect(jobs).toHaveLength(0);
    const mine = ok(await t.api('GET', '/api/automation/jobs')).jobs;
    expect(mine.length).toBeGreaterThan(0);
    expect((await t.api('POST', `/api/automation/jobs/${mine[0].id}/retry`, undefined, { token: other.token })).status).toBe(404);
  });
});
