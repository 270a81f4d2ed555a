import { buildOpenApi, CUSTOM_FIELD_TYPES, DomainError, LOCALES, parseFilterParam, toProblem, type FieldDef, type FieldType, type Locale, type ObjectDef, type OpenApiDocument, type WorkspaceMetadata } from '@mainline/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/sessions.ts';
import { serverRouteDocs } from '../src/metadata/api-route-docs.ts';
import { createTestApp } from './support/test-app.ts';

/**
 * The workspace OpenAPI document, built from a realistic metadata fixture
 * that uses every field type, must be a valid OpenAPI 3.1 document in every
 * shipped language, and every schema in it a valid JSON Schema 2020-12
 * schema that accepts what the API really sends and returns. No database
 * and no app for those: the document is a pure function of metadata (and
 * of the server's route docs). The last test starts the app, to check the
 * document names every route it answers, and nothing else.
 */

type L = Record<Locale, string>;
const text = (en: string, zhCN: string, zhTW: string): L => ({ en, 'zh-CN': zhCN, 'zh-TW': zhTW });

function field(apiName: string, type: FieldType, label: L, extra: Partial<FieldDef> = {}): FieldDef {
  return { apiName, type, label, required: false, unique: false, externalId: false, system: false, ...extra };
}

function systemFields(name: FieldDef = field('name', 'text', text('Name', '名称', '名稱'), { required: true, maxLength: 255 })): FieldDef[] {
  const sys = { system: true, required: true };
  return [
    field('id', 'id', text('ID', 'ID', 'ID'), { ...sys, unique: true }),
    { ...name, system: true },
    field('ownerId', 'userRef', text('Owner', '负责人', '負責人'), sys),
    field('createdAt', 'datetime', text('Created at', '创建时间', '建立時間'), sys),
    field('createdBy', 'userRef', text('Created by', '创建人', '建立者'), sys),
    field('updatedAt', 'datetime', text('Updated at', '更新时间', '更新時間'), sys),
    field('updatedBy', 'userRef', text('Updated by', '更新人', '更新者'), sys),
  ];
}

const value = (apiName: string, label: L, order: number, active = true) => ({ apiName, label, order, active });

const account: ObjectDef = {
  apiName: 'account',
  label: text('Account', '客户', '客戶'),
  pluralLabel: text('Accounts', '客户', '客戶'),
  description: text('A company you sell to.', '与你有业务往来的公司。', '與你有業務往來的公司。'),
  fields: [
    ...systemFields(),
    field('code', 'text', text('Customer code', '客户编码', '客戶編碼'), { unique: true, externalId: true, maxLength: 32 }),
    field('erpId', 'integer', text('ERP number', 'ERP 编号', 'ERP 編號'), { unique: true, externalId: true }),
    field('industry', 'picklist', text('Industry', '行业', '行業'), {
      values: [value('manufacturing', text('Manufacturing', '制造业', '製造業'), 1), value('retail', text('Retail', '零售', '零售'), 2), value('telex', text('Telex', '电传', '電傳'), 3, false)],
    }),
    field('channels', 'multiPicklist', text('Channels', '渠道', '通路'), { values: [value('online', text('Online', '线上', '線上'), 1), value('offline', text('Offline', '线下', '線下'), 2)] }),
    field('phone', 'phone', text('Phone', '电话', '電話')),
    field('email', 'email', text('Email', '邮箱', '電子郵件')),
    field('website', 'url', text('Website', '网站', '網站')),
    field('parent', 'lookup', text('Parent account', '上级客户', '上級客戶'), { target: 'account', deleteRule: 'setNull' }),
    field('annualRevenue', 'currency', text('Annual revenue', '年收入', '年營收'), { precision: 18, scale: 2 }),
    field('employees', 'integer', text('Employees', '员工人数', '員工人數')),
    field('active', 'boolean', text('Active', '有效', '有效'), { defaultValue: true }),
    field('foundedOn', 'date', text('Founded on', '成立日期', '成立日期')),
    field('lastContactAt', 'datetime', text('Last contact', '最近联系', '最近聯絡')),
    field('profile', 'longText', text('Profile', '简介', '簡介'), { helpText: text('What they do, in a few lines.', '简要介绍其业务。', '簡要介紹其業務。') }),
    field('notes', 'richText', text('Notes', '备注', '備註')),
    field('erpPayload', 'json', text('ERP payload', 'ERP 数据', 'ERP 資料')),
    field('dealTotal', 'rollup', text('Deal total', '商机总额', '商機總額'), { rollup: { object: 'opportunity', via: 'account', function: 'sum', field: 'amount' }, returnType: 'currency' }),
  ],
};

const opportunity: ObjectDef = {
  apiName: 'opportunity',
  label: text('Opportunity', '商机', '商機'),
  pluralLabel: text('Opportunities', '商机', '商機'),
  fields: [
    ...systemFields(),
    field('account', 'masterDetail', text('Account', '客户', '客戶'), { required: true, target: 'account', deleteRule: 'cascade' }),
    field('amount', 'currency', text('Amount', '金额', '金額'), { required: true }),
    field('probability', 'percent', text('Probability', '赢率', '贏率'), { precision: 5, scale: 2 }),
    field('discount', 'decimal', text('Discount', '折扣', '折扣'), { precision: 6, scale: 4 }),
    field('stage', 'picklist', text('Stage', '阶段', '階段'), {
      required: true,
      defaultValue: 'prospecting',
      values: [value('prospecting', text('Prospecting', '初步接洽', '初步接洽'), 1), value('won', text('Won', '赢单', '贏單'), 2), value('lost', text('Lost', '输单', '輸單'), 3)],
    }),
    field('closeDate', 'date', text('Close date', '预计成交日期', '預計成交日期')),
  ],
};

const quote: ObjectDef = {
  apiName: 'quote',
  label: text('Quote', '报价单', '報價單'),
  fields: [
    ...systemFields(field('name', 'autoNumber', text('Quote number', '报价单号', '報價單號'), { required: true, pattern: 'Q-{YYYY}-{000000}' })),
    field('opportunity', 'lookup', text('Opportunity', '商机', '商機'), { target: 'opportunity', deleteRule: 'restrict' }),
    field('validUntil', 'date', text('Valid until', '有效期至', '有效期至')),
    field('daysLeft', 'formula', text('Days left', '剩余天数', '剩餘天數'), { formula: 'DATEDIFF(validUntil, TODAY())', returnType: 'number' }),
  ],
};

const metadata: WorkspaceMetadata = { schema: 'ws_0190b5a47c1e', version: 7, objects: { account, opportunity, quote } };

const buildFor = (locale: Locale): OpenApiDocument => buildOpenApi({ metadata, locale, routes: serverRouteDocs(locale, metadata), serverUrl: 'https://crm.example.test' });

// ajv-formats is CommonJS; its plugin is the module itself or its default, depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** Compiles the document's schemas with a strict 2020-12 validator: a misspelt keyword or a dangling $ref fails. */
function schemaValidator(doc: OpenApiDocument): (ref: string) => ValidateFunction {
  const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true }));
  ajv.addVocabulary(['x-mainline-type', 'x-mainline-labels', 'x-mainline-target', 'x-mainline-object', 'x-mainline-return-type']);
  // Component refs point into the OpenAPI document; as $defs of one schema they resolve the same way.
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"urn:mainline:openapi#/$defs/')) as Record<string, unknown>;
  ajv.addSchema({ $id: 'urn:mainline:openapi', $defs: defs });
  return (name) => {
    const validate = ajv.getSchema(`urn:mainline:openapi#/$defs/${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    return validate;
  };
}

function expectValid(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  expect(ok, `${what}: ${JSON.stringify(validate.errors, null, 2)}`).toBe(true);
}

const UUID = '0190b5a4-7c1e-7abc-8def-0123456789ab';
const USER = '0190b5a4-0000-7000-8000-000000000001';

describe('the workspace OpenAPI document', () => {
  it('is built from a fixture that uses every field type', () => {
    const used = new Set(Object.values(metadata.objects).flatMap((o) => o.fields.map((f) => f.type)));
    expect([...used].sort()).toEqual([...CUSTOM_FIELD_TYPES, 'id', 'userRef'].sort());
  });

  for (const locale of LOCALES) {
    it(`is a valid OpenAPI 3.1 document (${locale})`, async () => {
      const doc = buildFor(locale);
      const validator = new Validator();
      // A JSON round trip: what the route sends is the serialised document, not the object.
      const result = await validator.validate(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
      if (!result.valid) console.error(JSON.stringify(result.errors, null, 2));
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      expect(validator.version).toBe('3.1');
    });

    it(`holds only valid JSON Schema 2020-12 schemas (${locale})`, () => {
      const doc = buildFor(locale);
      const schema = schemaValidator(doc);
      for (const name of Object.keys(doc.components.schemas)) expect(() => schema(name), name).not.toThrow();
      const ajv = addFormats(new Ajv2020({ strict: true, allowUnionTypes: true }));
      ajv.addVocabulary(['x-mainline-type', 'x-mainline-labels', 'x-mainline-target', 'x-mainline-object', 'x-mainline-return-type']);
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const p of [...(item.parameters ?? []), ...(['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((m) => item[m]?.parameters ?? [])]) {
          if ('schema' in p) expect(() => ajv.compile(p.schema), `${path} ${p.name}`).not.toThrow();
        }
      }
    });
  }

  it('speaks each language in labels and summaries', () => {
    const [en, zhCN, zhTW] = (['en', 'zh-CN', 'zh-TW'] as const).map(buildFor);
    expect([en, zhCN, zhTW].map((d) => d!.components.schemas.Opportunity!.title)).toEqual(['Opportunity', '商机', '商機']);
    expect([en, zhCN, zhTW].map((d) => d!.paths['/api/records/opportunity']!.get!.summary)).toEqual(['List Opportunities', '查询商机列表', '查詢商機清單']);
    expect(zhCN!.components.schemas.Account!.properties).toMatchObject({ industry: { title: '行业', 'x-mainline-labels': { manufacturing: '制造业' } } });
    expect(JSON.stringify(zhCN)).not.toContain(metadata.schema);
  });

  it('documents the rule and process routes of object definitions, with the shapes the server parses', () => {
    const [en, zhCN] = (['en', 'zh-CN'] as const).map(buildFor);
    for (const kind of ['validationRules', 'processes', 'automationRules', 'assignmentRules', 'approvalProcesses']) {
      const list = en!.paths[`/api/metadata/objects/{object}/${kind}`]!;
      const one = en!.paths[`/api/metadata/objects/{object}/${kind}/{rule}`]!;
      expect([list.get, list.post, one.get, one.patch, one.delete].every((op) => op?.operationId && op.tags?.includes('Metadata')), kind).toBe(true);
    }
    expect(zhCN!.paths['/api/metadata/objects/{object}/validationRules']!.post!.summary).toBe('新建验证规则');
    const schema = schemaValidator(en!);
    expectValid(schema('ValidationRule'), { apiName: 'bigDiscount', condition: 'discount > 0.2', message: { en: 'Too much' }, field: 'discount' }, 'validation rule');
    expect(schema('ValidationRule')({ apiName: 'x', condition: 'true', message: { en: 'm' }, extra: 1 })).toBe(false);
    expectValid(schema('ProcessPatch'), { transitions: [{ from: '*', to: 'lost' }] }, 'process patch');
    expectValid(schema('FormulaCheckResult'), { valid: false, error: { code: 'formulaUnknownField', line: 1, column: 1, message: 'x' } }, 'formula check');
    expect(schema('FormulaCheckRequest')({ object: 'deal', formula: '1', extra: true })).toBe(false);
    expectValid(schema('AutomationRule'), { apiName: 'notifyOwner', active: true, trigger: { on: 'create' }, actions: [{ type: 'notify', to: 'owner', message: { en: 'New' } }] }, 'automation rule');
  });

  it('accepts what the API sends and returns', () => {
    const doc = buildFor('zh-CN');
    const schema = schemaValidator(doc);
    const record = {
      id: UUID,
      name: '华东精密',
      ownerId: USER,
      createdAt: '2026-11-24T02:00:00.000Z',
      createdBy: USER,
      updatedAt: '2026-11-24T02:00:00.000Z',
      updatedBy: USER,
      code: 'HD-001',
      erpId: 1001,
      industry: 'telex',
      channels: ['online', 'offline'],
      phone: '+86 21 5555 0100',
      email: '采购@华东精密.中国',
      website: 'https://华东精密.中国/产品',
      parent: null,
      annualRevenue: { amount: '12500000.00', currency: 'CNY' },
      employees: 320,
      active: true,
      foundedOn: '2008-05-12',
      lastContactAt: '2026-11-20T08:30:00.000Z',
      profile: '精密零部件制造商。',
      notes: '<p>重点客户</p>',
      erpPayload: { segment: 'A', limits: [1, 2] },
    };
    expectValid(schema('AccountPage'), { records: [{ ...record, 'parent.name': null }, { id: UUID, name: '仅名称' }], nextCursor: 'opaque', total: 2 }, 'list page');
    expectValid(schema('Account'), record, 'record');
    expectValid(schema('AccountCreate'), { name: '华东精密', code: 'HD-001', annualRevenue: '100.00', industry: 'retail', channels: ['online'] }, 'create body');
    expectValid(schema('OpportunityCreate'), { name: '二期', account: UUID, amount: { amount: '50000', currency: 'USD' } }, 'create with defaults left out');
    expect(schema('OpportunityCreate')({ name: '二期', amount: '1' }), 'missing master').toBe(false);
    expect(schema('QuoteCreate')({ name: 'Q-1' }), 'autoNumber name is not writable').toBe(false);
    expectValid(schema('Quote'), { id: UUID, validUntil: '2026-12-31', daysLeft: '37' }, 'a formula value');
    expect(schema('Quote')({ id: UUID, daysLeft: 37 }), 'formula numbers are decimal strings').toBe(false);
    expect(schema('QuoteUpdate')({ daysLeft: '1' }), 'formula fields are not writable').toBe(false);
    expect(schema('AccountUpdate')({ createdAt: '2026-11-24T02:00:00Z' }), 'platform fields are not writable').toBe(false);
    expectValid(schema('HistoryPage'), { entries: [{ id: '12', recordId: UUID, operation: 'update', field: 'stage', oldValue: 'prospecting', newValue: 'won', actorId: USER, changedAt: '2026-11-24T02:00:00.000Z' }], nextCursor: null }, 'history');
    expectValid(schema('ChangeEventPage'), { events: [{ seq: '42', object: 'account', recordId: UUID, operation: 'create', changedFields: ['name'], actorId: USER, occurredAt: '2026-11-24T02:00:00.000Z' }], nextCursor: '42' }, 'events');
    expectValid(schema('CompositeRequest'), { operations: [{ method: 'POST', path: '/api/records/account', body: { name: 'A' }, ref: 'p1' }, { method: 'PATCH', path: '/api/records/account/@{p1.id}', body: { code: 'X' } }] }, 'composite');
    expect(schema('CompositeRequest')({ operations: Array.from({ length: 501 }, () => ({ method: 'GET', path: '/api/records/account' })) }), 'over the operation limit').toBe(false);
    expectValid(schema('CompositeResponse'), { results: [{ ref: 'p1', status: 201, body: record }, { status: 204, body: null }] }, 'composite results');
    expectValid(schema('Problem'), toProblem(new DomainError({ code: 'validationFailed', errors: [{ field: 'email', code: 'invalidFormat', params: { format: 'email address' } }] }), 'zh-CN'), 'problem');
    expectValid(schema('Problem'), toProblem(new DomainError({ code: 'unknownObject', params: { object: 'nope' } }), 'en'), 'problem with params');
    const compositeProblem = toProblem(new DomainError({ code: 'compositeFailed', status: 404, params: { index: 1, ref: 'p2', failedOperation: 1, failedCode: 'notFound' } }), 'zh-TW');
    expectValid(schema('CompositeProblem'), compositeProblem, 'composite problem');
    expectValid(schema('Session'), { token: 'abc', expiresAt: '2026-12-08T02:00:00.000Z' }, 'session');
    expect(schema('LoginRequest')({ email: 'a@b.cn', password: 'x', remember: true }), 'login refuses unknown keys').toBe(false);
    expectValid(schema('ObjectDefinition'), account, 'object definition');
    expectValid(schema('ObjectDefinitionInput'), { apiName: 'contract', label: { 'zh-CN': '合同', en: 'Contract' }, nameField: { type: 'autoNumber', pattern: 'C-{000000}' } }, 'object input');
    expect(schema('ObjectDefinitionInput')({ apiName: 'contract', label: { fr: 'Contrat' } }), 'object input in an unknown language').toBe(false);
    expectValid(schema('FieldDefinitionInput'), { apiName: 'region', type: 'picklist', label: { 'zh-CN': '区域' }, values: [{ apiName: 'east', label: { 'zh-CN': '华东' } }] }, 'field input');
  });

  it('documents filters the server parses', () => {
    const doc = buildFor('en');
    const schema = schemaValidator(doc);
    const examples = Object.values(doc.components.parameters.Filter!.examples!).map((e) => e.value as string);
    expect(examples).toHaveLength(2);
    // The JSON and compact examples say the same thing, and the JSON one fits the FilterTree schema.
    expect(parseFilterParam(examples[0]!)).toEqual(parseFilterParam(examples[1]!));
    expectValid(schema('FilterTree'), JSON.parse(examples[0]!), 'JSON filter example');
    expectValid(schema('FilterTree'), { or: [{ not: { field: 'account.name', op: 'isNull', value: true } }, { field: 'stage', op: 'in', value: ['won'] }] }, 'nested filter');
    expect(schema('FilterTree')({ field: 'name', op: 'like', value: 'x' }), 'unknown operator').toBe(false);
    expect(schema('FilterTree')({ field: 'name', op: 'eq' }), 'value missing').toBe(false);
    expect(schema('FilterTree')({}), 'empty').toBe(false);
  });

  it('mirrors the server’s constants', async () => {
    const doc = buildFor('en');
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
    // Imported here, not at the top: the records module pulls in the whole write path.
    const { MAX_COMPOSITE_OPERATIONS } = await import('../src/records/composite.ts');
    expect(doc.components.schemas.CompositeRequest).toMatchObject({ properties: { operations: { maxItems: MAX_COMPOSITE_OPERATIONS } } });
  });

  it('documents every API route the app answers, and only those', async () => {
    const registered = new Set<string>();
    const t = await createTestApp({
      onRoute: ({ method, url }) => {
        // HEAD routes are Fastify's automatic twins of GETs; `/*` is the web app (absent here: no webRoot).
        for (const m of [method].flat()) if (m !== 'HEAD' && (url.startsWith('/api/') || url === '/healthz')) registered.add(`${m} ${url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
      },
    });
    try {
      const res = await t.api('GET', '/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body as OpenApiDocument;
      const documented = new Set(
        Object.entries(doc.paths).flatMap(([path, item]) => (['get', 'post', 'put', 'patch', 'delete'] as const).filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)),
      );
      expect([...registered].filter((r) => !documented.has(r)).sort(), 'registered but not documented').toEqual([]);
      // Each object's own paths (/api/records/account/{id}, its actions) are instances of a registered route.
      const patterns = [...registered].map((r) => new RegExp(`^${r.replace(/[.]/g, '\\.').replace(/\{[A-Za-z]+\}/g, '[^/]+')}$`));
      expect([...documented].filter((d) => !patterns.some((p) => p.test(d))).sort(), 'documented but not registered').toEqual([]);

      // What the new routes answer fits what the document says they answer.
      const schema = schemaValidator(doc);
      const created = await t.api('POST', '/api/records/account', { name: '华东精密' });
      expect(created.status).toBe(201);
      const responses: [string, string, string][] = [
        ['/api/search?q=%E5%8D%8E%E4%B8%9C', 'SearchResults', 'search'],
        ['/api/views?object=account', 'ListViewList', 'views'],
        ['/api/auth/me/permissions', 'PermissionsDocument', 'permissions'],
        ['/api/admin/users', 'AdminUserList', 'users'],
        ['/api/admin/roles', 'RoleList', 'roles'],
        ['/api/admin/profiles', 'ProfileList', 'profiles'],
        [`/api/records/account/aggregate?groupBy=industry&measures=count`, 'AggregateResult', 'aggregate'],
        [`/api/records/account/${created.body.id}/shares`, 'RecordShareList', 'shares'],
        ['/api/approvals/pending', 'PendingApprovalList', 'pending approvals'],
        ['/api/automation/jobs', 'AutomationJobList', 'jobs'],
      ];
      for (const [url, name, what] of responses) {
        const res = await t.api('GET', url);
        expect(res.status, url).toBe(200);
        expectValid(schema(name), res.body, what);
      }
      const search = await t.api('GET', '/api/search?q=%E5%8D%8E%E4%B8%9C');
      expect(search.body.groups[0]).toMatchObject({ object: 'account', records: [{ id: created.body.id, name: '华东精密' }] });
      const views = await t.api('GET', '/api/views?object=account');
      expect(views.body.views.length).toBeGreaterThan(0);
      expect(schema('ListViewInput')({ object: 'account', label: 'Mine', columns: ['name'], extra: 1 }), 'views refuse unknown keys').toBe(false);
      expect((await t.api('POST', '/api/recent', { object: 'account', id: created.body.id })).status).toBe(204);
      expectValid(schema('RecentItemList'), (await t.api('GET', '/api/recent')).body, 'recent items');
    } finally {
      await t.close();
    }
  });
});
