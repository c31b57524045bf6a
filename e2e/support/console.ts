/**
 * A staff member's own browser on the console, signed in through its form, and a citizen asking through the
 * chat API: what a console browser test starts from.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  await page.getByRole('heading', { name: /QA一覧/ }).first().waitFor();
  return { context, page };
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
