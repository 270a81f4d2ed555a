import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as BrowserPage } from 'playwright-core';
import { apiCall, choose, launchBrowser, newSession, PHONE, screenshot, tokenFor } from './support/browser.ts';
import { ADMIN } from './support/global-setup.ts';

const baseUrl = inject('baseUrl');
// Lists load slower while other suites share the machine: wait longer than expect.poll's one second.
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });
/** Signs in from the opportunity list's redirect, waiting as long as the page takes (the shared helper allows one second). */
async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/o/opportunity');
  await page.waitForURL(/\/signin/);
  await page.getByLabel('邮箱').fill(who.email);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/o\/opportunity/);
}

const COLLEAGUE = { email: 'wang.fang@e2e.test', password: 'wang fang password 2026' };

describe('saved list views in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  const header = () => page.locator('.ml-table .ant-table-thead').innerText();
  // The list is a virtual table: rows are .ml-row elements, not <tr>s of a tbody.
  const rows = () => page.locator('.ml-table .ml-row').allInnerTexts();
  // Other suites may share the server: only this suite's opportunities count.
  const names = async () =>
    (await rows())
      .map((row) => row.split(/[\t\n]/).map((cell) => cell.trim()).find((cell) => cell.startsWith('视图-')))
      .filter((n): n is string => n !== undefined)
      .sort();

  beforeAll(async () => {
    const token = await tokenFor(baseUrl, ADMIN);
    const me = await apiCall<{ id: string }>(baseUrl, token, 'GET', '/api/auth/me');
    const colleague = await apiCall<{ id: string }>(baseUrl, token, 'POST', '/api/admin/users', { ...COLLEAGUE, name: '王芳' });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(201);
    const account = await apiCall<{ id: string }>(baseUrl, token, 'POST', '/api/records/account', { name: '视图测试制造厂', industry: 'manufacturing' });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const opportunities = [
      { name: '视图-我的大单', ownerId: me.body.id, amount: { amount: '800000', currency: 'CNY' }, account: account.body.id },
      { name: '视图-我的小单', ownerId: me.body.id, amount: { amount: '5000', currency: 'CNY' } },
      { name: '视图-我已赢单', ownerId: me.body.id, stage: 'closedWon', closeReason: '价格' },
      { name: '视图-王芳的单', ownerId: colleague.body.id },
    ];
    for (const o of opportunities) {
      const r = await apiCall(baseUrl, token, 'POST', '/api/records/opportunity', o);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('opens opportunities on "All", and "My open opportunities" shows only mine that are still open', async () => {
    await signIn(page, ADMIN);
    await page.goto('/o/opportunity');
    await poll(() => page.getByTestId('view-picker').innerText()).toContain('全部商机');
    await poll(async () => (await rows()).join('\n')).toContain('视图-王芳的单');
    await choose(page, '列表视图', '我的进行中商机');
    await poll(() => page.url()).toMatch(/view=[0-9a-f-]{36}/);
    await poll(names).toEqual(['视图-我的大单', '视图-我的小单']);
    // The view's conditions read as words, "me" included.
    await poll(() => page.getByTestId('active-filters').innerText()).toContain('负责人 等于 我');
    expect(await page.getByTestId('active-filters').innerText()).toContain('不属于');
    await screenshot(page, 'views-01-my-open-opportunities');
  });

  it('saves a private view with its own filter and columns, which a reload keeps', async () => {
    // The view's two conditions are in the builder already; add a third.
    await page.getByTestId('filter-button').click();
    await poll(() => page.getByTestId('filter-row').count()).toBe(2);
    await page.getByRole('button', { name: '添加条件' }).click();
    await poll(() => page.getByTestId('filter-row').count()).toBe(3);
    await page.getByTestId('filter-row').last().locator('input:not([role=combobox])').fill('大单');
    // Fields of the related account can be filtered on too.
    await page.getByRole('button', { name: '添加条件' }).click();
    await poll(() => page.getByTestId('filter-row').count()).toBe(4);
    await choose(page, '字段', '客户 · 行业', '行业', page.getByTestId('filter-row').last());
    await page.getByTestId('filter-row').last().locator('.ml-filter-value .ant-select').click();
    // The field's dropdown may still be closing while the value's opens: retry until the option takes the click.
    const manufacturing = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '制造业' }).first();
    await poll(() => manufacturing.click({ timeout: 2_000 }).then(() => true, () => false)).toBe(true);
    await screenshot(page, 'views-02-filter-builder');
    await page.getByTestId('filter-apply').click();
    await poll(names).toEqual(['视图-我的大单']);
    expect(await page.getByTestId('active-filters').innerText()).toContain('客户 · 行业');

    await page.getByTestId('columns-button').click();
    await choose(page, '添加列', '客户 · 行业', '行业', page.getByTestId('column-chooser'));
    // The chooser lists the view's columns; the virtual table renders only the columns in view, so its
    // header need not show one added at the far right until there is room.
    await poll(() => page.getByTestId('column-chooser').innerText()).toContain('客户 · 行业');
    await page.getByRole('button', { name: '移除 赢率' }).click();
    await poll(header).toContain('客户 · 行业');
    await screenshot(page, 'views-03-column-chooser');
    await page.keyboard.press('Escape');
    expect(await header()).not.toContain('赢率');

    await page.getByTestId('view-save-as').click();
    await page.getByTestId('view-name').fill('我的华东大单');
    await screenshot(page, 'views-04-save-as');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await poll(() => page.getByTestId('view-picker').innerText()).toContain('我的华东大单');
    await poll(() => page.url()).not.toContain('columns=');

    await page.reload();
    await poll(() => page.getByTestId('view-picker').innerText()).toContain('我的华东大单');
    await poll(header).toContain('客户 · 行业');
    expect(await header()).not.toContain('赢率');
    await poll(async () => (await rows()).join('\n')).toContain('制造业');
    expect(await names()).toEqual(['视图-我的大单']);
    await screenshot(page, 'views-05-saved-view-after-reload');
  });

  it('renames the view, and a colleague does not see it', async () => {
    await page.getByTestId('view-menu').click();
    await page.getByRole('menuitem', { name: '重命名' }).click();
    await page.getByTestId('view-name').fill('我的大单');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await poll(() => page.getByTestId('view-picker').innerText()).toContain('我的大单');

    const other = await newSession(browser, baseUrl);
    try {
      const p = other.page;
      await signIn(p, COLLEAGUE);
      await p.goto('/o/opportunity');
      await p.getByLabel('列表视图', { exact: true }).click();
      const options = p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
      await poll(() => options.innerText()).toContain('我的进行中商机');
      expect(await options.innerText()).not.toContain('我的大单');
      await screenshot(p, 'views-06-colleague-picker');
      // Not by its address either: the view is not found for her, and the list falls back to its default.
      await p.keyboard.press('Escape');
      await p.goto(page.url().replace(/^https?:\/\/[^/]+/, ''));
      await poll(() => p.getByTestId('view-picker').innerText()).not.toContain('我的大单');
      expect(other.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('works at phone width, and deletes the view after confirmation', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      await signIn(phone.page, ADMIN);
      await phone.page.goto(page.url().replace(/^https?:\/\/[^/]+/, ''));
      await poll(() => phone.page.getByTestId('view-picker').innerText()).toContain('我的大单');
      await screenshot(phone.page, 'views-07-phone');
    } finally {
      await phone.context.close();
    }
    await page.getByTestId('view-menu').click();
    await page.getByRole('menuitem', { name: '删除视图' }).click();
    await screenshot(page, 'views-08-delete-confirm');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '删除视图' }).click();
    await poll(() => page.getByTestId('view-picker').innerText()).toContain('全部商机');
    const token = await tokenFor(baseUrl, ADMIN);
    const left = await apiCall<{ views: { label: unknown }[] }>(baseUrl, token, 'GET', '/api/views?object=opportunity');
    expect(JSON.stringify(left.body.views)).not.toContain('我的大单');
    expect(errors).toEqual([]);
  });
});
