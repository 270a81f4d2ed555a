import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor, newWorkspace } from './support/browser.ts';

const baseUrl = inject('baseUrl');

// A workspace of its own (made in beforeAll): 王芳 (its administrator) follows an opportunity that 李娜 owns and changes.
let wang = { email: '', password: '' };
const LI = { email: 'li.na@follow.e2e.test', password: 'li na follows nothing 123' };
const OPPORTUNITY = '恒达物流 - 仓储系统';

describe('follow a record and hear of its changes in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let liToken: string;
  let oppId: string;

  const bell = (p: Page) => p.getByTestId('notification-bell');
  const unreadLabel = (p: Page) => bell(p).getAttribute('aria-label');
  const toggle = (p: Page) => p.getByTestId('follow-toggle');
  const liChanges = async (values: Record<string, unknown>) => expect((await apiCall(baseUrl, liToken, 'PATCH', `/api/records/opportunity/${oppId}`, values)).status).toBe(200);

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
    const made = await newWorkspace(baseUrl, {
      slug: 'follow_e2e',
      name: '关注测试',
      admin: { email: 'admin@follow.e2e.test', name: '王芳' },
    });
    wang = made;
    const wangToken = await tokenFor(baseUrl, wang);
    expect((await apiCall(baseUrl, wangToken, 'POST', '/api/admin/users', { email: LI.email, name: '李娜', password: LI.password })).status).toBe(201);
    liToken = await tokenFor(baseUrl, LI);
    const account = await apiCall<{ id: string }>(baseUrl, liToken, 'POST', '/api/records/account', { name: '恒达物流有限公司' });
    expect(account.status).toBe(201);
    const opp = await apiCall<{ id: string }>(baseUrl, liToken, 'POST', '/api/records/opportunity', { name: OPPORTUNITY, account: account.body.id });
    expect(opp.status, JSON.stringify(opp.body)).toBe(201);
    oppId = opp.body.id;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('follows the opportunity from its page; 李娜 changes its stage; the bell says so and opens it', async () => {
    await signIn(page, wang);
    await page.goto(`/o/opportunity/${oppId}`);
    await expect.poll(() => toggle(page).innerText()).toMatch(/关注\s*0/);
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('false');
    await toggle(page).click();
    await expect.poll(() => toggle(page).innerText()).toMatch(/已关注\s*1/);
    expect(await toggle(page).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, '60-follow-record-followed');

    await liChanges({ stage: 'qualification' });
    // The bell polls every minute and on focus; going home loads it afresh.
    await page.goto('/');
    await expect.poll(() => unreadLabel(page)).toBe('通知（1 条未读）');
    await screenshot(page, '61-follow-bell-unread');
    await bell(page).click();
    const item = page.getByTestId('notification-item');
    await expect.poll(() => item.count()).toBe(1);
    const text = await item.innerText();
    expect(text).toContain('李娜');
    expect(text).toContain(OPPORTUNITY);
    expect(text).toContain('阶段');
    await screenshot(page, '62-follow-bell-open');
    await item.click();
    await page.waitForURL(new RegExp(`/o/opportunity/${oppId}$`));
    await expect.poll(() => unreadLabel(page)).toBe('通知（0 条未读）');
    await expect.poll(() => page.locator('[data-field="stage"]').innerText()).toContain('需求确认');

    await toggle(page).click();
    await expect.poll(() => toggle(page).innerText()).toMatch(/关注\s*0/);
    await expect.poll(async () => (await apiCall<{ following: boolean }>(baseUrl, await tokenFor(baseUrl, wang), 'GET', `/api/records/opportunity/${oppId}/follow`)).body.following).toBe(false);
    // Unfollowed: a further change tells nobody.
    await liChanges({ stage: 'needsAnalysis' });
    await page.goto('/');
    await expect.poll(() => unreadLabel(page)).toBe('通知（0 条未读）');
    expect(errors).toEqual([]);
  });

  it('at phone width: follow from the keyboard, then the bell and "mark all read"', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      const p = phone.page;
      await signIn(p, wang);
      await p.goto(`/o/opportunity/${oppId}`);
      await expect.poll(() => toggle(p).innerText()).toMatch(/关注\s*0/);
      await toggle(p).focus();
      await p.keyboard.press('Enter');
      await expect.poll(() => toggle(p).innerText()).toMatch(/已关注\s*1/);
      await screenshot(p, '63-follow-phone-record');
      await liChanges({ stage: 'proposal' });
      await liChanges({ amount: { amount: '520000.00', currency: 'CNY' } });
      await p.goto('/');
      await expect.poll(() => unreadLabel(p)).toBe('通知（2 条未读）');
      await bell(p).focus();
      await p.keyboard.press('Enter');
      // The two new ones unread, the one read earlier below them; the newest first, and the panel fits the screen.
      await expect.poll(() => p.getByTestId('notification-item').count()).toBe(3);
      expect(await p.locator('[data-testid="notification-item"].ml-bell-unread').count()).toBe(2);
      expect(await p.getByTestId('notification-item').first().innerText()).toContain('金额');
      await screenshot(p, '64-follow-phone-bell');
      const box = await p.getByTestId('notification-panel').boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      await p.getByTestId('notifications-read-all').click();
      await expect.poll(() => unreadLabel(p)).toBe('通知（0 条未读）');
      await p.keyboard.press('Escape');
      await expect.poll(() => p.getByTestId('notification-panel').isVisible()).toBe(false);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
