import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/** A case's SLA due time comes from its priority's configured hours, counted from the opening. */
describe(`case SLA (${testDbKind})`, () => {
  let t: TestApp;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('sets the due time from the priority, moves it when the priority changes, keeps one given explicitly', async () => {
    const urgent = ok(await t.api('POST', '/api/records/case', { subject: 'leak', priority: 'urgent' }), 201);
    expect(hoursBetween(urgent.createdAt, urgent.slaDueAt)).toBe(4);
    const medium = ok(await t.api('POST', '/api/records/case', { subject: 'question' }), 201);
    expect(hoursBetween(medium.createdAt, medium.slaDueAt)).toBe(24);
    const lowered = ok(await t.api('PATCH', `/api/records/case/${urgent.id}`, { priority: 'low' }));
    expect(hoursBetween(urgent.createdAt, lowered.slaDueAt)).toBe(72);
    const given = ok(await t.api('POST', '/api/records/case', { subject: 'agreed', priority: 'high', slaDueAt: '2030-01-01T00:00:00.000Z' }), 201);
    expect(given.slaDueAt).toBe('2030-01-01T00:00:00.000Z');
    const both = ok(await t.api('PATCH', `/api/records/case/${given.id}`, { priority: 'urgent', slaDueAt: '2031-01-01T00:00:00.000Z' }));
    expect(both.slaDueAt).toBe('2031-01-01T00:00:00.000Z');
  });

  it('the hours are configuration: a priority without them sets no due time', async () => {
    const field = ok(await t.api('GET', '/api/metadata/objects/case/fields/priority'));
    const values = field.values.map((v: { apiName: string; meta?: Record<string, unknown> }) => (v.apiName === 'low' ? { ...v, meta: { rank: 4 } } : v));
    ok(await t.api('PATCH', '/api/metadata/objects/case/fields/priority', { values }));
    const low = ok(await t.api('POST', '/api/records/case', { subject: 'someday', priority: 'low' }), 201);
    expect(low.slaDueAt).toBeNull();
  });
});
