import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/postgres-adapter.ts';
import type { Database } from '../src/db/port.ts';
import { STANDARD_MODEL_HASH, installStandardModel } from '../src/metadata/standard-model.ts';
import type { Labels } from '../src/metadata/standard-model/labels.ts';
import { TEXTS_BEFORE_MEMORY } from '../src/metadata/standard-model/texts-before.ts';
import { bootstrap } from '../src/platform/bootstrap.ts';
import { createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { TEST_DATABASE_URL, testDbKind } from './support/test-db.ts';

/**
 * Workspaces made from an older standard model receive the later additions
 * — objects, fields, picklist values, rules, roles — without losing what
 * their administrators changed: relabelled fields keep their labels, removed
 * fields and values stay removed, deactivated values stay inactive, their
 * own fields stay. An older model is simulated by removing items together
 * with the workspace's memory of having received them; older wording by
 * giving an item its old label back together with the memory of having been
 * given it.
 */

const L = (en: string) => ({ en, 'zh-CN': en });

describe(`standard-model upgrades (${testDbKind})`, () => {
  let t: TestApp;
  let wsId: string;
  let wsToken: string;

  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const as = (method: string, url: string, body?: unknown) => t.api(method, url, body, { token: wsToken });
  const upgrade = () => t.api('POST', `/api/platform/workspaces/${wsId}/standardModel/upgrade`);
  const objectOf = async (name: string) => ok(await as('GET', `/api/metadata/objects/${name}`));
  const fieldOf = async (object: string, field: string) => (await objectOf(object)).fields.find((f: { apiName: string }) => f.apiName === field);
  /** Forgets that the workspace ever received these items (as if they were added to the model later). */
  const forget = (...patterns: string[]) => t.db.query('delete from mainline.standard_model_items where workspace_id = $1 and item like any($2::text[])', [wsId, patterns]);
  const olderModel = () => t.db.query(`update mainline.workspaces set standard_model_hash = 'older' where id = $1`, [wsId]);
  const upgradeEvents = async () => ok(await as('GET', '/api/admin/security-audit?event=standardModel.upgraded')).entries as { detail: { applied: string[]; relabelled?: unknown[] } }[];
  /** Remembers that the model gave the workspace these texts for an item (null: remembered before texts were). */
  const shipped = (item: string, texts: Record<string, Labels> | null) =>
    t.db.query('update mainline.standard_model_items set texts = $3::jsonb where workspace_id = $1 and item = $2', [wsId, item, texts === null ? null : JSON.stringify(texts)]);
  const valuesWith = (values: { apiName: string }[], apiName: string, label: Labels) => values.map((v) => (v.apiName === apiName ? { apiName, label } : { apiName: v.apiName }));
  const metadataVersion = async () => Number((await t.db.query<{ v: string }>('select metadata_version as v from mainline.workspaces where id = $1', [wsId])).rows[0]!.v);

  beforeAll(async () => {
    t = await createTestApp();
    const made = ok(await t.api('POST', '/api/platform/workspaces', { slug: 'legacy', name: 'Legacy', admin: { email: 'admin@legacy.test', name: 'Legacy admin', password: 'legacy password 123' } }), 201);
    wsId = made.workspace.id;
    wsToken = ok(await t.api('POST', '/api/auth/login', { email: 'admin@legacy.test', password: 'legacy password 123' }, { token: null })).token;
  });
  afterAll(() => t?.close());

  it('a new workspace is current and remembers what it received', async () => {
    const status = ok(await t.api('GET', `/api/platform/workspaces/${wsId}/standardModel`));
    expect(status).toMatchObject({ hash: STANDARD_MODEL_HASH, current: STANDARD_MODEL_HASH, upToDate: true });
    expect(status.items).toBeGreaterThan(300);
    expect(await upgradeEvents()).toEqual([]);
  });

  it('adds what a workspace never received and keeps every change its administrator made; twice is once', async () => {
    // What the older model lacked: a field, a picklist value, an object, routing rules and a role.
    ok(await as('DELETE', '/api/metadata/objects/lead/fields/rating'), 204);
    const channel = await fieldOf('case', 'channel');
    ok(await as('PATCH', '/api/metadata/objects/case/fields/channel', { values: channel.values.filter((v: { apiName: string }) => v.apiName !== 'wechat').map((v: { apiName: string }) => ({ apiName: v.apiName })) }));
    ok(await as('DELETE', '/api/metadata/objects/surveyQuestion'), 204);
    ok(await as('DELETE', '/api/metadata/objects/lead/automationRules/routeNewLeads'), 204);
    ok(await as('DELETE', '/api/metadata/objects/lead/assignmentRules/standardLeadRouting'), 204);
    const keyAccounts = (ok(await as('GET', '/api/admin/roles')).roles as { id: string; name: string }[]).find((r) => r.name === '大客户销售')!;
    ok(await as('DELETE', `/api/admin/roles/${keyAccounts.id}`), 204);
    await forget('field:lead.rating', 'value:lead.rating.%', 'value:case.channel.wechat', 'object:surveyQuestion', 'field:surveyQuestion.%', 'value:surveyQuestion.%', '%:lead.standardLeadRouting', '%:lead.routeNewLeads', 'role:keyAccountSales');
    await olderModel();

    // What the administrator changed, and the upgrade must respect.
    ok(await as('PATCH', '/api/metadata/objects/lead/fields/company', { label: { 'zh-CN': '客户单位', en: 'Organisation' } }));
    ok(await as('DELETE', '/api/metadata/objects/lead/fields/title'), 204);
    const source = await fieldOf('lead', 'source');
    ok(await as('PATCH', '/api/metadata/objects/lead/fields/source', { values: source.values.filter((v: { apiName: string }) => v.apiName !== 'other').map((v: { apiName: string }) => ({ apiName: v.apiName })) }));
    const type = await fieldOf('case', 'type');
    ok(await as('PATCH', '/api/metadata/objects/case/fields/type', { values: type.values.map((v: { apiName: string }) => ({ apiName: v.apiName, ...(v.apiName === 'complaint' ? { active: false } : {}) })) }));
    ok(await as('POST', '/api/metadata/objects/lead/fields', { apiName: 'wechatId', type: 'text', label: L('WeChat ID') }), 201);
    ok(await as('DELETE', '/api/metadata/objects/quote/validationRules/discountNeedsApproval'), 204);
    expect(ok(await t.api('GET', `/api/platform/workspaces/${wsId}/standardModel`)).upToDate).toBe(false);

    const result = ok(await upgrade());
    expect(result.applied).toEqual(expect.arrayContaining(['field:lead.rating', 'value:lead.rating.hot', 'value:case.channel.wechat', 'object:surveyQuestion', 'field:surveyQuestion.kind', 'assignmentRules:lead.standardLeadRouting', 'automationRules:lead.routeNewLeads', 'role:keyAccountSales']));
    expect(result.applied.filter((i: string) => /lead\.(title|company|wechatId)|lead\.source\.other|discountNeedsApproval|case\.type/.test(i))).toEqual([]);

    // The additions are there and work.
    expect((await fieldOf('lead', 'rating')).values.map((v: { apiName: string }) => v.apiName)).toEqual(['hot', 'warm', 'cold']);
    const lead = ok(await as('POST', '/api/records/lead', { name: 'after the upgrade', rating: 'hot' }), 201);
    expect(lead.rating).toBe('hot');
    expect((await fieldOf('case', 'channel')).values.map((v: { apiName: string }) => v.apiName)).toContain('wechat');
    const survey = ok(await as('POST', '/api/records/survey', { name: 'CSAT' }), 201).id;
    ok(await as('POST', '/api/records/surveyQuestion', { name: 'How did we do?', survey, kind: 'csat' }), 201);
    const newRole = (ok(await as('GET', '/api/admin/roles')).roles as { id: string; name: string; parentId: string }[]).find((r) => r.name === '大客户销售')!;
    const routing = (await objectOf('lead')).assignmentRules.find((r: { apiName: string }) => r.apiName === 'standardLeadRouting');
    expect(routing.entries[0].assignTo).toEqual({ roleRoundRobin: newRole.id });
    expect((await objectOf('lead')).automationRules.map((r: { apiName: string }) => r.apiName)).toContain('routeNewLeads');

    // The administrator's changes stand.
    expect((await fieldOf('lead', 'company')).label).toEqual({ 'zh-CN': '客户单位', en: 'Organisation' });
    expect(await fieldOf('lead', 'title')).toBeUndefined();
    expect((await fieldOf('lead', 'source')).values.map((v: { apiName: string }) => v.apiName)).not.toContain('other');
    expect((await fieldOf('case', 'type')).values.find((v: { apiName: string }) => v.apiName === 'complaint').active).toBe(false);
    expect(await fieldOf('lead', 'wechatId')).toBeDefined();
    expect((await objectOf('quote')).validationRules ?? []).toEqual([]);

    // Recorded in the workspace's audit log, and current.
    const events = await upgradeEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.detail.applied).toEqual(result.applied);
    expect(ok(await t.api('GET', `/api/platform/workspaces/${wsId}/standardModel`)).upToDate).toBe(true);

    // Twice is once: nothing left to add, nothing logged.
    expect(ok(await upgrade()).applied).toEqual([]);
    expect(await upgradeEvents()).toHaveLength(1);
  });

  it('runs at start-up for workspaces that have not received this model', async () => {
    ok(await as('DELETE', '/api/metadata/objects/lead/fields/rating'), 204);
    await forget('field:lead.rating', 'value:lead.rating.%');
    await olderModel();
    const boot = await bootstrap(t.db, {});
    expect(boot.standardModel).toEqual([{ workspaceId: wsId, result: expect.objectContaining({ applied: expect.arrayContaining(['field:lead.rating']) }) }]);
    expect(await fieldOf('lead', 'rating')).toBeDefined();
    // Current workspaces are skipped on the next start.
    expect((await bootstrap(t.db, {})).standardModel).toEqual([]);
  });

  it('two processes upgrading at once add each item once', async () => {
    ok(await as('DELETE', '/api/metadata/objects/lead/fields/rating'), 204);
    await forget('field:lead.rating', 'value:lead.rating.%');
    await olderModel();
    // On PostgreSQL a second connection pool stands for the second process; PGlite has one connection, so its transactions queue.
    let second: Database = t.db;
    if (testDbKind === 'postgres') {
      const { rows } = await t.db.query<{ db: string }>('select current_database() as db');
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${rows[0]!.db}`;
      second = await openPostgres(url.toString(), { max: 2 });
    }
    try {
      const run = (db: Database) => db.transaction((tx) => installStandardModel(tx, { workspaceId: wsId, actorId: null }));
      const results = await Promise.all([run(t.db), run(second)]);
      const counts = results.map((r) => r.applied.filter((i) => i === 'field:lead.rating').length).sort();
      expect(counts).toEqual([0, 1]);
      expect((await objectOf('lead')).fields.filter((f: { apiName: string }) => f.apiName === 'rating')).toHaveLength(1);
    } finally {
      if (second !== t.db) await second.close();
    }
  });

  it('rewords labels a workspace still shows as the model shipped them, language by language, and keeps its administrators\' own', async () => {
    const old = { priority: { 'zh-CN': '优先级', 'zh-TW': '優先級', en: 'Priority' }, channel: { 'zh-CN': '渠道', 'zh-TW': '渠道', en: 'Channel' }, rating: { 'zh-CN': '评级', 'zh-TW': '評級', en: 'Rating' }, isNew: { 'zh-CN': '新建', 'zh-TW': '新建', en: 'New' } };
    // As an older model left it: the old wording, remembered as what the model gave.
    ok(await as('PATCH', '/api/metadata/objects/case/fields/priority', { label: old.priority }));
    await shipped('field:case.priority', { label: old.priority });
    ok(await as('PATCH', '/api/metadata/objects/case/fields/status', { values: valuesWith((await fieldOf('case', 'status')).values, 'new', old.isNew) }));
    await shipped('value:case.status.new', { label: old.isNew });
    // One administrator renamed the zh-TW label (it stays), another only the zh-CN one (zh-TW still gets the fix).
    ok(await as('PATCH', '/api/metadata/objects/lead/fields/rating', { label: { ...old.rating, 'zh-TW': '熱度' } }));
    await shipped('field:lead.rating', { label: old.rating });
    ok(await as('PATCH', '/api/metadata/objects/case/fields/channel', { label: { ...old.channel, 'zh-CN': '来源渠道' } }));
    await shipped('field:case.channel', { label: old.channel });
    // Remembered before texts were: compared with what the model shipped then (an object's name field, a rule, a help-less field).
    ok(await as('PATCH', '/api/metadata/objects/order/fields/name', { label: { 'zh-CN': '订单号', 'zh-TW': '訂單號', en: 'Order number' } }));
    await shipped('object:order', null);
    ok(await as('PATCH', '/api/metadata/objects/case/assignmentRules/standardCaseRouting', { label: { 'zh-CN': '工单分配（类型 / 优先级 / 渠道）', 'zh-TW': '工單分配（類型 / 優先級 / 渠道）', en: 'Case routing (type / priority / channel)' } }));
    await shipped('assignmentRules:case.standardCaseRouting', null);
    await shipped('field:account.industry', null);
    await olderModel();
    const version = await metadataVersion();

    const result = ok(await upgrade());
    expect(result.applied).toEqual([]);
    expect(result.relabelled).toEqual(
      expect.arrayContaining([
        { item: 'field:case.priority', text: 'label', locales: ['zh-TW'] },
        { item: 'value:case.status.new', text: 'label', locales: ['zh-TW'] },
        { item: 'field:case.channel', text: 'label', locales: ['zh-TW'] },
        { item: 'object:order', text: 'nameLabel', locales: ['zh-TW'] },
        { item: 'assignmentRules:case.standardCaseRouting', text: 'label', locales: ['zh-TW'] },
      ]),
    );
    // Only what differed from the current model: the untouched industry field, and the administrator's zh-TW rating, are not in it.
    expect(result.relabelled.map((r: { item: string }) => r.item)).not.toContain('field:lead.rating');
    expect(result.relabelled.map((r: { item: string }) => r.item)).not.toContain('field:account.industry');

    expect((await fieldOf('case', 'priority')).label).toEqual({ 'zh-CN': '优先级', 'zh-TW': '優先順序', en: 'Priority' });
    expect((await fieldOf('case', 'status')).values.find((v: { apiName: string }) => v.apiName === 'new').label['zh-TW']).toBe('新增');
    expect((await fieldOf('case', 'channel')).label).toEqual({ 'zh-CN': '来源渠道', 'zh-TW': '通路', en: 'Channel' });
    expect((await fieldOf('lead', 'rating')).label['zh-TW']).toBe('熱度');
    expect((await fieldOf('order', 'name')).label['zh-TW']).toBe('訂單編號');
    expect((await objectOf('case')).assignmentRules.find((r: { apiName: string }) => r.apiName === 'standardCaseRouting').label['zh-TW']).toBe('工單分派（類型 / 優先順序 / 通路）');
    expect((await fieldOf('account', 'industry')).label['zh-TW']).toBe('產業');
    // Through the metadata service: the version moved, so caches and clients see the new wording.
    expect(await metadataVersion()).toBeGreaterThan(version);
    // Remembered with the wording just given, and written to the audit log.
    const memory = await t.db.query<{ texts: { label: Labels } }>(`select texts from mainline.standard_model_items where workspace_id = $1 and item = 'field:lead.rating'`, [wsId]);
    expect(memory.rows[0]!.texts.label['zh-TW']).toBe('評等');
    expect((await upgradeEvents())[0]!.detail.relabelled).toEqual(result.relabelled);

    // Twice is once: nothing left to reword, nothing logged, nothing bumped.
    const events = (await upgradeEvents()).length;
    const after = await metadataVersion();
    await olderModel();
    expect(ok(await upgrade())).toMatchObject({ applied: [], relabelled: [] });
    expect(await upgradeEvents()).toHaveLength(events);
    expect(await metadataVersion()).toBe(after);
    expect((await fieldOf('lead', 'rating')).label['zh-TW']).toBe('熱度');
  });

  it('rewords at start-up too', async () => {
    const old = { 'zh-CN': '积分', 'zh-TW': '積分', en: 'Points' };
    ok(await as('PATCH', '/api/metadata/objects/pointsLedgerEntry/fields/points', { label: old }));
    await shipped('field:pointsLedgerEntry.points', { label: old });
    await olderModel();
    const boot = await bootstrap(t.db, {});
    expect(boot.standardModel).toEqual([{ workspaceId: wsId, result: expect.objectContaining({ applied: [], relabelled: [{ item: 'field:pointsLedgerEntry.points', text: 'label', locales: ['zh-TW'] }] }) }]);
    expect((await fieldOf('pointsLedgerEntry', 'points')).label['zh-TW']).toBe('點數');
    expect((await bootstrap(t.db, {})).standardModel).toEqual([]);
  });

  it('gives a workspace from before wording was remembered the whole rewording', async () => {
    // A workspace of its own, with every standard item (the one above has lost some).
    const made = ok(await t.api('POST', '/api/platform/workspaces', { slug: 'older', name: 'Older', admin: { email: 'admin@older.test', name: 'Older admin', password: 'older password 123' } }), 201);
    wsId = made.workspace.id;
    wsToken = ok(await t.api('POST', '/api/auth/login', { email: 'admin@older.test', password: 'older password 123' }, { token: null })).token;
    // Every text as the model shipped it then, through the metadata API, and no memory of texts.
    const values = new Map<string, { apiName: string; label: Labels }[]>();
    for (const [item, texts] of Object.entries(TEXTS_BEFORE_MEMORY)) {
      const [kind, path] = item.split(':') as [string, string];
      const [object, name, value] = path.split('.') as [string, string, string | undefined];
      if (kind === 'object') {
        const { nameLabel, ...own } = texts;
        if (Object.keys(own).length > 0) ok(await as('PATCH', `/api/metadata/objects/${object}`, own));
        if (nameLabel) ok(await as('PATCH', `/api/metadata/objects/${object}/fields/name`, { label: nameLabel }));
      } else if (kind === 'field') ok(await as('PATCH', `/api/metadata/objects/${object}/fields/${name}`, texts));
      else if (kind === 'value') values.set(`${object}.${name}`, [...(values.get(`${object}.${name}`) ?? []), { apiName: value!, label: texts.label as Labels }]);
      else ok(await as('PATCH', `/api/metadata/objects/${object}/${kind}/${name}`, texts));
    }
    for (const [path, old] of values) {
      const [object, name] = path.split('.') as [string, string];
      const current = (await fieldOf(object, name)).values as { apiName: string }[];
      ok(await as('PATCH', `/api/metadata/objects/${object}/fields/${name}`, { values: current.map((v) => old.find((o) => o.apiName === v.apiName) ?? { apiName: v.apiName }) }));
    }
    await t.db.query('update mainline.standard_model_items set texts = null where workspace_id = $1', [wsId]);
    await olderModel();

    const result = ok(await upgrade());
    const texts = Object.values(TEXTS_BEFORE_MEMORY).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(result.relabelled).toHaveLength(texts);
    expect(result.relabelled.every((r: { locales: string[] }) => r.locales.join() === 'zh-TW')).toBe(true);
    expect((await objectOf('priceBook')).label['zh-TW']).toBe('價目表');
    expect((await fieldOf('loyaltyMember', 'status')).values.find((v: { apiName: string }) => v.apiName === 'suspended').label['zh-TW']).toBe('停權');
    expect((await objectOf('quote')).validationRules[0].message['zh-TW']).toBe('折扣超過 20% 的報價須經簽核通過後才能接受。');
    expect(ok(await upgrade()).relabelled).toEqual([]);
  });

  it('is for platform administrators only, and names a bad or unknown workspace', async () => {
    const refused = await t.api('POST', `/api/platform/workspaces/${wsId}/standardModel/upgrade`, undefined, { token: wsToken });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.api('GET', `/api/platform/workspaces/${wsId}/standardModel`, undefined, { token: wsToken })).status).toBe(403);
    expect((await t.api('POST', `/api/platform/workspaces/${wsId}/standardModel/upgrade`, undefined, { token: null })).status).toBe(401);
    const unknown = await t.api('POST', '/api/platform/workspaces/00000000-0000-7000-8000-000000000000/standardModel/upgrade');
    expect(unknown.status).toBe(404);
    const bad = await t.api('GET', '/api/platform/workspaces/not-a-uuid/standardModel');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors[0].field).toBe('id');
    const badUpgrade = await t.api('POST', '/api/platform/workspaces/not-a-uuid/standardModel/upgrade');
    expect(badUpgrade.status).toBe(400);
    expect(badUpgrade.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badUpgrade.body.errors[0].field).toBe('id');
  });
});
