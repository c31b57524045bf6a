/**
 * QAの下書き候補 in a real browser against a real server (issue 7, R27): drafts made from a よくある質問 page
 * served by a loopback city site, one registered as a 下書き QA after an edit, one rejected; the screen
 * without a model explains why the AI option is off; axe-core; a viewer sees the queue read-only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { FAQ_PAGE, startCitySite, type CitySite } from '../packages/server/src/ai/drafts/sample-pages.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { LOOPBACK_OUTBOUND } from '../packages/server/src/security/loopback-outbound.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';

let server: TestServer;
let browser: Browser;
let site: CitySite;

before(async () => {
  [server, browser, site] = await Promise.all([startTestServer({ outbound: LOOPBACK_OUTBOUND }), launchBrowser(), startCitySite({ '/faq/juminhyo.html': FAQ_PAGE })]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

describe('QAの下書き候補', () => {
  test('drafts from a page: one registered (非公開) after an edit, one rejected', async () => {
    const { context, page } = await staffBrowser(browser, server, 'editor', 'tanaka', { bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/drafts`);
      await page.getByRole('heading', { level: 1, name: 'QAの下書き候補' }).waitFor();
      const model = page.getByRole('checkbox', { name: 'AIモデルでも案を作る' });
      assert.equal(await model.isDisabled(), true, 'no model is configured');
      assert.match(await screen(page).getByText(/AIモデルが設定されていないため、使えません/).innerText(), /システム管理者/);

      await page.getByLabel('ページのアドレス', { exact: true }).fill(`${site.url}/faq/juminhyo.html`);
      await page.getByRole('button', { name: '下書き候補を作る' }).click();
      await page.locator('.drafts-progress').getByText('下書き候補を 5 件作りました。').waitFor();
      await page.getByRole('heading', { level: 2, name: /確認待ちの下書き候補（5 件）/ }).waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'admin-drafts');

      const draft = page.getByRole('article', { name: '代理人でも請求できますか？' });
      assert.match(await draft.innerText(), /ページの Q&A から/);
      assert.equal(await draft.getByRole('link', { name: /住民票・戸籍のよくある質問/ }).getAttribute('href'), `${site.url}/faq/juminhyo.html`);
      await draft.scrollIntoViewIfNeeded();
      await screenshot(page, 'admin-drafts-item');
      const qaId = await draft.getByLabel('管理番号').inputValue();
      assert.match(qaId, /^\d+$/, 'a free 管理番号 is suggested');
      await draft.getByLabel('質問').fill('代理人でも住民票を請求できますか？');
      await draft.getByLabel('大分類').fill('届出・証明');
      await draft.getByRole('button', { name: 'QAとして登録（非公開）' }).click();

      const outcome = page.locator('.drafts-outcome');
      await outcome.getByText(`QA ${qaId}「代理人でも住民票を請求できますか？」を下書き（非公開）として登録しました。`, { exact: false }).waitFor();
      // The keyboard continues at the report (focused after the screen is drawn: waited for, not assumed).
      await page.locator('.drafts-outcome:focus').waitFor();
      await page.getByRole('heading', { level: 2, name: /確認待ちの下書き候補（4 件）/ }).waitFor();
      assert.equal(await outcome.getByRole('link', { name: `QA ${qaId} を開く` }).getAttribute('href'), `/admin/qas/${qaId}`);
      const stored = await server.store.getQa(TEST_SITE, qaId);
      assert.deepEqual([stored?.status, stored?.question, stored?.category1, stored?.sourceUrls], ['draft', '代理人でも住民票を請求できますか？', '届出・証明', [`${site.url}/faq/juminhyo.html`]]);

      const rejected = page.getByRole('article', { name: '本籍地が遠いときはどうすればよいですか？' });
      await rejected.getByRole('button', { name: '却下' }).click();
      await outcome.getByText('下書き候補「本籍地が遠いときはどうすればよいですか？」を却下しました。').waitFor();
      await page.getByRole('heading', { level: 2, name: /確認待ちの下書き候補（3 件）/ }).waitFor();
      assert.equal(await page.getByRole('article', { name: '本籍地が遠いときはどうすればよいですか？' }).count(), 0);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });

  test('a viewer sees the queue read-only', async () => {
    const { context, page } = await staffBrowser(browser, server, 'viewer', 'sato', { bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/drafts`);
      await page.getByRole('heading', { level: 2, name: /確認待ちの下書き候補（3 件）/ }).waitFor();
      assert.equal(await page.getByRole('button', { name: '下書き候補を作る' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'QAとして登録（非公開）' }).count(), 0);
      assert.match(await page.getByRole('article', { name: '住民票の写しはどこで取れますか？' }).innerText(), /市民課（市役所本庁舎1階）の窓口で取れます。/);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await context.close();
    }
  });
});
