/**
 * The chart screens' code arrives only when they are first opened (screens/lazy-screen.tsx), under the
 * console's CSP: a polite loading sign while it loads, and when it cannot be loaded, a Japanese error and a
 * button that loads the page again, which then shows the screen.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../packages/server/src/http/test-server.ts';
import { launchBrowser } from './support/browser.ts';
import { staffBrowser } from './support/console.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a chart screen shows a loading sign until its code arrives, and an error with 再読み込み when the code cannot be loaded', async () => {
  const { context, page } = await staffBrowser(browser, server, 'viewer', 'lazy-viewer');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  try {
    const menu = page.getByRole('navigation', { name: 'メニュー' });

    // 統計's code is held back until the loading sign has been seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/admin\/chunks\/statistics-[A-Z0-9]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await menu.getByRole('link', { name: '統計' }).click();
    await page.getByRole('heading', { level: 1, name: '統計' }).waitFor();
    await page.getByRole('status').filter({ hasText: '読み込んでいます…' }).waitFor();
    release();
    await page.getByLabel('期間', { exact: true }).waitFor();

    // 月次レポート's code does not arrive: the error, then a reload brings the screen.
    const monthlyChunk = /\/admin\/chunks\/monthly-report-[A-Z0-9]+\.js$/;
    await page.route(monthlyChunk, (route) => route.abort('failed'));
    await menu.getByRole('link', { name: '月次レポート' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'この画面を読み込めませんでした' });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /ページを再読み込みしてください/);
    await page.unroute(monthlyChunk);
    await page.getByRole('button', { name: '再読み込み' }).click();
    await page.getByRole('heading', { level: 2, name: /のチャットボット利用状況$/ }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/reports/monthly', 'the reload keeps the address');
    assert.deepEqual(violations, []);
  } finally {
    await context.close();
  }
});
