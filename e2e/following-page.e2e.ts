import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, newWorkspace, PHONE, screenshot, signIn, tokenFor } from './support/browser.ts';

const baseUrl = inject('baseUrl');

// A workspace of its own (made in beforeAll): 李娜 follows records of hers and one 王芳 (the administrator) shares with her, then unshares.
const LI = { email: 'li.na@following.e2e.test', password: 'li na follows two things 123' };
const ACCOUNT = '华东精密机械有限公司';
const OPPORTUNITY = '华东精密 - 五轴加工中心';
const SHARED = '王芳的保密客户';

describe('the page of records I follow, in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let liId: string;
  let accountId: string;
  let oppId: string;
  let sharedId: string;
  let wangToken: string;

  const rows = (p: Page) => p.getByTestId('followed-record');
  const row = (p: Page, id: string) => p.locator(`[data-testid="followed-record"][data-id="${id}"]`);
  const toggle = (p: Page) => p.getByTestId('follow-toggle');
  const openFollowingFromUserMenu = async (p: Page) => {
    await p.getByTestId('user-menu').click();
    await p.getByRole('menuitem', { name: '我关注的' }).click();
    await p.waitForURL(/\/following$/);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
    const wang = await newWorkspace(baseUrl, { slug: 'following_e2e', name: '关注列表测试', admin: { email: 'admin@following.e2e.test', name: '王芳' } });
    wangToken = await tokenFor(baseUrl, wang);
    const li = await apiCall<{ id: string }>(baseUrl, wangToken, 'POST', '/api/admin/users', { email: LI.email, name: '李娜', password: LI.password });
    expect(li.status).toBe(201);
    liId = li.body.id;
    const liToken = await tokenFor(baseUrl, LI);
    const account = await apiCall<{ id: string }>(baseUrl, liToken, 'POST', '/api/records/account', { name: ACCOUNT });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    const opp = await apiCall<{ id: string }>(baseUrl, liToken, 'POST', '/api/records/opportunity', { name: OPPORTUNITY, account: accountId });
    expect(opp.status, JSON.stringify(opp.body)).toBe(201);
    oppId = opp.body.id;
    // 王芳's account, shared with 李娜 for now: she follows it while she can see it.
    const shared = await apiCall<{ id: string }>(baseUrl, wangToken, 'POST', '/api/records/account', { name: SHARED });
    expect(shared.status).toBe(201);
    sharedId = shared.body.id;
    expect((await apiCall(baseUrl, wangToken, 'POST', `/api/records/account/${sharedId}/shares`, { grantee: { type: 'user', id: liId }, access: 'read' })).status).toBe(201);
    expect((await apiCall(baseUrl, liToken, 'PUT', `/api/records/account/${sharedId}/follow`)).status).toBe(204);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('starts empty with how to follow; lists two records followed from their pages, without one no longer shared; unfollows one', async () => {
    await signIn(page, LI);
    // Unshared before she looks: that record must not show, not even as a row without a name.
    expect((await apiCall(baseUrl, wangToken, 'DELETE', `/api/records/account/${sharedId}/shares/${encodeURIComponent(`u:${liId}`)}`)).status).toBe(204);
    await openFollowingFromUserMenu(page);
    await expect.poll(() => page.getByTestId('following-empty').isVisible()).toBe(true);
    const empty = await page.getByTestId('following-empty').innerText();
    expect(empty).toContain('您还没有关注任何记录');
    expect(empty).toContain('关注');
    expect(empty).not.toContain(SHARED);
    await screenshot(page, 'following-empty');

    for (const [object, id] of [
      ['account', accountId],
      ['opportunity', oppId],
    ] as const) {
      await page.goto(`/o/${object}/${id}`);
      await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('false');
      await toggle(page).click();
      await expect.poll(() => toggle(page).innerText()).toMatch(/已关注\s*1/);
    }

    await openFollowingFromUserMenu(page);
    await expect.poll(() => rows(page).count()).toBe(2);
    // Newest follow first; each with its object's label, and when.
    expect(await rows(page).first().getAttribute('data-id')).toBe(oppId);
    const opp = await row(page, oppId).innerText();
    expect(opp).toContain(OPPORTUNITY);
    expect(opp).toContain('商机');
    expect(await row(page, accountId).innerText()).toContain('客户');
    expect(await page.locator('.ml-following').innerText()).not.toContain(SHARED);
    expect(await page.getByTestId('following-count').innerText()).toBe('共 2 条');
    await screenshot(page, 'following');

    // The connection drops as they unfollow: the row comes back and the page says it failed.
    await page.route(`**/api/records/account/${accountId}/follow`, (route) => (route.request().method() === 'DELETE' ? route.abort('internetdisconnected') : route.continue()));
    await row(page, accountId).getByTestId('unfollow').click();
    await expect.poll(() => page.locator('.ant-message-error').count()).toBeGreaterThan(0);
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.unroute(`**/api/records/account/${accountId}/follow`);

    await row(page, oppId).getByRole('button', { name: `取消关注“${OPPORTUNITY}”` }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain(`已取消关注“${OPPORTUNITY}”`);
    expect(await rows(page).first().getAttribute('data-id')).toBe(accountId);
    await expect.poll(() => page.getByTestId('following-count').innerText()).toBe('共 1 条');

    // The filter narrows to one object, kept in the address.
    await page.goto('/following?object=opportunity');
    await expect.poll(() => page.getByTestId('following-empty').innerText()).toContain('您没有关注的商机');

    // The record pages agree: the opportunity is no longer followed, the account still is.
    await page.goto('/following');
    await row(page, accountId).getByTestId('followed-record-link').click();
    await page.waitForURL(new RegExp(`/o/account/${accountId}$`));
    await expect.poll(() => toggle(page).innerText()).toMatch(/已关注\s*1/);
    await page.goto(`/o/opportunity/${oppId}`);
    await expect.poll(() => toggle(page).getAttribute('aria-pressed')).toBe('false');
    expect(await toggle(page).innerText()).toMatch(/关注\s*0/);
    expect(errors).toEqual([]);
  });

  it('at phone width: reached from the bell, a row per record within the screen, unfollow it', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      const p = phone.page;
      await signIn(p, LI);
      await p.getByTestId('notification-bell').click();
      await p.getByTestId('notifications-following').click();
      await p.waitForURL(/\/following$/);
      await expect.poll(() => rows(p).count()).toBe(1);
      const text = await row(p, accountId).innerText();
      expect(text).toContain(ACCOUNT);
      expect(text).toMatch(/客户 · .*关注/);
      // Nothing wider than the phone: no sideways scrolling.
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const button = await row(p, accountId).getByTestId('unfollow').boundingBox();
      expect(button!.x + button!.width).toBeLessThanOrEqual(PHONE.width);
      await screenshot(p, 'following-phone');
      await row(p, accountId).getByTestId('unfollow').click();
      await expect.poll(() => p.getByTestId('following-empty').isVisible()).toBe(true);
      await screenshot(p, 'following-phone-empty');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
