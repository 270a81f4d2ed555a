import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, newWorkspace, PHONE, screenshot, signIn, tokenFor } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const ACCOUNT = '宁波海拓数控机床有限公司';
const CONTACT = '陈晓东';
const OVERDUE = '主轴异响，停机待修';
const URGENT = '数控系统报警 E-204';
const LATER = '申请操作培训资料';
const HOUR = 3_600_000;

/**
 * An agent works the service console: the open-case queue sorted by SLA (the overdue case
 * first, in red), a case opened beside it, closed with a resolution through its action —
 * the satisfaction survey goes out — and, once the customer answers, the CSAT stars, the
 * NPS band and the comment show on the case. At phone width: the queue, then the case
 * full-screen with a way back.
 */
describe('service console in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let agent: { email: string; password: string };
  let token: string;
  const ids: Record<string, string> = {};

  const queueItems = () => page.getByTestId('queue-case');
  const detail = () => page.getByTestId('console-case');

  beforeAll(async () => {
    agent = await newWorkspace(baseUrl, { slug: 'case_console', name: '海拓服务', admin: { email: 'admin@console.e2e.test', name: '客服主管' } });
    token = await tokenFor(baseUrl, agent);
    const post = async (object: string, body: Record<string, unknown>): Promise<string> => {
      const r = await apiCall<{ id: string }>(baseUrl, token, 'POST', `/api/records/${object}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    };
    await post('survey', { name: '服务满意度回访', type: 'csat', status: 'active', sendOnCaseClose: true });
    ids.account = await post('account', { name: ACCOUNT, industry: 'manufacturing' });
    ids.contact = await post('contact', { name: CONTACT, account: ids.account });
    const now = Date.now();
    // Made in this order so the queue's SLA order is not the creation order.
    ids.later = await post('case', { subject: LATER, account: ids.account, contact: ids.contact, priority: 'low', channel: 'email', slaDueAt: new Date(now + 50 * HOUR).toISOString() });
    ids.urgent = await post('case', { subject: URGENT, account: ids.account, contact: ids.contact, priority: 'urgent', channel: 'phone', type: 'problem', slaDueAt: new Date(now + 3 * HOUR).toISOString() });
    ids.overdue = await post('case', {
      subject: OVERDUE,
      account: ids.account,
      contact: ids.contact,
      priority: 'high',
      channel: 'phone',
      type: 'problem',
      description: '客户反馈 3 号车床主轴高速运转时异响。',
      slaDueAt: new Date(now - 2 * HOUR - 5 * 60_000).toISOString(),
    });
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('opens from the sidebar: my open cases by SLA, the overdue one first and in red', async () => {
    await signIn(page, agent);
    await page.locator('.ml-nav').getByText('服务台', { exact: true }).click();
    await expect.poll(() => page.url()).toContain('/service');
    await expect.poll(() => queueItems().count()).toBe(3);
    const first = queueItems().first();
    expect(await first.innerText()).toContain(OVERDUE);
    expect(await first.getAttribute('data-overdue')).toBe('true');
    expect(await first.getByTestId('queue-sla').innerText()).toMatch(/逾期 2\s*小时/);
    expect(await first.getByTestId('queue-sla').evaluate((e) => getComputedStyle(e).color)).toBe('rgb(224, 49, 49)');
    expect(await queueItems().nth(1).innerText()).toContain(URGENT);
    expect(await queueItems().nth(1).getAttribute('data-overdue')).toBe('false');
    expect(await queueItems().nth(1).innerText()).toContain('紧急');
    expect(await queueItems().nth(2).innerText()).toContain(LATER);
    await expect.poll(() => page.getByTestId('case-console').innerText()).toContain('从左侧队列选择一个工单');
    // The other tabs: all three cases are new (waiting to be taken up) and visible.
    await page.getByTestId('queue-tab-waiting').click();
    await expect.poll(() => page.url()).toContain('tab=waiting');
    await expect.poll(() => queueItems().count()).toBe(3);
    await page.getByTestId('queue-tab-all').click();
    await expect.poll(() => queueItems().count()).toBe(3);
    await page.getByTestId('queue-tab-mine').click();
    await expect.poll(() => queueItems().count()).toBe(3);
    await screenshot(page, 'case-console-queue');
  });

  it('opens a case beside the queue, keyboard first; the URL keeps it', async () => {
    await queueItems().first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`case=${ids.overdue}`);
    await expect.poll(() => detail().getByTestId('console-case-subject').innerText()).toBe(OVERDUE);
    await expect.poll(() => queueItems().first().getAttribute('aria-current')).toBe('true');
    const facts = detail().locator('.ml-card').first();
    await expect.poll(() => facts.innerText()).toContain(ACCOUNT);
    expect(await facts.innerText()).toContain(CONTACT);
    expect(await facts.innerText()).toContain('高');
    expect(await facts.innerText()).toContain('电话');
    expect(await facts.innerText()).toContain('主轴高速运转时异响');
    expect(await detail().locator('[data-field="slaDueAt"]').innerText()).toMatch(/逾期 2\s*小时/);
    expect(await detail().getByRole('link', { name: ACCOUNT }).getAttribute('href')).toBe(`/o/account/${ids.account}`);
    expect(await detail().getByRole('link', { name: CONTACT }).getAttribute('href')).toBe(`/o/contact/${ids.contact}`);
    await expect.poll(() => detail().getByTestId('activity-panel').isVisible()).toBe(true);
    // No survey yet: nothing about one.
    expect(await page.getByTestId('survey-waiting').count()).toBe(0);
    expect(await page.getByTestId('survey-result').count()).toBe(0);
    await page.reload();
    await expect.poll(() => detail().getByTestId('console-case-subject').innerText()).toBe(OVERDUE);
    await screenshot(page, 'case-console-case');
  });

  it('closes the case with a resolution: it leaves the queue and the survey is on its way', async () => {
    await detail().getByTestId('action-close').click();
    await page.locator('.ant-modal').getByLabel('处理结果').fill('更换主轴轴承，试机 2 小时无异响。');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => queueItems().count()).toBe(2);
    expect(await queueItems().first().innerText()).toContain(URGENT);
    await expect.poll(() => detail().locator('[data-field="status"]').innerText()).toContain('已关闭');
    await expect.poll(() => page.getByTestId('survey-waiting').innerText()).toContain('已发送调查，等待客户反馈');
    // A closed case offers no close action any more.
    expect(await detail().getByTestId('action-close').count()).toBe(0);
    expect(await detail().locator('[data-field="description"]').innerText()).toContain('更换主轴轴承');
    await screenshot(page, 'case-console-survey-sent');
  });

  it('shows the answer: CSAT stars, the NPS with its band and the comment', async () => {
    const responses = await apiCall<{ records: { id: string; status: string }[] }>(
      baseUrl,
      token,
      'GET',
      `/api/records/surveyResponse?fields=status&filter=${encodeURIComponent(JSON.stringify({ field: 'case', op: 'eq', value: ids.overdue }))}`,
    );
    expect(responses.body.records).toHaveLength(1);
    const answer = await apiCall(baseUrl, token, 'POST', `/api/records/surveyResponse/${responses.body.records[0]!.id}/actions/answer`, { csatScore: 4, npsScore: 9, comment: '工程师上门很及时，问题一次解决。' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // The console picks up the answer when it next asks: here, on coming back to the page.
    await page.reload();
    await expect.poll(() => page.getByTestId('survey-result').isVisible()).toBe(true);
    expect(await page.getByTestId('survey-waiting').count()).toBe(0);
    await expect.poll(() => page.getByTestId('survey-csat').locator('.ant-rate-star-full').count()).toBe(4);
    expect(await page.getByTestId('survey-csat').innerText()).toContain('4 / 5 星');
    expect(await page.getByTestId('survey-nps').innerText()).toContain('9');
    expect(await page.getByTestId('survey-nps-band').innerText()).toBe('推荐者');
    expect(await page.getByTestId('survey-comment').innerText()).toBe('工程师上门很及时，问题一次解决。');
    await page.getByTestId('survey-result').scrollIntoViewIfNeeded();
    await screenshot(page, 'case-console-survey-answered');
    expect(errors).toEqual([]);
  });

  it('at phone width: the queue, then the case full-screen with a way back', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/service');
    await expect.poll(() => queueItems().count()).toBe(2);
    expect(await page.locator('.ml-console-detail').isVisible()).toBe(false);
    await screenshot(page, 'case-console-phone-queue');
    await queueItems().filter({ hasText: URGENT }).click();
    await expect.poll(() => detail().getByTestId('console-case-subject').innerText()).toBe(URGENT);
    expect(await page.locator('.ml-console-queue').isVisible()).toBe(false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'case-console-phone-case');
    await page.getByTestId('console-back').click();
    await expect.poll(() => page.locator('.ml-console-queue').isVisible()).toBe(true);
    expect(page.url()).not.toContain('case=');
    expect(errors).toEqual([]);
  });
});
