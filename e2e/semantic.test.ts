/**
 * 意味検索の評価 in a real browser against real servers: with the embeddings endpoint pointing at the fake
 * OpenAI-compatible server on 127.0.0.1 (an administrator runs the report, reads the table and the improved
 * questions, and turns semantic search off), and without any model (the screen says so). axe-core on each;
 * screenshots for the manual.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeOpenAi, type FakeOpenAi } from '../packages/server/src/ai/models/fake-openai-server.ts';
import { createModelProviders } from '../packages/server/src/ai/models/providers.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { qaContent } from '../packages/server/src/qa/test-fixtures.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';

let browser: Browser;
let fake: FakeOpenAi;
let configured: TestServer;
let bare: TestServer;

before(async () => {
  fake = await startFakeOpenAi();
  [configured, bare, browser] = await Promise.all([
    startTestServer({
      // Only words the engine treats as politeness filler: the engine finds nothing for a question like it.
      qas: [qaContent('9100', { category1: 'テスト', question: '手続きの方法を知りたい', answer: '手続きの方法をご案内します。' })],
      models: (store, siteId) => createModelProviders({ chat: null, embeddings: { url: fake.url, model: 'emb-e2e' }, timeoutMs: 10_000, retries: 0 }, store, siteId),
    }),
    startTestServer(),
    launchBrowser(),
  ]);
  const cases = [
    { question: '手続きの方法を知りたいです', expected: ['9100'] },
    { question: '粗大ごみの出し方', expected: ['3015'] },
    { question: '宝くじの当選番号', expected: [] },
  ];
  await configured.store.setSetting(TEST_SITE, 'testCases', { cases }, 'e2e');
});
after(async () => {
  await browser?.close();
  await Promise.all([configured?.close(), bare?.close()]);
  await fake?.close();
});

describe('意味検索の評価', () => {
  test('an administrator runs the report, reads the comparison and the improved question, and turns it off', async () => {
    const { context, page } = await staffBrowser(browser, configured, 'admin', 'joho', { bypassCSP: true });
    try {
      await page.getByRole('link', { name: '意味検索の評価' }).click();
      await page.getByRole('heading', { level: 1, name: '意味検索の評価' }).waitFor();
      await screen(page).getByText('設定済み', { exact: true }).waitFor();
      assert.equal(await page.getByLabel(/意味検索を使う/).isChecked(), true, 'on by default once configured');

      await page.getByRole('button', { name: '評価を実行' }).click();
      const table = page.getByRole('table', { name: '意味検索なし・ありの比較' });
      await table.waitFor();
      const hitAt1 = table.getByRole('row', { name: /1位の正解率/ });
      assert.match(await hitAt1.innerText(), /正解の QA がある質問のうち、正解が1位に出た割合です。/);
      assert.match(await hitAt1.innerText(), /良くなった/);
      const improved = page.getByRole('table', { name: /良くなった質問/ });
      assert.match(await improved.innerText(), /手続きの方法を知りたいです\s+9100\s+答えられない（正解は10位以内になし）\s+候補を表示（正解は1位）/);
      await page.getByRole('heading', { name: '悪くなった質問（0 件）' }).waitFor();
      await table.scrollIntoViewIfNeeded();
      await screenshot(page, 'admin-semantic-report');
      assert.deepEqual(await axeViolations(page), []);

      await page.getByLabel(/意味検索を使う/).uncheck();
      await page.getByRole('button', { name: '保存する' }).click();
      await screen(page).getByText('意味検索を止めました。市民向けのチャットは標準の検索だけで答えます。').waitFor();
      await screen(page).getByText('意味検索を使っていません（標準の検索だけ）').waitFor();
    } finally {
      await context.close();
    }
  });

  test('a viewer reads the status and why only editors run the report (it costs model calls)', async () => {
    const { context, page } = await staffBrowser(browser, configured, 'viewer', 'etsuran', { bypassCSP: true });
    try {
      await page.goto(`${configured.url}/admin/semantic-search`);
      await page.getByRole('heading', { name: '一括テストで比べる' }).waitFor();
      await screen(page).getByText(/評価を実行できるのは編集者と管理者です/).waitFor();
      assert.equal(await page.getByRole('button', { name: '評価を実行' }).count(), 0);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });

  test('without an embeddings model: the screen says it is not configured, and who sets it up', async () => {
    const { context, page } = await staffBrowser(browser, bare, 'viewer', 'etsuran', { bypassCSP: true });
    try {
      await page.goto(`${bare.url}/admin/semantic-search`);
      await page.getByRole('heading', { name: /意味検索は使えません/ }).waitFor();
      assert.match(await screen(page).innerText(), /情報システム担当/);
      assert.equal(await page.getByRole('button', { name: '評価を実行' }).count(), 0);
      await screenshot(page, 'admin-semantic-none');
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });
});
