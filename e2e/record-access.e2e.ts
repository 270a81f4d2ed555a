import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCall, launchBrowser, newSession, screenshot, signIn, tokenFor, newWorkspace } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const ACCOUNT = '杭州启明智能装备有限公司';
const PASSWORD = 'access password 2026';
const owner = { email: 'zhou.min@access.e2e.test', password: PASSWORD };
const reader = { email: 'wu.lei@access.e2e.test', password: PASSWORD };

/**
 * The record page offers only what the server will accept: a colleague the
 * account is shared with read-only sees it without Edit, Delete or the
 * inline pencils, and a "只读" tag instead; the owner sees them all — until
 * the account awaits approval, when the tag names the approval process.
 */
describe('record access on the record page in Chromium', () => {
  let browser: Browser;
  const sessions: { context: BrowserContext; page: Page; errors: string[] }[] = [];
  let accountId: string;
  let ownerToken: string;

  const open = async (who: typeof owner): Promise<{ page: Page; errors: string[] }> => {
    const session = await newSession(browser, baseUrl);
    sessions.push(session);
    await signIn(session.page, who);
    await session.page.goto(`/o/account/${accountId}`);
    await expect.poll(() => session.page.getByRole('heading', { name: ACCOUNT }).isVisible()).toBe(true);
    return session;
  };
  const pencils = (page: Page) => page.locator('[data-testid^="inline-edit-"]').count();

  beforeAll(async () => {
    const made = await newWorkspace(baseUrl, {
      slug: 'record_access',
      name: '启明销售',
      admin: { email: 'admin@access.e2e.test', name: '权限管理员' },
    });
    const admin = await tokenFor(baseUrl, made);
    const userIds: string[] = [];
    for (const [who, name] of [[owner, '周敏'], [reader, '吴磊']] as const) {
      const u = await apiCall<{ id: string }>(baseUrl, admin, 'POST', '/api/admin/users', { email: who.email, name, password: who.password, locale: 'zh-CN' });
      expect(u.status, JSON.stringify(u.body)).toBe(201);
      userIds.push(u.body.id);
    }
    // An approval the owner will submit the account to, decided by the colleague.
    const process = await apiCall(baseUrl, admin, 'POST', '/api/metadata/objects/account/approvalProcesses', {
      apiName: 'keyAccount',
      label: { 'zh-CN': '重点客户审批', en: 'Key account approval' },
      steps: [{ approver: { user: userIds[1] } }],
    });
    expect(process.status, JSON.stringify(process.body)).toBe(201);
    ownerToken = await tokenFor(baseUrl, owner);
    const account = await apiCall<{ id: string }>(baseUrl, ownerToken, 'POST', '/api/records/account', { name: ACCOUNT, industry: 'manufacturing', employees: 120 });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    accountId = account.body.id;
    const share = await apiCall(baseUrl, ownerToken, 'POST', `/api/records/account/${accountId}/shares`, { grantee: { type: 'user', id: userIds[1] }, access: 'read' });
    expect(share.status, JSON.stringify(share.body)).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const s of sessions) await s.context.close();
    await browser?.close();
  });

  it('a colleague with a read-only share sees the record without Edit, Delete or pencils, and a 只读 tag', async () => {
    const { page, errors } = await open(reader);
    await expect.poll(() => page.getByTestId('record-read-only').innerText()).toContain('只读');
    expect(await page.getByTestId('record-edit').count()).toBe(0);
    expect(await page.getByTestId('record-delete').count()).toBe(0);
    expect(await pencils(page)).toBe(0);
    // Nothing to submit or run: every business action would change the record.
    expect(await page.locator('[data-testid^="action-"]').count()).toBe(0);
    // The values are there to read.
    expect(await page.locator('[data-field="employees"]').innerText()).toContain('120');
    await screenshot(page, 'record-access-reader');
    expect(errors).toEqual([]);
  });

  it('the owner sees Edit, Delete and the pencils, and no tag; once submitted for approval the tag names the process', async () => {
    const { page, errors } = await open(owner);
    await expect.poll(() => page.getByTestId('record-edit').isVisible()).toBe(true);
    expect(await page.getByTestId('record-delete').isVisible()).toBe(true);
    expect(await pencils(page)).toBeGreaterThan(0);
    expect(await page.getByTestId('record-read-only').count()).toBe(0);
    // Nothing is pending: submit is offered, deciding and recalling are not.
    expect(await page.getByTestId('action-submitForApproval').isVisible()).toBe(true);
    for (const name of ['approve', 'reject', 'recall']) expect(await page.getByTestId(`action-${name}`).count(), name).toBe(0);
    await screenshot(page, 'record-access-owner');

    const submitted = await apiCall(baseUrl, ownerToken, 'POST', `/api/records/account/${accountId}/actions/submitForApproval`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await page.reload();
    await expect.poll(() => page.getByTestId('record-lock-reason').isVisible().catch(() => false)).toBe(true);
    expect(await page.getByTestId('record-read-only').innerText()).toContain('只读');
    expect(await page.getByTestId('record-lock-reason').innerText()).toContain('重点客户审批');
    expect(await page.getByTestId('record-edit').count()).toBe(0);
    expect(await page.getByTestId('record-delete').count()).toBe(0);
    expect(await pencils(page)).toBe(0);
    // The submitter may only recall: the approver decides.
    await expect.poll(() => page.getByTestId('action-recall').isVisible()).toBe(true);
    for (const name of ['submitForApproval', 'approve', 'reject']) expect(await page.getByTestId(`action-${name}`).count(), name).toBe(0);
    await screenshot(page, 'record-access-locked');
    expect(errors).toEqual([]);
  });

  it('the approver is offered Approve and Reject on the locked record, approves with a comment, and the lock is gone', async () => {
    const { page, errors } = await open(reader);
    await expect.poll(() => page.getByTestId('record-lock-reason').isVisible().catch(() => false)).toBe(true);
    await expect.poll(() => page.getByTestId('action-approve').isVisible()).toBe(true);
    expect(await page.getByTestId('action-reject').isVisible()).toBe(true);
    expect(await page.getByTestId('action-recall').count()).toBe(0);
    await screenshot(page, 'record-access-approver');
    await page.getByTestId('action-approve').click();
    await page.getByRole('dialog').getByLabel('备注').fill('资质齐全，同意。');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('record-lock-reason').count()).toBe(0);
    // Still a reader through the share: the tag stays, without the approval, and nothing is left to decide.
    expect(await page.getByTestId('record-read-only').innerText()).toContain('只读');
    await expect.poll(() => page.locator('[data-testid^="action-"]').count()).toBe(0);
    const access = await apiCall<{ edit: boolean; locked?: unknown }>(baseUrl, ownerToken, 'GET', `/api/records/account/${accountId}/access`);
    expect(access.body).toMatchObject({ edit: true });
    expect(access.body.locked).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
