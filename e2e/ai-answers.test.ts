/**
 * Guarded AI answers in a real browser (issue 7, R28), the chat model on the local fake OpenAI server: an
 * administrator turns the feature on in AIによる回答; on a city page the widget shows 「もしかして」 at once and
 * then the labelled AI block above the candidates, whose citation opens the cited QA's answer; the attempt
 * appears in the console's log and is judged 「問題なし」. axe-core on the widget and on the screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chatRequests, faithfulSentence, fakeChatModels } from '../packages/server/src/ai/answers/answer-test-support.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../packages/server/src/ai/models/fake-openai-server.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';
import { startHostSite, type HostSite } from './support/host-page.ts';

/** 「もしかして」 with 住民票コード, 住民票記載事項証明書 and 住民票の写し (QA 1001, the third) in the starter pack. */
const QUESTION = '住民票の書類';
const LABEL = 'AIが登録済みの回答から作成した要約です。正確な内容は、下のリンク先の回答でご確認ください。';

let fake: FakeOpenAi;
let server: TestServer;
let host: HostSite;
let browser: Browser;

before(async () => {
  // A well-behaved model: the first sentence of the third source, cited.
  fake = await startFakeOpenAi({ chat: (body) => faithfulSentence(body, 3) });
  [server, browser] = await Promise.all([startTestServer({ models: fakeChatModels(() => fake) }), launchBrowser()]);
  host = await startHostSite(server.url);
});
after(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
  await fake?.close();
});

async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);
}

describe('AIによる回答', () => {
  test('an administrator turns it on, after reading what it does and the warning', async () => {
    const { context, page } = await staffBrowser(browser, server, 'admin', 'kanri', { bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/ai-answers`);
      await page.getByRole('heading', { level: 1, name: 'AIによる回答' }).waitFor();
      await page.getByRole('heading', { level: 2, name: '安全のための仕組み' }).waitFor();
      await screen(page).getByText('有効にすると、AI が作った文が市民に表示されます。').waitFor();
      const categories = page.getByRole('group', { name: '慎重な扱いが必要な分類' });
      await categories.getByRole('checkbox', { name: '税', exact: true }).waitFor();
      assert.match(await page.getByLabel('慎重な扱いが必要な言葉（1行に1つ）').inputValue(), /^税\n料金\n手数料/);
      await assertNoAxeViolations(page, 'AIによる回答 (settings)');

      await categories.getByRole('checkbox', { name: '税', exact: true }).check();
      await page.getByRole('checkbox', { name: /AIによる回答を使う/ }).check();
      await page.getByRole('button', { name: '保存する' }).click();
      await screen(page).getByText('保存しました。AIによる回答は、いまから市民のチャットで使われます。').waitFor();
      await screenshot(page, 'admin-ai-answers-settings');
      const stored = await server.store.getSetting<{ enabled: boolean; sensitiveCategories: string[] }>(TEST_SITE, 'aiAnswers');
      assert.equal(stored?.enabled, true);
      assert.deepEqual(stored?.sensitiveCategories, ['税']);
    } finally {
      await context.close();
    }
  });

  test('the widget shows the candidates, then the labelled AI summary above them; its citation opens that QA', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(host.url);
      await page.getByRole('button', { name: '質問する' }).click();
      await page.getByRole('textbox', { name: '質問を入力' }).fill(QUESTION);
      await page.getByRole('button', { name: '送信', exact: true }).click();
      const log = page.getByRole('log');
      const reply = log.locator('.msg.bot').last();
      await reply.getByText('もしかして、次のどれかでしょうか？').waitFor();
      const ai = reply.locator('.ai');
      await ai.getByText(LABEL).waitFor();
      const text = await ai.locator('p[lang="ja"]').innerText();
      assert.match(text, /^住民票の写しは、.+で請求できます。$/);
      // Above the candidates, in reading order.
      const order = await reply.locator('.bubble').evaluate((bubble) => [...bubble.children].map((child) => child.className));
      assert.ok(order.indexOf('ai-slot') < order.indexOf('choices'), order.join(' '));
      assert.equal(chatRequests(fake).length, 1);
      await screenshot(page, 'widget-ai-answer');
      await assertNoAxeViolations(page, 'widget with an AI answer');

      await ai.getByRole('heading', { name: '要約のもとにした回答' }).waitFor();
      await ai.getByRole('button', { name: '住民票の写しを取りたい' }).click();
      const answer = log.locator('.answer').last();
      await answer.getByRole('heading', { name: '住民票の写しを取りたい' }).waitFor();
      await answer.getByText(/住民票の写しは、/).first().waitFor();
    } finally {
      await context.close();
    }
  });

  test('the attempt is in the log for review, and an editor judges it 「問題なし」', async () => {
    const { context, page } = await staffBrowser(browser, server, 'editor', 'henshu', { bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/ai-answers`);
      const entry = page.getByRole('list', { name: 'AIによる回答の記録' }).getByRole('listitem').first();
      await entry.getByText(QUESTION, { exact: true }).waitFor();
      assert.match(await entry.innerText(), /市民に表示した/);
      await entry.getByRole('link', { name: /1001/ }).first().waitFor();
      assert.equal(await page.getByRole('checkbox', { name: /AIによる回答を使う/ }).isDisabled(), true, 'only administrators change the setting');
      await assertNoAxeViolations(page, 'AIによる回答 (log)');

      await entry.getByRole('button', { name: '問題なし' }).click();
      await entry.getByText('確認済み：問題なし').waitFor();
      assert.equal(await entry.getByRole('button', { name: '問題なし' }).getAttribute('aria-pressed'), 'true');
      await screenshot(page, 'admin-ai-answers-log');
      const [logged] = (await server.store.listGeneratedAnswers(TEST_SITE, { limit: 1, offset: 0 })).answers;
      assert.equal(logged?.verdict, 'good');
      assert.equal(logged?.reviewedBy, 'henshu');
    } finally {
      await context.close();
    }
  });
});
