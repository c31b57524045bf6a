/**
 * The citizen chat in a real browser (Debian's Chromium through playwright-core): the widget embedded on a
 * city page of another origin under a strict CSP, the full-page chat, phones, keyboards, languages, and
 * axe-core's WCAG 2.1 AA rules. Screenshots land in test-results/screenshots for the manuals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startTestServer, TEST_SITE, type TestServer } from '../packages/server/src/http/test-server.ts';
import { qaContent } from '../packages/server/src/qa/test-fixtures.ts';
import type { AccessEvent, ChatChannel, DayRange, LoggedTurn } from '../packages/server/src/store/store.ts';
import { addDays, japanDay } from '../packages/server/src/time/japan-time.ts';
import { axeViolations, launchBrowser, screenshot } from './support/browser.ts';
import { startHostSite, type HostSite } from './support/host-page.ts';

const HOSTILE_LINE = 'あ'.repeat(10_000);
const QAS = [
  qaContent('9001', {
    category1: 'テスト',
    question: '<img src=x onerror="window.pwned=1">危険な質問の例',
    alternates: ['危険な質問の例を見せて'],
    answer: ['<script>window.pwned=2</script>', '<img src="x" onerror="window.pwned=3">', '[押してください](javascript:window.pwned=4)', HOSTILE_LINE].join('\n\n'),
    department: '',
    contact: '',
  }),
  qaContent('9002', {
    category1: 'テスト',
    question: 'ごみの出し方の外国語案内が欲しい',
    answer: '日本語の回答です。詳しくは[ごみカレンダー](/files/calendar.pdf)をご覧ください。',
    translations: { en: { question: 'Garbage guide in other languages', alternates: [], answer: 'This is the **English** answer. See the [garbage calendar](/files/calendar.pdf).' } },
  }),
];

/** The default character's greeting (character.ts), with the city's name filled in. */
const GREETING = /こんにちは。まどぐち市のAIチャットボット「.+」です。/;

let server: TestServer;
let host: HostSite;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer({ qas: QAS }), launchBrowser()]);
  host = await startHostSite(server.url);
});
after(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
});

/** A fresh browser profile: its own sessionStorage, as a new visitor. */
async function visit(url: string, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await page.goto(url);
  return { context, page };
}

async function openWidget(page: Page): Promise<void> {
  await page.getByRole('button', { name: '質問する' }).click();
  await page.getByRole('dialog').waitFor();
}

async function ask(page: Page, question: string): Promise<void> {
  await page.getByRole('textbox', { name: '質問を入力' }).fill(question);
  await page.getByRole('button', { name: '送信', exact: true }).click();
}

function log(page: Page) {
  return page.getByRole('log');
}

async function assertNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);
}

describe('widget on a city page (another origin, strict CSP)', () => {
  test('opens, greets, answers with a link in a new tab, takes feedback, logs where it was asked, and looks right', async () => {
    // The query and fragment may hold what the citizen searched for on the city's site: they must not be sent.
    const { context, page } = await visit(`${host.url}/?name=${encodeURIComponent('山田太郎')}&tel=09012345678#top`);
    const origins = new Set<string>();
    const sent: string[] = [];
    page.on('request', (request) => {
      origins.add(new URL(request.url()).origin);
      if (request.method() === 'POST') sent.push(request.postData() ?? '');
    });
    try {
      await openWidget(page);
      assert.equal(await log(page).getAttribute('aria-live'), 'polite');
      // The greeting itself, in the log (the header also holds the bot's name).
      await log(page).getByText(GREETING).waitFor();
      // Styles come through adoptedStyleSheets, which the host's CSP does not block, and the host's
      // hostile CSS does not reach into the shadow root.
      const send = page.getByRole('button', { name: '送信', exact: true });
      assert.equal(await send.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(27, 110, 83)');
      assert.doesNotMatch(await send.evaluate((el) => getComputedStyle(el).fontFamily), /^serif/);
      // Focus moves into the input when the panel opens.
      assert.equal(await page.getByRole('textbox', { name: '質問を入力' }).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);

      await ask(page, '住民票の写しを取りたい');
      await log(page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      const link = log(page).getByRole('link', { name: /住民票の写しの請求について/ });
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.match((await link.getAttribute('rel')) ?? '', /noopener/);
      await screenshot(page, 'widget-desktop');

      const feedback = log(page).getByRole('group', { name: '解決しましたか？' }).last();
      await feedback.getByRole('button', { name: 'はい' }).click();
      await log(page).getByText('お役に立てて良かったです').waitFor();
      assert.equal(await feedback.getByRole('button', { name: 'はい' }).isDisabled(), true);
      await eventually(async () => {
        const turns = await loggedTurns();
        assert.deepEqual(
          turns.map((turn) => [turn.question, turn.channel, turn.page, turn.resolved]),
          [['住民票の写しを取りたい', 'widget', `${host.url}/`, true]],
        );
      });
      const asked = sent.map((body) => JSON.parse(body) as { message?: string; channel?: string; page?: string }).filter((body) => body.message !== undefined);
      assert.deepEqual(asked.map((body) => [body.channel, body.page]), [['widget', `${host.url}/`]]);
      assert.ok(sent.every((body) => !body.includes('09012345678')), 'the page\'s query string stays in the browser');
      // This page view's load and the citizen opening the panel, each counted once.
      await eventually(async () => assert.deepEqual([await accessCount('load', 'widget'), await accessCount('open', 'widget')], [1, 1]));
      // No web fonts, analytics or CDN: only Madoguchi (and the city's own page) were contacted.
      assert.ok(origins.has(server.url));
      assert.deepEqual([...origins].filter((origin) => origin !== server.url && origin !== host.url), []);
    } finally {
      await context.close();
    }
  });

  test('「もしかして」 candidates can be clicked; the picked QA is answered', async () => {
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await ask(page, '証明書');
      await log(page).getByText('もしかして、次のどれかでしょうか？').waitFor();
      const choice = log(page).getByRole('button', { name: '非課税証明書が欲しいが、申告をしていない' });
      await choice.click();
      await log(page).getByRole('group', { name: '解決しましたか？' }).waitFor();
      assert.ok((await loggedTurns()).some((turn) => turn.qaId === '1130' && turn.via === 'candidate'));
    } finally {
      await context.close();
    }
  });

  test('いいえ shows the contact and related questions, and takes an optional comment', async () => {
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await ask(page, '粗大ごみの料金と処理券');
      await log(page).getByRole('group', { name: '解決しましたか？' }).getByRole('button', { name: 'いいえ' }).click();
      await log(page).getByText('お問い合わせ先').first().waitFor();
      await log(page).getByRole('link', { name: /000-000-/ }).first().waitFor();
      await log(page).getByText('関連する質問').first().waitFor();
      await page.getByRole('textbox', { name: /お困りの点をお聞かせください/ }).fill('申込みの締切が知りたかったです');
      await page.getByRole('button', { name: 'ご意見を送信' }).click();
      await log(page).getByText('ご意見をお寄せいただき').waitFor();
      assert.ok((await loggedTurns()).some((turn) => turn.comment === '申込みの締切が知りたかったです' && turn.resolved === false));
    } finally {
      await context.close();
    }
  });

  test('says honestly when it cannot answer, with the city\'s contact and a hint', async () => {
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await ask(page, 'ｑｑｑｚｚｚ');
      await log(page).getByText('申し訳ありません。お答えできませんでした。').waitFor();
      await log(page).getByText(/別の言葉に言い換えたり/).waitFor();
      await log(page).getByRole('link', { name: '000-000-0000' }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('keeps the conversation across the city\'s pages, and restarts on request', async () => {
    const loads = await accessCount('load', 'widget');
    const opens = await accessCount('open', 'widget');
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await ask(page, '住民票の写しを取りたい');
      await log(page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      await page.goto(`${host.url}/next.html`);
      // The panel was open: it is open again, with the conversation.
      await log(page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      // Two page views; the panel restored open is not an opening.
      await eventually(async () => assert.deepEqual([await accessCount('load', 'widget'), await accessCount('open', 'widget')], [loads + 2, opens + 1]));
      await page.getByRole('button', { name: '最初からやり直す' }).click();
      await log(page).getByText('本庁舎1階の市民課窓口').first().waitFor({ state: 'detached' });
      await log(page).getByText(GREETING).waitFor();
    } finally {
      await context.close();
    }
  });

  test('is fully operable by keyboard, and Escape returns focus to the launcher', async () => {
    const { context, page } = await visit(host.url);
    try {
      // From the top of the page: the city's link, then the launcher.
      const launcher = page.getByRole('button', { name: '質問する' });
      for (let i = 0; i < 10 && !(await launcher.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)); i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.type('住民票の写しを取りたい');
      await page.keyboard.press('Enter');
      const yes = log(page).getByRole('group', { name: '解決しましたか？' }).getByRole('button', { name: 'はい' });
      await yes.waitFor();
      // Tab from the input reaches the feedback buttons, with a visible focus ring.
      await yes.focus();
      assert.notEqual(await yes.evaluate((el) => getComputedStyle(el).outlineStyle), 'none');
      await page.keyboard.press('Space');
      await log(page).getByText('お役に立てて良かったです').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      assert.equal(await launcher.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);
      assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    } finally {
      await context.close();
    }
  });

  test('shows hostile QA content as harmless text; nothing runs; a 10,000-character line wraps', async () => {
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await ask(page, '危険な質問の例を見せて');
      await log(page).getByText('<img src=x onerror="window.pwned=1">危険な質問の例').first().waitFor();
      await log(page).getByText('押してください').waitFor();
      assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
      assert.equal(await log(page).getByRole('link', { name: '押してください' }).count(), 0);
      const overflow = await log(page).evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(overflow <= 1, `the message list scrolls sideways by ${overflow}px`);
    } finally {
      await context.close();
    }
  });

  test('fills a 375×667 phone screen, and fits a 320 px one at 200 % zoom without sideways scrolling', async () => {
    const phone = await visit(host.url, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await openWidget(phone.page);
      await ask(phone.page, '住民票の写しを取りたい');
      await log(phone.page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      const box = await phone.page.getByRole('dialog').boundingBox();
      assert.deepEqual([box?.x, box?.y, box?.width, box?.height], [0, 0, 375, 667]);
      await screenshot(phone.page, 'widget-phone');
    } finally {
      await phone.context.close();
    }
    // 200 % zoom of a 640 px window is a 320 px CSS viewport.
    const zoomed = await visit(host.url, { viewport: { width: 320, height: 480 }, deviceScaleFactor: 2 });
    try {
      await openWidget(zoomed.page);
      await ask(zoomed.page, '住民票の写しを取りたい');
      await log(zoomed.page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      const dialog = zoomed.page.getByRole('dialog');
      const sideways = await dialog.evaluate((el) => Math.max(el.scrollWidth - el.clientWidth, ...[...el.querySelectorAll('*')].map((c) => c.getBoundingClientRect().right - window.innerWidth)));
      assert.ok(sideways <= 1, `content reaches ${sideways}px beyond the screen`);
    } finally {
      await zoomed.context.close();
    }
  });

  test('switches language: interface, translated answers, and a note where no translation exists', async () => {
    const { context, page } = await visit(host.url);
    try {
      await openWidget(page);
      await page.getByRole('combobox', { name: /Language/ }).selectOption('en');
      await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
      assert.equal(await page.getByRole('dialog').getAttribute('lang'), 'en');
      await page.getByRole('textbox').fill('ごみの出し方の外国語案内が欲しい');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await log(page).getByText('This is the').waitFor();
      const pdf = log(page).getByRole('link', { name: /garbage calendar/ });
      assert.match((await pdf.textContent()) ?? '', /PDF/);
      // 1002 has no English translation in the starter pack.
      await page.getByRole('textbox').fill('住民票記載事項証明書が欲しい');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await log(page).getByText(/Japanese answer/).first().waitFor();
    } finally {
      await context.close();
    }
  });

  test('shows the city\'s own character, with a theme colour made readable', async () => {
    await server.store.setSetting('default', 'character', { name: 'ぶんぶん', greeting: 'ぶんぶんです。{{市名}}のことを聞いてください。', themeColor: '#ffcc00', position: 'left' }, 'test');
    const { context, page } = await visit(host.url, { viewport: { width: 768, height: 1024 } });
    try {
      await openWidget(page);
      await page.getByRole('dialog', { name: /ぶんぶん/ }).waitFor();
      await log(page).getByText('ぶんぶんです。まどぐち市のことを聞いてください。').waitFor();
      const launcher = await page.getByRole('button', { name: '質問する' }).boundingBox();
      assert.ok((launcher?.x ?? 999) < 100, 'the launcher sits bottom-left');
      const send = page.getByRole('button', { name: '送信', exact: true });
      const colour = await send.evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.notEqual(colour, 'rgb(255, 204, 0)', 'the too-light yellow was darkened');
      // On a tablet the panel is a panel, not the whole screen.
      const panel = await page.getByRole('dialog').boundingBox();
      assert.ok(panel !== null && panel.width < 768 && panel.height < 1024);
      await screenshot(page, 'widget-tablet-own-character');
    } finally {
      await context.close();
      await server.store.setSetting('default', 'character', {}, 'test');
    }
  });

  test('speaks the browser\'s language by default', async () => {
    const { context, page } = await visit(host.url, { locale: 'ko-KR' });
    try {
      await page.getByRole('button', { name: '질문하기' }).click();
      await page.getByRole('dialog').waitFor();
      assert.equal(await page.getByRole('dialog').getAttribute('lang'), 'ko');
    } finally {
      await context.close();
    }
  });
});

describe('full-page chat (/chat)', () => {
  test('starts open with categories and popular questions, answers, and logs the page channel', async () => {
    const { context, page } = await visit(`${server.url}/chat?from=${encodeURIComponent('トップページ')}`);
    try {
      assert.equal(await page.getByRole('button', { name: '質問する' }).count(), 0);
      await page.getByRole('button', { name: '届出・証明' }).click();
      // The category's list comes after the popular questions, which may hold the same question: wait for it,
      // or a busy machine clicks the popular one while the list is still on its way.
      await log(page).getByText('「届出・証明」に関する質問です。').waitFor();
      await log(page).getByRole('button', { name: '住民票の写しを取りたい' }).last().click();
      await log(page).getByText('本庁舎1階の市民課窓口').first().waitFor();
      const turns = (await loggedTurns()).filter((turn) => turn.channel === 'page');
      assert.deepEqual(
        turns.map((turn) => [turn.qaId, turn.via, turn.page]),
        [['1001', 'menu', `${server.url}/chat`]],
      );
      await eventually(async () => assert.equal(await accessCount('load', 'page'), 1));
      await screenshot(page, 'chat-page-desktop');
    } finally {
      await context.close();
    }
  });
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  test('no violations: widget open with an answer, candidates and feedback; phone; full page', async () => {
    // axe is injected as a script, which the host page's CSP would refuse: bypass CSP for this context only.
    const desktop = await visit(host.url, { bypassCSP: true });
    try {
      await assertNoAxeViolations(desktop.page, 'city page, widget closed');
      await openWidget(desktop.page);
      await ask(desktop.page, '住民票の写しを取りたい');
      await log(desktop.page).getByRole('group', { name: '解決しましたか？' }).getByRole('button', { name: 'いいえ' }).click();
      await log(desktop.page).getByText('お問い合わせ先').first().waitFor();
      await ask(desktop.page, '証明書');
      await log(desktop.page).getByText('もしかして、次のどれかでしょうか？').waitFor();
      await assertNoAxeViolations(desktop.page, 'widget with an answer, feedback and candidates');
    } finally {
      await desktop.context.close();
    }
    const phone = await visit(`${server.url}/chat`, { bypassCSP: true, viewport: { width: 375, height: 667 }, isMobile: true });
    try {
      await log(phone.page).waitFor();
      await ask(phone.page, 'ｑｑｑｚｚｚ');
      await log(phone.page).getByText('申し訳ありません。お答えできませんでした。').waitFor();
      await assertNoAxeViolations(phone.page, 'full page on a phone with a none answer');
      await screenshot(phone.page, 'chat-page-phone');
    } finally {
      await phone.context.close();
    }
  });

  test('respects reduced motion', async () => {
    const { context, page } = await visit(host.url, { reducedMotion: 'reduce' });
    try {
      await openWidget(page);
      const animated = await page.getByRole('dialog').evaluate((dialog) =>
        [...dialog.querySelectorAll('*')].filter((el) => {
          const style = getComputedStyle(el);
          return style.animationName !== 'none' && parseFloat(style.animationDuration) > 0.01;
        }).length,
      );
      assert.equal(animated, 0);
    } finally {
      await context.close();
    }
  });
});

/** Today in Japan, give or take a day: a turn logged around midnight still falls inside. */
function aroundToday(): DayRange {
  const today = japanDay(new Date());
  return { from: addDays(today, -1), to: addDays(today, 1) };
}

/** Every turn logged so far, newest first (turns are written in the background: flushed first). */
async function loggedTurns(): Promise<LoggedTurn[]> {
  await server.app.chat.flushLog();
  return (await server.store.listChatTurns(TEST_SITE, { days: aroundToday(), limit: 1000 })).turns;
}

async function accessCount(event: AccessEvent, channel: ChatChannel): Promise<number> {
  const counts = await server.store.accessCounts(TEST_SITE, aroundToday());
  return counts.filter((count) => count.event === event && count.channel === channel).reduce((sum, count) => sum + count.count, 0);
}

/**
 * Retries `check` until it passes: the widget sends feedback and access counts without waiting for them, so
 * the page shows no sign of their arrival. Polls the store, not a guessed delay; gives up after 30 s, which a
 * busy machine stays well within.
 */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
