/**
 * 統計, 会話ログ and 月次レポート in a real browser against a real server. Citizens chat through the real
 * `POST /api/v1/chat` first (an answer rephrased at once, no answer, candidates and a pick, feedback はい and
 * いいえ with a comment, a question holding a phone number), then a 閲覧者 reads the figures, the tables,
 * the log and the report, filters and downloads them. The console's CSP stays on (no violation may be
 * reported) except for the axe run, and the browser is set to another time zone than Japan's, so the
 * screens must show Japan's days and hours on their own. Screenshots go to test-results/screenshots.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { dayLabel, japanDateTime, monthLabel } from '../packages/admin/src/logic/periods.ts';
import { chatScenario, MASKED_COMMENT, MASKED_QUESTION, NONSENSE, PERSONAL_QUESTION, type Scenario } from '../packages/server/src/admin/statistics/test-scenario.ts';
import { adminFetch, signIn } from '../packages/server/src/auth/test-support.ts';
import { startTestServer, type TestServer } from '../packages/server/src/http/test-server.ts';
import { axeViolations, launchBrowser, SCREENSHOT_DIR, screenshot } from './support/browser.ts';
import { screen, staffBrowser } from './support/console.ts';

let server: TestServer;
let browser: Browser;
let scenario: Scenario;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  scenario = await chatScenario(server);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { width: 390, height: 844 };

interface StaffPage {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations reported (event and console). */
  violations: string[];
}

/**
 * A 閲覧者's browser, signed in, with its clock in New York (not Japan) and every Content-Security-Policy
 * violation of the pages it opens next recorded.
 */
async function viewerPage(loginId: string, options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {}): Promise<StaffPage> {
  const { context, page } = await staffBrowser(browser, server, 'viewer', loginId, options);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'America/New_York' });
  const violations: string[] = [];
  await context.exposeFunction('reportCspViolation', (text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { context, page, violations };
}

async function open(page: Page, address: string, heading: string): Promise<void> {
  await page.goto(`${server.url}${address}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await screen(page).getByText(/読み込んでいます|集計しています|レポートを作っています/).first().waitFor({ state: 'detached' });
}

/** Clicks a download button and returns the file's name and text. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(saved) };
}

/** The cells of a table row, as text. */
async function cells(row: Locator): Promise<string[]> {
  return (await row.locator('th, td').allTextContents()).map((text) => text.trim());
}

/** True when the canvas has pixels of the colour (Chart.js drew the marks under the CSP). */
async function canvasHasColour(canvas: Locator, hex: string): Promise<boolean> {
  return canvas.evaluate((element, colour) => {
    const target = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
    const context = (element as HTMLCanvasElement).getContext('2d');
    if (!context) return false;
    const { data } = context.getImageData(0, 0, (element as HTMLCanvasElement).width, (element as HTMLCanvasElement).height);
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - target[0]!) < 4 && Math.abs(data[i + 1]! - target[1]!) < 4 && Math.abs(data[i + 2]! - target[2]!) < 4) return true;
    }
    return false;
  }, hex);
}

describe('statistics, conversation log and monthly report', () => {
  test('統計 shows the honest figures, charts with their tables, and downloads; the period stays in the address', async () => {
    const { context, page, violations } = await viewerPage('stats-viewer');
    try {
      await open(page, '/admin/statistics', '統計');
      // 今月 by day, which includes today's chats: five typed questions, one click, four conversations.
      const usage = page.getByRole('region', { name: '利用の状況' });
      assert.match((await usage.getByRole('listitem').filter({ hasText: '入力された質問' }).textContent()) ?? '', /入力された質問5/);
      assert.match((await usage.getByRole('listitem').filter({ hasText: '会話' }).first().textContent()) ?? '', /会話4/);
      const none = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '回答なし' }) });
      assert.match((await none.textContent()) ?? '', /2 件入力された質問 5 件のうち 40\.0%/);
      assert.match((await none.textContent()) ?? '', /合う回答が見つからず/, 'the definition is on screen');
      const answered = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '自信を持って回答' }) });
      assert.match((await answered.textContent()) ?? '', /回答が正しかったとは限らない/);

      const trend = page.getByRole('region', { name: '質問数の推移（日ごと）' });
      assert.match((await trend.locator('.chart-summary').textContent()) ?? '', /入力された質問は合計 5 件/);
      await trend.getByText('表で見る').click();
      const today = trend.getByRole('row', { name: new RegExp(`^${dayLabel(scenario.day).replace(/[()（）]/g, '.')}`) });
      assert.deepEqual(await cells(today), [dayLabel(scenario.day), '2', '1', '2', '5']);
      assert.ok(await canvasHasColour(trend.getByRole('img'), '#1d4f91'), 'the bars are drawn');
      const hours = page.getByRole('region', { name: '時間帯別の質問数' });
      assert.match((await hours.locator('.chart-summary').textContent()) ?? '', /最も多い時間帯は \d+時台（\d 件、/);
      const languages = page.getByRole('region', { name: '言語別の質問数' });
      await languages.getByText('表で見る').click();
      assert.deepEqual(await cells(languages.getByRole('row', { name: /^英語/ })), ['英語', '1', '0', '0', '1']);

      const top = page.getByRole('region', { name: 'よく見られたQA' });
      assert.equal(await top.getByRole('link', { name: 'QA 1001' }).getAttribute('href'), '/admin/qas/1001');
      const worst = page.getByRole('region', { name: '評価の低いQA' });
      assert.match((await worst.getByRole('row').nth(1).textContent()) ?? '', /3015.*100\.0%/, 'the QA rated いいえ comes first');
      await screenshot(page, 'admin-statistics');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'admin-statistics-full.png'), fullPage: true });

      const csv = await download(page, trend.getByRole('button', { name: /CSVでダウンロード/ }));
      assert.match(csv.name, /\.csv$/);
      const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
      assert.match(lines[0] ?? '', /入力された質問/);
      assert.ok(lines.some((line) => line.startsWith(`${scenario.day},`) && line.includes(',6,5,2,1,2,')), lines.join('\n'));
      const xlsx = await download(page, page.getByRole('button', { name: 'すべての表をExcelでダウンロード' }));
      assert.match(xlsx.name, /\.xlsx$/);
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip file');

      // Another period and bucket go into the address, and a reload keeps them.
      await page.getByLabel('期間', { exact: true }).selectOption({ label: '直近7日' });
      await page.getByRole('radio', { name: '週' }).check();
      await page.getByRole('button', { name: 'この条件で表示' }).click();
      await page.waitForURL(/period=last7&bucket=week/);
      await page.reload();
      await page.getByRole('region', { name: '質問数の推移（週ごと）' }).waitFor();
      assert.equal(await page.getByLabel('期間', { exact: true }).inputValue(), 'last7');
      assert.ok(await page.getByRole('radio', { name: '週' }).isChecked());

      // A period without chats says so in plain words.
      await open(page, '/admin/statistics?from=2020-01-01&to=2020-01-31', '統計');
      await screen(page).getByText('この期間の会話の記録は、まだありません。').waitFor();
      assert.deepEqual(violations, [], 'no Content-Security-Policy violation (Chart.js included)');
    } finally {
      await context.close();
    }
  });

  test('会話ログ shows each turn in Japan time, masked, with what was shown; filters and downloads the same turns', async () => {
    const { context, page, violations } = await viewerPage('log-viewer');
    try {
      await open(page, '/admin/logs', '会話ログ');
      const questions = () => page.locator('.turn-question').allTextContents();
      const pickedQuestion = scenario.picked.answer?.question ?? '';
      assert.deepEqual((await questions()).sort(), ['住民票の写しを取りたい', NONSENSE, '証明書', pickedQuestion, '粗大ごみの料金と処理券', MASKED_QUESTION].sort());
      assert.equal(await page.getByText(PERSONAL_QUESTION).count(), 0, 'personal data never reaches the screen');

      const session = await signIn(server, 'viewer', 'log-viewer');
      const logged = (await (await adminFetch(server, session, `/logs?from=${scenario.day}&to=${scenario.day}`)).json()) as { turns: { id: string; at: string; question: string }[] };
      const rated = page.locator('.turn').filter({ has: page.locator('.turn-question', { hasText: '粗大ごみの料金と処理券' }) });
      const ratedAt = logged.turns.find((turn) => turn.question === '粗大ごみの料金と処理券')?.at ?? '';
      assert.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), 'America/New_York');
      assert.equal(await rated.locator('.turn-time').textContent(), japanDateTime(ratedAt), 'the time is Japan’s, not the browser’s');
      assert.match((await rated.textContent()) ?? '', /いいえ（解決しなかった）/);
      assert.match((await rated.textContent()) ?? '', new RegExp(MASKED_COMMENT.replace(/[［］]/g, '.')));
      assert.equal(await rated.getByRole('link', { name: 'QA 3015' }).getAttribute('href'), '/admin/qas/3015');
      const candidates = page.locator('.turn').filter({ has: page.locator('.turn-question', { hasText: /^証明書$/ }) });
      assert.match((await candidates.textContent()) ?? '', /表示した候補.*スコア \d+\.\d\d.*選ばれた/);
      assert.match((await page.locator('.turn').filter({ hasText: '住民票の写しを取りたい' }).textContent()) ?? '', /回答の直後に言い直されました/);
      await screenshot(page, 'admin-chat-log');

      await page.getByLabel('結果', { exact: true }).selectOption({ label: '回答なし' });
      await page.getByRole('button', { name: 'この条件で表示' }).click();
      await page.waitForURL(/decision=none/);
      await page.locator('.table-caption', { hasText: '全 2 件' }).waitFor();
      assert.deepEqual((await questions()).sort(), [NONSENSE, MASKED_QUESTION].sort());
      const csv = await download(page, page.getByRole('button', { name: 'この条件で CSV をダウンロード' }));
      const text = csv.bytes.toString('utf8');
      assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with a BOM, for Excel');
      const rows = text.slice(1).trim().split(/\r?\n/);
      assert.equal(rows.length, 3, 'the header and the two filtered turns');
      assert.ok(rows.some((row) => row.includes(MASKED_QUESTION)));
      assert.ok(rows.some((row) => row.includes(NONSENSE)));
      assert.ok(!text.includes('粗大ごみ') && !text.includes('090-1234-5678'));

      await page.getByRole('button', { name: '条件をクリア' }).click();
      await page.getByLabel('うまくいかなかった質問だけ').check();
      await page.getByRole('button', { name: 'この条件で表示' }).click();
      await page.waitForURL(/failed=1/);
      await page.locator('.table-caption', { hasText: '全 4 件' }).waitFor();
      assert.deepEqual((await questions()).sort(), ['住民票の写しを取りたい', NONSENSE, '粗大ごみの料金と処理券', MASKED_QUESTION].sort());

      await page.getByLabel('文字列', { exact: true }).fill('見つからない言葉');
      await page.getByRole('button', { name: 'この条件で表示' }).click();
      await screen(page).getByText(/この条件に合う会話はありません/).waitFor();
      assert.deepEqual(violations, []);
    } finally {
      await context.close();
    }
  });

  test('月次レポート compares with the previous month, lists what failed, prints on A4 and downloads as Excel', async () => {
    const { context, page, violations } = await viewerPage('report-viewer');
    const month = scenario.day.slice(0, 7);
    try {
      await open(page, `/admin/reports/monthly?month=${month}`, '月次レポート');
      await page.getByRole('heading', { name: `${monthLabel(month)}のチャットボット利用状況` }).waitFor();
      const figures = page.getByRole('region', { name: '主な数値' });
      assert.deepEqual(await cells(figures.getByRole('row', { name: /^入力された質問/ })), ['入力された質問', '5', '0', '+5']);
      const outcomes = page.getByRole('region', { name: '回答の結果' });
      assert.deepEqual(await cells(outcomes.getByRole('row', { name: /^解決しなかった/ })), ['解決しなかった', '1', '50.0%', '—', '—']);
      assert.match((await outcomes.locator('dl').textContent()) ?? '', /答えなかった市民の分は分母に含みません/);
      const failed = page.getByRole('region', { name: 'うまく答えられなかった質問' });
      assert.ok((await failed.locator('td').allTextContents()).includes(NONSENSE));
      await screenshot(page, 'admin-monthly-report');

      const xlsx = await download(page, page.getByRole('button', { name: 'Excelでダウンロード' }));
      assert.match(xlsx.name, /\.xlsx$/);
      assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
      assert.ok(await page.getByRole('button', { name: '印刷する' }).isEnabled());

      // Printed: the console's frame and the controls are gone, the report stays and fits the width of A4
      // portrait within its margins (186 mm, about 703 px).
      await page.setViewportSize({ width: 703, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByRole('navigation', { name: 'メニュー' }).isVisible(), false);
      assert.equal(await page.getByRole('button', { name: '印刷する' }).isVisible(), false);
      assert.ok(await figures.isVisible());
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the printed report is ${overflow}px wider than the page`);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'admin-monthly-report-print.png'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // Without a month: the last finished one, which has no chats here.
      await open(page, '/admin/reports/monthly', '月次レポート');
      await screen(page).getByText(/の会話の記録は、まだありません。/).waitFor();
      assert.deepEqual(violations, []);
    } finally {
      await context.close();
    }
  });

  test('the three screens have no WCAG 2.1 AA violations (axe-core) and hold together on a phone', async () => {
    const screens: [string, string, string][] = [
      ['/admin/statistics', '統計', 'statistics'],
      ['/admin/logs', '会話ログ', 'chat-log'],
      [`/admin/reports/monthly?month=${scenario.day.slice(0, 7)}`, '月次レポート', 'monthly-report'],
    ];
    // axe is injected as a script, which the console's CSP would refuse: bypass CSP for this context only.
    const desktop = await viewerPage('axe-viewer', { bypassCSP: true });
    const phone = await viewerPage('phone-viewer', { viewport: PHONE });
    try {
      for (const [address, heading, name] of screens) {
        await open(desktop.page, address, heading);
        for (const details of await desktop.page.locator('details').all()) await details.locator('summary').click();
        const violations = await axeViolations(desktop.page);
        assert.deepEqual(violations, [], `${address}: ${JSON.stringify(violations, null, 1)}`);

        await open(phone.page, address, heading);
        const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${address} scrolls sideways on a phone by ${overflow}px`);
        await phone.page.screenshot({ path: path.join(SCREENSHOT_DIR, `admin-${name}-phone.png`), fullPage: true });
      }
      assert.deepEqual(phone.violations, []);
    } finally {
      await desktop.context.close();
      await phone.context.close();
    }
  });
});
