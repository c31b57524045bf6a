/**
 * 「AIによる提案」 in the QA editor, in a real browser against a real server whose chat model is the fake
 * OpenAI-compatible server on 127.0.0.1: an editor asks for alternates, accepts one, rejects one, saves, and
 * the stored QA holds the accepted one only. Also: axe-core on the editor with suggestions shown, and the
 * explanation (no buttons) when no model is configured.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../packages/server/src/ai/models/fake-openai-server.ts';
import { createModelProviders } from '../packages/server/src/ai/models/providers.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';

let fake: FakeOpenAi;
let server: TestServer;
let bare: TestServer;
let browser: Browser;

/** 「住民票ほしい」 is a registered alternate of QA 1001: it comes back among the dropped ones. */
const PROPOSED = ['住民票 どこで もらえる', '住民票ほしい', 'じゅうみんひょう ほしい'];

before(async () => {
  fake = await startFakeOpenAi({ chat: () => JSON.stringify({ alternates: PROPOSED }) });
  [server, bare, browser] = await Promise.all([
    startTestServer({ models: (store, site) => createModelProviders({ chat: { url: fake.url, model: 'gpt-test' }, embeddings: null, timeoutMs: 10_000, retries: 0 }, store, site) }),
    startTestServer(),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), bare?.close(), fake?.close()]);
});

describe('AIによる提案 (QA editor)', () => {
  test('an editor asks for alternates, accepts one, rejects one and saves: the QA has the accepted one', async () => {
    const { context, page } = await staffBrowser(browser, server, 'editor', 'tanaka', { bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/qas/1001`);
      await page.getByRole('heading', { level: 1, name: /QAの編集（管理番号 1001）/ }).waitFor();
      const section = page.getByRole('region', { name: 'AIによる提案' });
      // An unsaved edit of the question is what the model is asked about.
      await page.getByLabel('質問（必須）', { exact: true }).fill('住民票の写しを取りたい（編集中）');
      await section.getByRole('button', { name: '言い換えの候補を出す' }).click();
      await section.getByRole('heading', { name: '言い換えの候補（2 件）' }).waitFor();
      await section.getByText('言い換えの候補が 2 件あります（条件に合わない 1 件は出していません）。').waitFor();
      const sent = fake.requests.at(-1)?.body as FakeChatRequest;
      assert.match(sent.messages?.at(-1)?.content ?? '', /"question":"住民票の写しを取りたい（編集中）"/);
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'admin-ai-suggestions');

      await section.getByRole('button', { name: '採用（住民票 どこで もらえる）', exact: true }).click();
      await section.getByText('採用しました（言い換えに追加しました。保存はまだです）。').waitFor();
      // The keyboard goes on to the next suggestion (moved by a timer after the decision: waited for, not assumed).
      await section.locator('button:focus', { hasText: /^採用$/ }).waitFor();
      await section.getByRole('button', { name: '不採用（じゅうみんひょう ほしい）', exact: true }).click();
      await section.getByText('不採用にしました。').waitFor();
      const alternates = (await page.getByLabel('言い換え', { exact: true }).inputValue()).split('\n');
      assert.equal(alternates.at(-1), '住民票 どこで もらえる');
      assert.ok(!alternates.includes('じゅうみんひょう ほしい'));
      await section.getByText('出さなかった案（1 件）').click();
      await section.getByText('住民票ほしい — 登録済みの言い換えと同じです。').waitFor();
      assert.deepEqual(await axeViolations(page), [], 'after the decisions');

      await page.getByLabel('質問（必須）', { exact: true }).fill('住民票の写しを取りたい');
      await page.getByRole('button', { name: '保存する' }).click();
      await screen(page).getByText(/保存しました（版 \d+）/).waitFor();
      const stored = await server.store.getQa(TEST_SITE, '1001');
      assert.equal(stored?.alternates.at(-1), '住民票 どこで もらえる');
      assert.ok(!stored?.alternates.includes('じゅうみんひょう ほしい'));
    } finally {
      await context.close();
    }
  });

  test('without a chat model the section says an administrator can set one up, and offers no buttons', async () => {
    const { context, page } = await staffBrowser(browser, bare, 'editor', 'kato', { bypassCSP: true });
    try {
      await page.goto(`${bare.url}/admin/qas/1001`);
      const section = page.getByRole('region', { name: 'AIによる提案' });
      await section.getByText(/AIモデルが設定されていないため、提案を作れません。設定はシステム管理者にご相談ください。/).waitFor();
      assert.equal(await section.getByRole('button').count(), 0);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });
});
