/**
 * First-load benchmark of the web app in Chromium: what a person waits for
 * the first time they open Mainline (empty cache), on the demo workspace.
 * Prints figures; asserts nothing.
 *
 *   npm run bench:first-load                 5 cold loads on each network profile
 *   BENCH_RUNS=9 npm run bench:first-load
 *
 * For each cold load (a fresh browser profile, so nothing is cached):
 *   - bytes transferred over the wire (as the browser received them, i.e.
 *     compressed) for JavaScript, CSS and everything, on the sign-in page and
 *     then for the home page after signing in (the lazily loaded chunks);
 *   - sign-in ready: navigation start → the e-mail field can be typed in;
 *   - home interactive: the click on 登录 → the home page shows the rep's
 *     figures (KPI cards filled from the API) and the last long task
 *     (> 50 ms) on the main thread before a 500 ms quiet window has ended,
 *     as the usual TTI definition has it.
 * Network profiles: the loopback as it is, and an office line emulated
 * through the DevTools protocol (20 Mbit/s down, 5 up, 40 ms round trip).
 * The reference figure is the bundle's own size on disk, uncompressed.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../packages/server/src/demo/demo-data.ts';
import { startServer, stopServer } from '../packages/server/test/support/server-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(import.meta.dirname, '..');
const webDir = join(root, 'packages/web/dist');
const REP = { email: 'rep1@demo.mainline.local', password: DEMO_PASSWORD };

type Profile = { name: string; conditions?: { latency: number; downloadThroughput: number; uploadThroughput: number } };
const PROFILES: Profile[] = [
  { name: 'loopback' },
  { name: 'office line 20/5 Mbit/s, 40 ms', conditions: { latency: 40, downloadThroughput: (20e6 / 8) | 0, uploadThroughput: (5e6 / 8) | 0 } },
];

type Transfer = { js: number; css: number; all: number };
type Sample = { signInReadyMs: number; homeInteractiveMs: number; signIn: Transfer; home: Transfer };

/** Bytes on the wire per resource type, as Chromium's network layer counted them (headers and compressed bodies). */
function countTransfers(cdp: CDPSession): { take(): Transfer } {
  const types = new Map<string, string>();
  let current: Transfer = { js: 0, css: 0, all: 0 };
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    const type = types.get(e.requestId);
    current.all += e.encodedDataLength;
    if (type === 'Script') current.js += e.encodedDataLength;
    if (type === 'Stylesheet') current.css += e.encodedDataLength;
  });
  return {
    take() {
      const taken = current;
      current = { js: 0, css: 0, all: 0 };
      return taken;
    },
  };
}

/**
 * Waits until no long task has run on the main thread for `quietMs`, and
 * returns when the last one ended (wall-clock ms), or `since` if none did.
 */
async function lastLongTaskEnd(page: Page, since: number, quietMs = 500): Promise<number> {
  // Sent as text: tsx would otherwise wrap the named inner function in a helper the page does not have.
  return page.evaluate(`new Promise((done) => {
    let last = ${since};
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) last = Math.max(last, performance.timeOrigin + e.startTime + e.duration);
    }).observe({ type: 'longtask', buffered: true });
    const check = () => (performance.timeOrigin + performance.now() - last >= ${quietMs} ? done(last) : setTimeout(check, 50));
    setTimeout(check, ${quietMs});
  })`);
}

async function coldLoad(browser: Browser, baseUrl: string, profile: Profile): Promise<Sample> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (profile.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.conditions });
    const transfers = countTransfers(cdp);

    await page.goto('/signin', { waitUntil: 'commit' });
    await page.getByLabel('邮箱').waitFor({ state: 'visible' });
    const signInReadyMs = await page.evaluate(() => performance.now());
    await page.waitForLoadState('networkidle');
    const signIn = transfers.take();

    await page.getByLabel('邮箱').fill(REP.email);
    await page.getByLabel('密码').fill(REP.password);
    // Wall-clock times (the page's timeOrigin + now), since signing in may start a new document.
    const clicked = Date.now();
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    // The rep's pipeline figure has arrived from the API and been drawn.
    await page.waitForFunction(() => /¥\s?\d/.test(document.querySelector('[data-testid="kpi-pipeline"]')?.textContent ?? ''), undefined, { polling: 'raf' });
    const shown = await page.evaluate(() => performance.timeOrigin + performance.now());
    const homeInteractiveMs = (await lastLongTaskEnd(page, shown)) - clicked;
    await page.waitForLoadState('networkidle');
    return { signInReadyMs, homeInteractiveMs, signIn, home: transfers.take() };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1).padStart(7)} kB`;
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

function bundleOnDisk(): { js: number; css: number } {
  let js = 0;
  let css = 0;
  for (const name of readdirSync(join(webDir, 'assets'))) {
    if (name.endsWith('.js')) js += statSync(join(webDir, 'assets', name)).size;
    if (name.endsWith('.css')) css += statSync(join(webDir, 'assets', name)).size;
  }
  return { js, css };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the web app failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'mainline-bench-web-'));
  const server = await startServer({ DATA_DIR: dataDir, MAINLINE_DEMO: 'true', WEB_DIR: webDir, RATE_LIMIT_PER_MINUTE: '100000', AUTOMATION_WORKER: 'off' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const disk = bundleOnDisk();
    console.log(`Web app first load, ${RUNS} cold loads per profile, medians. All JavaScript of the build on disk: ${kB(disk.js)} (CSS ${kB(disk.css)}), uncompressed.`);
    await coldLoad(browser, server.url, PROFILES[0]!); // warm-up: the server's caches and Chromium's start
    for (const profile of PROFILES) {
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) samples.push(await coldLoad(browser, server.url, profile));
      const m = (f: (s: Sample) => number) => median(samples.map(f));
      console.log(`\n${profile.name}`);
      console.log(`  sign-in page   JS ${kB(m((s) => s.signIn.js))}  CSS ${kB(m((s) => s.signIn.css))}  all ${kB(m((s) => s.signIn.all))}  ready ${ms(m((s) => s.signInReadyMs))}`);
      console.log(`  + home page    JS ${kB(m((s) => s.home.js))}  CSS ${kB(m((s) => s.home.css))}  all ${kB(m((s) => s.home.all))}  interactive ${ms(m((s) => s.homeInteractiveMs))} after 登录`);
      console.log(`  first load JS transferred ${kB(m((s) => s.signIn.js + s.home.js))} = ${((m((s) => s.signIn.js + s.home.js)) / disk.js * 100).toFixed(0)}% of all JS on disk`);
    }
  } finally {
    await browser.close();
    await stopServer(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
