import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, choose, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor } from './support/browser.ts';
import { ADMIN } from './support/global-setup.ts';

const baseUrl = inject('baseUrl');

/** The administration screens of Setup, each opened from Setup's own navigation, and what an API key can do. */
describe('Setup administration in Chromium', () => {
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

  const openSetup = async (section: string, heading: string) => {
    await page.goto('/setup');
    await page.getByTestId(`setup-nav-${section}`).click();
    await page.getByRole('heading', { name: heading, level: 3, exact: true }).waitFor();
  };
  const modalOk = () => page.getByRole('dialog').locator('.ant-modal-footer .ant-btn-primary').click();

  it('groups Setup in its own menu and shows every administration page', async () => {
    await signIn(page, ADMIN);
    await page.goto('/setup');
    await page.locator('.ml-setup-nav').waitFor();
    await expect.poll(() => page.locator('.ml-setup-nav').innerText()).toMatch(/对象与字段[\s\S]*用户与权限[\s\S]*用户[\s\S]*角色[\s\S]*简档[\s\S]*权限集[\s\S]*共享设置[\s\S]*团队[\s\S]*集成与安全[\s\S]*API 密钥[\s\S]*单点登录[\s\S]*安全审计日志/);
    const pages: [string, string][] = [
      ['users', '用户'],
      ['roles', '角色'],
      ['profiles', '简档'],
      ['permission-sets', '权限集'],
      ['sharing', '共享设置'],
      ['teams', '团队'],
      ['api-keys', 'API 密钥'],
      ['sso', '单点登录'],
      ['audit', '安全审计日志'],
    ];
    for (const [section, heading] of pages) {
      await openSetup(section, heading);
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      await screenshot(page, `setup-${section}`);
    }
    // The object manager is still Setup's first page, selected in the menu for its field pages too.
    await page.goto('/setup/objects/account');
    await expect.poll(() => page.locator('.ml-setup-nav .ant-menu-item-selected').innerText()).toBe('对象管理');
    expect(errors).toEqual([]);
  });

  it('the role tree: adds a role under another and renames it; a role with roles below it is not deleted, and the server says why', async () => {
    await openSetup('roles', '角色');
    await page.getByTestId('new-top-role').click();
    await page.getByTestId('role-name').fill('华南区总监');
    await modalOk();
    await expect.poll(() => page.locator('.ant-tree').innerText()).toContain('华南区总监');
    await page.getByTestId('add-child-role').click();
    await page.getByTestId('role-name').fill('深圳销售');
    await modalOk();
    await expect.poll(() => page.locator('.ant-tree-treenode', { hasText: '深圳销售' }).count()).toBe(1);
    // The new role sits under its parent in the tree.
    const roles = (await apiCall<{ roles: { id: string; name: string; parentId: string | null }[] }>(baseUrl, await tokenFor(baseUrl, ADMIN), 'GET', '/api/admin/roles')).body.roles;
    const south = roles.find((r) => r.name === '华南区总监')!;
    expect(roles.find((r) => r.name === '深圳销售')?.parentId).toBe(south.id);

    // The parent has a role below it: the server refuses, and says why beside the form.
    await page.getByTestId('role-华南区总监').click();
    await page.getByTestId('delete-role').click();
    await expect.poll(() => page.getByTestId('role-problem').innerText()).toContain('深圳销售');
    await screenshot(page, 'setup-roles-delete-refused');
    expect(roles.some((r) => r.name === '华南区总监')).toBe(true);

    // Renamed in the form beside the tree; Enter saves.
    await page.getByTestId('role-深圳销售').click();
    const name = page.getByTestId('role-form').getByLabel('角色名称');
    await name.fill('深圳大客户销售');
    await name.press('Enter');
    await expect.poll(() => page.locator('.ant-tree').innerText()).toContain('深圳大客户销售');
    expect(errors).toEqual([]);
  });

  it('creates an API key with a scope, shows its secret once, the key reads accounts; revoked, it gets 401', async () => {
    await openSetup('api-keys', 'API 密钥');
    await page.getByTestId('new-api-key').click();
    const dialog = page.getByRole('dialog', { name: '新建 API 密钥' });
    await dialog.getByLabel('名称').fill('财务系统同步');
    await choose(page, '代表用户', 'admin@e2e.test', undefined, dialog);
    await choose(page, '限定对象', 'account', 'account', dialog);
    await dialog.getByText('只读', { exact: true }).click();
    await screenshot(page, 'setup-api-key-new');
    await modalOk();
    const secret = (await page.getByTestId('api-key-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^mlk_/);
    expect(await page.getByTestId('api-key-secret').getByRole('button').count()).toBeGreaterThan(0);
    await screenshot(page, 'setup-api-key-secret');
    await page.getByRole('button', { name: '我已保存' }).click();
    // The list keeps only the prefix: the secret is nowhere on the page any more.
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain('财务系统同步');
    expect(await page.locator('body').innerText()).not.toContain(secret);

    const read = await fetch(`${baseUrl}/api/records/account`, { headers: { authorization: `Bearer ${secret}` } });
    expect(read.status).toBe(200);
    expect(Array.isArray(((await read.json()) as { records: unknown[] }).records)).toBe(true);
    // Read-only and limited to accounts, as chosen.
    expect((await fetch(`${baseUrl}/api/records/contact`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(403);
    const write = await fetch(`${baseUrl}/api/records/account`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'by key' }) });
    expect(write.status).toBe(403);

    await page.getByTestId('revoke-财务系统同步').click();
    await page.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain('已吊销');
    expect((await fetch(`${baseUrl}/api/records/account`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('shows the server’s problem beside the SSO issuer, then saves an identity provider with a write-only secret', async () => {
    await openSetup('sso', '单点登录');
    await page.getByTestId('new-provider').click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByLabel('按钮文字').fill('企业微信登录');
    // A URL the browser accepts but the server refuses (plain http to another host).
    await drawer.getByLabel('颁发者（Issuer）').fill('http://idp.example.cn/realm');
    await drawer.getByLabel('客户端 ID').fill('mainline-crm');
    await drawer.getByLabel('客户端密钥').fill('s3cret-value');
    await page.getByTestId('provider-save').click();
    await expect.poll(() => drawer.locator('#issuer_help').innerText()).toContain('https');
    await screenshot(page, 'setup-sso-problem');
    await drawer.getByLabel('颁发者（Issuer）').fill('https://idp.example.cn/realm');
    await page.getByTestId('provider-save').click();
    await expect.poll(() => page.locator('.ml-table').innerText()).toContain('企业微信登录');
    expect(await page.locator('.ml-table').innerText()).toContain('已设置');
    const listed = await page.request.get('/api/admin/identity-providers');
    expect(JSON.stringify(await listed.json())).not.toContain('s3cret-value');
    // Disable it from the list, with the keyboard.
    const toggle = page.getByRole('switch', { name: '企业微信登录: 启用' });
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => ((await (await page.request.get('/api/admin/identity-providers')).json()) as { enabled: boolean }[])[0]?.enabled).toBe(false);
    expect(errors).toEqual([]);
  });

  it('lists the security events, filtered by kind', async () => {
    await openSetup('audit', '安全审计日志');
    await expect.poll(() => page.locator('.ml-table tbody').innerText()).toContain('吊销 API 密钥');
    await choose(page, '事件', '创建 API 密钥');
    await expect.poll(() => page.locator('.ml-table tbody').innerText()).not.toContain('吊销 API 密钥');
    expect(await page.locator('.ml-table tbody').innerText()).toContain('创建 API 密钥');
    await screenshot(page, 'setup-audit-filtered');
  });

  it('works at phone width: Setup’s menu sits above the page', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      await signIn(phone.page, ADMIN);
      await phone.page.goto('/setup/users');
      await expect.poll(() => phone.page.locator('.ml-table').innerText()).toContain('admin@e2e.test');
      await screenshot(phone.page, 'setup-phone-users');
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    } finally {
      await phone.context.close();
    }
  });
});
