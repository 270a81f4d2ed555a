import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor, newWorkspace } from './support/browser.ts';

const baseUrl = inject('baseUrl');
// Type-ahead waits for a pause in typing, then the server: on a busy machine that can take a few seconds.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

// A workspace of its own (made in beforeAll), so other journeys' 华东精密 accounts are not found here.
let admin = { email: '', password: '' };
const ACCOUNT = '华东精密机械有限公司';
// Other journeys may create an account of the same name: this one is told apart by its phone.
const DIGITS = String(Date.now()).slice(-4);
const PHONE_NUMBER = `0512-6655 ${DIGITS}`;

describe('global search in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let accountId: string;

  const topBar = () => page.getByLabel('全局搜索');
  const hit = (p: Page, text: string) => p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) [data-testid="search-hit"]', { hasText: text });

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
    const made = await newWorkspace(baseUrl, {
      slug: 'search_e2e',
      name: '搜索测试',
      admin: { email: 'admin@search.e2e.test', name: '搜索管理员' },
    });
    admin = made;
    const token = await tokenFor(baseUrl, admin);
    const account = await apiCall<{ id: string }>(baseUrl, token, 'POST', '/api/records/account', { name: ACCOUNT, phone: PHONE_NUMBER, industry: 'manufacturing' });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    const contact = await apiCall(baseUrl, token, 'POST', '/api/records/contact', { name: '单雄信', account: accountId, email: `shan.${DIGITS}@huadong.example.cn`, mobile: `1381234${DIGITS}` });
    expect(contact.status).toBe(201);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('finds 华东精密机械有限公司 by its pinyin initials from the top bar and opens it', async () => {
    await signIn(page, admin);
    await topBar().click();
    await topBar().fill('hdjm');
    await poll(() => hit(page, DIGITS).count()).toBe(1);
    // Grouped by object, with the phone shown to tell records apart.
    await poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ml-search-group').first().innerText()).toBe('客户');
    await screenshot(page, '20-search-typeahead-hdjm');
    await hit(page, DIGITS).click();
    await page.waitForURL(new RegExp(`/o/account/${accountId}$`));
    await poll(() => page.getByRole('heading', { name: ACCOUNT }).isVisible()).toBe(true);
    expect(await topBar().inputValue()).toBe('');
  });

  it('finds it by phone from the keyboard alone: arrow down, Enter', async () => {
    await page.goto('/o/contact');
    await topBar().click();
    await topBar().fill(`6655${DIGITS}`);
    await poll(() => hit(page, ACCOUNT).count()).toBe(1);
    await screenshot(page, '21-search-typeahead-phone');
    await topBar().press('ArrowDown');
    await topBar().press('Enter');
    await page.waitForURL(new RegExp(`/o/account/${accountId}$`));
    await poll(() => page.getByRole('heading', { name: ACCOUNT }).isVisible()).toBe(true);
  });

  it('Enter on the text opens the results page, grouped by object, each result opening its record', async () => {
    await topBar().click();
    await topBar().fill('huadong');
    // The account by its name's pinyin, and its contact by the email's domain.
    await poll(() => hit(page, DIGITS).count()).toBeGreaterThanOrEqual(1);
    await topBar().press('Enter');
    await page.waitForURL(/\/search\?q=huadong$/);
    await poll(() => page.getByTestId('search-group-account').isVisible()).toBe(true);
    // The contact is found by its email, and says so.
    await poll(() => page.getByTestId('search-group-contact').innerText()).toContain('匹配：邮箱');
    await screenshot(page, '22-search-results');
    await page.getByTestId('search-group-contact').getByRole('link', { name: '单雄信' }).first().click();
    await page.waitForURL(/\/o\/contact\/[0-9a-f-]{36}$/);
    await poll(() => page.getByRole('heading', { name: '单雄信' }).isVisible()).toBe(true);
  });

  it('quick search within a list keeps q in the address and combines with the list', async () => {
    await page.goto('/o/account');
    await page.getByLabel('在此列表中快速搜索').fill(`6655${DIGITS}`);
    await page.waitForURL(new RegExp(`q=6655${DIGITS}`));
    await poll(() => page.getByTestId('list-total').innerText()).toBe('共 1 条');
    await poll(() => page.locator('.ml-table').innerText()).toContain(ACCOUNT);
    await screenshot(page, '23-list-quick-search');
    await page.reload();
    expect(await page.getByLabel('在此列表中快速搜索').inputValue()).toBe(`6655${DIGITS}`);
    await poll(() => page.getByTestId('list-total').innerText()).toBe('共 1 条');
    expect(errors).toEqual([]);
  });

  it('at phone width the search is an icon that opens the field', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      await signIn(phone.page, admin);
      await phone.page.getByTestId('global-search-open').click();
      await phone.page.getByLabel('全局搜索').fill('hdjm');
      await poll(() => hit(phone.page, DIGITS).count()).toBe(1);
      await screenshot(phone.page, '24-search-phone');
      await hit(phone.page, DIGITS).click();
      await phone.page.waitForURL(new RegExp(`/o/account/${accountId}$`));
      await poll(() => phone.page.getByTestId('global-search-open').isVisible()).toBe(true);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
