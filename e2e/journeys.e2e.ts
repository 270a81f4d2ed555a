import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addFilterRow, apiCall, choose, formField, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor } from './support/browser.ts';
import { ADMIN } from './support/global-setup.ts';

const baseUrl = inject('baseUrl');
const ACCOUNT = '华东精密机械有限公司';

describe('the web app in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('signs in with email and password on the zh-CN sign-in page; the session is an httpOnly cookie', async () => {
    await page.goto('/o/account');
    await page.waitForURL(/\/signin\?returnTo=%2Fo%2Faccount/);
    await expect.poll(() => page.getByRole('heading', { name: '登录' }).isVisible()).toBe(true);
    await screenshot(page, '01-sign-in');
    await signIn(page, ADMIN);
    expect(page.url()).toContain('/o/account');
    await expect.poll(() => page.getByRole('heading', { name: '客户' }).isVisible()).toBe(true);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name !== '')?.httpOnly).toBe(true);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => /token|session/i.test(k)))).toEqual([]);
    // The sidebar lists the objects from metadata.
    await expect.poll(() => page.locator('.ml-nav').innerText()).toMatch(/销售[\s\S]*客户[\s\S]*联系人[\s\S]*商机[\s\S]*市场[\s\S]*线索[\s\S]*服务[\s\S]*服务工单/);
    await expect.poll(() => page.getByTestId('setup-link').innerText()).toBe('设置');
  });

  it('switches to English and back, saving the choice to the account', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Accounts' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('.ml-nav').innerText()).toMatch(/Sales[\s\S]*Accounts[\s\S]*Contacts[\s\S]*Marketing[\s\S]*Leads/);
    await expect.poll(() => page.getByTestId('setup-link').innerText()).toBe('Setup');
    // Saved on the server: a reload (and any other browser) comes back in English.
    await expect.poll(async () => (await page.request.get('/api/auth/me')).json().then((me: { locale: string }) => me.locale)).toBe('en');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Accounts' }).isVisible()).toBe(true);
    await screenshot(page, '02-list-english');
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '客户' }).isVisible()).toBe(true);
    await expect.poll(async () => (await page.request.get('/api/auth/me')).json().then((me: { locale: string }) => me.locale)).toBe('zh-CN');
  });

  it('creates an account, then a contact linked to it through the lookup type-ahead', async () => {
    await page.getByTestId('new-record').click();
    await formField(page, '名称').fill(ACCOUNT);
    await choose(page, '行业', '制造业', undefined, page.locator('.ant-drawer-open'));
    await formField(page, '电话').fill('021-64881234');
    await formField(page, '网站').fill('https://hdjm.example.cn');
    await screenshot(page, '03-account-form');
    await page.getByTestId('record-save').click();
    await page.waitForURL(/\/o\/account\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('record-name').innerText()).toBe(ACCOUNT);
    await expect.poll(() => page.getByTestId('timeline').innerText()).toContain('创建了记录');
    await screenshot(page, '04-account-record');

    await page.goto('/o/contact');
    await page.getByTestId('new-record').click();
    await formField(page, '名称').fill('王伟');
    await choose(page, '客户', ACCOUNT, '华东', page.locator('.ant-drawer-open'));
    await formField(page, '邮箱').fill('not-an-email');
    await page.getByTestId('record-save').click();
    // The server's problem+json names the field; the form shows it beside that field.
    await expect.poll(() => page.locator('#email_help, .ant-form-item-has-error').first().innerText()).not.toBe('');
    await screenshot(page, '05-contact-form-server-error');
    await formField(page, '邮箱').fill('wangwei@hdjm.example.cn');
    await page.getByTestId('record-save').click();
    await page.waitForURL(/\/o\/contact\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('[data-field="account"]').innerText()).toBe(ACCOUNT);
    await screenshot(page, '06-contact-record');

    // The list shows the lookup by name, with the total.
    await page.goto('/o/contact');
    await expect.poll(() => page.getByTestId('list-total').innerText()).toBe('共 1 条');
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain(ACCOUNT);
    await screenshot(page, '07-contact-list');
    expect(errors).toEqual([]);
  });

  it('adds a custom field in Setup and sees it in the list, the form and the filter', async () => {
    await page.getByTestId('setup-link').click();
    await page.waitForURL(/\/setup$/);
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain('account');
    await screenshot(page, '08-setup-objects');
    await page.locator('.ml-row', { hasText: 'account' }).click();
    await page.waitForURL(/\/setup\/objects\/account$/);
    await page.getByTestId('new-field').click();
    await formField(page, 'API 名称').fill('customerCode');
    await page.getByTestId('label-zh-CN').first().fill('客户编码');
    await page.getByTestId('label-zh-TW').first().fill('客戶編碼');
    await page.getByTestId('label-en').first().fill('Customer code');
    await formField(page, '最大长度').fill('20');
    await screenshot(page, '09-setup-new-field');
    await page.getByTestId('field-save').click();
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain('customerCode');
    await screenshot(page, '10-setup-fields');

    // The list has the new column; the form the new input, with its max length.
    await page.goto('/o/account');
    await expect.poll(() => page.locator('.ml-table thead').innerText()).toContain('客户编码');
    await page.locator('.ml-row', { hasText: ACCOUNT }).click();
    await page.getByTestId('record-edit').click();
    await expect.poll(() => formField(page, '客户编码').getAttribute('maxlength')).toBe('20');
    await formField(page, '客户编码').fill('HD-0001');
    await page.getByTestId('record-save').click();
    await expect.poll(() => page.locator('[data-field="customerCode"]').innerText()).toBe('HD-0001');
    await expect.poll(() => page.getByTestId('timeline').innerText()).toContain('修改了 客户编码');

    // A second account, so the filter has something to leave out.
    await page.goto('/o/account');
    await page.getByTestId('new-record').click();
    await formField(page, '名称').fill('深圳前海贸易有限公司');
    await formField(page, '客户编码').fill('SZ-0002');
    await page.getByTestId('record-save').click();
    await page.waitForURL(/\/o\/account\/[0-9a-f-]{36}$/);
    await page.goto('/o/account');
    await expect.poll(() => page.getByTestId('list-total').innerText()).toBe('共 2 条');

    await addFilterRow(page);
    await choose(page, '字段', '客户编码', '客户编码', page.locator('.ml-filter'));
    await page.getByTestId('filter-row').locator('input:not([role=combobox])').fill('HD');
    await screenshot(page, '11-filter-builder');
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('list-total').innerText()).toBe('共 1 条');
    await expect.poll(() => page.getByTestId('active-filters').innerText()).toContain('客户编码 包含 HD');
    await expect.poll(() => page.locator('.ml-table .ant-table-tbody').innerText()).toContain(ACCOUNT);
    expect(await page.locator('.ml-table .ant-table-tbody').innerText()).not.toContain('深圳前海');
    await screenshot(page, '12-account-list-filtered');

    // Server-side sort: by name, descending.
    await page.goto('/o/account?sort=-name');
    await expect.poll(async () => (await page.locator('.ml-row').first().innerText()).includes('深圳前海')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('in Setup: a role under another, a profile hiding a field, a user with both; signed in, that user sees the field nowhere', async () => {
    const dialog = () => page.getByRole('dialog');
    const ok = () => dialog().locator('.ant-modal-footer .ant-btn-primary').click();
    // The role hierarchy: 渠道总监 with 渠道销售 below it.
    await page.goto('/setup/roles');
    await page.getByTestId('new-top-role').click();
    await page.getByTestId('role-name').fill('渠道总监');
    await ok();
    await page.getByTestId('role-渠道总监').waitFor();
    await page.getByTestId('add-child-role').click();
    await page.getByTestId('role-name').fill('渠道销售');
    await ok();
    await page.getByTestId('role-渠道销售').waitFor();
    await screenshot(page, '13-setup-roles');

    // A profile copied from Standard User: no deleting anywhere, all accounts visible, the customer code hidden, the phone read-only.
    await page.getByTestId('setup-nav-profiles').click();
    await page.getByTestId('new-holder').click();
    await page.getByTestId('holder-name').fill('销售（无编码）');
    await choose(page, '复制权限自', 'Standard User', undefined, dialog());
    await ok();
    await expect.poll(() => page.getByTestId('holder-editor').getByLabel('名称', { exact: true }).inputValue()).toBe('销售（无编码）');
    await page.getByLabel('默认（所有未单独设置的对象）: 删除').uncheck();
    await page.getByLabel('客户: 查看全部').check();
    await page.locator('tr', { has: page.getByTestId('matrix-row-account') }).getByRole('button').first().click();
    await page.getByTestId('field-level-account-customerCode').getByText('隐藏', { exact: true }).click();
    await page.getByTestId('field-level-account-phone').getByText('只读', { exact: true }).click();
    await screenshot(page, '13b-setup-profile-matrix');
    await page.getByTestId('holder-save').click();
    const token = await tokenFor(baseUrl, ADMIN);
    await expect
      .poll(async () => (await apiCall<{ profiles: { name: string; permissions: unknown }[] }>(baseUrl, token, 'GET', '/api/admin/profiles')).body.profiles.find((p) => p.name === '销售（无编码）')?.permissions)
      .toMatchObject({ allObjects: { read: true, create: true, edit: true, delete: false }, objects: { account: { viewAll: true, delete: false } }, fields: { account: { customerCode: 'hidden', phone: 'readOnly' } } });

    // The user, with that role and profile.
    const rep = { email: 'li.na@e2e.test', password: 'li na password 2026' };
    await page.getByTestId('setup-nav-users').click();
    await page.getByTestId('new-user').click();
    await formField(page, '姓名').fill('李娜');
    await formField(page, '邮箱').fill(rep.email);
    await formField(page, '初始密码').fill(rep.password);
    await choose(page, '角色', '渠道销售', '渠道销售', page.locator('.ant-drawer-open'));
    await choose(page, '简档', '销售（无编码）', undefined, page.locator('.ant-drawer-open'));
    await screenshot(page, '13c-setup-new-user');
    await page.getByTestId('user-save').click();
    await expect.poll(() => page.locator('.ml-table tbody').innerText()).toContain('li.na@e2e.test');
    expect(await page.locator('.ml-table tr', { hasText: 'li.na@e2e.test' }).innerText()).toMatch(/渠道销售[\s\S]*销售（无编码）/);
    expect(errors).toEqual([]);

    const other = await newSession(browser, baseUrl);
    try {
      const p = other.page;
      await signIn(p, rep);
      await p.goto('/o/account');
      await expect.poll(() => p.locator('.ml-table thead').innerText()).toContain('行业');
      expect(await p.locator('.ml-table thead').innerText()).not.toContain('客户编码');
      expect(await p.getByTestId('setup-link').count()).toBe(0);
      await addFilterRow(p);
      await p.locator('.ml-filter').getByLabel('字段', { exact: true }).click();
      await expect.poll(() => p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').innerText()).toContain('行业');
      expect(await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').innerText()).not.toContain('客户编码');
      await p.keyboard.press('Escape');
      await p.goto('/o/account');
      await p.locator('.ml-row', { hasText: ACCOUNT }).click();
      await expect.poll(() => p.getByTestId('record-name').innerText()).toBe(ACCOUNT);
      expect(await p.locator('.ml-page').innerText()).not.toContain('HD-0001');
      // All accounts visible, someone else's not editable: read only, nothing offered that the server would refuse.
      await expect.poll(() => p.getByTestId('record-read-only').innerText()).toContain('只读');
      expect(await p.getByTestId('record-delete').count()).toBe(0);
      expect(await p.getByTestId('record-edit').count()).toBe(0);
      // The form of a new account: the customer code absent, the phone read-only.
      await p.goto('/o/account');
      await p.getByTestId('new-record').click();
      await expect.poll(() => formField(p, '电话').isDisabled()).toBe(true);
      expect(await formField(p, '客户编码').count()).toBe(0);
      await p.locator('.ant-drawer-open .ant-drawer-title').waitFor({ state: 'visible' });
      await screenshot(p, '13d-restricted-user-form');
      expect(other.errors).toEqual([]);
    } finally {
      await other.context.close();
    }
  });

  it('works at phone width: list and record page', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      const p = phone.page;
      await signIn(p, ADMIN);
      await p.goto('/o/account');
      await expect.poll(() => p.locator('.ml-table').innerText()).toContain(ACCOUNT);
      await screenshot(p, '14-phone-list');
      await p.getByTestId('nav-toggle').click();
      await expect.poll(() => p.locator('.ml-nav').isVisible()).toBe(true);
      await screenshot(p, '15-phone-navigation');
      await p.locator('.ml-nav').getByText('客户', { exact: true }).click();
      await p.locator('.ml-row', { hasText: ACCOUNT }).click();
      await expect.poll(() => p.getByTestId('record-name').innerText()).toBe(ACCOUNT);
      await screenshot(p, '16-phone-record');
      // No sideways scrolling of the page itself.
      expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    } finally {
      await phone.context.close();
    }
  });

  it('signs out', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/\/signin/);
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });
});
