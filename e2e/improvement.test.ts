/**
 * The improvement loop in a real browser against a real server (issue 5, "done when"): a question the
 * starter pack cannot answer is asked through the chat API, appears in a group on 改善, is added as an
 * alternate of the right QA through the screen, is published on 公開, and is then answered. Also: a new QA
 * drafted from a group, a group dismissed, axe-core on the screen, and screenshots (wide and narrow).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { announcement, citizenAsks, screen, staffBrowser } from './support/console.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Colloquial for 「マイナンバーカードをなくした」 (QA 1083); the starter pack offers only candidates for it. */
const LOST_CARD = 'マイナ失くした';
/**
 * Another paraphrase the engine does not answer outright. (マイナカード紛失, used before Engine 2, is now answered
 * with 1083: both its words are the QA's own, strongly covered, well ahead of the runner-up, so it no longer fails.)
 */
const LOST_CARD_COLLOQUIAL = 'マイナカードなくしちゃった';

describe('改善 (うまくいかなかった質問)', () => {
  test('an unanswered question is grouped, added as an alternate of the right QA, published, and then answered', async () => {
    // Engine 2 offers candidates for it (1083 covers it through 失くし → 紛失, not strongly enough to answer).
    assert.equal((await citizenAsks(server, LOST_CARD)).decision, 'candidates', 'the starter pack cannot answer it outright');
    for (let i = 0; i < 2; i++) await citizenAsks(server, LOST_CARD);
    for (const paraphrase of [LOST_CARD_COLLOQUIAL, LOST_CARD_COLLOQUIAL, 'マイナなくした']) assert.equal((await citizenAsks(server, paraphrase)).decision, 'candidates');
    await server.app.chat.flushLog();

    const { context, page } = await staffBrowser(browser, server, 'editor', 'yamada', { bypassCSP: true });
    try {
      await page.getByRole('link', { name: '改善' }).click();
      await page.getByRole('heading', { level: 1, name: /うまくいかなかった質問/ }).waitFor();
      const group = page.getByRole('region', { name: new RegExp(`「${LOST_CARD}」 ほか 2 件`) });
      await group.waitFor();
      assert.match(await group.innerText(), /候補から選ばれなかった 3回/);
      assert.match(await group.getByRole('link', { name: /1083「マイナンバーカードをなくした・盗まれた」/ }).innerText(), /1083/, 'the suggested QA');
      assert.deepEqual(await page.getByRole('region').filter({ hasText: '合いそうな QA' }).count(), 1, 'one group');
      await screenshot(page, 'admin-improvement');
      assert.deepEqual(await axeViolations(page), []);

      await page.setViewportSize({ width: 390, height: 844 });
      await group.scrollIntoViewIfNeeded();
      await screenshot(page, 'admin-improvement-narrow');
      await page.setViewportSize({ width: 1280, height: 900 });

      // Only the two clipped forms: 「マイナカードなくしちゃった」 is left out by unticking it.
      await group.getByRole('checkbox', { name: LOST_CARD_COLLOQUIAL }).uncheck();
      await group.getByRole('button', { name: 'このQAの言い換えに追加…' }).click();
      await group.getByRole('button', { name: '候補の QA（1083）を選ぶ…' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], 'with the QA choice open');
      await group.getByRole('button', { name: '候補の QA（1083）を選ぶ…' }).click();
      const dialog = page.getByRole('dialog', { name: '言い換えに追加します' });
      await dialog.waitFor();
      assert.deepEqual(await dialog.getByRole('listitem').allInnerTexts(), [LOST_CARD, 'マイナなくした'], 'the confirmation lists what will be added');
      assert.match(await dialog.innerText(), /公開すると、市民の質問に答えられるようになります/);
      await screenshot(page, 'admin-improvement-confirm');
      await dialog.getByRole('button', { name: '言い換えに追加する' }).click();

      const outcome = page.locator('.improvement-outcome');
      await outcome.getByText(/QA 1083「マイナンバーカードをなくした・盗まれた」の言い換えに 2 件を追加しました/).waitFor();
      // The keyboard continues at the report (focused after the screen is drawn: waited for, not assumed).
      await page.locator('.improvement-outcome:focus').waitFor();
      await page.getByRole('region', { name: new RegExp(`「${LOST_CARD_COLLOQUIAL}」`) }).waitFor();
      assert.equal(await page.getByRole('region', { name: new RegExp(`「${LOST_CARD}」`) }).count(), 0, 'the questions added left the list');
      await screenshot(page, 'admin-improvement-added');
      const stored = await server.store.getQa(TEST_SITE, '1083');
      assert.deepEqual(stored?.alternates.slice(-2), [LOST_CARD, 'マイナなくした']);
      assert.equal((await citizenAsks(server, LOST_CARD)).decision, 'candidates', 'not live before publishing');

      await outcome.getByRole('link', { name: '公開の画面へ' }).click();
      await page.getByRole('heading', { level: 1, name: '公開' }).waitFor();
      await page.getByRole('button', { name: '公開する…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '公開する', exact: true }).click();
      await screen(page).getByText(/公開しました。追加 0 件、変更 1 件/).waitFor();

      // Answered outright: a registered alternate typed word for word is answered with its QA (Engine 2's rule).
      const reply = await citizenAsks(server, LOST_CARD);
      assert.equal(reply.decision, 'answer');
      assert.equal(reply.answer?.qaId, '1083');
    } finally {
      await context.close();
    }
  });

  test('a group becomes a new draft QA prefilled from its questions; another is dismissed after a confirmation', async () => {
    for (const question of ['ドローン飛ばしたい', 'ドローン飛ばしたい', 'ドローンの許可', 'ベランダに鳩が来る']) await citizenAsks(server, question);
    await server.app.chat.flushLog();

    const { context, page } = await staffBrowser(browser, server, 'editor', 'kimura');
    try {
      await page.goto(`${server.url}/admin/improvement`);
      const drones = page.getByRole('region', { name: /「ドローン飛ばしたい」 ほか 1 件/ });
      await drones.getByRole('button', { name: '新しいQAを作る' }).click();
      await page.getByRole('heading', { level: 1, name: 'QAの新規作成' }).waitFor();
      assert.equal(await page.getByLabel('質問（必須）', { exact: true }).inputValue(), 'ドローン飛ばしたい');
      assert.equal(await page.getByLabel('言い換え', { exact: true }).inputValue(), 'ドローンの許可');
      assert.equal(await page.getByRole('radio', { name: /^下書き/ }).isChecked(), true);
      await page.getByLabel('管理番号（必須）', { exact: true }).fill('9800');
      await page.getByLabel('大分類（必須）', { exact: true }).fill('くらし');
      await page.getByLabel('回答（必須）', { exact: true }).fill('公園などでドローンを飛ばすときは、事前に公園緑地課へご相談ください。');
      await screenshot(page, 'admin-improvement-new-qa');
      await page.getByRole('button', { name: '作成する' }).click();
      await announcement(page, /QA 9800 を作成しました/).waitFor({ state: 'attached' });
      assert.equal((await server.store.getQa(TEST_SITE, '9800'))?.status, 'draft');

      await page.goto(`${server.url}/admin/improvement`);
      const pigeons = page.getByRole('region', { name: /「ベランダに鳩が来る」/ });
      await pigeons.waitFor();
      assert.equal(await page.getByRole('region', { name: /ドローン/ }).count(), 0, 'drafted questions left the list');
      await pigeons.getByRole('button', { name: '対象外にする…' }).click();
      const dialog = page.getByRole('dialog', { name: '対象外にします' });
      await dialog.getByRole('button', { name: '対象外にする', exact: true }).click();
      await screen(page).getByText('1 件の質問を対象外にしました。').waitFor();
      await pigeons.waitFor({ state: 'detached' });
      assert.ok(await page.getByRole('region', { name: new RegExp(`「${LOST_CARD_COLLOQUIAL}」`) }).isVisible(), 'the other group stays');
    } finally {
      await context.close();
    }
  });
});
