/**
 * Signed-in staff for API tests: an account made through the store, signed in through the real
 * `POST /api/admin/session`, and fetch with its cookie and CSRF token.
 *
 * @example
 * ```ts
 * const server = await startTestServer();
 * const editor = await signIn(server, 'editor');
 * const response = await adminFetch(server, editor, '/qas/1001', { method: 'PUT', body: JSON.stringify(change) });
 * ```
 */
import type { TestServer } from '../http/test-server.ts';
import { TEST_SITE } from '../http/test-server.ts';
import type { StaffRole } from '../store/store.ts';
import { hashPassword } from './passwords.ts';
import { CSRF_HEADER, SECURE_SESSION_COOKIE, SESSION_COOKIE } from './sessions.ts';

/** The password of every account {@link signIn} creates. */
export const TEST_PASSWORD = 'test-password-しろくま';

/** What a signed-in test client holds: the Cookie header value and the CSRF token. */
export interface TestSession {
  /** `madoguchi_admin=…`, ready for a Cookie header. */
  cookie: string;
  csrfToken: string;
  loginId: string;
}

let testPasswordHash: Promise<string> | undefined;

/** One slow hash per test process, shared by every account the tests create. */
export function testPasswordHashOnce(): Promise<string> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  return testPasswordHash;
}

/** The `name=value` pair of the session cookie (either name) in a response's Set-Cookie headers, or undefined. */
export function sessionCookieOf(response: Response): string | undefined {
  const pair = response.headers
    .getSetCookie()
    .map((line) => line.split(';', 1)[0] ?? '')
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`) || p.startsWith(`${SECURE_SESSION_COOKIE}=`));
  return pair?.endsWith('=') ? undefined : pair;
}

let counter = 0;

/**
 * Creates an account with the role (display name = login id, password {@link TEST_PASSWORD}) unless the login
 * id exists already, then signs it in. Each call opens a new session.
 *
 * @example `const admin = await signIn(server, 'admin'); // { cookie, csrfToken, loginId: 'admin-1' }`
 */
export async function signIn(server: TestServer, role: StaffRole, loginId?: string): Promise<TestSession> {
  const id = loginId ?? `${role}-${++counter}`;
  if (!(await server.store.getAccount(TEST_SITE, id))) {
    await server.store.createAccount(TEST_SITE, { loginId: id, displayName: id, role, passwordHash: await testPasswordHashOnce() });
  }
  const response = await fetch(`${server.url}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginId: id, password: TEST_PASSWORD }),
  });
  const body = (await response.json()) as { csrfToken?: string };
  const cookie = sessionCookieOf(response);
  if (response.status !== 200 || !cookie || !body.csrfToken) throw new Error(`signIn(${id}) failed: ${response.status} ${JSON.stringify(body)}`);
  return { cookie, csrfToken: body.csrfToken, loginId: id };
}

/**
 * fetch under the admin API with the session's cookie and CSRF token, and `content-type: application/json`
 * when a body is sent. `path` is under /api/admin (`/accounts`), or a whole path starting with `/api/`.
 *
 * @example `const list = await (await adminFetch(server, admin, '/accounts')).json();`
 */
export function adminFetch(server: TestServer, session: Pick<TestSession, 'cookie' | 'csrfToken'>, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', session.cookie);
  if (!headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, session.csrfToken);
  if (init.body !== undefined && init.body !== null && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const url = `${server.url}${path.startsWith('/api/') ? path : `/api/admin${path}`}`;
  return fetch(url, { ...init, headers });
}
