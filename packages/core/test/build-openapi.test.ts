import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../src/errors/domain-error.ts';
import type { FieldDef, FieldType, ObjectDef, WorkspaceMetadata } from '../src/metadata/types.ts';
import { buildOpenApi, type OpenApiDocument, type OperationObject, type ParameterObject, type PathItemObject, type Reference } from '../src/openapi/build-openapi.ts';

// A tiny workspace: two related objects, one with external ids, plus objects whose names collide with platform and derived names.
function field(apiName: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return { apiName, type, label: { en: apiName }, required: false, unique: false, externalId: false, system: false, ...extra };
}
const systemFields = (): FieldDef[] => [
  field('id', 'id', { system: true, required: true, unique: true, label: { en: 'ID', 'zh-CN': 'ID', 'zh-TW': 'ID' } }),
  field('name', 'text', { system: true, required: true, label: { en: 'Name', 'zh-CN': '名称', 'zh-TW': '名稱' } }),
  field('ownerId', 'userRef', { system: true, required: true }),
  field('createdAt', 'datetime', { system: true, required: true }),
  field('createdBy', 'userRef', { system: true, required: true }),
  field('updatedAt', 'datetime', { system: true, required: true }),
  field('updatedBy', 'userRef', { system: true, required: true }),
];
const object = (apiName: string, label: ObjectDef['label'], fields: FieldDef[] = []): ObjectDef => ({ apiName, label, fields: [...systemFields(), ...fields] });

const account = object('account', { en: 'Account', 'zh-CN': '客户', 'zh-TW': '客戶' }, [
  field('code', 'text', { externalId: true, unique: true, label: { en: 'Code', 'zh-CN': '编码', 'zh-TW': '編碼' } }),
  field('erpNumber', 'integer', { externalId: true, unique: true }),
  field('budget', 'currency', { required: true }),
]);
const contact = object('contact', { en: 'Contact', 'zh-CN': '联系人', 'zh-TW': '聯絡人' }, [field('account', 'lookup', { target: 'account' })]);
const problem = object('problem', { en: 'Problem', 'zh-CN': '问题', 'zh-TW': '問題' });
const accountPage = object('accountPage', { en: 'Account page' });

const metadata: WorkspaceMetadata = { schema: 'ws_secret_tenant', version: 42, objects: { contact, account, problem, accountPage } };
const build = (locale: 'en' | 'zh-CN' | 'zh-TW' = 'en', md: WorkspaceMetadata = metadata): OpenApiDocument => buildOpenApi({ metadata: md, locale, serverUrl: 'https://crm.example.test' });

const isRef = (v: unknown): v is Reference => typeof v === 'object' && v !== null && '$ref' in v;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
function operations(doc: OpenApiDocument): { path: string; method: string; op: OperationObject; item: PathItemObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.flatMap((method) => (item[method] ? [{ path, method, op: item[method]!, item }] : [])));
}
function resolve<T>(doc: OpenApiDocument, value: T | Reference): T {
  if (!isRef(value)) return value;
  const target = value.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc);
  if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
  return target as T;
}
const schemaName = (content: unknown): string | undefined => {
  const ref = (content as { 'application/json'?: { schema?: Reference } } | undefined)?.['application/json']?.schema;
  return ref?.$ref.replace('#/components/schemas/', '');
};

describe('buildOpenApi', () => {
  const doc = build();

  it('is an OpenAPI 3.1 document in the JSON Schema 2020-12 dialect, versioned by the metadata', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc.info.title).toBe('Mainline CRM API');
    expect(doc.info.version).toContain('42');
    expect(doc.info['x-mainline-metadata-version']).toBe(42);
    expect(doc.servers).toEqual([{ url: 'https://crm.example.test' }]);
  });

  it('gives every object typed record routes', () => {
    for (const o of ['account', 'contact', 'problem', 'accountPage']) {
      const base = `/api/records/${o}`;
      expect(Object.keys(doc.paths[base]!).filter((k) => k !== 'parameters')).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`${base}/{id}`]!).filter((k) => k !== 'parameters')).toEqual(['get', 'patch', 'delete']);
      expect(Object.keys(doc.paths[`${base}/{id}/history`]!).filter((k) => k !== 'parameters')).toEqual(['get']);
    }
    const list = doc.paths['/api/records/account']!.get!;
    expect(list.parameters!.map((p) => resolve<ParameterObject>(doc, p).name)).toEqual(['filter', 'sort', 'fields', 'limit', 'cursor', 'count', 'q']);
    // AccountPage belongs to the object "accountPage" (see the naming test).
    expect(schemaName((list.responses['200'] as { content: unknown }).content)).toBe('AccountPage_2');
    expect(schemaName(doc.paths['/api/records/account']!.post!.requestBody!.content)).toBe('AccountCreate');
    expect(schemaName(doc.paths['/api/records/account/{id}']!.patch!.requestBody!.content)).toBe('AccountUpdate');
    expect(schemaName((doc.paths['/api/records/account']!.post!.responses['201'] as { content: unknown }).content)).toBe('Account');
    expect(doc.paths['/api/records/account/{id}']!.delete!.responses['204']).toEqual({ description: expect.any(String) });
    expect(schemaName((doc.paths['/api/records/account/{id}/history']!.get!.responses['200'] as { content: unknown }).content)).toBe('HistoryPage');
    const limit = resolve<ParameterObject>(doc, list.parameters![3]!);
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 50 });
  });

  it('lists records with their page envelope, related fields as dotted keys', () => {
    const page = doc.components.schemas.ContactPage!;
    expect(page.required).toEqual(['records', 'nextCursor']);
    expect(page.properties).toMatchObject({
      records: { type: 'array', items: { $ref: '#/components/schemas/Contact' } },
      nextCursor: { type: ['string', 'null'] },
      total: { type: 'integer' },
    });
    const pattern = Object.keys(doc.components.schemas.Contact!.patternProperties as object)[0]!;
    expect(new RegExp(pattern).test('account.name')).toBe(true);
    expect(new RegExp(pattern).test('account.parent.name')).toBe(true);
    expect(new RegExp(pattern).test('account')).toBe(false);
  });

  it('adds an upsert route for each external-id field and no other', () => {
    const upserts = Object.keys(doc.paths).filter((p) => p.includes('/by/'));
    expect(upserts).toEqual(['/api/records/{object}/by/{field}/{value}', '/api/records/account/by/code/{value}', '/api/records/account/by/erpNumber/{value}']);
    const put = doc.paths['/api/records/account/by/erpNumber/{value}']!;
    expect(Object.keys(put.put!.responses).filter((s) => s.startsWith('2'))).toEqual(['200', '201']);
    const value = put.parameters!.map((p) => resolve<ParameterObject>(doc, p)).find((p) => p.name === 'value')!;
    expect(value).toMatchObject({ in: 'path', required: true, schema: { type: 'integer' } });
  });

  it('describes the generic, metadata and platform routes', () => {
    for (const path of [
      '/api/records/{object}',
      '/api/records/{object}/{id}',
      '/api/records/{object}/{id}/history',
      '/api/composite',
      '/api/events',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/auth/me',
      '/healthz',
      '/api/openapi.json',
      '/api/metadata/objects',
      '/api/metadata/objects/{object}',
      '/api/metadata/objects/{object}/fields',
      '/api/metadata/objects/{object}/fields/{field}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths['/api/metadata/objects/{object}/fields/{field}']!)).toEqual(['parameters', 'get', 'patch', 'delete']);
    expect(doc.components.schemas.CompositeRequest).toMatchObject({ properties: { operations: { maxItems: 500 } }, additionalProperties: false });
    expect(doc.components.schemas.ChangeEvent!.required).toEqual(['seq', 'object', 'recordId', 'operation', 'changedFields', 'actorId', 'occurredAt']);
  });

  it('declares every path template parameter', () => {
    for (const { path, op, item } of operations(doc)) {
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve<ParameterObject>(doc, p)).filter((p) => p.in === 'path');
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(declared.map((p) => p.name).sort(), path).toEqual(templated.sort());
      for (const p of declared) expect(p.required, `${path} ${p.name}`).toBe(true);
    }
  });

  it('answers errors with problem+json and requires sign-in except for health and login', () => {
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer' },
      cookieAuth: { type: 'apiKey', in: 'cookie', name: 'mainline_session' },
    });
    const problem = doc.components.schemas.Problem!;
    expect(problem.required).toEqual(['type', 'title', 'status', 'code', 'detail']);
    expect((problem.properties as Record<string, { enum?: unknown }>).code!.enum).toEqual(Object.keys(ERROR_STATUS));
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '422']) {
      expect(Object.values(doc.components.responses).some((r) => operations(doc).some(({ op }) => isRef(op.responses[status]) && resolve(doc, op.responses[status]!) === r)), status).toBe(true);
    }
    for (const { path, method, op } of operations(doc)) {
      const where = `${method} ${path}`;
      const publicRoute = path === '/healthz' || path === '/api/auth/login';
      expect(op.security, where).toEqual(publicRoute ? [] : undefined);
      if (!publicRoute) expect(op.responses, where).toHaveProperty(['401']);
      for (const [status, response] of Object.entries(op.responses)) {
        const r = resolve(doc, response);
        if (Number(status) >= 400) expect(Object.keys(r.content ?? {}), `${where} ${status}`).toEqual(['application/problem+json']);
        else expect(Object.keys(r.content ?? { 'application/json': 1 }), `${where} ${status}`).toEqual(['application/json']);
      }
      if (op.requestBody) expect(op.responses, where).toHaveProperty(['415']);
    }
  });

  it('names components after objects, keeping names unique', () => {
    const names = Object.keys(doc.components.schemas);
    for (const n of ['Account', 'AccountCreate', 'AccountUpdate', 'Contact', 'ContactPage', 'ProblemCreate']) expect(names).toContain(n);
    // "problem" meets the platform's Problem schema; "accountPage" meets account's page schema: the object's own record name wins.
    expect(doc.components.schemas.Problem!['x-mainline-object']).toBeUndefined();
    expect(doc.components.schemas.Problem_2!['x-mainline-object']).toBe('problem');
    expect(doc.components.schemas.AccountPage!['x-mainline-object']).toBe('accountPage');
    expect(doc.components.schemas.AccountPage_2).toMatchObject({ 'x-mainline-object': 'account', properties: { records: { items: { $ref: '#/components/schemas/Account' } } } });
    expect(names.every((n) => /^[a-zA-Z0-9._-]+$/.test(n))).toBe(true);
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('listAccount');
    expect(ids).toContain('upsertAccountByErpNumber');
  });

  it('resolves every $ref', () => {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      if (isRef(node)) resolve(doc, node);
      Object.values(node).forEach(walk);
    };
    expect(() => walk(doc)).not.toThrow();
  });

  it('is deterministic and carries no tenant data beyond metadata', () => {
    const shuffled: WorkspaceMetadata = { ...metadata, objects: { accountPage, problem, account, contact } };
    expect(JSON.stringify(build('zh-CN', shuffled))).toBe(JSON.stringify(build('zh-CN')));
    expect(JSON.stringify(doc)).not.toContain('ws_secret_tenant');
  });

  it('speaks the caller’s language', () => {
    const zh = build('zh-CN');
    expect(zh.components.schemas.Account!.title).toBe('客户');
    expect(zh.paths['/api/records/account']!.post!.summary).toBe('新建客户');
    expect(zh.paths['/api/records/account/by/code/{value}']!.put!.summary).toContain('编码');
    expect(zh.tags.find((t) => t.name === 'account')).toMatchObject({ 'x-displayName': '客户' });
    const tw = build('zh-TW');
    expect(tw.components.schemas.Contact!.title).toBe('聯絡人');
    expect(tw.paths['/api/records/contact']!.post!.summary).toBe('新增聯絡人');
    expect(doc.paths['/api/records/contact']!.post!.summary).toBe('Create Contact');
    // A label missing in the caller's language falls back rather than coming out empty.
    expect(zh.components.schemas.AccountPage!.title).toBe('Account page');
  });
});
