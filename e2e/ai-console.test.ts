/**
 * The AI screens of the console in a real browser against real servers: with no model configured, and with
 * both models configured against the fake OpenAI server on 127.0.0.1. axe-core on each; screenshots for the
 * manuals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeOpenAi, type FakeOpenAi } from '../packages/server/src/ai/models/fake-openai-server.ts';
import { createModelProviders } from '../packages/server/src/ai/models/providers.ts';
import { startTestServer, type TestServer } from '../packages/server/src/http/test-server.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { announcement, screen, staffBrowser } from './support/console.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

describe('AIモデルの接続', () => {
  let bare: TestServer;
  let configured: TestServer;
  let fake: FakeOpenAi;
  before(async () => {
    fake = await startFakeOpenAi({ apiKey: 'sk-e2e' });
    [bare, configured] = await Promise.all([
      startTestServer(),
      startTestServer({
        models: (store, siteId) =>
          createModelProviders(
            {
              chat: { url: fake.url, model: 'gpt-e2e', key: 'sk-e2e', price: { input: 75, output: 300 } },
              embeddings: { url: fake.url, model: 'emb-e2e', key: 'sk-e2e' },
              timeoutMs: 5000,
              retries: 0,
            },
            store,
            siteId,
          ),
      }),
    ]);
  });
  after(async () => {
    await Promise.all([bare?.close(), configured?.close()]);
    await fake?.close();
  });

  test('with no model: both 未設定, what each model would enable, and no check to run', async () => {
    const { context, page } = await staffBrowser(browser, bare, 'admin', 'joho', { bypassCSP: true });
    try {
      await page.getByRole('link', { name: 'AIモデルの接続' }).click();
      await page.getByRole('heading', { level: 1, name: 'AIモデルの接続' }).waitFor();
      await page.getByRole('heading', { name: 'AI モデルは設定されていません' }).waitFor();
      assert.equal(await screen(page).getByText('未設定', { exact: true }).count(), 2);
      assert.match(await screen(page).innerText(), /意味検索/);
      assert.match(await screen(page).innerText(), /情報システム担当/);
      assert.equal(await page.getByRole('button', { name: '接続を確かめる' }).count(), 0, 'nothing to check');
      assert.match(await screen(page).innerText(), /この30日間、AI モデルは使われていません。/);
      await screenshot(page, 'admin-models-none');
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });

  test('configured: an administrator checks the connection and sees the calls in the usage table', async () => {
    const { context, page } = await staffBrowser(browser, configured, 'admin', 'joho', { bypassCSP: true });
    try {
      await page.getByRole('link', { name: 'AIモデルの接続' }).click();
      const chat = page.getByRole('group', { name: 'チャットモデル（文章を書くAI）' });
      await chat.waitFor();
      assert.match(await chat.innerText(), /設定済み[\s\S]*gpt-e2e[\s\S]*127\.0\.0\.1[\s\S]*100万トークンあたり 入力 75円、出力 300円/);
      const checkButton = page.getByRole('button', { name: '接続を確かめる' });
      await checkButton.focus();
      await page.keyboard.press('Enter');
      await screen(page).getByText(/チャットモデル: 使えます。応答がありました/).waitFor();
      await screen(page).getByText(/埋め込みモデル: 使えます。/).waitFor();
      const calls = page.getByRole('table', { name: /新しい順に最大20件/ });
      await calls.getByRole('cell', { name: '接続の確認' }).first().waitFor();
      // The statuses reloaded without taking the section away: the result is read out, and the keyboard stays on the button.
      await announcement(page, /チャットモデル: 使えます。.*埋め込みモデル: 使えます。/).waitFor({ state: 'attached' });
      await page.waitForFunction(() => document.activeElement?.textContent?.trim() === '接続を確かめる');
      assert.equal(await checkButton.evaluate((el) => el === document.activeElement), true);
      assert.doesNotMatch(await chat.innerText(), /サーバーの起動後、まだありません/, 'the last success is shown');
      assert.match(await page.getByRole('table', { name: 'モデルと用途ごとの合計' }).innerText(), /チャットモデル gpt-e2e\s+接続の確認\s+1/);
      await screenshot(page, 'admin-models');
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });

  test('a viewer sees the status but no check button', async () => {
    const { context, page } = await staffBrowser(browser, configured, 'viewer', 'etsuran');
    try {
      await page.getByRole('link', { name: 'AIモデルの接続' }).click();
      await screen(page).getByText('接続の確認は管理者が行えます。').waitFor();
      assert.equal(await page.getByRole('button', { name: '接続を確かめる' }).count(), 0);
    } finally {
      await context.close();
    }
  });
});
