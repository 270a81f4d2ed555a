import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, q, type ApiResponse, type TestApp } from './support/test-app.ts';
import { testDbKind } from './support/test-db.ts';

/**
 * The business mainline through the HTTP API: campaign → lead → conversion →
 * opportunity → quote (price book, tiers, configured products) → order and
 * credit → service and satisfaction → club → feedback → customer 360 and
 * customer value, with the refusals a user would hit.
 */

const CREDIT_CODE = '91310000MA1FL8XQ30'.slice(0, 17);

describe(`the business mainline (${testDbKind})`, () => {
  let t: TestApp;
  const ok = (r: ApiResponse, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const create = async (object: string, body: Record<string, unknown>) => ok(await t.api('POST', `/api/records/${object}`, body), 201);
  const action = (object: string, id: string, name: string, body: unknown = {}) => t.api('POST', `/api/records/${object}/${id}/actions/${name}`, body);
  const get = async (object: string, id: string) => ok(await t.api('GET', `/api/records/${object}/${id}`));
  const cny = (amount: string) => ({ amount, currency: 'CNY' });
  let validCode: string;
  type Key = 'book' | 'lathe' | 'center' | 'spindle12' | 'spindle24' | 'coolant' | 'manual' | 'optSp12' | 'optSp24' | 'optCoolant' | 'account' | 'contact' | 'opportunity' | 'quote' | 'order' | 'case';
  const ids = {} as Record<Key, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const { creditCodeCheck } = await import('@mainline/core');
    validCode = CREDIT_CODE + creditCodeCheck(CREDIT_CODE);
    const book = await create('priceBook', { name: '标准价格表', isStandard: true, currency: 'CNY' });
    ids.book = book.id;
    ids.lathe = (await create('product', { name: '数控车床 CK6150', code: 'CK6150', family: 'equipment' })).id;
    ids.center = (await create('product', { name: '立式加工中心 VMC850', code: 'VMC850', family: 'equipment', configurable: true })).id;
    ids.spindle12 = (await create('product', { name: '12000 转主轴', code: 'SP12', family: 'parts' })).id;
    ids.spindle24 = (await create('product', { name: '24000 转主轴', code: 'SP24', family: 'parts' })).id;
    ids.coolant = (await create('product', { name: '基础冷却系统', code: 'CL1', family: 'parts' })).id;
    ids.manual = (await create('product', { name: '操作手册', code: 'DOC', family: 'service' })).id;
    for (const [product, price, tiers] of [
      [ids.lathe, '100.00', [{ minQuantity: '10', unitPrice: '90.00' }, { minQuantity: '50', unitPrice: '80.00' }]],
      [ids.center, '1000.00', null],
      [ids.spindle12, '200.00', null],
      [ids.spindle24, '350.00', null],
      [ids.coolant, '50.00', null],
    ] as const) {
      await create('priceBookEntry', { priceBook: ids.book, product, listPrice: cny(price), ...(tiers ? { tiers } : {}) });
    }
    ids.optSp12 = (await create('productOption', { name: '12k 主轴', product: ids.center, optionProduct: ids.spindle12, group: 'spindle', minSelect: 1, maxSelect: 1 })).id;
    ids.optSp24 = (await create('productOption', { name: '24k 主轴', product: ids.center, optionProduct: ids.spindle24, group: 'spindle', minSelect: 1, maxSelect: 1, excludes: 'coolant' })).id;
    ids.optCoolant = (await create('productOption', { name: '基础冷却', product: ids.center, optionProduct: ids.coolant, group: 'coolant', minSelect: 0, maxSelect: 1 })).id;
    await create('bomComponent', { product: ids.center, component: ids.manual, quantity: '1' });
  });
  afterAll(() => t?.close());

  it('campaign → lead → conversion into account, contact and opportunity, once', async () => {
    const campaign = await create('campaign', { name: '2026 上海工博会', type: 'tradeShow', status: 'active' });
    const lead = await create('lead', { name: '王伟', company: '华东精密机械有限公司', email: 'wang.wei@hdjm.cn', mobile: '13800138000', creditCode: validCode, campaign: campaign.id, source: 'tradeShow' });
    await create('campaignMember', { campaign: campaign.id, lead: lead.id, status: 'responded' });
    const converted = ok(await action('lead', lead.id, 'convert', { opportunity: { name: '华东精密 - 加工中心采购', amount: cny('850000.00') } }));
    expect(converted.account).toMatchObject({ name: '华东精密机械有限公司', creditCode: validCode, type: 'customer' });
    expect(converted.contact).toMatchObject({ name: '王伟', account: converted.account.id, email: 'wang.wei@hdjm.cn' });
    expect(converted.opportunity).toMatchObject({ account: converted.account.id, contact: converted.contact.id, campaign: campaign.id, stage: 'prospecting', probability: '10' });
    expect(converted.lead).toMatchObject({ status: 'converted', convertedAccount: converted.account.id, convertedContact: converted.contact.id, convertedOpportunity: converted.opportunity.id });
    ids.account = converted.account.id;
    ids.contact = converted.contact.id;
    ids.opportunity = converted.opportunity.id;

    const again = await action('lead', lead.id, 'convert', {});
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ field: 'status', code: 'alreadyConverted' });

    // A second lead from the same company: the existing account is offered instead of a duplicate.
    const second = await create('lead', { name: '李娜', company: '华东精密机械有限公司', email: 'li.na@hdjm.cn' });
    const dup = await action('lead', second.id, 'convert', { opportunity: false });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ field: 'accountId', code: 'duplicatesFound' });
    expect(dup.body.duplicates).toEqual([{ id: ids.account, name: '华东精密机械有限公司', matchedOn: 'name' }]);
    expect((await get('lead', second.id)).status).toBe('new');
    const joined = ok(await action('lead', second.id, 'convert', { accountId: ids.account, opportunity: false }));
    expect(joined.contact.account).toBe(ids.account);
    expect(joined.opportunity).toBeNull();
    const contacts = ok(await t.api('GET', `/api/records/contact${q({ filter: { field: 'account', op: 'eq', value: ids.account } })}`)).records;
    expect(contacts.map((c: { name: string }) => c.name).sort()).toEqual(['李娜', '王伟']);
  });

  it('a bad credit code is refused by its check character', async () => {
    const r = await t.api('POST', '/api/records/account', { name: '录入错误公司', creditCode: validCode.slice(0, 17) + (validCode.endsWith('0') ? '1' : '0') });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'creditCode', code: 'invalidCreditCode' });
  });

  it('opportunity stages set the probability and closing needs a reason', async () => {
    expect(ok(await t.api('PATCH', `/api/records/opportunity/${ids.opportunity}`, { stage: 'proposal' })).probability).toBe('60');
    const lost = await t.api('PATCH', `/api/records/opportunity/${ids.opportunity}`, { stage: 'closedLost' }, { headers: { 'accept-language': 'en' } });
    expect(lost.status).toBe(400);
    expect(lost.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['lostReason:requiredWhen', 'closeReason:requiredWhen']);
    expect(lost.body.errors[0].message).toBe('lostReason is required when stage is closedLost.');
    expect((await get('opportunity', ids.opportunity)).stage).toBe('proposal');
    const history = ok(await t.api('GET', `/api/records/opportunity/${ids.opportunity}/history`)).entries;
    expect(history.filter((e: { field: string }) => e.field === 'stage').map((e: { newValue: string }) => e.newValue)).toEqual(['proposal']);
  });

  it('a quote prices lines from the price book with tiers, configures products and refuses invalid combinations, exactly', async () => {
    const quote = await create('quote', { account: ids.account, contact: ids.contact, opportunity: ids.opportunity, title: '加工设备报价' });
    expect(quote.name).toMatch(/^Q-\d{4}-\d{6}$/);
    ids.quote = quote.id;
    const lathe = ok(await action('quote', quote.id, 'addProduct', { product: ids.lathe, quantity: 12, discount: 5 }));
    expect(lathe.lines[0]).toMatchObject({ lineNumber: 1, quantity: '12', listPrice: cny('100.00'), unitPrice: cny('90.00'), discount: '5', netAmount: cny('1026.00') });

    const invalid = await action('quote', quote.id, 'addProduct', { product: ids.center, options: [{ option: ids.optSp24 }, { option: ids.optCoolant }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ code: 'optionExcludes' });
    expect(invalid.body.errors[0].message).toContain('不能与');
    const missing = await action('quote', quote.id, 'addProduct', { product: ids.center, options: [] });
    expect(missing.status).toBe(400);
    const center = ok(await action('quote', quote.id, 'addProduct', { product: ids.center, quantity: 2, options: [{ option: ids.optSp12 }, { option: ids.optCoolant }] }));
    expect(center.lines.map((l: { product: string; quantity: string; netAmount: { amount: string } }) => [l.product, l.quantity, l.netAmount.amount])).toEqual([
      [ids.center, '2', '2000.00'],
      [ids.spindle12, '2', '400.00'],
      [ids.coolant, '2', '100.00'],
      [ids.manual, '2', '0.00'],
    ]);
    expect(center.lines.slice(1).every((l: { parentLine: string }) => l.parentLine === center.lines[0].id)).toBe(true);

    // The quote discount and tax re-price the totals at once; totals are derived and cannot be written.
    const discounted = ok(await t.api('PATCH', `/api/records/quote/${quote.id}`, { discount: '10' }));
    expect(discounted.discount).toBe('10');
    const priced = await get('quote', quote.id);
    expect([priced.subtotal.amount, priced.discountAmount.amount, priced.taxAmount.amount, priced.total.amount]).toEqual(['3526.00', '352.60', '412.54', '3585.94']);
    const forged = await t.api('PATCH', `/api/records/quote/${quote.id}`, { total: cny('1.00') });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0]).toMatchObject({ field: 'total', code: 'readOnlyField' });
    // Re-pricing an unchanged quote writes nothing: no history entry claims 3585.94 changed to 3585.94.
    const before = ok(await t.api('GET', `/api/records/quote/${quote.id}/history`)).entries.length;
    ok(await action('quote', quote.id, 'recalculate'));
    expect(ok(await t.api('GET', `/api/records/quote/${quote.id}/history`)).entries.length).toBe(before);
    // Changing a line re-prices the quote in the same transaction.
    ok(await t.api('PATCH', `/api/records/quoteLineItem/${lathe.lines[0].id}`, { quantity: '50' }));
    expect((await get('quote', quote.id)).subtotal.amount).toBe(`${(4000 * 0.95 + 2500).toFixed(2)}`);
  });

  it('a quote is revised into a new version and accepted into an order with the same lines', async () => {
    const revised = ok(await action('quote', ids.quote, 'revise'));
    expect(revised.previous.status).toBe('superseded');
    expect(revised.quote).toMatchObject({ version: 2, previousVersion: ids.quote, status: 'draft' });
    expect(revised.quote.total).toEqual((await get('quote', ids.quote)).total);
    expect((await action('quote', ids.quote, 'accept')).status).toBe(409);
    const accepted = ok(await action('quote', revised.quote.id, 'accept'));
    expect(accepted.quote.status).toBe('accepted');
    expect(accepted.order).toMatchObject({ account: ids.account, quote: revised.quote.id, status: 'draft', total: revised.quote.total });
    expect(accepted.order.name).toMatch(/^SO-\d{4}-\d{6}$/);
    const lines = ok(await t.api('GET', `/api/records/orderLineItem${q({ filter: { field: 'order', op: 'eq', value: accepted.order.id }, sort: 'lineNumber' })}`)).records;
    expect(lines.map((l: { netAmount: { amount: string } }) => l.netAmount.amount)).toEqual(['3800.00', '2000.00', '400.00', '100.00', '0.00']);
    expect((await action('quote', revised.quote.id, 'accept')).status).toBe(409);
    ids.order = accepted.order.id;
  });

  it('placing an order checks credit: held with the reason when over the limit, placed when within', async () => {
    ok(await t.api('PATCH', `/api/records/account/${ids.account}`, { creditLimit: cny('5000.00'), receivables: cny('1000.00') }));
    const held = ok(await action('order', ids.order, 'place'), 200);
    expect(held.order.status).toBe('onHold');
    expect(held.order.holdReason).toContain('信用额度不足');
    expect(held.credit).toMatchObject({ ok: false, limit: '5000.00' });
    ok(await t.api('PATCH', `/api/records/account/${ids.account}`, { creditLimit: cny('20000.00') }));
    const placed = ok(await action('order', ids.order, 'place'));
    expect(placed.order).toMatchObject({ status: 'placed', holdReason: null });
    expect((await action('order', ids.order, 'place')).status).toBe(409);
  });

  it('the club: fulfilled orders earn points, tiers follow, rewards are redeemed from an append-only ledger', async () => {
    const program = await create('loyaltyProgram', { name: '精密之友俱乐部', pointsPerUnit: '0.1' });
    await create('loyaltyTier', { name: '银卡', program: program.id, rank: 1, minPoints: 0, multiplier: '1' });
    const gold = await create('loyaltyTier', { name: '金卡', program: program.id, rank: 2, minPoints: 500, multiplier: '1.5' });
    const member = await create('loyaltyMember', { name: '华东精密会员', program: program.id, account: ids.account, contact: ids.contact });
    expect(member.pointsBalance).toBe(0);
    const fulfilled = ok(await action('order', ids.order, 'fulfil'));
    const total = Number((await get('order', ids.order)).total.amount);
    expect(fulfilled.pointsEarned).toEqual([{ member: member.id, points: Math.floor(total * 0.1) }]);
    const after = await get('loyaltyMember', member.id);
    expect(after).toMatchObject({ pointsBalance: Math.floor(total * 0.1), lifetimePoints: Math.floor(total * 0.1), tier: gold.id });

    const reward = await create('reward', { name: '原厂保养一次', program: program.id, pointsCost: 300, stock: 1 });
    const redeemed = ok(await action('loyaltyMember', member.id, 'redeem', { reward: reward.id }));
    expect(redeemed.member.pointsBalance).toBe(after.pointsBalance - 300);
    expect(redeemed.entry).toMatchObject({ kind: 'redeem', points: -300, balanceAfter: after.pointsBalance - 300 });
    expect((await get('reward', reward.id)).stock).toBe(0);
    expect((await action('loyaltyMember', member.id, 'redeem', { reward: reward.id })).status).toBe(409);
    const big = await create('reward', { name: '数控系统升级', program: program.id, pointsCost: 1_000_000 });
    const poor = await action('loyaltyMember', member.id, 'redeem', { reward: big.id });
    expect(poor.status).toBe(409);
    expect(poor.body.errors[0]).toMatchObject({ field: 'reward', code: 'insufficientPoints' });
    // A direct entry that would take the balance below zero is refused the same way.
    expect((await t.api('POST', '/api/records/pointsLedgerEntry', { member: member.id, kind: 'adjust', points: -1_000_000 })).status).toBe(409);

    const entries = ok(await t.api('GET', `/api/records/pointsLedgerEntry${q({ filter: { field: 'member', op: 'eq', value: member.id } })}`)).records;
    expect(entries.reduce((s: number, e: { points: number }) => s + e.points, 0)).toBe((await get('loyaltyMember', member.id)).pointsBalance);
    expect((await t.api('PATCH', `/api/records/pointsLedgerEntry/${entries[0].id}`, { points: 99999 })).status).toBe(409);
    expect((await t.api('DELETE', `/api/records/pointsLedgerEntry/${entries[0].id}`)).status).toBe(409);
    const forged = await t.api('PATCH', `/api/records/loyaltyMember/${member.id}`, { pointsBalance: 1_000_000 });
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0]).toMatchObject({ field: 'pointsBalance', code: 'readOnlyField' });
  });

  it('service: closing a case sends the survey; the answer lands on the case and the account', async () => {
    await create('survey', { name: '服务满意度回访', type: 'csat', status: 'active', sendOnCaseClose: true });
    const kase = await create('case', { subject: '主轴异响', account: ids.account, contact: ids.contact, priority: 'high', channel: 'phone', type: 'problem' });
    expect(kase.name).toMatch(/^CS-\d{4}-\d{6}$/);
    const closed = ok(await action('case', kase.id, 'close', { resolution: '更换主轴轴承' }));
    expect(closed.case).toMatchObject({ status: 'closed' });
    expect(closed.case.closedAt).toBeTruthy();
    expect(closed.surveyResponse).toMatchObject({ case: kase.id, contact: ids.contact, account: ids.account, status: 'sent' });
    const bad = await action('surveyResponse', closed.surveyResponse.id, 'answer', { csatScore: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('csatScore');
    ok(await action('surveyResponse', closed.surveyResponse.id, 'answer', { csatScore: 4, npsScore: 9, comment: '工程师很专业' }));
    expect((await action('surveyResponse', closed.surveyResponse.id, 'answer', { csatScore: 5 })).status).toBe(409);
    expect(await get('case', kase.id)).toMatchObject({ csatScore: 4, npsScore: 9 });
    expect(await get('account', ids.account)).toMatchObject({ csatAverage: '4', npsLatest: 9 });
    expect((await action('case', kase.id, 'close')).status).toBe(409);
    ids.case = kase.id;
  });

  it('feedback is tracked to closure with a resolution, linked to account and case', async () => {
    const fb = await create('feedback', { kind: 'complaint', subject: '交付延迟', account: ids.account, case: ids.case, severity: 'high' });
    expect((await action('feedback', fb.id, 'close', {})).status).toBe(400);
    const closed = ok(await action('feedback', fb.id, 'close', { resolution: '补偿一次免费保养' }));
    expect(closed.feedback).toMatchObject({ status: 'closed', resolution: '补偿一次免费保养', account: ids.account, case: ids.case });
  });

  it('customer 360 and customer value', async () => {
    await create('activity', { name: '回访电话', kind: 'call', account: ids.account, contact: ids.contact, direction: 'outbound', durationMinutes: 15 });
    const view = ok(await t.api('GET', `/api/records/account/${ids.account}/customer360`));
    expect(view.account.name).toBe('华东精密机械有限公司');
    expect(view.contacts.length).toBe(2);
    expect(view.quotes.length).toBe(2);
    expect(view.orders.map((o: { id: string }) => o.id)).toContain(ids.order);
    expect(view.cases.map((c: { id: string }) => c.id)).toContain(ids.case);
    expect(view.activities[0]).toMatchObject({ name: '回访电话', kind: 'call' });
    expect(view.satisfaction).toMatchObject({ csatAverage: '4', npsLatest: 9 });
    expect(view.club[0]).toMatchObject({ account: ids.account });
    expect(view.credit).toMatchObject({ limit: '20000.00', receivables: '1000.00', openOrders: '0.00' });

    const other = await create('account', { name: 'Acme Trading Ltd.' });
    const order = await create('order', { account: other.id });
    ok(await action('order', order.id, 'place'));
    const value = ok(await t.api('POST', '/api/records/account/actions/recalculateValue', {}));
    expect(value.scored).toBe(2);
    const scored = await get('account', ids.account);
    expect(scored.rfmScore).toBeGreaterThanOrEqual(3);
    expect(['high', 'medium', 'low']).toContain(scored.valueLevel);
  });

  it('unknown actions and records out of reach answer clearly', async () => {
    const unknown = await action('quote', ids.quote, 'explode');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'action', code: 'unknownAction' });
    expect((await action('order', '0190a000-0000-7000-8000-000000000000', 'place')).status).toBe(404);
    const wrong = await action('quote', ids.quote, 'addProduct', { product: 'not-a-uuid', quantity: -1, extra: true });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(expect.arrayContaining(['product:invalidValue', 'quantity:invalidValue']));
    expect(wrong.body.errors.some((e: { code: string; message: string }) => e.code === 'unknownField')).toBe(true);
  });

  it('lists the business actions per object in the workspace’s OpenAPI document, which stays valid', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const doc = ok(await t.api('GET', '/api/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/records/lead/{id}/actions/convert', '/api/records/quote/{id}/actions/accept', '/api/records/order/{id}/actions/place', '/api/records/account/actions/recalculateValue']));
    expect(doc.paths['/api/records/lead/{id}/actions/convert'].post.tags).toEqual(['lead']);
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
  });
});

