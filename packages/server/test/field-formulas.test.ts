import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * Formulas on ordinary fields through the HTTP API: `defaultFormula` fills
 * a field a new record leaves out, `requiredWhen` makes a field required
 * while a condition holds (422 naming the field, in the caller's language).
 * Both are type-checked against the field when it is defined.
 */

const L = (en: string, zh = en) => ({ en, 'zh-CN': zh, 'zh-TW': zh });

describe(`default formulas and required-when conditions (${testDbKind})`, () => {
  let t: TestApp;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const field = (body: Record<string, unknown>) => t.api('POST', '/api/metadata/objects/pitch/fields', { label: L(String(body.apiName)), ...body }, { headers: { 'accept-language': 'en' } });
  const create = (body: Record<string, unknown>, lang = 'en') => t.api('POST', '/api/records/pitch', body, { headers: { 'accept-language': lang } });
  const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

  beforeAll(async () => {
    t = await createTestApp();
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'pitch', label: L('Pitch') }), 201);
    ok(await t.api('POST', '/api/metadata/objects', { apiName: 'venue', label: L('Venue') }), 201);
    const stages = ['open', 'lost', 'won'].map((v) => ({ apiName: v, label: L(v) }));
    ok(await field({ apiName: 'stage', type: 'picklist', values: stages }), 201);
    ok(await field({ apiName: 'budget', type: 'decimal' }), 201);
    ok(await field({ apiName: 'venue', type: 'lookup', target: 'venue' }), 201);
  });
  afterAll(() => t?.close());

  it('defines default formulas and required-when conditions, checked against the field type', async () => {
    expect(ok(await field({ apiName: 'dueOn', type: 'date', defaultFormula: 'TODAY() + 30' }), 201)).toMatchObject({ defaultFormula: 'TODAY() + 30' });
    ok(await field({ apiName: 'tier', type: 'picklist', values: [{ apiName: 'high', label: L('High') }, { apiName: 'low', label: L('Low') }], defaultFormula: 'IF(budget > 1000, "high", "low")' }), 201);
    ok(await field({ apiName: 'score', type: 'integer', required: true, defaultFormula: 'ROUND(budget / 10, 0)' }), 201);
    ok(await field({ apiName: 'code', type: 'text', defaultFormula: 'UPPER(name) & "-" & TEXT(YEAR(TODAY()))' }), 201);
    expect(ok(await field({ apiName: 'lossReason', type: 'text', label: L('Loss reason', '丢单原因'), requiredWhen: 'stage = "lost"' }), 201)).toMatchObject({ requiredWhen: 'stage = "lost"' });
  });

  it('refuses bad definitions naming the key', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ apiName: 'b1', type: 'date', defaultFormula: '"soon"' }, 'defaultFormula', 'formulaReturnType'],
      [{ apiName: 'b2', type: 'integer', defaultFormula: 'budget +' }, 'defaultFormula', 'formulaIncomplete'],
      [{ apiName: 'b3', type: 'text', defaultFormula: 'venue.name' }, 'defaultFormula', 'invalidValue'],
      [{ apiName: 'b4', type: 'text', defaultValue: 'x', defaultFormula: '"y"' }, 'defaultFormula', 'invalidValue'],
      [{ apiName: 'b5', type: 'json', defaultFormula: '"y"' }, 'defaultFormula', 'notApplicable'],
      [{ apiName: 'b6', type: 'text', requiredWhen: 'budget' }, 'requiredWhen', 'formulaReturnType'],
      [{ apiName: 'b7', type: 'text', requiredWhen: 'stage = "lots"' }, 'requiredWhen', 'formulaNotPicklistValue'],
      [{ apiName: 'b8', type: 'formula', formula: '1', returnType: 'number', requiredWhen: 'true' }, 'requiredWhen', 'notApplicable'],
      [{ apiName: 'b9', type: 'text', requiredWhen: 42 }, 'requiredWhen', 'wrongType'],
    ];
    for (const [body, key, code] of cases) {
      const r = await field(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.errors, JSON.stringify(body)).toEqual(expect.arrayContaining([expect.objectContaining({ field: key, code })]));
    }
    const fields = ok(await t.api('GET', '/api/metadata/objects/pitch')).fields.map((f: { apiName: string }) => f.apiName);
    expect(fields.filter((f: string) => /^b\d$/.test(f))).toEqual([]);
  });

  it('fills fields a new record leaves out from their default formulas; given values win', async () => {
    const made = ok(await create({ name: 'acme', budget: '2500' }), 201);
    expect(days(made.createdAt.slice(0, 10), made.dueOn)).toBeGreaterThanOrEqual(29);
    expect(days(made.createdAt.slice(0, 10), made.dueOn)).toBeLessThanOrEqual(31);
    expect(made).toMatchObject({ tier: 'high', score: 250 });
    expect(made.code).toMatch(/^ACME-\d{4}$/);
    const given = ok(await create({ name: 'b', budget: '10', dueOn: '2030-01-01', tier: 'high', score: 7, code: null }), 201);
    expect(given).toMatchObject({ dueOn: '2030-01-01', tier: 'high', score: 7, code: null });
    expect(ok(await create({ name: 'c', budget: '10' }), 201)).toMatchObject({ tier: 'low', score: 1 });
    // A required field whose default formula comes out blank is reported missing.
    const blank = await create({ name: 'd' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'score', code: 'required' })]);
    // Updates never apply defaults.
    ok(await t.api('PATCH', `/api/records/pitch/${given.id}`, { budget: '99999' }));
    expect(ok(await t.api('GET', `/api/records/pitch/${given.id}`))).toMatchObject({ tier: 'high', score: 7, code: null });
  });

  it('refuses a blank field while its required-when condition holds, in the caller language, on create and update', async () => {
    const refused = await create({ name: 'lost one', budget: '1', stage: 'lost' }, 'zh-CN');
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'lossReason', code: 'requiredByFormula', message: '当 stage = "lost" 时，丢单原因 为必填项。' })]);
    const open = ok(await create({ name: 'open one', budget: '1', stage: 'open' }), 201);
    const update = await t.api('PATCH', `/api/records/pitch/${open.id}`, { stage: 'lost', lossReason: '  ' }, { headers: { 'accept-language': 'en' } });
    expect(update.status).toBe(422);
    expect(update.body.errors[0]).toMatchObject({ field: 'lossReason', message: 'Loss reason is required when stage = "lost".' });
    expect(ok(await t.api('GET', `/api/records/pitch/${open.id}`)).stage).toBe('open');
    ok(await t.api('PATCH', `/api/records/pitch/${open.id}`, { stage: 'lost', lossReason: 'price' }));
    // Clearing the condition's field later is refused too; dropping the condition lifts it.
    expect((await t.api('PATCH', `/api/records/pitch/${open.id}`, { lossReason: null })).status).toBe(422);
    ok(await t.api('PATCH', '/api/metadata/objects/pitch/fields/lossReason', { requiredWhen: null }));
    ok(await t.api('PATCH', `/api/records/pitch/${open.id}`, { lossReason: null }));
  });
});
