/**
 * The staff console in a real browser (Debian's Chromium through playwright-core) against a real server:
 * sign-in and lock-out, a QA's whole life (create, publish, seen by citizens, edit, delete), two editors
 * saving the same QA, restoring a revision, an import with errors, and a read-only 閲覧者. Screenshots of
 * the main screens go to test-results/screenshots for the administrators' manual.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminFetch, signIn, TEST_PASSWORD } from '../packages/server/src/auth/test-support.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import type { StaffRole } from '../packages/server/src/store/store.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { announcement, screen, staffBrowser as signedInBrowser } from './support/console.ts';

let server: TestServer;
let browser: Browser;
let scratch: string;

before(async () => {
  // A minute's wait after five failed sign-ins, so the throttling test does not depend on the browser's speed.
  [server, browser] = await Promise.all([startTestServer({ auth: { signInDelayBaseMs: 60_000 } }), launchBrowser()]);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-admin-e2e-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** A staff member's own browser on this file's server, signed in through the console's form. */
function staffBrowser(role: StaffRole, loginId: string, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  return signedInBrowser(browser, server, role, loginId, options);
}

async function citizenAsks(qaId: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaId }) });
  return response.status;
}

describe('staff console', () => {
  test('an editor creates a QA, publishes it, citizens see it; then edits and deletes it', async () => {
    const { context, page } = await staffBrowser('editor', 'suzuki');
    try {
      await screenshot(page, 'admin-qa-list');
      await page.goto(`${server.url}/admin/qas/new`);
      await page.getByLabel('管理番号（必須）', { exact: true }).fill('9500');
      await page.getByLabel('大分類（必須）', { exact: true }).fill('庁舎');
      await page.getByLabel('質問（必須）', { exact: true }).fill('庁舎の屋上庭園には入れますか');
      await page.getByLabel('回答（必須）', { exact: true }).fill('屋上庭園は、平日の午前10時から午後4時まで開放しています。');
      const pdf = path.join(scratch, '屋上庭園の案内.pdf');
      await writeFile(pdf, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      await page.getByLabel('画像・PDFを回答に入れる').setInputFiles(pdf);
      await page.waitForFunction(() => (document.querySelector('#qa-answer') as HTMLTextAreaElement | null)?.value.includes('/files/'));
      await page.getByRole('radio', { name: /^公開/ }).check();
      await page.getByRole('button', { name: '作成する' }).click();
      await announcement(page, /QA 9500 を作成しました/).waitFor({ state: 'attached' });
      assert.equal(await citizenAsks('9500'), 404, 'not shown to citizens before publishing');

      await page.goto(`${server.url}/admin/publish`);
      await page.getByRole('button', { name: '公開前チェックを実行する' }).click();
      await page.getByRole('button', { name: '公開する…' }).click();
      await screenshot(page, 'admin-publish');
      await page.getByRole('dialog').getByRole('button', { name: '公開する', exact: true }).click();
      await screen(page).getByText(/公開しました。追加 1 件/).waitFor();
      assert.equal(await citizenAsks('9500'), 200, 'citizens are answered after publishing');
      const reply = (await (
        await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qaId: '9500' }) })
      ).json()) as { answer: { html: string } };
      assert.match(reply.answer.html, /<a href="http:\/\/127\.0\.0\.1:\d+\/files\/[A-Za-z0-9_-]+\/[^"]+\.pdf" target="_blank" rel="noopener noreferrer" data-file="pdf"/);

      await page.goto(`${server.url}/admin/qas/9500`);
      await page.getByRole('button', { name: 'この QA を削除する…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '削除する' }).click();
      await announcement(page, /QA 9500 を削除しました/).waitFor({ state: 'attached' });
      assert.equal(await server.store.getQa(TEST_SITE, '9500'), undefined);
      assert.equal(await citizenAsks('9500'), 200, 'the deletion waits for the next publication');
      await page.goto(`${server.url}/admin/publish`);
      await page.getByRole('button', { name: '公開する…' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '公開する', exact: true }).click();
      // The confirmation itself names the counts: wait for the report of the publication.
      await screen(page).getByText(/公開しました。追加 0 件、変更 0 件、取り下げ 1 件/).waitFor();
      assert.equal(await citizenAsks('9500'), 404, 'gone for citizens once the deletion is published');
    } finally {
      await context.close();
    }
  });

  test('two editors save the same QA: the second sees both versions, and nothing is lost', async () => {
    const first = await staffBrowser('editor', 'tanaka');
    const second = await staffBrowser('editor', 'sato');
    try {
      // Typed only once the editor shows the stored QA: on a busy machine the stored text could arrive after
      // the typing and replace it.
      for (const { page } of [first, second]) {
        await page.goto(`${server.url}/admin/qas/1001`);
        const question = await page.getByLabel('質問（必須）', { exact: true }).elementHandle();
        await page.waitForFunction((field) => (field as HTMLInputElement).value !== '', question);
      }
      await first.page.getByLabel('回答（必須）', { exact: true }).fill('田中が書いた新しい回答です。');
      await second.page.getByLabel('質問（必須）', { exact: true }).fill('住民票の写しがほしい（佐藤が直した質問）');
      await first.page.getByRole('button', { name: '保存する' }).click();
      await screen(first.page).getByText(/保存しました（版/).waitFor();
      await second.page.getByRole('button', { name: '保存する' }).click();
      await second.page.getByRole('heading', { name: 'ほかの人が先にこの QA を保存しました' }).waitFor();
      await screenshot(second.page, 'admin-conflict');
      const stored = await server.store.getQa(TEST_SITE, '1001');
      assert.equal(stored?.answer, '田中が書いた新しい回答です。', 'the first save is kept');
      // Different fields changed: the merge takes each side's change.
      await second.page.getByRole('button', { name: '選んだ内容で保存する' }).click();
      await screen(second.page).getByText(/保存しました（版/).waitFor();
      const merged = await server.store.getQa(TEST_SITE, '1001');
      assert.equal(merged?.answer, '田中が書いた新しい回答です。');
      assert.equal(merged?.question, '住民票の写しがほしい（佐藤が直した質問）');

      // Restore the starter pack's version from the history.
      const original = (await server.store.listRevisions(TEST_SITE, '1001'))[0]!;
      await first.page.goto(`${server.url}/admin/qas/1001/history`);
      await first.page.getByRole('button', { name: `この版に戻す（版 ${original.version}）` }).click();
      await first.page.getByRole('dialog').getByRole('button', { name: 'この版に戻す' }).click();
      await screen(first.page).getByText(/として保存しました/).waitFor();
      await screenshot(first.page, 'admin-history');
      const restored = await server.store.getQa(TEST_SITE, '1001');
      assert.equal(restored?.answer, original.content.answer);
      assert.equal(restored?.question, original.content.question);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  test('an import with errors lists them by row and changes nothing', async () => {
    const { context, page } = await staffBrowser('editor', 'kato');
    const before = await server.store.countQas(TEST_SITE);
    const file = path.join(scratch, 'broken.csv');
    await writeFile(file, '\uFEFF管理番号,大分類,質問,回答\n9601,テスト,正しい行,回答です\n9602,テスト,,回答だけの行\n9603,テスト,質問だけの行,\n');
    try {
      await page.goto(`${server.url}/admin/transfer`);
      await page.getByLabel('取り込むファイル').setInputFiles(file);
      await page.getByRole('button', { name: 'ファイルを読む（まだ取り込みません）' }).click();
      await screen(page).getByText(/ファイルに問題が 2 件あります/).waitFor();
      await screenshot(page, 'admin-import-errors');
      assert.equal(await server.store.countQas(TEST_SITE), before);
      assert.equal(await server.store.getQa(TEST_SITE, '9601'), undefined);
    } finally {
      await context.close();
    }
  });

  test('a 閲覧者 can read but not change, in the console and through the API', async () => {
    const { context, page } = await staffBrowser('viewer', 'yamada');
    try {
      await page.goto(`${server.url}/admin/qas/1002`);
      await page.getByLabel('質問（必須）', { exact: true }).waitFor();
      assert.equal(await page.getByRole('button', { name: '保存する' }).count(), 0);
      assert.equal(await page.getByRole('link', { name: 'アカウント' }).count(), 0);
      const session = await signIn(server, 'viewer', 'yamada');
      const qa = await server.store.getQa(TEST_SITE, '1002');
      const response = await adminFetch(server, session, '/qas/1002', { method: 'PUT', body: JSON.stringify({ ...qa, answer: '書き換え' }) });
      assert.equal(response.status, 403);
      assert.equal((await server.store.getQa(TEST_SITE, '1002'))?.answer, qa?.answer);
    } finally {
      await context.close();
    }
  });

  test('the main screens have no WCAG 2.1 AA violations (axe-core)', async () => {
    // axe is injected as a script, which the console's CSP would refuse: bypass CSP for this context only.
    const { context, page } = await staffBrowser('admin', 'axe-admin', { bypassCSP: true });
    try {
      const screens: [string, RegExp][] = [
        ['/admin/qas', /QA一覧/],
        ['/admin/qas/1001', /QAの編集/],
        ['/admin/qas/1001/history', /履歴/],
        ['/admin/publish', /公開/],
        ['/admin/test-chat', /テストチャット/],
        ['/admin/transfer', /取り込み/],
        ['/admin/dictionary', /辞書/],
        ['/admin/settings/character', /キャラクター/],
        ['/admin/settings/log-retention', /会話ログの保存期間/],
        ['/admin/accounts', /アカウント/],
        ['/admin/audit', /操作ログ/],
      ];
      for (const [address, heading] of screens) {
        await page.goto(`${server.url}${address}`);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.waitForLoadState('networkidle');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${address}: ${JSON.stringify(violations, null, 1)}`);
      }
    } finally {
      await context.close();
    }
  });

  test('two-factor sign-in: set up on one\'s own account screen, then a code step after the password', async () => {
    // axe is injected as a script, which the console's CSP would refuse.
    const { context, page } = await signedInBrowser(browser, server, 'editor', 'tanaka-2fa', { bypassCSP: true });
    const again = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
    try {
      await page.goto(`${server.url}/admin/password`);
      await page.getByRole('button', { name: '二段階認証を設定する' }).click();
      const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s/g, '');
      const field = page.getByLabel('確認コード');
      assert.deepEqual([await field.getAttribute('autocomplete'), await field.getAttribute('inputmode')], ['one-time-code', 'numeric']);
      await field.fill(await generate({ secret }));
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      const codes = page.getByRole('list', { name: '回復用コード' }).locator('code');
      await codes.first().waitFor();
      assert.equal(await codes.count(), 10);
      const recovery = (await codes.first().textContent()) ?? '';
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'admin-two-factor');

      // A new browser: the password, then (the enrolment's code is used, so) a recovery code.
      const second = await again.newPage();
      await second.goto(`${server.url}/admin`);
      await second.getByLabel('ログインID').fill('tanaka-2fa');
      await second.getByLabel('パスワード').fill(TEST_PASSWORD);
      await second.getByRole('button', { name: 'ログイン' }).click();
      await second.getByLabel('確認コード').fill(recovery);
      assert.deepEqual(await axeViolations(second), []);
      await second.getByRole('button', { name: 'ログイン', exact: true }).click();
      await second.getByRole('heading', { name: /QA一覧/ }).first().waitFor();
    } finally {
      await Promise.all([context.close(), again.close()]);
    }
  });

  test('after five wrong passwords, sign-in waits a moment and says so', async () => {
    await signIn(server, 'editor', 'kimura');
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    /**
     * Submits the form and waits for the server's answer: the same message stays on screen from the try
     * before, so only the reply tells this try is over.
     */
    const tryPassword = async (password: string): Promise<number> => {
      await page.getByLabel('ログインID').fill('kimura');
      await page.getByLabel('パスワード').fill(password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/admin/session'),
        page.getByRole('button', { name: 'ログイン' }).click(),
      ]);
      return response.status();
    };
    const alert = screen(page).getByRole('alert');
    try {
      await page.goto(`${server.url}/admin`);
      for (let i = 0; i < 5; i++) {
        assert.equal(await tryPassword(`wrong-password-${i}`), 401);
        await alert.getByText('ログインIDまたはパスワードが違います。').waitFor();
      }
      assert.equal(await tryPassword(TEST_PASSWORD), 429, 'the right password waits too, for a moment');
      await alert.getByText(/しばらく受け付けを止めています。1分ほど/).waitFor();
      await screen(page).getByText('お急ぎの場合は、管理者にログイン制限の解除を依頼してください。').waitFor();
      await screenshot(page, 'admin-throttled');
      assert.ok((await server.store.listSignInFailures(TEST_SITE)).some((count) => count.loginId === 'kimura' && count.failures === 5));
    } finally {
      await context.close();
    }
  });
});
