import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * The formula language through the HTTP API: `POST /api/formula/check`,
 * validation rules as metadata (type-checked on save), and their
 * enforcement in the one write path — create, update, upsert, composite —
 * with 422 problems naming the rule and the field, and no data changed.
 */

const L = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const PASSWORD = 'a long enough password';

describe(`formulas and validation rules over HTTP (${testDbKind})`, () => {
  let t: TestApp;
  let repToken: string;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const count = async (object: string) => ok(await t.api('GET', `/api/records/${object}${q({ count: 'true', limit: '1' })}`)).total as number;
  const rule = (body: Record<string, unknown>) => t.api('POST', '/api/metadata/objects/deal/validationRules', body, { headers: { 'accept-language': 'en' } });

  beforeAll(async () => {
    t = await createTestApp();
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'client', label: L('Client') }), 201);
    ok(await t.api('POST', '/api/metadata/objects/client/fields', { apiName: 'tier', type: 'text', label: L('Tier') }), 201);
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'deal', label: L('Deal') }), 201);
    for (const f of [
      { apiName: 'amount', type: 'currency', label: L('Amount') },
      { apiName: 'stage', type: 'picklist', label: L('Stage'), values: [{ apiName: 'open', label: L('Open') }, { apiName: 'lost', label: L('Lost') }] },
      { apiName: 'lostReason', type: 'text', label: L('Lost reason') },
      { apiName: 'secret', type: 'text', label: L('Secret') },
      { apiName: 'client', type: 'lookup', target: 'client', label: L('Client') },
      { apiName: 'code', type: 'text', label: L('Code'), externalId: true },
    ]) ok(await t.api('POST', '/api/metadata/objects/deal/fields', f), 201);
    const profile = ok(
      await t.api('POST', '/api/admin/profiles', { name: 'Rep', permissions: { allObjects: { read: true, create: true, edit: true, delete: true }, fields: { deal: { secret: 'hidden' } } } }),
      201,
    ).id;
    ok(await t.api('POST', '/api/admin/users', { email: 'rep@example.test', name: 'Rep', password: PASSWORD, profileId: profile }), 201);
    repToken = ok(await t.api('POST', '/api/auth/login', { email: 'rep@example.test', password: PASSWORD }, { token: null })).token;
  });
  afterAll(() => t?.close());

  describe('POST /api/formula/check', () => {
    const check = (body: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) => t.api('POST', '/api/formula/check', body, opts);

    it('answers the inferred type and the fields read', async () => {
      expect(ok(await check({ object: 'deal', formula: 'IF(AND(amount > 100000, stage = "open"), "key", "normal")' }))).toEqual({ valid: true, type: 'text', fields: ['amount', 'stage'] });
      expect(ok(await check({ object: 'deal', formula: 'ISBLANK(client.tier)' }))).toMatchObject({ valid: true, type: 'boolean', fields: ['client.tier'] });
      expect(ok(await check({ object: 'deal', formula: 'ISCHANGED(stage)', rule: true }))).toMatchObject({ valid: true, type: 'boolean' });
    });

    it('answers the error with line and column in the caller language', async () => {
      expect(ok(await check({ object: 'deal', formula: 'amount +\n  lostReasn' }, { headers: { 'accept-language': 'en' } }))).toEqual({
        valid: false,
        error: { code: 'formulaUnknownField', line: 2, column: 3, message: 'Line 2, column 3: there is no field "lostReasn".' },
      });
      const zh = ok(await check({ object: 'deal', formula: 'LEN(amount)' }, { headers: { 'accept-language': 'zh-CN' } }));
      expect(zh.error).toEqual({ code: 'formulaArgType', line: 1, column: 5, message: '第 1 行第 5 列：LEN 的第 1 个参数必须是文本，而不是数字。' });
      expect(ok(await check({ object: 'deal', formula: 'amount', returnType: 'text' })).error.code).toBe('formulaReturnType');
      expect(ok(await check({ object: 'deal', formula: 'amount', returnType: 'currency' }))).toMatchObject({ valid: true, type: 'number' });
      expect(ok(await check({ object: 'deal', formula: 'ISCHANGED(stage)' })).error.code).toBe('formulaRuleOnly');
    });

    it('treats fields hidden from the caller as unknown', async () => {
      expect(ok(await check({ object: 'deal', formula: 'LEN(secret)' })).valid).toBe(true);
      expect(ok(await check({ object: 'deal', formula: 'LEN(secret)' }, { token: repToken })).error.code).toBe('formulaUnknownField');
    });

    it('refuses malformed, oversized and hostile input naming the field', async () => {
      const missing = await check({ object: 'deal' });
      expect(missing.status).toBe(400);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'formula', code: 'required' })]);
      expect((await check({ object: 'deal', formula: 42 })).body.errors[0]).toMatchObject({ field: 'formula', code: 'wrongType' });
      expect((await check({ object: 'deal', formula: 'x'.repeat(6000) })).body.errors[0]).toMatchObject({ field: 'formula', code: 'tooLong' });
      expect((await check({ object: 'deal', formula: '1', extra: 1 })).body.errors[0]).toMatchObject({ field: 'extra', code: 'unknownField' });
      expect((await check({ object: 'deal', formula: '1', returnType: 'money' })).body.errors[0]).toMatchObject({ field: 'returnType' });
      expect((await check({ object: 'nope', formula: '1' })).status).toBe(404);
      expect((await check({ object: '__proto__', formula: '1' })).status).toBe(404);
      expect((await check('[', {})).status).toBe(400);
      expect(ok(await check({ object: 'deal', formula: '('.repeat(3000) })).error.code).toBe('formulaTooDeep');
      expect((await check({ object: 'deal', formula: '1' }, { token: null as unknown as string })).status).toBe(401);
    });
  });

  describe('validation rules', () => {
    it('are type-checked on save, refused with the position of the problem, and managed by administrators only', async () => {
      const bad = await rule({ apiName: 'needsReason', condition: 'ISPICKVAL(stage, "lost") && ISBLANK(lostReasn)', message: L('x') });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'condition', code: 'formulaUnknownField', message: 'Line 1, column 37: there is no field "lostReasn".' })]);
      expect((await rule({ apiName: 'notBool', condition: 'amount + 1', message: L('x') })).body.errors[0]).toMatchObject({ field: 'condition', code: 'formulaReturnType' });
      const many = await rule({ apiName: 'Bad Name', condition: 'TRUE', message: {}, field: 'nope', extra: 1 });
      expect(many.status).toBe(400);
      expect(many.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['apiName', 'extra', 'field', 'message']);
      expect((await t.api('POST', '/api/metadata/objects/deal/validationRules', { apiName: 'x', condition: 'TRUE', message: L('x') }, { token: repToken })).status).toBe(403);
      expect((await t.api('POST', '/api/metadata/objects/nope/validationRules', { apiName: 'x', condition: 'TRUE', message: L('x') })).status).toBe(404);
      expect((await t.api('GET', '/api/metadata/objects/deal/validationRules')).body).toEqual({ validationRules: [] });
    });

    it('refuse a write that breaks one with 422 naming the rule and the field, in the caller language, writing nothing', async () => {
      const created = ok(
        await rule({ apiName: 'needsReason', condition: 'ISPICKVAL(stage, "lost") && ISBLANK(lostReason)', message: L('Say why the deal was lost.', '请填写丢单原因。'), field: 'lostReason' }),
        201,
      );
      expect(created).toEqual({ apiName: 'needsReason', condition: 'ISPICKVAL(stage, "lost") && ISBLANK(lostReason)', message: L('Say why the deal was lost.', '请填写丢单原因。'), field: 'lostReason', active: true });
      expect(ok(await t.api('GET', '/api/metadata/objects/deal/validationRules')).validationRules).toHaveLength(1);
      expect(ok(await t.api('GET', '/api/metadata/objects/deal')).validationRules).toHaveLength(1);

      const before = await count('deal');
      const refused = await t.api('POST', '/api/records/deal', { name: 'd', stage: 'lost' }, { headers: { 'accept-language': 'zh-CN' } });
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ code: 'validationRuleFailed', status: 422, errors: [{ field: 'lostReason', code: 'validationRule', rule: 'needsReason', message: '请填写丢单原因。' }] });
      expect(await count('deal')).toBe(before);
      // Writes from a user of another profile are checked just the same.
      expect((await t.api('POST', '/api/records/deal', { name: 'd', stage: 'lost' }, { token: repToken })).status).toBe(422);

      const id = ok(await t.api('POST', '/api/records/deal', { name: 'd', stage: 'open' }), 201).id;
      const update = await t.api('PATCH', `/api/records/deal/${id}`, { stage: 'lost' }, { headers: { 'accept-language': 'en' } });
      expect(update.status).toBe(422);
      expect(update.body.errors[0]).toMatchObject({ rule: 'needsReason', message: 'Say why the deal was lost.' });
      expect(ok(await t.api('GET', `/api/records/deal/${id}`)).stage).toBe('open');
      expect(ok(await t.api('PATCH', `/api/records/deal/${id}`, { stage: 'lost', lostReason: '价格' })).stage).toBe('lost');
      expect((await t.api('PUT', '/api/records/deal/by/code/ERP-1', { name: 'e', stage: 'lost' })).status).toBe(422);
    });

    it('roll back a composite batch when one operation breaks a rule', async () => {
      const before = await count('deal');
      const batch = await t.api('POST', '/api/composite', {
        operations: [
          { method: 'POST', path: '/api/records/deal', body: { name: 'fine', stage: 'open' } },
          { method: 'POST', path: '/api/records/deal', body: { name: 'broken', stage: 'lost' } },
        ],
      });
      expect(batch.status).toBe(422);
      expect(batch.body).toMatchObject({ code: 'compositeFailed', failedOperation: 1, errors: [{ code: 'validationRule', rule: 'needsReason' }] });
      expect(await count('deal')).toBe(before);
    });

    it('see the value before an update, related records through lookups, and can be switched off', async () => {
      ok(await rule({ apiName: 'noReopen', condition: 'ISCHANGED(stage) && PRIORVALUE(stage) = "lost"', message: L('A lost deal stays lost.'), field: 'stage' }), 201);
      const lost = ok(await t.api('POST', '/api/records/deal', { name: 'l', stage: 'lost', lostReason: 'x' }), 201).id;
      expect((await t.api('PATCH', `/api/records/deal/${lost}`, { stage: 'open' })).body.errors[0]).toMatchObject({ rule: 'noReopen', field: 'stage' });
      expect(ok(await t.api('PATCH', `/api/records/deal/${lost}`, { name: 'renamed' })).name).toBe('renamed');

      ok(await rule({ apiName: 'bigNeedsGold', condition: 'amount > 100000 && client.tier <> "gold"', message: L('Big deals need a gold client.') }), 201);
      const silver = ok(await t.api('POST', '/api/records/client', { name: 'c', tier: 'silver' }), 201).id;
      const gold = ok(await t.api('POST', '/api/records/client', { name: 'g', tier: 'gold' }), 201).id;
      const refused = await t.api('POST', '/api/records/deal', { name: 'big', amount: '200000.00', client: silver });
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'bigNeedsGold' })]);
      expect(ok(await t.api('POST', '/api/records/deal', { name: 'big', amount: '200000.00', client: gold }), 201).name).toBe('big');

      expect(ok(await t.api('PATCH', '/api/metadata/objects/deal/validationRules/bigNeedsGold', { active: false })).active).toBe(false);
      ok(await t.api('POST', '/api/records/deal', { name: 'big', amount: '200000.00', client: silver }), 201);
      expect((await t.api('PATCH', '/api/metadata/objects/deal/validationRules/bigNeedsGold', { condition: 'amount &' })).body.errors[0]).toMatchObject({ field: 'condition', code: 'formulaIncomplete' });
      expect((await t.api('PATCH', '/api/metadata/objects/deal/validationRules/bigNeedsGold', { apiName: 'other' })).body.errors[0]).toMatchObject({ code: 'apiNameImmutable' });
      expect((await t.api('PATCH', '/api/metadata/objects/deal/validationRules/nope', { active: true })).status).toBe(404);
    });

    it('protect the fields they use, and can be deleted', async () => {
      const del = await t.api('DELETE', '/api/metadata/objects/deal/fields/lostReason');
      expect(del.status).toBe(409);
      expect(del.body.errors[0]).toMatchObject({ code: 'referencedBy' });
      expect((await t.api('DELETE', '/api/metadata/objects/client/fields/tier')).status).toBe(409);
      expect((await t.api('DELETE', '/api/metadata/objects/deal/validationRules/needsReason')).status).toBe(204);
      expect((await t.api('DELETE', '/api/metadata/objects/deal/validationRules/needsReason')).status).toBe(404);
      ok(await t.api('POST', '/api/records/deal', { name: 'd', stage: 'lost' }), 201);
      expect((await t.api('DELETE', '/api/metadata/objects/deal/fields/lostReason')).status).toBe(204);
    });
  });
});
