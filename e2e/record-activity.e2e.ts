import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, choose, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor, newWorkspace } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const ACCOUNT = '苏州恒远精密制造有限公司';
const PASSWORD = 'activity password 2026';
const rep = { email: 'lin.jing@activity.e2e.test', password: PASSWORD };
const colleague = { email: 'gao.feng@activity.e2e.test', password: PASSWORD };

/**
 * A rep works an account from its record page: logs a call (a refused duration first),
 * adds a task and marks it done, writes a note, edits fields in place (one the server
 * refuses) and sees every step in one timeline — at desktop and phone width. A colleague
 * the account is shared with never sees the rep's private activities in it.
 */
describe('record page activity timeline in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let accountId: string;
  let colleagueToken: string;

  const composer = () => page.getByTestId('composer');
  const timeline = () => page.getByTestId('timeline');
  const entry = (text: string): Locator => page.getByTestId('timeline-activity').filter({ hasText: text });

  beforeAll(async () => {
    const made = await newWorkspace(baseUrl, {
      slug: 'record_activity',
      name: '恒远销售',
      admin: { email: 'admin@activity.e2e.test', name: '活动管理员' },
    });
    const admin = await tokenFor(baseUrl, made);
    const userIds: string[] = [];
    for (const [who, name] of [[rep, '林静'], [colleague, '高峰']] as const) {
      const u = await apiCall<{ id: string }>(baseUrl, admin, 'POST', '/api/admin/users', { email: who.email, name, password: who.password, locale: 'zh-CN' });
      expect(u.status, JSON.stringify(u.body)).toBe(201);
      userIds.push(u.body.id);
    }
    // What the server refuses: a negative head count on an account, a call with a negative duration.
    for (const [object, apiName, condition, field, message] of [
      ['account', 'employeesNotNegative', 'employees < 0', 'employees', '员工人数不能为负数。'],
      ['activity', 'durationNotNegative', 'durationMinutes < 0', 'durationMinutes', '通话时长不能为负数。'],
    ] as const) {
      const rule = await apiCall(baseUrl, admin, 'POST', `/api/metadata/objects/${object}/validationRules`, { apiName, condition, field, message: { 'zh-CN': message, en: message } });
      expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    }
    const repToken = await tokenFor(baseUrl, rep);
    const account = await apiCall<{ id: string }>(baseUrl, repToken, 'POST', '/api/records/account', { name: ACCOUNT, industry: 'manufacturing', employees: 80 });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    accountId = account.body.id;
    // The colleague may read the account, not the rep's activities on it.
    const share = await apiCall(baseUrl, repToken, 'POST', `/api/records/account/${accountId}/shares`, { grantee: { type: 'user', id: userIds[1] }, access: 'read' });
    expect(share.status, JSON.stringify(share.body)).toBe(201);
    colleagueToken = await tokenFor(baseUrl, colleague);
    const own = await apiCall(baseUrl, colleagueToken, 'POST', '/api/records/activity', { name: '高峰的拜访计划', kind: 'note', account: accountId });
    expect(own.status, JSON.stringify(own.body)).toBe(201);

    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('logs a call in place: a refused duration shows beside its input, then the call appears with its duration', async () => {
    await signIn(page, rep);
    await page.goto(`/o/account/${accountId}`);
    await expect.poll(() => page.getByRole('heading', { name: ACCOUNT }).isVisible()).toBe(true);
    // The record's creation is already in the timeline; the colleague's note on the rep's account too (the owner reads its activities).
    await expect.poll(() => timeline().innerText()).toContain('创建了记录');
    await expect.poll(() => entry('高峰的拜访计划').count()).toBe(1);

    await composer().getByText('记录通话', { exact: true }).click();
    await composer().getByLabel('主题').fill('与采购部王经理电话沟通');
    await choose(page, '方向', '呼出', undefined, composer());
    await composer().getByLabel('时长（分钟）').fill('-5');
    await composer().getByLabel('描述').fill('确认了五轴加工中心的交期和付款方式。');
    await composer().getByRole('button', { name: '保存通话' }).click();
    await expect.poll(() => composer().locator('.ant-form-item-has-error').innerText()).toContain('通话时长不能为负数');
    await screenshot(page, '60-activity-call-refused');

    await composer().getByLabel('时长（分钟）').fill('15');
    await composer().getByRole('button', { name: '保存通话' }).click();
    await expect.poll(() => entry('与采购部王经理电话沟通').innerText()).toContain('15 分钟');
    expect(await entry('与采购部王经理电话沟通').innerText()).toContain('呼出');
    // The form is ready for the next one.
    expect(await composer().getByLabel('主题').inputValue()).toBe('');
    expect(await composer().locator('.ant-form-item-has-error').count()).toBe(0);
    expect(await timeline().locator('.ml-timeline-date').first().innerText()).toBe('今天');
    await screenshot(page, '61-activity-call-logged');
  });

  it('adds a task assigned to the rep by default, and marks it done from the timeline', async () => {
    await composer().getByText('新建任务', { exact: true }).click();
    await composer().getByLabel('主题').fill('发送五轴加工中心报价');
    expect(await composer().getByLabel('分配给').locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').innerText()).toContain('林静');
    const due = composer().getByLabel('截止时间');
    await due.click();
    await due.fill('2030-06-18 10:00');
    await due.press('Enter');
    await composer().getByRole('button', { name: '添加任务' }).click();
    await expect.poll(() => entry('发送五轴加工中心报价').innerText()).toContain('截止 2030年6月18日');
    await screenshot(page, '62-activity-task-open');

    await entry('发送五轴加工中心报价').getByRole('button', { name: '将“发送五轴加工中心报价”标记为完成' }).click();
    await expect.poll(() => entry('发送五轴加工中心报价').innerText()).toContain('已完成');
    expect(await entry('发送五轴加工中心报价').getByTestId('mark-done').count()).toBe(0);
  });

  it('writes a note', async () => {
    await composer().getByText('备注', { exact: true }).click();
    // A note asks for no call or task details.
    expect(await composer().getByLabel('时长（分钟）').count()).toBe(0);
    await composer().getByLabel('主题').fill('客户关注售后响应时间');
    await composer().getByLabel('描述').fill('希望 4 小时内到场，需要和服务部确认。');
    await composer().getByRole('button', { name: '保存备注' }).click();
    await expect.poll(() => entry('客户关注售后响应时间').innerText()).toContain('4 小时内到场');
    // Newest first.
    expect(await page.getByTestId('timeline-activity').first().innerText()).toContain('客户关注售后响应时间');
  });

  it('edits a field in place: a refusal stays beside the field with the value kept, an accepted change joins the timeline', async () => {
    const value = () => page.locator('[data-field="employees"]').innerText();
    expect(await value()).toBe('80');
    // Read-only and system fields have no pencil.
    expect(await page.getByTestId('inline-edit-createdAt').count()).toBe(0);

    await page.getByTestId('inline-edit-employees').click();
    const editor = page.getByTestId('inline-editor');
    const input = editor.getByLabel('员工人数');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill('-3');
    await input.press('Enter');
    await expect.poll(() => editor.getByTestId('inline-problem').innerText()).toContain('员工人数不能为负数');
    await screenshot(page, '63-inline-edit-refused');
    await input.press('Escape');
    await expect.poll(() => page.getByTestId('inline-editor').count()).toBe(0);
    expect(await value()).toBe('80');

    await page.getByTestId('inline-edit-employees').click();
    await page.getByTestId('inline-editor').getByLabel('员工人数').fill('120');
    await page.getByTestId('inline-editor').getByLabel('员工人数').press('Enter');
    await expect.poll(value).toBe('120');
    await expect.poll(() => page.getByTestId('timeline-history').first().innerText()).toContain('修改了 员工人数');
    expect(await page.getByTestId('timeline-history').first().innerText()).toContain('120');
    await screenshot(page, '64-inline-edit-in-timeline');
  });

  it('works at phone width with no sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await expect.poll(() => entry('与采购部王经理电话沟通').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByTestId('inline-edit-employees').scrollIntoViewIfNeeded();
    await screenshot(page, '65-record-phone-fields');
    await composer().scrollIntoViewIfNeeded();
    await screenshot(page, '66-record-phone-composer');
    await timeline().scrollIntoViewIfNeeded();
    await screenshot(page, '67-record-phone-timeline');
    expect(errors).toEqual([]);
  });

  it('a colleague the account is shared with sees its history and their own note, never the rep’s private activities', async () => {
    // The timeline's own query, through the API, as the colleague.
    const filter = { or: [{ and: [{ field: 'relatedObject', op: 'eq', value: 'account' }, { field: 'relatedId', op: 'eq', value: accountId }] }, { field: 'account', op: 'eq', value: accountId }] };
    const list = await apiCall<{ records: { name: string }[] }>(baseUrl, colleagueToken, 'GET', `/api/records/activity?fields=name&sort=-createdAt&filter=${encodeURIComponent(JSON.stringify(filter))}`);
    expect(list.status).toBe(200);
    expect(list.body.records.map((r) => r.name)).toEqual(['高峰的拜访计划']);

    const other = await newSession(browser, baseUrl, PHONE);
    try {
      await signIn(other.page, colleague);
      await other.page.goto(`/o/account/${accountId}`);
      await expect.poll(() => other.page.getByTestId('timeline').innerText()).toContain('修改了 员工人数');
      expect(await other.page.getByTestId('timeline-activity').allInnerTexts()).toEqual([expect.stringContaining('高峰的拜访计划')]);
      // Read access to this account only: no pencil is offered (the server would refuse the change), the record says so.
      await expect.poll(() => other.page.getByTestId('record-read-only').innerText()).toContain('只读');
      expect(await other.page.locator('[data-testid^="inline-edit-"]').count()).toBe(0);
      await screenshot(other.page, '68-colleague-read-only');
      expect(await other.page.locator('[data-field="employees"]').innerText()).toBe('120');
      expect(other.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});
