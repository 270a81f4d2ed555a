import * as OpenCC from 'opencc-js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { zhCN } from '../packages/web/src/i18n/messages-zh-CN.ts';
import { zhTW } from '../packages/web/src/i18n/messages-zh-TW.ts';
import { apiCall, launchBrowser, newSession, newWorkspace, screenshot, signIn, tokenFor } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const DAY = 86_400_000;
const HOUR = 3_600_000;

// What the user entered (in traditional characters: a Taiwanese customer): not chrome, left out of the checks.
const DATA = {
  workspace: '臺灣精機業務',
  admin: '林志明',
  account: '臺北精密機械股份有限公司',
  contact: '陳怡君',
  opportunity: '臺北精密 - 五軸加工中心',
  caseSubject: '主軸異響待修',
  task: '回訪設備驗收',
  contactTitle: '採購經理',
};
// The avatar shows the first character of the user's name.
const USER_DATA = [...Object.values(DATA), DATA.admin.slice(0, 1)];
const CLOSE_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 20 * DAY));
const AMOUNT = '458000.00';

type Ids = { account: string; contact: string; opportunity: string; case: string };
type LabelText = Partial<Record<'zh-CN' | 'zh-TW' | 'en', string>>;
type MetaObject = {
  apiName: string;
  label?: LabelText;
  pluralLabel?: LabelText;
  fields: { apiName: string; label?: LabelText; values?: { apiName: string; label?: LabelText }[] }[];
};

/** Every leaf string of a message catalogue by its dotted key. */
function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(messages)) {
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

/** A message without its {{placeholders}}: the literal fragments between them, of two characters or more. */
const fragments = (text: string): string[] =>
  text
    .split(/\{\{[^}]*\}\}/)
    .map((f) => f.trim())
    .filter((f) => [...f].length >= 2);

/** zh-CN strings whose zh-TW counterpart differs: seeing one on a zh-TW page means simplified text leaked in. */
function simplifiedOnlyMessages(): { source: string; text: string }[] {
  const tw = flatten(zhTW);
  const out: { source: string; text: string }[] = [];
  for (const [key, cn] of flatten(zhCN)) {
    if (key.startsWith('locales.')) continue; // the language switch names each language in its own script
    const twText = tw.get(key);
    if (twText === undefined || twText === cn) continue;
    const twFragments = new Set(fragments(twText));
    for (const f of fragments(cn)) if (!twFragments.has(f) && /[\u3400-\u9fff]/.test(f)) out.push({ source: `messages ${key}`, text: f });
  }
  return out;
}

/** zh-CN metadata labels (objects, fields, picklist values) whose zh-TW label differs. */
function simplifiedOnlyLabels(objects: MetaObject[]): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  const add = (source: string, label?: LabelText) => {
    if (label?.['zh-CN'] && label['zh-TW'] && label['zh-CN'] !== label['zh-TW']) out.push({ source, text: label['zh-CN'] });
  };
  for (const o of objects) {
    add(`object ${o.apiName}`, o.label);
    add(`object ${o.apiName} (plural)`, o.pluralLabel);
    for (const f of o.fields) {
      add(`field ${o.apiName}.${f.apiName}`, f.label);
      for (const v of f.values ?? []) add(`value ${o.apiName}.${f.apiName}.${v.apiName}`, v.label);
    }
  }
  return out;
}

// Simplified characters, one at a time (cn → tw without phrases). A few characters that the
// character table maps though Taiwan writes them as they are: 台 (服務台), 准 (核准), 斗 (漏斗).
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const SAME_IN_TAIWAN = new Set([...'台准斗']);
const isCjk = (c: string) => /[\u3400-\u9fff\uf900-\ufaff]/u.test(c);

const around = (text: string, at: number, length: number) =>
  `…${text.slice(Math.max(0, at - 12), at + length + 12).replace(/\s+/g, ' ')}…`;

/**
 * The page's visible text (innerText skips what is hidden) and the placeholders of its
 * visible inputs, with the user's own data blanked out.
 */
async function visibleChrome(page: Page, exclude: string[] = []): Promise<string> {
  const placeholders = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]'))
      .filter((e) => e.checkVisibility())
      .map((e) => e.placeholder),
  );
  // API names are shown as code on purpose (Setup's API name column): not chrome either.
  const code = await page.locator('code').allInnerTexts();
  let text = [await page.locator('body').innerText(), ...placeholders].join('\n');
  for (const s of [...USER_DATA, ...exclude, ...code].sort((a, b) => b.length - a.length)) text = text.replaceAll(s, ' ');
  return text;
}

/** An API name (camelCase, e.g. publicRead) where a label belongs: untranslated in every language. */
function rawNameProblems(text: string): string[] {
  return [...new Set([...text.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g)].map((m) => `API name "${m[0]}" in ${around(text, m.index, m[0].length)}`))];
}

/** What a zh-TW reader would trip over: catalogue or label strings only zh-CN uses, and simplified characters. */
function zhTWProblems(text: string, forbidden: { source: string; text: string }[]): string[] {
  const problems = new Set<string>();
  for (const { source, text: s } of forbidden) {
    const at = text.indexOf(s);
    if (at >= 0) problems.add(`zh-CN "${s}" (${source}) in ${around(text, at, s.length)}`);
  }
  const chars = [...text];
  let offset = 0;
  for (const c of chars) {
    if (isCjk(c) && !SAME_IN_TAIWAN.has(c) && toTraditional(c) !== c) problems.add(`simplified "${c}" (→ ${toTraditional(c)}) in ${around(text, offset, c.length)}`);
    offset += c.length;
  }
  return [...problems, ...rawNameProblems(text)];
}

/** CJK in what should be English chrome, each run with some context; and a plural after one ("1 records"). */
function englishProblems(text: string): string[] {
  const problems = new Set<string>();
  for (const m of text.matchAll(/[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+/gu)) problems.add(`"${m[0]}" in ${around(text, m.index, m[0].length)}`);
  for (const m of text.matchAll(/(?<![\d.,])\b1 [a-z]+s\b/g)) problems.add(`plural after one "${m[0]}" in ${around(text, m.index, m[0].length)}`);
  return [...problems, ...rawNameProblems(text)];
}

/** Waits until the page has its data: no spinner or skeleton left. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active, .ml-page-spin').count()).toBe(0);
}

/** The formats the app must use for this locale, computed by the browser's own Intl (the same ICU as the page). */
async function expectedFormats(page: Page, lang: 'zh-TW' | 'en'): Promise<{ date: string; money: string }> {
  return page.evaluate(
    ([tag, date, amount]) => ({
      date: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`)),
      money: new Intl.NumberFormat(tag, { style: 'currency', currency: 'CNY' }).format(Number(amount)),
    }),
    [lang === 'en' ? 'en-US' : lang, CLOSE_DATE, AMOUNT] as const,
  );
}

/**
 * zh-TW and English screens, end to end: a user of a fresh workspace goes through the main
 * pages in each language. In zh-TW no simplified text (a zh-CN catalogue string whose zh-TW
 * differs, a standard label in its zh-CN form, a simplified character) shows; in English no
 * CJK chrome. Dates and money are written the locale's way.
 */
describe('zh-TW and English screens in Chromium', () => {
  let browser: Browser;
  let who: { email: string; password: string };
  let token: string;
  let forbiddenInTW: { source: string; text: string }[];
  const ids = {} as Ids;

  beforeAll(async () => {
    who = await newWorkspace(baseUrl, { slug: 'locales_e2e', name: DATA.workspace, admin: { email: 'admin@locales.e2e.test', name: DATA.admin } });
    token = await tokenFor(baseUrl, who);
    const post = async (object: string, body: Record<string, unknown>): Promise<string> => {
      const r = await apiCall<{ id: string }>(baseUrl, token, 'POST', `/api/records/${object}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id;
    };
    ids.account = await post('account', { name: DATA.account, industry: 'manufacturing', type: 'customer', level: 'key', annualRevenue: { amount: '12500000.00', currency: 'CNY' } });
    ids.contact = await post('contact', { name: DATA.contact, account: ids.account, title: '採購經理', email: 'chen.yijun@tpe.example.tw' });
    ids.opportunity = await post('opportunity', { name: DATA.opportunity, account: ids.account, stage: 'proposal', amount: { amount: AMOUNT, currency: 'CNY' }, closeDate: CLOSE_DATE });
    ids.case = await post('case', { subject: DATA.caseSubject, account: ids.account, contact: ids.contact, priority: 'high', status: 'inProgress', slaDueAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    await post('activity', { name: DATA.task, kind: 'task', account: ids.account, dueAt: new Date(Date.now() - DAY).toISOString() });
    const meta = await apiCall<{ objects: MetaObject[] }>(baseUrl, token, 'GET', '/api/metadata/objects');
    expect(meta.status).toBe(200);
    forbiddenInTW = [...simplifiedOnlyMessages(), ...simplifiedOnlyLabels(meta.body.objects)];
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the checks catch what they look for', () => {
    const problems = zhTWProblems('共 3 条 · 加载更多 · 客户 · 客戶', forbiddenInTW);
    expect(problems.some((p) => p.startsWith('zh-CN "加载更多" (messages list.loadMore)'))).toBe(true);
    expect(problems.some((p) => p.startsWith('zh-CN "客户" (object account)'))).toBe(true);
    expect(problems.some((p) => p.startsWith('simplified "条"'))).toBe(true);
    expect(problems.some((p) => /^\S+ "客戶"/.test(p))).toBe(false);
    expect(englishProblems('Accounts 客户 Accounts')).toEqual(['"客户" in …Accounts 客户 Accounts…']);
    expect(englishProblems('1 records · 11 records · 2.1 records · 1 deal').map((p) => p.split(' in ')[0])).toEqual(['plural after one "1 records"']);
    expect(englishProblems('Default sharing publicRead').map((p) => p.split(' in ')[0])).toEqual(['API name "publicRead"']);
  });

  type Lang = 'zh-TW' | 'en';
  /**
   * The main pages: each opened and waited for (`open`), then what a reader of that
   * language must see there besides the text checks (`see`).
   */
  const PAGES: { name: string; open: (page: Page) => Promise<void>; see?: (page: Page, lang: Lang) => Promise<void> }[] = [
    {
      name: 'home',
      open: async (page) => {
        await page.goto('/');
        await expect.poll(() => page.getByTestId('home-opportunities').innerText()).toContain(DATA.opportunity);
        await expect.poll(() => page.getByTestId('home-tasks').innerText()).toContain(DATA.task);
      },
      see: async (page, lang) => {
        const { money } = await expectedFormats(page, lang);
        await expect.poll(() => page.getByTestId('home-opportunities').innerText()).toContain(money);
      },
    },
    {
      name: 'account-list',
      open: async (page) => {
        await page.goto('/o/account');
        await expect.poll(() => page.locator('.ml-table').innerText()).toContain(DATA.account);
        // The view picker's standard views, open.
        await page.getByTestId('view-picker').click();
        await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').count()).toBeGreaterThan(1);
      },
      see: async (page, lang) => {
        // Standard objects and fields in traditional characters (客戶, not 客户).
        const [heading, columns, nav, views] =
          lang === 'zh-TW'
            ? ['客戶', /名稱[\s\S]*負責人/, /銷售[\s\S]*客戶[\s\S]*聯絡人[\s\S]*商機[\s\S]*行銷[\s\S]*潛在客戶[\s\S]*服務/, /全部客戶[\s\S]*我的客戶[\s\S]*重點客戶/]
            : ['Accounts', /Name[\s\S]*Owner/, /Sales[\s\S]*Accounts[\s\S]*Contacts[\s\S]*Opportunities[\s\S]*Marketing[\s\S]*Leads[\s\S]*Service/, /All accounts[\s\S]*My accounts[\s\S]*Key accounts/];
        expect(await page.getByRole('heading', { name: heading }).isVisible()).toBe(true);
        expect(await page.locator('.ml-table thead').innerText()).toMatch(columns);
        expect(await page.locator('.ml-nav').innerText()).toMatch(nav);
        expect(await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').innerText()).toMatch(views);
      },
    },
    {
      name: 'account-record',
      open: async (page) => {
        await page.goto(`/o/account/${ids.account}`);
        await expect.poll(() => page.getByTestId('record-name').innerText()).toBe(DATA.account);
        await expect.poll(() => page.getByTestId('related-lists').innerText()).toContain(DATA.contact);
        await expect.poll(() => page.getByTestId('related-lists').innerText()).toContain(DATA.opportunity);
        await expect.poll(() => page.getByTestId('timeline').innerText()).not.toBe('');
      },
      see: async (page, lang) => {
        expect(await page.locator('[data-field="industry"]').innerText()).toBe(lang === 'zh-TW' ? '製造業' : 'Manufacturing');
        expect(await page.locator('[data-field="level"]').innerText()).toBe(lang === 'zh-TW' ? '重點客戶 (B)' : 'Key (B)');
      },
    },
    {
      name: 'opportunity-record',
      open: async (page) => {
        await page.goto(`/o/opportunity/${ids.opportunity}`);
        await expect.poll(() => page.getByTestId('record-name').innerText()).toBe(DATA.opportunity);
      },
      see: async (page, lang) => {
        // Dates and money the locale's way (the browser's own Intl says how), e.g. 2026年12月21日 / Dec 21, 2026.
        const want = await expectedFormats(page, lang);
        if (lang === 'en') expect(want.date).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
        else expect(want.date).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
        expect(await page.locator('[data-field="closeDate"]').innerText()).toBe(want.date);
        expect(await page.locator('[data-field="amount"]').innerText()).toBe(want.money);
        expect(await page.locator('[data-field="stage"]').innerText()).toBe(lang === 'zh-TW' ? '報價' : 'Proposal');
      },
    },
    {
      name: 'create-form',
      open: async (page) => {
        await page.goto('/o/opportunity');
        await expect.poll(() => page.locator('.ml-table').innerText()).toContain(DATA.opportunity);
        await page.getByTestId('new-record').click();
        await expect.poll(() => page.locator('.ant-drawer-open form').count()).toBe(1);
        // Saved empty: each required field says so; then the close date's calendar, open.
        await page.getByTestId('record-save').click();
        await expect.poll(() => page.locator('.ant-drawer-open .ant-form-item-explain-error').count()).toBeGreaterThan(0);
        await page.locator('.ant-drawer-open [data-field="closeDate"] input, .ant-drawer-open input#closeDate').first().click();
        await expect.poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-header').count()).toBe(1);
      },
    },
    {
      name: 'kanban',
      open: async (page) => {
        await page.goto('/o/opportunity/board?field=stage');
        await expect.poll(() => page.getByTestId('board').innerText()).toContain(DATA.opportunity);
      },
    },
    {
      name: 'search',
      open: async (page) => {
        await page.goto(`/search?q=${encodeURIComponent('臺北精密')}`);
        await expect.poll(() => page.getByTestId('search-group-account').innerText()).toContain(DATA.account);
        await expect.poll(() => page.getByTestId('search-group-opportunity').innerText()).toContain(DATA.opportunity);
      },
    },
    {
      name: 'dashboard',
      open: async (page) => {
        await page.goto('/dashboard');
        await expect.poll(() => page.locator('.ml-chart-card canvas').count()).toBeGreaterThan(0);
      },
    },
    {
      name: 'service',
      open: async (page) => {
        await page.goto(`/service?case=${ids.case}`);
        await expect.poll(() => page.getByTestId('queue-case').first().innerText()).toContain(DATA.caseSubject);
        await expect.poll(() => page.getByTestId('console-case-subject').innerText()).toBe(DATA.caseSubject);
      },
      see: async (page, lang) => {
        expect(await page.getByTestId('queue-sla').first().innerText()).toMatch(lang === 'zh-TW' ? /逾期 2\s*小時/ : /Overdue by 2 hours/);
      },
    },
    {
      name: 'setup-objects',
      open: async (page) => {
        await page.goto('/setup');
        await expect.poll(() => page.locator('.ml-table').innerText()).toContain('opportunity');
      },
      see: async (page, lang) => {
        // Each object's sharing model by its name in the language, not its API value.
        const row = (apiName: string) => page.locator('.ml-row').filter({ has: page.locator('code', { hasText: new RegExp(`^${apiName}$`) }) });
        expect(await row('opportunity').innerText()).toContain(lang === 'zh-TW' ? '私有' : 'Private');
        expect(await row('product').innerText()).toContain(lang === 'zh-TW' ? '公開唯讀' : 'Public read only');
      },
    },
    {
      name: 'setup-object-fields',
      open: async (page) => {
        await page.goto('/setup/objects/account');
        await expect.poll(() => page.locator('.ml-table').innerText()).toContain('annualRevenue');
      },
    },
    {
      name: 'setup-users',
      open: async (page) => {
        await page.goto('/setup/users');
        await expect.poll(() => page.locator('.ml-table').innerText()).toContain('admin@locales.e2e.test');
      },
    },
  ];

  describe('繁體中文 (zh-TW), chosen with the language switch', () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      ({ context, page, errors } = await newSession(browser, baseUrl));
    });
    afterAll(async () => {
      await context?.close();
    });

    it('signs in and switches to 繁體中文, saved to the account', async () => {
      await signIn(page, who);
      await page.getByTestId('language-switch').click();
      await page.getByRole('menuitem', { name: '繁體中文' }).click();
      await expect.poll(() => page.getByTestId('setup-link').innerText()).toBe('設定');
      await expect.poll(async () => (await page.request.get('/api/auth/me')).json().then((me: { locale: string }) => me.locale)).toBe('zh-TW');
    });

    for (const { name, open, see } of PAGES) {
      it(`${name}: no simplified text`, async () => {
        await open(page);
        await settled(page);
        await screenshot(page, `locale-zh-TW-${name}`);
        const problems = zhTWProblems(await visibleChrome(page), forbiddenInTW);
        expect(problems, `zh-TW ${name} shows simplified text:\n  ${problems.join('\n  ')}\n`).toEqual([]);
        await see?.(page, 'zh-TW');
        expect(errors).toEqual([]);
      });
    }
  });

  describe('English, set as the user’s preference through the API', () => {
    let context: BrowserContext;
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      const changed = await apiCall(baseUrl, token, 'PATCH', '/api/auth/me', { locale: 'en' });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      ({ context, page, errors } = await newSession(browser, baseUrl));
    });
    afterAll(async () => {
      await context?.close();
    });

    it('signs in: the account’s preference applies', async () => {
      // This browser has never chosen: the sign-in page is in zh-CN, the account's preference applies once signed in.
      await signIn(page, who);
      await expect.poll(() => page.getByTestId('setup-link').innerText()).toBe('Setup');
    });

    for (const { name, open, see } of PAGES) {
      it(`${name}: no CJK chrome`, async () => {
        await open(page);
        await settled(page);
        await screenshot(page, `locale-en-${name}`);
        // The language switch names the other languages in their own script (only while open).
        const problems = englishProblems(await visibleChrome(page, ['简体中文', '繁體中文']));
        expect(problems, `en ${name} shows CJK text:\n  ${problems.join('\n  ')}\n`).toEqual([]);
        await see?.(page, 'en');
        expect(errors).toEqual([]);
      });
    }
  });
});
