import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN } from './global-setup.ts';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');

/** Debian's Chromium, headless; background networking off (this machine's network is closed). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile (its own cookies) that fails the test on any uncaught page error. */
export async function newSession(browser: Browser, baseUrl: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  // A page in the background gets no animation frames: antd's drawers would stay off-screen.
  await page.bringToFront();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let animations (drawers, popovers) finish before the picture.
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

export async function signIn(page: Page, who: { email: string; password: string }, labels = { email: '邮箱', password: '密码', submit: /登\s*录/ }): Promise<void> {
  // Already on the sign-in page (sent there from a page that needs a session): stay, so its returnTo is kept.
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/signin')) await page.goto('/');
  await expect.poll(() => page.url()).toContain('/signin');
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
  // Signed in: the home page, or the page the sign-in was asked for.
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Picks an option of an antd Select found by its label, typing to search first when asked. */
export async function choose(page: Page, label: string, option: string, search?: string, scope: Page | Locator = page): Promise<void> {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (search !== undefined) await box.fill(search);
  // This box's own dropdown (its listbox id is in aria-controls): another select's may still be closing, showing the same option.
  const list = await box.getAttribute('aria-controls');
  const dropdown = page.locator(list ? `.ant-select-dropdown:has([id="${list}"])` : '.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** Calls the API as a signed-in user with a bearer token (for setting up what a journey needs). */
export async function apiCall<T>(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function tokenFor(baseUrl: string, who: { email: string; password: string }): Promise<string> {
  const r = await apiCall<{ token: string }>(baseUrl, undefined, 'POST', '/api/auth/login', who);
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/**
 * A workspace of the journey's own (e2e files share one server), made by the
 * platform administrator: how its administrator signs in.
 */
export async function newWorkspace(baseUrl: string, input: { slug: string; name: string; admin: { email: string; name: string } }): Promise<{ email: string; password: string }> {
  const made = await apiCall<{ admin: { email: string; password: string } }>(baseUrl, await tokenFor(baseUrl, ADMIN), 'POST', '/api/platform/workspaces', input);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return { email: made.body.admin.email, password: made.body.admin.password };
}

/** An input of the open form drawer, by its label. */
export const formField = (page: Page, label: string): Locator => page.locator('.ant-drawer-open').getByLabel(label, { exact: true });

/**
 * Opens the filter panel and adds a condition row. Under load the first click can land
 * while the panel is still animating in, so it retries until a row is there.
 */
export async function addFilterRow(page: Page): Promise<void> {
  await page.getByTestId('filter-button').click();
  await expect
    .poll(
      async () => {
        if ((await page.getByTestId('filter-row').count()) === 0) await page.getByRole('button', { name: /添加条件|Add condition|新增條件/ }).click({ timeout: 2000 }).catch(() => undefined);
        return page.getByTestId('filter-row').count();
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
}
