/**
 * A staff member's own browser on the console, signed in through its form, and a citizen asking through the
 * chat API: what a console browser test starts from.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { signIn, TEST_PASSWORD } from '../../packages/server/src/auth/test-support.ts';
import type { ChatReply } from '../../packages/server/src/chat/schema.ts';
import type { TestServer } from '../../packages/server/src/http/test-server.ts';
import type { StaffRole } from '../../packages/server/src/store/store.ts';

/**
 * Creates the account (password TEST_PASSWORD) and signs in through the form; `bypassCSP` lets axe-core run.
 *
 * @example const { context, page } = await staffBrowser(browser, server, 'editor', 'suzuki', { bypassCSP: true });
 */
export async function staffBrowser(
  browser: Browser,
  server: TestServer,
  role: StaffRole,
  loginId: string,
  options: { bypassCSP?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  await signIn(server, role, loginId);
  const context = await browser.newContext({ locale: 'ja-JP', viewport: options.viewport ?? { width: 1280, height: 900 }, bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await screen(page).getByRole('heading', { level: 1, name: /QA一覧/ }).waitFor();
  return { context, page };
}

/**
 * The console's visible screen: its `<main>` (the sign-in page's, or the signed-in console's). The announcer's
 * visually hidden live regions sit outside it and repeat status messages 50 ms after they appear, so a text
 * query over the whole page can match one element on a quiet machine and two on a busy one (a strict-mode
 * error). Look for what the screen shows here; for what is only read out, use `announcement`.
 *
 * @example await screen(page).getByText(/公開しました。/).waitFor();
 */
export function screen(page: Page): Locator {
  return page.getByRole('main');
}

/**
 * What the console's announcer reads out (its polite or assertive live region, outside `screen`), e.g. a
 * QA created or deleted, which the screen itself does not show. Hidden from sight: wait for it attached.
 *
 * @example await announcement(page, /QA 9500 を作成しました/).waitFor({ state: 'attached' });
 */
export function announcement(page: Page, text: string | RegExp): Locator {
  return page.locator('[aria-live]').filter({ hasText: text });
}

/**
 * A citizen's typed question through POST /api/v1/chat.
 *
 * @example (await citizenAsks(server, 'マイナ失くした')).decision // 'none'
 */
export async function citizenAsks(server: TestServer, message: string): Promise<ChatReply> {
  const response = await fetch(`${server.url}/api/v1/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  if (response.status !== 200) throw new Error(`chat answered ${response.status} for ${message}`);
  return (await response.json()) as ChatReply;
}
