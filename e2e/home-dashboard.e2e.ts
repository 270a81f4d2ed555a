import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, PHONE, screenshot, signIn, tokenFor, newWorkspace } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const cny = (amount: string) => ({ amount, currency: 'CNY' });
const DAY = 86_400_000;
// Dates as the rep sees them: their time zone is the default, Asia/Shanghai.
const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * DAY));

/**
 * A sales rep's day: the home page with their tasks (an overdue one, one
 * marked done), their open deals, the cases waiting for them and what they
 * opened last; then the dashboard's charts in Chinese and in English — and
 * never a colleague's records.
 */
describe('home page and dashboard in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let adminToken: string;
  let repToken: string;
  const rep = { email: 'wu.xiaoyan@dash.e2e.test', password: 'xiaoyan password 2026' };
  const ids: Record<string, string> = {};
  const create = async (token: string, object: string, body: Record<string, unknown>): Promise<string> => {
    const r = await apiCall<{ id: string }>(baseUrl, token, 'POST', `/api/records/${object}`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id;
  };

  beforeAll(async () => {
    // A workspace of its own, so the totals here count only what this journey made.
    const made = await newWorkspace(baseUrl, {
      slug: 'dashdemo',
      name: '精工销售',
      admin: { email: 'boss@dash.e2e.test', name: '周建国' },
    });
    adminToken = await tokenFor(baseUrl, made);
    for (const [email, name] of [[rep.email, '吴晓燕'], ['zheng.hao@dash.e2e.test', '郑浩']]) {
      const u = await apiCall(baseUrl, adminToken, 'POST', '/api/admin/users', { email, name, password: rep.password, locale: 'zh-CN' });
      expect(u.status, JSON.stringify(u.body)).toBe(201);
    }
    repToken = await tokenFor(baseUrl, rep);
    const colleague = await tokenFor(baseUrl, { email: 'zheng.hao@dash.e2e.test', password: rep.password });

    ids.account = await create(repToken, 'account', { name: '华东精密机械有限公司' });
    ids.overdue = await create(repToken, 'activity', { name: '回访设备验收', kind: 'task', account: ids.account, dueAt: new Date(Date.now() - 2 * DAY).toISOString() });
    ids.soon = await create(repToken, 'activity', { name: '准备技术方案', kind: 'task', dueAt: new Date(Date.now() + 3 * DAY).toISOString() });
    await create(repToken, 'activity', { name: '已完成的拜访', kind: 'task', status: 'completed', dueAt: new Date(Date.now() - DAY).toISOString() });
    for (const [name, stage, amount, close] of [
      ['加工中心采购', 'proposal', '458000.00', day(20)],
      ['产线升级', 'negotiation', '275000.00', day(35)],
      ['MES 上线', 'qualification', '96000.00', day(60)],
      ['年度备件', 'closedWon', '128000.00', day(0)],
      ['数控车床', 'closedWon', '536000.00', day(-40)],
    ] as const) {
      await create(repToken, 'opportunity', { name: `华东精密 - ${name}`, account: ids.account, stage, amount: cny(amount), closeDate: close, ...(stage === 'closedWon' ? { closeReason: '方案优于竞品' } : {}) });
    }
    await create(colleague, 'opportunity', { name: '同事的商机', stage: 'proposal', amount: cny('999000.00'), closeDate: day(10) });
    ids.case = await create(repToken, 'case', { subject: '主轴异响', priority: 'high', status: 'inProgress', slaDueAt: new Date(Date.now() - 3_600_000).toISOString() });
    await create(repToken, 'case', { subject: '培训安排咨询', priority: 'low' });
    await create(colleague, 'case', { subject: '同事的工单', priority: 'urgent' });
    const survey = await create(adminToken, 'survey', { name: '服务满意度回访', type: 'csat', status: 'active' });
    for (const [csatScore, npsScore] of [[5, 10], [4, 8], [2, 4]] as const) {
      const response = await create(repToken, 'surveyResponse', { survey, case: ids.case });
      const answered = await apiCall(baseUrl, repToken, 'POST', `/api/records/surveyResponse/${response}/actions/answer`, { csatScore, npsScore });
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    }
    browser = await launchBrowser();
    ({ context, page, errors } = await newSession(browser, baseUrl));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('the home page shows the rep their tasks, open deals and cases, never a colleague’s', async () => {
    await signIn(page, rep);
    await expect.poll(() => page.getByRole('heading', { name: '您好，吴晓燕' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const tasks = page.getByTestId('home-tasks');
    await expect.poll(() => tasks.innerText()).toContain('回访设备验收');
    expect(await tasks.innerText()).toContain('准备技术方案');
    expect(await tasks.innerText()).not.toContain('已完成的拜访');
    // Ordered by due date, the overdue one first and marked.
    expect(await page.getByTestId('home-task').first().innerText()).toContain('回访设备验收');
    expect(await page.getByTestId('home-task').first().locator('[data-overdue="true"]').innerText()).toContain('已逾期');

    const deals = page.getByTestId('home-opportunities');
    await expect.poll(() => deals.innerText()).toContain('华东精密 - 加工中心采购');
    expect(await deals.innerText()).toContain('¥458,000.00');
    expect(await deals.innerText()).toContain('报价');
    expect(await deals.innerText()).not.toContain('年度备件');
    expect(await deals.innerText()).not.toContain('同事的商机');

    const cases = page.getByTestId('home-cases');
    await expect.poll(() => cases.innerText()).toContain('主轴异响');
    expect(await cases.innerText()).toContain('已超时');
    expect(await cases.innerText()).not.toContain('同事的工单');

    await expect.poll(() => page.getByTestId('kpi-pipeline').innerText()).toContain('¥829,000.00');
    expect(await page.getByTestId('kpi-won').innerText()).toContain('¥128,000.00');
    expect(await page.getByTestId('kpi-cases').innerText()).toContain('2');
    await screenshot(page, '40-home');

    // Marking a task done takes it off the list.
    await page.getByRole('button', { name: '将“回访设备验收”标记为完成' }).click();
    await expect.poll(() => tasks.innerText()).not.toContain('回访设备验收');
    const task = await apiCall<{ status: string }>(baseUrl, repToken, 'GET', `/api/records/activity/${ids.overdue}`);
    expect(task.body.status).toBe('completed');
    expect(errors).toEqual([]);
  });

  it('a record opened shows in recent items, and links back to it', async () => {
    await page.getByTestId('home-cases').getByRole('link', { name: '主轴异响' }).click();
    await page.waitForURL(new RegExp(`/o/case/${ids.case}$`));
    await expect.poll(() => page.getByTestId('record-name').innerText(), { timeout: 15_000 }).toContain('CS-');
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    const recent = page.getByTestId('home-recent');
    await expect.poll(() => recent.innerText(), { timeout: 15_000 }).toContain('CS-');
    expect(await recent.innerText()).toContain('服务工单');
    await recent.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/o/case/${ids.case}$`));
    expect(errors).toEqual([]);
  });

  it('the dashboard draws its charts in Chinese, then in English', async () => {
    await page.getByRole('menuitem', { name: '仪表盘' }).click();
    await page.waitForURL(/\/dashboard$/);
    await expect.poll(() => page.locator('[data-testid="chart"] canvas').count(), { timeout: 20_000 }).toBe(5);
    const described = (card: string) => page.getByTestId(card).getByTestId('chart').getAttribute('aria-label');
    // The charts describe themselves (ECharts' aria): categories are the picklist labels in the UI language.
    await expect.poll(() => described('chart-pipeline')).toContain('报价');
    expect(await described('chart-pipeline')).toContain('商务谈判');
    expect(await described('chart-pipeline')).not.toContain('赢单');
    expect(await described('chart-cases')).toContain('处理中');
    expect(await described('chart-sla')).toContain('已超时');
    expect(await page.getByTestId('chart-surveys').innerText()).toContain('3.67');
    // NPS: one promoter, one passive, one detractor.
    expect(await page.getByTestId('chart-surveys').innerText()).toMatch(/净推荐值 \(NPS\)\s*0/);
    await screenshot(page, '41-dashboard');

    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Dashboard' }).isVisible()).toBe(true);
    await expect.poll(() => described('chart-pipeline')).toContain('Proposal');
    expect(await described('chart-cases')).toContain('In progress');
    expect(await page.getByTestId('chart-won').innerText()).toContain('Won revenue, last 12 months');
    await screenshot(page, '42-dashboard-english');
    expect(errors).toEqual([]);
  });

  it('both pages work at phone width', async () => {
    const phone = await newSession(browser, baseUrl, PHONE);
    try {
      await signIn(phone.page, rep);
      await expect.poll(() => phone.page.getByTestId('home-tasks').innerText(), { timeout: 15_000 }).toContain('准备技术方案');
      await screenshot(phone.page, '43-home-phone');
      await phone.page.goto('/dashboard');
      await expect.poll(() => phone.page.locator('[data-testid="chart"] canvas').count(), { timeout: 20_000 }).toBe(5);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE.width);
      await screenshot(phone.page, '44-dashboard-phone');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
