import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/demo-data.ts';
import { createOtherWorkspace, createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * The standard lead and case routing of a new workspace, through the API:
 * new leads go round robin to the role their industry or province calls
 * for, else to the lead queue; new cases to the least-loaded person of the
 * service role their type, priority and channel call for. Empty roles are
 * passed over, and with nobody to take it a record stays with its creator
 * (an administrator when the creator has left). Administrators change the
 * rules through the metadata API.
 */

const PASSWORD = 'a long enough password';

describe(`standard lead and case routing (${testDbKind})`, () => {
  let t: TestApp;
  const role: Record<string, string> = {};
  const user: Record<string, string> = {};
  let adminId: string;

  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const run = () => t.app.automation.runDueJobs();
  const ownerOf = async (object: string, id: string, token?: string) => ok(await t.api('GET', `/api/records/${object}/${id}`, undefined, token ? { token } : {})).ownerId as string;
  const failedJobs = async (token?: string) => ok(await t.api('GET', `/api/automation/jobs${q({ status: 'failed' })}`, undefined, token ? { token } : {})).jobs as unknown[];
  const addUser = async (key: string, roleName: string) => {
    user[key] = ok(await t.api('POST', '/api/admin/users', { email: `${key}@routing.test`, name: key, password: PASSWORD, roleId: role[roleName] }), 201).id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    adminId = ok(await t.api('GET', '/api/auth/me')).id;
    for (const r of ok(await t.api('GET', '/api/admin/roles')).roles as { id: string; name: string }[]) role[r.name] = r.id;
    await addUser('east1', '华东区销售');
    await addUser('east2', '华东区销售');
    await addUser('keyAccounts', '大客户销售');
    await addUser('queue', '内部销售（线索池）');
    await addUser('agent1', '客服专员');
    await addUser('agent2', '客服专员');
    await addUser('engineer', '技术支持工程师');
    // Nobody in 华北区销售 or 投诉处理专员.
  });
  afterAll(() => t?.close());

  it('a new workspace has the standard sales and service roles in a hierarchy', async () => {
    const roles = ok(await t.api('GET', '/api/admin/roles')).roles as { id: string; name: string; parentId: string | null }[];
    const parent = (name: string) => roles.find((r) => r.id === roles.find((x) => x.name === name)!.parentId)?.name;
    expect(parent('华东区销售')).toBe('销售总监');
    expect(parent('内部销售（线索池）')).toBe('销售总监');
    expect(parent('技术支持工程师')).toBe('客服经理');
    const lead = ok(await t.api('GET', '/api/metadata/objects/lead'));
    expect(lead.assignmentRules.map((r: { apiName: string }) => r.apiName)).toEqual(['standardLeadRouting']);
    expect(lead.automationRules.map((r: { apiName: string }) => r.apiName)).toEqual(['routeNewLeads']);
  });

  it('routes leads by industry, then province round robin, passing over an empty region to the lead queue', async () => {
    const lead = async (body: Record<string, unknown>) => ok(await t.api('POST', '/api/records/lead', { name: 'lead', ...body }), 201).id as string;
    const east = [await lead({ province: '江苏省' }), await lead({ province: '上海' }), await lead({ province: '浙江省' })];
    const finance = await lead({ industry: 'finance', province: '江苏省' });
    const north = await lead({ province: '北京市' });
    const nowhere = await lead({});
    await run();
    const eastOwners = await Promise.all(east.map((id) => ownerOf('lead', id)));
    expect(new Set(eastOwners.slice(0, 2))).toEqual(new Set([user.east1, user.east2]));
    expect(eastOwners[2]).toBe(eastOwners[0]);
    expect(await ownerOf('lead', finance)).toBe(user.keyAccounts);
    expect(await ownerOf('lead', north)).toBe(user.queue);
    expect(await ownerOf('lead', nowhere)).toBe(user.queue);
    expect(await failedJobs()).toEqual([]);
  });

  it('routes cases to the least-loaded agent, urgent and on-site ones to the engineer; complaints pass over the empty complaint desk', async () => {
    const kase = async (body: Record<string, unknown>) => ok(await t.api('POST', '/api/records/case', { subject: 'help', ...body }), 201).id as string;
    const first = await kase({ type: 'question' });
    await run();
    const second = await kase({ type: 'question' });
    await run();
    expect(new Set([await ownerOf('case', first), await ownerOf('case', second)])).toEqual(new Set([user.agent1, user.agent2]));
    // A closed case is no load: the agent who had the closed one gets the next.
    const closedOwner = await ownerOf('case', first);
    ok(await t.api('POST', `/api/records/case/${first}/actions/close`, {}));
    const third = await kase({ type: 'request' });
    const urgent = await kase({ priority: 'urgent' });
    const onsite = await kase({ channel: 'onsite' });
    const complaint = await kase({ type: 'complaint' });
    await run();
    expect(await ownerOf('case', third)).toBe(closedOwner);
    expect(await ownerOf('case', urgent)).toBe(user.engineer);
    expect(await ownerOf('case', onsite)).toBe(user.engineer);
    expect([user.agent1, user.agent2]).toContain(await ownerOf('case', complaint));
    expect(await failedJobs()).toEqual([]);
  });

  it('with nobody in any role a record stays with its creator, or goes to an administrator when its owner has left', async () => {
    const other = await createOtherWorkspace(t, 'routingempty');
    const as = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: other.token });
    const mine = ok(await as('POST', '/api/records/lead', { name: 'walk-in', province: '江苏省' }), 201).id;
    const leaver = ok(await as('POST', '/api/admin/users', { email: 'leaver@routing.test', name: 'leaver', password: PASSWORD }), 201).id;
    const orphan = ok(await as('POST', '/api/records/case', { subject: 'left behind', ownerId: leaver }), 201).id;
    ok(await as('PATCH', `/api/admin/users/${leaver}`, { active: false }));
    await run();
    expect(await ownerOf('lead', mine, other.token)).toBe(other.adminId);
    expect(await ownerOf('case', orphan, other.token)).toBe(other.adminId);
    expect(await failedJobs(other.token)).toEqual([]);
  });

  it('an administrator changes the rules through the metadata API; others may not', async () => {
    const rep = ok(await t.api('POST', '/api/auth/login', { email: 'east1@routing.test', password: PASSWORD }, { token: null })).token;
    const change = { entries: [{ condition: 'ISPICKVAL(source, "web")', assignTo: { user: user.east2 } }, { assignTo: { roleRoundRobin: role['内部销售（线索池）'] } }] };
    expect((await t.api('PATCH', '/api/metadata/objects/lead/assignmentRules/standardLeadRouting', change, { token: rep })).status).toBe(403);
    const bad = await t.api('PATCH', '/api/metadata/objects/lead/assignmentRules/standardLeadRouting', { entries: [{ condition: 'source >>', assignTo: { user: user.east2 } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('entries[0].condition');
    ok(await t.api('PATCH', '/api/metadata/objects/lead/assignmentRules/standardLeadRouting', change));

    const web = ok(await t.api('POST', '/api/records/lead', { name: 'from the website', source: 'web', province: '广东省' }), 201).id;
    const finance = ok(await t.api('POST', '/api/records/lead', { name: 'bank', industry: 'finance' }), 201).id;
    await run();
    expect(await ownerOf('lead', web)).toBe(user.east2);
    expect(await ownerOf('lead', finance)).toBe(user.queue);

    // Switched off, new leads stay with whoever entered them.
    ok(await t.api('PATCH', '/api/metadata/objects/lead/automationRules/routeNewLeads', { active: false }));
    const manual = ok(await t.api('POST', '/api/records/lead', { name: 'typed in', source: 'web' }), 201).id;
    await run();
    expect(await ownerOf('lead', manual)).toBe(adminId);
  });
});

describe(`the demo data shows the routing (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('routes its website leads to the East China reps and its cases to the service team', async () => {
    const adminId = (await t.api('GET', '/api/auth/me')).body.id as string;
    expect((await loadDemoData(t.app, t.db, adminId)).loaded).toBe(true);
    await t.app.automation.runDueJobs();
    const users = (await t.api('GET', '/api/admin/users')).body.users as { id: string; email: string }[];
    const id = (email: string) => users.find((u) => u.email === email)!.id;
    const leads = (await t.api('GET', `/api/records/lead${q({ limit: '100', filter: { field: 'source', op: 'eq', value: 'web' } })}`)).body.records as { company: string; ownerId: string }[];
    const owner = (company: string) => leads.find((l) => l.company === company)!.ownerId;
    expect(new Set([owner('常州精工传动有限公司'), owner('嘉兴新材包装有限公司')])).toEqual(new Set([id('rep1@demo.mainline.local'), id('rep2@demo.mainline.local')]));
    expect(owner('重庆山城机电有限公司')).toBe(adminId);
    const cases = (await t.api('GET', `/api/records/case${q({ limit: '100' })}`)).body.records as { subject: string; ownerId: string }[];
    expect(cases.find((c) => c.subject === '冷却液泄漏')!.ownerId).toBe(id('engineer@demo.mainline.local'));
    expect(cases.find((c) => c.subject === '申请年度维保')!.ownerId).toBe(id('agent@demo.mainline.local'));
    expect((await t.api('GET', `/api/automation/jobs${q({ status: 'failed' })}`)).body.jobs).toEqual([]);
  });
});
