/**
 * Signing in and out over a real port: sessions, throttling, time limits, CSRF, roles, own password change.
 * The server's clock is a variable, so a test can step past the idle timeout.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ErrorReply } from '../chat/schema.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../http/test-server.ts';
import type { SessionReply } from './schema.ts';
import { hashToken } from './sessions.ts';
import { adminFetch, sessionCookieOf, signIn, TEST_PASSWORD, testPasswordHashOnce } from './test-support.ts';

const START = Date.parse('2026-11-30T00:00:00.000Z');
let nowMs = START;
const advance = (ms: number): void => void (nowMs += ms);
const MINUTE = 60_000;

let server: TestServer;
before(async () => {
  server = await startTestServer({ auth: { now: () => new Date(nowMs) }, trustProxy: true });
});
after(() => server.close());
beforeEach(() => {
  nowMs = START;
});

let n = 0;
async function makeAccount(role: 'admin' | 'editor' | 'viewer' = 'editor', options: { disabled?: boolean } = {}): Promise<string> {
  const loginId = `auth-${++n}`;
  await server.store.createAccount(TEST_SITE, { loginId, displayName: `職員${n}`, role, passwordHash: await testPasswordHashOnce() });
  if (options.disabled) await server.store.updateAccount(TEST_SITE, loginId, { disabled: true }, null);
  return loginId;
}

/** Sign-in from a client address (the server trusts X-Forwarded-For here), 127.0.0.1 when none is given. */
function postSession(loginId: string, password: string, from?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) };
  return fetch(`${server.url}/api/admin/session`, { method: 'POST', headers, body: JSON.stringify({ loginId, password }) });
}

let addresses = 0;
/** A fresh client address, so one test's failures never throttle another's. */
const nextAddress = (): string => `198.51.100.${++addresses}`;

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as ErrorReply;
  return { status: response.status, code: body.error.code, message: body.error.message };
}

async function auditOf(target: string): Promise<{ actor: string; action: string; detail: Record<string, unknown> }[]> {
  const { entries } = await server.store.listAudit(TEST_SITE, { text: target, limit: 100 });
  return entries
    .filter((e) => e.target === target)
    .reverse()
    .map(({ actor, action, detail }) => ({ actor, action, detail }));
}

describe('POST /api/admin/session (sign in)', () => {
  test('signs in: an HttpOnly SameSite=Strict cookie, the staff member, a CSRF token; audited', async () => {
    const loginId = await makeAccount('editor');
    const response = await postSession(loginId, TEST_PASSWORD);
    assert.equal(response.status, 200);
    const body = (await response.json()) as SessionReply;
    assert.deepEqual(body.staff, { loginId, displayName: `職員${n}`, role: 'editor' });
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(body.idleTimeoutSeconds, 1800);
    const [setCookie] = response.headers.getSetCookie();
    assert.match(setCookie ?? '', /^madoguchi_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/, 'no Secure over plain http, no Max-Age');
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'idleTimeoutSeconds', 'staff']);

    // The database keeps only the token's hash.
    const token = (sessionCookieOf(response) ?? '').split('=')[1] ?? '';
    const session = await server.store.getSession(hashToken(token));
    assert.equal(session?.loginId, loginId);
    assert.equal(await server.store.getSession(token), undefined);
    assert.equal(session?.expiresAt, new Date(START + 12 * 60 * MINUTE).toISOString());
    assert.deepEqual((await auditOf(loginId)).map((e) => [e.actor, e.action]), [[loginId, 'auth.sign-in']]);
  });

  test('GET /session answers the same shape for the current session (the console after a reload)', async () => {
    const session = await signIn(server, 'viewer');
    const response = await adminFetch(server, session, '/session');
    assert.equal(response.status, 200);
    const body = (await response.json()) as SessionReply;
    assert.deepEqual(body, { staff: { loginId: session.loginId, displayName: session.loginId, role: 'viewer' }, csrfToken: session.csrfToken, idleTimeoutSeconds: 1800 });
  });

  test('unknown id, wrong password and disabled account all answer the same 401; the password is never recorded', async () => {
    const known = await makeAccount();
    const disabled = await makeAccount('admin', { disabled: true });
    const attempts: [string, string, string][] = [
      ['nobody-here', TEST_PASSWORD, 'unknown-login-id'],
      [known, 'wrong-password-123', 'wrong-password'],
      [disabled, TEST_PASSWORD, 'disabled'],
    ];
    for (const [loginId, password, reason] of attempts) {
      const response = await postSession(loginId, password);
      assert.deepEqual(await errorOf(response), { status: 401, code: 'SIGN_IN_FAILED', message: 'ログインIDまたはパスワードが違います。' });
      assert.deepEqual(response.headers.getSetCookie(), []);
      assert.deepEqual(await auditOf(loginId), [{ actor: loginId, action: 'auth.sign-in-failed', detail: { reason } }]);
    }
    const { entries } = await server.store.listAudit(TEST_SITE, { text: 'wrong-password-123', limit: 10 });
    assert.deepEqual(entries, [], 'no audit line contains a password');
  });

  test('after four failures each further one doubles the wait: 429 with Retry-After 1, 2, 4 s, then the right password works', async () => {
    const loginId = await makeAccount();
    const from = nextAddress();
    for (let i = 1; i <= 5; i++) assert.equal((await errorOf(await postSession(loginId, `wrong-password-${i}`, from))).code, 'SIGN_IN_FAILED');
    const waits: string[] = [];
    for (const seconds of [1, 2, 4]) {
      const refused = await postSession(loginId, TEST_PASSWORD, from);
      waits.push(refused.headers.get('retry-after') ?? '');
      assert.deepEqual(await errorOf(refused), { status: 429, code: 'SIGN_IN_THROTTLED', message: `ログインの失敗が続いたため、しばらく受け付けを止めています。${seconds}秒ほどたってから、もう一度お試しください。` });
      advance(seconds * 1000);
      if (seconds < 4) assert.equal((await postSession(loginId, 'wrong-password-again', from)).status, 401, 'each failure after the wait doubles it');
    }
    assert.deepEqual(waits, ['1', '2', '4']);
    assert.equal((await postSession(loginId, TEST_PASSWORD, from)).status, 200, 'the wait ends by itself');

    const actions = (await auditOf(loginId)).map((e) => e.action);
    assert.deepEqual(actions.filter((a) => a === 'auth.throttled').length, 3, 'audited whenever a failure starts a wait');
    assert.deepEqual((await auditOf(loginId)).filter((e) => e.detail.reason === 'throttled').length, 3);
  });

  test('known and unknown login ids get the same statuses, bodies and Retry-After through a run of failures', async () => {
    const known = await makeAccount();
    const answersFor = async (loginId: string): Promise<unknown[]> => {
      const from = nextAddress();
      const answers: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await postSession(loginId, 'wrong-password', from);
        answers.push([response.status, response.headers.get('retry-after'), await response.json(), response.headers.getSetCookie()]);
      }
      return answers;
    };
    const forKnown = await answersFor(known);
    assert.deepEqual(await answersFor('nobody-at-all'), forKnown);
    assert.deepEqual(forKnown.map((a) => (a as [number])[0]), [401, 401, 401, 401, 401, 429, 429]);
  });

  test('a storm from one address does not keep the owner, on another address, out', async () => {
    const loginId = await makeAccount();
    const attacker = nextAddress();
    for (let i = 0; i < 30; i++) await postSession(loginId, `guess-${i}`, attacker);
    assert.equal((await postSession(loginId, TEST_PASSWORD, attacker)).status, 429, 'the attacker\'s address is throttled even with the right password');
    assert.equal((await postSession(loginId, TEST_PASSWORD, nextAddress())).status, 200);
  });

  test('a storm from many addresses slows the login id everywhere, but by a minute at most', async () => {
    const loginId = await makeAccount();
    for (let i = 0; i < 21; i++) await postSession(loginId, `guess-${i}`, nextAddress());
    const owner = await postSession(loginId, TEST_PASSWORD, nextAddress());
    assert.deepEqual([owner.status, owner.headers.get('retry-after')], [429, '1']);
    advance(1000);
    assert.equal((await postSession(loginId, TEST_PASSWORD, nextAddress())).status, 200);
  });

  test('a success in between resets the count of failures', async () => {
    const loginId = await makeAccount();
    const from = nextAddress();
    for (let i = 0; i < 4; i++) await postSession(loginId, 'wrong-password', from);
    assert.equal((await postSession(loginId, TEST_PASSWORD, from)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await postSession(loginId, 'wrong-password', from)).status, 401);
  });

  test('an administrator lifts the throttle', async () => {
    const loginId = await makeAccount();
    const from = nextAddress();
    for (let i = 0; i < 5; i++) await postSession(loginId, 'wrong-password', from);
    assert.equal((await postSession(loginId, TEST_PASSWORD, from)).status, 429);
    const admin = await signIn(server, 'admin');
    const listed = (await (await adminFetch(server, admin, `/accounts/${loginId}`)).json()) as { throttledUntil: string | null; failedSignIns: number };
    assert.deepEqual(listed, { ...listed, throttledUntil: new Date(START + 1000).toISOString(), failedSignIns: 5 });
    const unlock = await adminFetch(server, admin, `/accounts/${loginId}/unlock`, { method: 'POST' });
    assert.equal(unlock.status, 200);
    assert.deepEqual(((await unlock.json()) as { throttledUntil: string | null }).throttledUntil, null);
    assert.equal((await postSession(loginId, TEST_PASSWORD, from)).status, 200);
    assert.deepEqual((await auditOf(loginId)).filter((e) => e.action === 'account.unlock').map((e) => e.actor), [admin.loginId]);
  });

  test('refuses malformed bodies before looking anything up', async () => {
    for (const body of [{}, { loginId: 'a' }, { loginId: '', password: 'x' }, { loginId: 'a', password: 42 }, { loginId: 'a'.repeat(65), password: 'x' }]) {
      const response = await fetch(`${server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await errorOf(response)).code, 'INVALID_REQUEST', JSON.stringify(body));
    }
  });
});

describe('the session', () => {
  test('without a cookie, or with an unknown one: 401 「ログインしてください。」', async () => {
    for (const cookie of [undefined, 'madoguchi_admin=', 'madoguchi_admin=forged-token', 'other=1']) {
      const response = await fetch(`${server.url}/api/admin/session`, { headers: cookie ? { cookie } : {} });
      assert.deepEqual(await errorOf(response), { status: 401, code: 'UNAUTHENTICATED', message: 'ログインしてください。' }, cookie);
    }
  });

  test('ends after 30 minutes without a request; activity keeps it alive', async () => {
    const session = await signIn(server, 'viewer');
    for (let i = 0; i < 4; i++) {
      advance(29 * MINUTE);
      assert.equal((await adminFetch(server, session, '/session')).status, 200, `still active after ${(i + 1) * 29} minutes of use`);
    }
    advance(30 * MINUTE);
    const expired = await adminFetch(server, session, '/session');
    assert.deepEqual(await errorOf(expired), {
      status: 401,
      code: 'UNAUTHENTICATED',
      message: '一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。',
    });
    assert.match(expired.headers.getSetCookie()[0] ?? '', /^madoguchi_admin=; .*Expires=Thu, 01 Jan 1970/, 'the browser is told to forget the cookie');
    advance(-30 * MINUTE);
    assert.equal((await adminFetch(server, session, '/session')).status, 401, 'the expired session was deleted, not merely refused');
  });

  test('writes activity at most once a minute', async () => {
    const session = await signIn(server, 'viewer');
    const id = hashToken(session.cookie.split('=')[1] ?? '');
    advance(30_000);
    await adminFetch(server, session, '/session');
    assert.equal((await server.store.getSession(id))?.lastSeenAt, new Date(START).toISOString());
    advance(30_000);
    await adminFetch(server, session, '/session');
    assert.equal((await server.store.getSession(id))?.lastSeenAt, new Date(START + MINUTE).toISOString());
  });

  test('ends 12 hours after signing in, however active', async () => {
    const session = await signIn(server, 'viewer');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advance(20 * MINUTE);
      assert.equal((await adminFetch(server, session, '/session')).status, 200);
    }
    advance(20 * MINUTE);
    const expired = await errorOf(await adminFetch(server, session, '/session'));
    assert.equal(expired.code, 'UNAUTHENTICATED');
    assert.match(expired.message, /ログアウトしました/);
  });

  test('a disabled account is signed out at its next request', async () => {
    const session = await signIn(server, 'editor');
    await server.store.updateAccount(TEST_SITE, session.loginId, { disabled: true }, null);
    assert.equal((await errorOf(await adminFetch(server, session, '/session'))).code, 'UNAUTHENTICATED');
  });

  test('a change of role applies at the next request', async () => {
    const session = await signIn(server, 'admin');
    assert.equal((await adminFetch(server, session, '/accounts')).status, 200);
    await server.store.updateAccount(TEST_SITE, session.loginId, { role: 'viewer' }, null);
    assert.equal((await errorOf(await adminFetch(server, session, '/accounts'))).code, 'FORBIDDEN');
  });

  test('a viewer may read its session but not the administrators\' routes: 403 「この操作を行う権限がありません。」', async () => {
    const viewer = await signIn(server, 'viewer');
    for (const path of ['/accounts', '/audit', '/audit.csv']) {
      assert.deepEqual(await errorOf(await adminFetch(server, viewer, path)), { status: 403, code: 'FORBIDDEN', message: 'この操作を行う権限がありません。' }, path);
    }
    const editor = await signIn(server, 'editor');
    assert.equal((await adminFetch(server, editor, '/accounts', { method: 'POST', body: JSON.stringify({}) })).status, 403);
  });
});

describe('CSRF', () => {
  test('every change needs the session\'s x-csrf-token; reads do not', async () => {
    const admin = await signIn(server, 'admin');
    const other = await signIn(server, 'admin');
    const unlock = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/admin/accounts/${admin.loginId}/unlock`, { method: 'POST', headers: { cookie: admin.cookie, ...headers } });
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': '' }, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': other.csrfToken }, { 'x-csrf-token': admin.csrfToken.slice(1) }];
    for (const headers of attempts) {
      const error = await errorOf(await unlock(headers));
      assert.equal(error.status, 403, JSON.stringify(headers));
      assert.equal(error.code, 'CSRF_TOKEN_INVALID');
      assert.match(error.message, /再読み込み/);
    }
    assert.equal((await unlock({ 'x-csrf-token': admin.csrfToken })).status, 200);
    assert.equal((await fetch(`${server.url}/api/admin/accounts`, { headers: { cookie: admin.cookie } })).status, 200);
    const signOut = await fetch(`${server.url}/api/admin/session`, { method: 'DELETE', headers: { cookie: admin.cookie } });
    assert.equal((await errorOf(signOut)).code, 'CSRF_TOKEN_INVALID', 'a forged sign-out is refused too');
  });
});

describe('DELETE /api/admin/session (sign out)', () => {
  test('ends the session, clears the cookie and is audited; other sessions stay', async () => {
    const session = await signIn(server, 'editor');
    const elsewhere = await signIn(server, 'editor', session.loginId);
    const response = await adminFetch(server, session, '/session', { method: 'DELETE' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { signedOut: true });
    assert.match(response.headers.getSetCookie()[0] ?? '', /^madoguchi_admin=;/);
    assert.equal((await adminFetch(server, session, '/session')).status, 401);
    assert.equal((await adminFetch(server, elsewhere, '/session')).status, 200);
    assert.deepEqual((await auditOf(session.loginId)).map((e) => e.action), ['auth.sign-in', 'auth.sign-in', 'auth.sign-out']);
  });
});

describe('PUT /api/admin/session/password (own password)', () => {
  test('changes the password, signs out every other session, renews this one', async () => {
    const session = await signIn(server, 'viewer');
    const elsewhere = await signIn(server, 'viewer', session.loginId);
    const response = await adminFetch(server, session, '/session/password', {
      method: 'PUT',
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'あたらしい-合言葉-2027' }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as SessionReply;
    assert.equal(body.staff.loginId, session.loginId);
    assert.notEqual(body.csrfToken, session.csrfToken);
    const renewed = { cookie: sessionCookieOf(response) ?? '', csrfToken: body.csrfToken };
    assert.notEqual(renewed.cookie, session.cookie);

    assert.equal((await adminFetch(server, elsewhere, '/session')).status, 401, 'the other browser is signed out');
    assert.equal((await adminFetch(server, session, '/session')).status, 401, 'the old token of this browser is void');
    assert.equal((await adminFetch(server, renewed, '/session')).status, 200);
    assert.equal((await postSession(session.loginId, TEST_PASSWORD)).status, 401);
    assert.equal((await postSession(session.loginId, 'あたらしい-合言葉-2027')).status, 200);
    assert.ok((await auditOf(session.loginId)).some((e) => e.action === 'auth.password-change'));
  });

  test('refuses a wrong current password or a weak new one, and changes nothing', async () => {
    const session = await signIn(server, 'editor');
    const change = (currentPassword: string, newPassword: string) =>
      adminFetch(server, session, '/session/password', { method: 'PUT', body: JSON.stringify({ currentPassword, newPassword }) });
    assert.deepEqual(await errorOf(await change('not-my-password', 'あたらしい-合言葉-2027')), {
      status: 400,
      code: 'CURRENT_PASSWORD_INCORRECT',
      message: '現在のパスワードが違います。',
    });
    assert.deepEqual(await errorOf(await change(TEST_PASSWORD, 'short')), { status: 400, code: 'WEAK_PASSWORD', message: 'パスワードは10文字以上にしてください。' });
    assert.match((await errorOf(await change(TEST_PASSWORD, `${session.loginId}-password`))).message, /ログインID/);
    for (const common of ['password1234', 'sunshine2026', 'Iloveyou!!1']) {
      assert.deepEqual(await errorOf(await change(TEST_PASSWORD, common)), {
        status: 400,
        code: 'WEAK_PASSWORD',
        message: 'よく使われているパスワードや、それに近いものは使えません。単語を3つ以上組み合わせるなど、推測されにくいものにしてください。',
      });
    }
    assert.match((await errorOf(await change(TEST_PASSWORD, TEST_PASSWORD))).message, /今のパスワードと違うもの/);
    assert.equal((await adminFetch(server, session, '/session')).status, 200, 'still signed in');
    assert.equal((await postSession(session.loginId, TEST_PASSWORD)).status, 200, 'the password is unchanged');
  });
});

describe('sign-in rate limit', () => {
  test('counts attempts per address and answers 429 with a sign-in message', async () => {
    const limited = await startTestServer({ auth: { signInRateLimit: 3 } });
    try {
      const attempt = () =>
        fetch(`${limited.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'x', password: 'y' }) });
      for (let i = 0; i < 3; i++) assert.equal((await attempt()).status, 401);
      const refused = await attempt();
      const error = await errorOf(refused);
      assert.deepEqual([error.status, error.code], [429, 'RATE_LIMITED']);
      assert.match(error.message, /ログインが繰り返された/);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
    } finally {
      await limited.close();
    }
  });
});

describe('the session cookie under --https', () => {
  let secure: TestServer;
  before(async () => {
    secure = await startTestServer({ security: { https: true } });
  });
  after(() => secure.close());

  test('is always Secure and named __Host- (even when the request reached the server over plain http, as behind a proxy)', async () => {
    const session = await signIn(secure, 'editor');
    assert.match(session.cookie, /^__Host-madoguchi_admin=[A-Za-z0-9_-]{43}$/);
    const response = await fetch(`${secure.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: session.loginId, password: TEST_PASSWORD }) });
    assert.match(response.headers.getSetCookie()[0] ?? '', /^__Host-madoguchi_admin=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    assert.equal((await adminFetch(secure, session, '/session')).status, 200);
    // The plain name is not read: a cookie planted without the prefix signs nobody in.
    const plain = session.cookie.replace(/^__Host-/, '');
    assert.equal((await fetch(`${secure.url}/api/admin/session`, { headers: { cookie: plain } })).status, 401);
  });
});
