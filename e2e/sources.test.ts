/**
 * 情報源と見直し in a real browser against a real server and a city site on loopback (issue 7, source
 * freshness): staff check the pages now, the city changes a page, the QA citing it shows up under its
 * department with the reason, staff confirm it and it leaves the list. Also: the department filter, axe-core,
 * and screenshots (wide and narrow).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startFakeCitySite, type FakeCitySite } from '../packages/server/src/ai/freshness/fake-city-site.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { LOOPBACK_OUTBOUND } from '../packages/server/src/security/loopback-outbound.ts';
import { qaContent } from '../packages/server/src/qa/test-fixtures.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';

let site: FakeCitySite;
let server: TestServer;
let browser: Browser;

const page = (fee: string) => ({ html: `<html><body><nav>くらし・手続き</nav><main><h1>住民票の写し</h1><p>手数料は1通${fee}です。</p></main></body></html>` });

before(async () => {
  site = await startFakeCitySite({ '/juminhyo.html': page('300円'), '/gomi.html': { html: '<main><h1>ごみの出し方</h1></main>' } });
  [server, browser] = await Promise.all([
    startTestServer({
      qas: [
        qaContent('9101', { question: '住民票の写しの手数料はいくらですか', department: '{{担当課:市民課}}', sourceUrls: [`${site.url}/juminhyo.html`] }),
        qaContent('9102', { question: 'ごみの出し方を知りたい', department: '{{担当課:環境課}}', sourceUrls: [`${site.url}/gomi.html`] }),
      ],
      // No daily run during the test: staff check now.
      sourceChecks: { firstDelayMs: 3_600_000 },
      outbound: LOOPBACK_OUTBOUND,
    }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

describe('情報源と見直し', () => {
  test('a QA whose source page changed shows under its department; staff confirm it and it leaves the list', async () => {
    const { context, page: tab } = await staffBrowser(browser, server, 'editor', 'tanaka', { bypassCSP: true });
    try {
      await tab.goto(`${server.url}/admin/sources`);
      await tab.getByRole('heading', { level: 1, name: '情報源と見直し' }).waitFor();
      await screen(tab).getByText('まだ一度も確認していません。').waitFor();
      await tab.getByRole('button', { name: '今すぐ確認する' }).click();
      await screen(tab).getByText(/最後の確認: .*tanaka さんが開始.*2 ページを確認しました/).waitFor();
      await screen(tab).getByText('見直しが必要な QA はありません。').waitFor();

      site.setPage('/juminhyo.html', page('350円'));
      site.setPage('/gomi.html', null);
      await tab.getByRole('button', { name: '今すぐ確認する' }).click();
      const shimin = tab.getByRole('region', { name: /市民課（1 件）/ });
      await shimin.waitFor();
      const item = shimin.getByRole('article', { name: /9101 住民票の写しの手数料はいくらですか/ });
      assert.match(await item.innerText(), /情報源のページが変わりました（\d+月\d+日）/);
      assert.equal(await item.getByRole('link', { name: /juminhyo\.html/ }).getAttribute('target'), '_blank');
      assert.equal(await item.getByRole('link', { name: /9101/ }).getAttribute('href'), '/admin/qas/9101');
      const kankyo = tab.getByRole('region', { name: /環境課（1 件）/ });
      assert.match(await kankyo.innerText(), /情報源のページが見つかりません/);
      await screenshot(tab, 'admin-sources');
      assert.deepEqual(await axeViolations(tab), []);

      await tab.setViewportSize({ width: 390, height: 844 });
      await item.scrollIntoViewIfNeeded();
      await screenshot(tab, 'admin-sources-narrow');
      await tab.setViewportSize({ width: 1280, height: 900 });

      await tab.getByLabel('担当課で絞り込む').selectOption('市民課');
      await tab.waitForURL(/\/admin\/sources\?department=/);
      await kankyo.waitFor({ state: 'detached' });
      assert.equal(await shimin.isVisible(), true);

      await item.getByRole('button', { name: '内容を確認しました' }).click();
      const notice = tab.locator('.sources-notice');
      await notice.getByText(/QA 9101「住民票の写しの手数料はいくらですか」を確認済みにしました/).waitFor();
      // The keyboard continues at the report (focused after the screen is drawn: waited for, not assumed).
      await tab.locator('.sources-notice:focus').waitFor();
      await item.waitFor({ state: 'detached' });
      await screen(tab).getByText('市民課には、見直しが必要な QA はありません。').waitFor();
      const marks = await server.store.listQaReviewMarks(TEST_SITE);
      assert.deepEqual(marks.map((m) => [m.qaId, m.actor]), [['9101', 'tanaka']]);
      assert.deepEqual(await axeViolations(tab), [], 'after confirming');
    } finally {
      await context.close();
    }
  });
});
