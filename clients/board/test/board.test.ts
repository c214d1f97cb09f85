/**
 * The market board in a real browser (Debian's Chromium driven by playwright-core) against a packaged gateway that
 * serves it, fed by the harness's synthetic market: prices update, a candle appears, and a connection cut on the
 * server's side shows "reconnecting" and recovers. Saves a screenshot to target/board.png (and to docs/board.png with
 * UPDATE_SCREENSHOT=1).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../../typescript/test/support/harness-process.js';
import { Harness } from '../../typescript/test/support/harness.js';
import { CuttingProxy } from '../../typescript/test/support/proxy.js';

const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = resolve(here, '..');
let stopHarness: () => Promise<void>;
let harness: Harness;
let http: string;
let proxy: CuttingProxy;
let browser: Browser;
let page: Page;
let symbols: string[];

beforeAll(async () => {
  const started = await startHarness(resolve(moduleDir, 'target/harness.classpath'), { 'gateway.board-dir': resolve(moduleDir, 'dist') });
  stopHarness = started.stop;
  harness = new Harness(started.ready.control, started.ready.gateway.ws);
  http = started.ready.gateway.http;
  proxy = await CuttingProxy.start(started.ready.gateway.ws);
  symbols = (await harness.call<{ symbols: string[] }>('/symbols', { count: 3 })).symbols;
  await harness.call('/feed', { symbols, updates_per_second: 5 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await harness?.call('/feed/stop').catch(() => undefined);
  await stopHarness?.();
});

describe('the market board', () => {
  it('shows live prices and candles, and recovers from a cut connection', async () => {
    const user = await harness.user('board');
    const token = await harness.token(user);
    await page.goto(`${http}/board/?symbols=${symbols.join(',')}&ws=${encodeURIComponent(proxy.url)}#token=${token}`);

    const status = page.locator('#status');
    await expectText(status, /^connected/);
    const price = page.locator(`#quotes tr[data-symbol="${symbols[0]}"] .price`);
    await page.waitForFunction((s) => /\d/.test(document.querySelector(`#quotes tr[data-symbol="${s}"] .price`)?.textContent ?? ''), symbols[0]);
    const first = await price.textContent();
    await page.waitForFunction(([s, before]) => document.querySelector(`#quotes tr[data-symbol="${s}"] .price`)?.textContent !== before,
      [symbols[0], first], { timeout: 15_000 });
    expect(await page.locator(`#quotes tr[data-symbol="${symbols[0]}"] .age`).textContent()).toMatch(/^\d+ ms$/);

    await page.waitForFunction(() => Number(document.getElementById('chart')?.dataset.candles) >= 2, undefined, { timeout: 20_000 });
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => document.querySelectorAll('#depth tr').length >= 5, undefined, { timeout: 15_000 });

    proxy.cut();
    await expectText(status, /^reconnecting/);
    await expectText(status, /^connected \(resumed\)/, 20_000);
    const afterReconnect = await price.textContent();
    await page.waitForFunction(([s, before]) => document.querySelector(`#quotes tr[data-symbol="${s}"] .price`)?.textContent !== before,
      [symbols[0], afterReconnect], { timeout: 15_000 });

    await harness.awaitListening(user);
    await harness.alerts(user, 1, 1); // shown in the alerts panel
    await page.waitForFunction(() => document.querySelectorAll('#alerts li').length >= 1, undefined, { timeout: 15_000 });
    await page.waitForTimeout(process.env.UPDATE_SCREENSHOT === '1' ? 40_000 : 1500); // more candles for the committed picture

    const shot = resolve(moduleDir, 'target/board.png');
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      copyFileSync(shot, resolve(moduleDir, '../../docs/board.png'));
    }
  });
});

async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${pattern} but the status says "${text}"`);
}

