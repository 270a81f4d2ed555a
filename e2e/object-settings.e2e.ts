import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, newWorkspace, screenshot, signIn, tokenFor } from './support/browser.ts';

const baseUrl = inject('baseUrl');
// Search waits for the server; on a busy machine that can take a few seconds.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

/**
 * An administrator changes an object's settings in Setup: takes contacts out
 * of global search and sees the search stop finding them, then switches it
 * back on from the keyboard; a refusal shows under the switch it concerns.
 * A workspace of its own, since taking contacts out of search would change
 * what the other journeys find.
 */
describe('object settings in Setup, in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let admin = { email: '', password: '' };
  let token = '';

  const groups = async (q: string): Promise<string[]> => {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    // The results (or the empty state) are in once the spinner is gone.
    await poll(() => page.locator('.ml-page-empty, [data-testid^="search-group-"]').count()).toBeGreaterThan(0);
    return page.locator('[data-testid^="search-group-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('search-group-', '')));
  };
  const searchSwitch = () => page.getByRole('switch', { name: '参与全局搜索' });
  const openContactSettings = async () => {
    await page.goto('/setup/objects/contact');
    await page.getByTestId('object-settings').waitFor();
  };
  const toast = (text: string) => poll(() => page.locator('.ant-message').innerText()).toContain(text);

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
    admin = await newWorkspace(baseUrl, { slug: 'settings_e2e', name: '对象设置测试', admin: { email: 'admin@settings.e2e.test', name: '设置管理员' } });
    token = await tokenFor(baseUrl, admin);
    const account = await apiCall<{ id: string }>(baseUrl, token, 'POST', '/api/records/account', { name: '澄江精工机械' });
    expect(account.status).toBe(201);
    expect((await apiCall(baseUrl, token, 'POST', '/api/records/contact', { name: '澄江王工', account: account.body.id })).status).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('turns global search off for contacts: the search finds the account but no longer the contact', async () => {
    await signIn(page, admin);
    expect(await groups('澄江')).toEqual(expect.arrayContaining(['account', 'contact']));

    await openContactSettings();
    // Each setting says in plain words what it does.
    await poll(() => page.getByTestId('setting-row-searchable').innerText()).toContain('顶部搜索框能搜到联系人');
    await poll(() => page.getByTestId('setting-row-implicitParentAccess').innerText()).toContain('客户的负责人及其在角色层级中的上级');
    expect(await searchSwitch().getAttribute('aria-checked')).toBe('true');
    await searchSwitch().click();
    await toast('已关闭：联系人不再出现在全局搜索结果中');
    await poll(() => searchSwitch().getAttribute('aria-checked')).toBe('false');
    await poll(() => page.getByTestId('setting-row-searchable').innerText()).toContain('顶部搜索框目前搜不到联系人');
    await screenshot(page, 'setup-object-settings');
    expect((await apiCall<{ searchable?: boolean }>(baseUrl, token, 'GET', '/api/metadata/objects/contact')).body.searchable).toBe(false);

    expect(await groups('澄江')).toEqual(['account']);
  });

  it('turns it back on from the keyboard alone, and the contact is found again', async () => {
    await openContactSettings();
    await searchSwitch().focus();
    await page.keyboard.press('Space');
    await toast('已开启：顶部搜索框可以搜到联系人');
    await poll(() => searchSwitch().getAttribute('aria-checked')).toBe('true');
    expect(await groups('澄江')).toEqual(expect.arrayContaining(['account', 'contact']));
  });

  it("shows the server's refusal under the switch it concerns, and the switch keeps its saved state", async () => {
    await openContactSettings();
    const parentSwitch = page.getByRole('switch', { name: '上级记录负责人可查看' });
    expect(await parentSwitch.getAttribute('aria-checked')).toBe('true');
    // Another administrator takes this one's rights away while the page is open: the server refuses for real.
    const users = await apiCall<{ users: { id: string; email: string }[] }>(baseUrl, token, 'GET', '/api/admin/users');
    const me = users.body.users.find((u) => u.email === admin.email)!.id;
    const other = { email: 'second.admin@settings.e2e.test', password: 'second admin password 2026' };
    expect((await apiCall(baseUrl, token, 'POST', '/api/admin/users', { ...other, name: '第二管理员', isAdmin: true, locale: 'zh-CN' })).status).toBe(201);
    const otherToken = await tokenFor(baseUrl, other);
    const demote = await apiCall(baseUrl, otherToken, 'PATCH', `/api/admin/users/${me}`, { isAdmin: false });
    expect(demote.status, JSON.stringify(demote.body)).toBe(200);
    await parentSwitch.click();
    await poll(() => page.getByTestId('setting-problem-implicitParentAccess').innerText()).toContain('您没有执行此操作的权限');
    expect(await parentSwitch.getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'setup-object-settings-refused');
    expect((await apiCall(baseUrl, otherToken, 'PATCH', `/api/admin/users/${me}`, { isAdmin: true })).status).toBe(200);
    expect((await apiCall<{ implicitParentAccess?: string }>(baseUrl, token, 'GET', '/api/metadata/objects/contact')).body.implicitParentAccess).toBe('account');
    expect(errors).toEqual([]);
  });
});
