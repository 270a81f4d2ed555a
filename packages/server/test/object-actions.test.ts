import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/** `GET /api/metadata/objects/{object}/actions`: the business actions the UI offers as buttons. */
describe(`object actions (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('lists the record and collection actions of an object, and none for an object without any', async () => {
    const quote = await t.api('GET', '/api/metadata/objects/quote/actions');
    expect(quote.status).toBe(200);
    // The quote's own actions, and those of its approval process (discountApproval in the standard model).
    expect(quote.body.actions.map((a: { name: string }) => a.name).sort()).toEqual(['accept', 'addProduct', 'approve', 'recalculate', 'recall', 'reject', 'revise', 'submitForApproval']);
    expect(quote.body.actions.find((a: { name: string }) => a.name === 'addProduct')).toMatchObject({ collection: false, description: expect.any(String) });
    const account = await t.api('GET', '/api/metadata/objects/account/actions');
    expect(account.body.actions).toEqual([expect.objectContaining({ name: 'recalculateValue', collection: true })]);
    expect((await t.api('GET', '/api/metadata/objects/contact/actions')).body.actions).toEqual([]);
  });

  it('answers 404 for an unknown object and 401 without a session', async () => {
    expect((await t.api('GET', '/api/metadata/objects/nope/actions')).status).toBe(404);
    expect((await t.api('GET', '/api/metadata/objects/quote/actions', undefined, { token: null })).status).toBe(401);
  });
});
