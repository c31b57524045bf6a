/**
 * Staff accounts over a real port: administrators only, optimistic locking, no password hash anywhere,
 * and an administrator cannot lock themselves (or everyone) out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adminFetch, signIn, TEST_PASSWORD, type TestSession } from '../../auth/test-support.ts';
import type { ErrorReply } from '../../chat/schema.ts';
import { TEST_SITE } from '../../http/test-server.ts';
import { serverWithStaff } from '../qas/api-test-support.ts';
import type { AccountConflictReply, AccountList, AccountView } from './schema.ts';

const api = serverWithStaff({ admin: ['admin', 'chief'] });

const NEW_PASSWORD = 'はじめての-合言葉-2026';

function call(path: string, method = 'GET', body?: unknown, session: TestSession = api.admin): Promise<Response> {
  return adminFetch(api.server, session, `/accounts${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.doesNotMatch(text, /argon2|passwordHash|password_hash/, 'no password hash in any response');
  return JSON.parse(text) as T;
}

async function create(loginId: string, role: 'admin' | 'editor' | 'viewer' = 'editor'): Promise<AccountView> {
  return json<AccountView>(await call('', 'POST', { loginId, displayName: `職員 ${loginId}`, role, password: NEW_PASSWORD }), 201);
}

function signInAs(loginId: string, password: string): Promise<Response> {
  return fetch(`${api.server.url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId, password }) });
}

async function lastAudit(target: string): Promise<{ actor: string; action: string; detail: Record<string, unknown> } | undefined> {
  const { entries } = await api.server.store.listAudit(TEST_SITE, { text: target, limit: 50 });
  const entry = entries.find((e) => e.target === target);
  return entry && { actor: entry.actor, action: entry.action, detail: entry.detail };
}

describe('account routes', () => {
  test('create, list, read: the new account can sign in; audited without the password', async () => {
    const created = await create('sato.k');
    assert.deepEqual(
      { ...created, createdAt: '', updatedAt: '', passwordChangedAt: '' },
      { loginId: 'sato.k', displayName: '職員 sato.k', role: 'editor', disabled: false, totpEnabled: false, throttledUntil: null, failedSignIns: 0, version: 1, createdAt: '', updatedAt: '', passwordChangedAt: '' },
    );
    const list = await json<AccountList>(await call(''));
    assert.deepEqual(list.accounts.map((a) => a.loginId).filter((id) => ['chief', 'sato.k'].includes(id)), ['chief', 'sato.k']);
    assert.deepEqual(await json<AccountView>(await call('/sato.k')), created);
    assert.equal((await signInAs('sato.k', NEW_PASSWORD)).status, 200);
    assert.deepEqual(await lastAudit('sato.k'), { actor: 'sato.k', action: 'auth.sign-in', detail: {} });
    const { entries } = await api.server.store.listAudit(TEST_SITE, { action: 'account.create', text: 'sato.k' });
    assert.deepEqual(entries.map((e) => [e.actor, e.detail]), [['chief', { displayName: '職員 sato.k', role: 'editor' }]]);
    assert.equal((await api.server.store.listAudit(TEST_SITE, { text: NEW_PASSWORD })).total, 0);
  });

  test('refuses a taken login id, a malformed one and a weak password', async () => {
    await create('taken');
    assert.equal(((await json<ErrorReply>(await call('', 'POST', { loginId: 'taken', displayName: '重複', role: 'viewer', password: NEW_PASSWORD }), 409)).error.code), 'ACCOUNT_ALREADY_EXISTS');
    for (const loginId of ['ab', 'Upper', '-dash-first', 'スズキ', 'a'.repeat(33), 'with space']) {
      const error = await json<ErrorReply>(await call('', 'POST', { loginId, displayName: '名前', role: 'viewer', password: NEW_PASSWORD }), 400);
      assert.equal(error.error.code, 'INVALID_REQUEST', loginId);
    }
    const weak = await json<ErrorReply>(await call('', 'POST', { loginId: 'weakling', displayName: '名前', role: 'viewer', password: 'weakling-1' }), 400);
    assert.deepEqual(weak.error, { code: 'WEAK_PASSWORD', message: 'パスワードにログインIDを含めないでください。' });
    assert.equal((await call('/weakling')).status, 404);
    const missing = await json<ErrorReply>(await call('/weakling'), 404);
    assert.equal(missing.error.code, 'ACCOUNT_NOT_FOUND');
  });

  test('updates with optimistic locking; a stale version gets 409 CONFLICT with the stored account', async () => {
    const created = await create('tanaka');
    const renamed = await json<AccountView>(await call('/tanaka', 'PATCH', { displayName: '田中 一郎', role: 'viewer', version: created.version }));
    assert.deepEqual([renamed.displayName, renamed.role, renamed.version], ['田中 一郎', 'viewer', 2]);
    assert.deepEqual(await lastAudit('tanaka'), {
      actor: 'chief',
      action: 'account.update',
      detail: { displayName: { from: '職員 tanaka', to: '田中 一郎' }, role: { from: 'editor', to: 'viewer' } },
    });
    const conflict = await json<AccountConflictReply>(await call('/tanaka', 'PATCH', { role: 'admin', version: created.version }), 409);
    assert.equal(conflict.error.code, 'CONFLICT');
    assert.match(conflict.error.message, /変更されています/);
    assert.deepEqual(conflict.error.current, renamed);
    assert.equal((await json<AccountView>(await call('/tanaka'))).role, 'viewer', 'the stale change was not applied');
    assert.equal((await call('/nobody', 'PATCH', { role: 'admin', version: 1 })).status, 404);
  });

  test('disabling signs the account out at once and stops sign-in', async () => {
    const created = await create('yamada');
    const response = await signInAs('yamada', NEW_PASSWORD);
    assert.equal(response.status, 200);
    const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const disabled = await json<AccountView>(await call('/yamada', 'PATCH', { disabled: true, version: created.version }));
    assert.equal(disabled.disabled, true);
    assert.equal((await adminFetch(api.server, { cookie, csrfToken }, '/session')).status, 401);
    assert.equal((await signInAs('yamada', NEW_PASSWORD)).status, 401);
  });

  test('resetting a password signs the account out everywhere and lifts the sign-in throttle', async () => {
    await create('kato');
    const before = await signInAs('kato', NEW_PASSWORD);
    const cookie = (before.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    for (let i = 0; i < 5; i++) await signInAs('kato', 'wrong-password');
    assert.notEqual((await json<AccountView>(await call('/kato'))).throttledUntil, null);

    assert.equal((await json<ErrorReply>(await call('/kato/password', 'PUT', { password: 'kato-12345678' }), 400)).error.code, 'WEAK_PASSWORD');
    const reset = await json<AccountView>(await call('/kato/password', 'PUT', { password: 'リセット後の-合言葉-1' }));
    assert.deepEqual([reset.throttledUntil, reset.failedSignIns], [null, 0]);
    assert.equal((await adminFetch(api.server, { cookie, csrfToken: 'x' }, '/session')).status, 401);
    assert.equal((await signInAs('kato', NEW_PASSWORD)).status, 401);
    assert.equal((await signInAs('kato', 'リセット後の-合言葉-1')).status, 200);
    const { entries } = await api.server.store.listAudit(TEST_SITE, { action: 'account.reset-password', text: 'kato' });
    assert.deepEqual(entries.map((e) => [e.actor, e.target, e.detail]), [['chief', 'kato', {}]]);
  });

  test('an administrator cannot disable, demote or reset themselves', async () => {
    const self = await json<AccountView>(await call('/chief'));
    const cases: [unknown, RegExp][] = [
      [{ disabled: true, version: self.version }, /^自分のアカウントは無効にできません。/],
      [{ role: 'editor', version: self.version }, /^自分の役割は変更できません。/],
    ];
    for (const [body, message] of cases) {
      const error = await json<ErrorReply>(await call('/chief', 'PATCH', body), 400);
      assert.equal(error.error.code, 'ACCOUNT_CHANGE_REFUSED');
      assert.match(error.error.message, message);
    }
    const reset = await json<ErrorReply>(await call('/chief/password', 'PUT', { password: 'じぶんで-リセット-123' }), 400);
    assert.equal(reset.error.code, 'ACCOUNT_CHANGE_REFUSED');
    const renamed = await json<AccountView>(await call('/chief', 'PATCH', { displayName: '管理者 長', role: 'admin', disabled: false, version: self.version }));
    assert.equal(renamed.displayName, '管理者 長', 'harmless changes to oneself are fine');
  });

  test('another administrator can be demoted while an active administrator remains', async () => {
    const deputy = await create('deputy', 'admin');
    const demoted = await json<AccountView>(await call('/deputy', 'PATCH', { role: 'viewer', version: deputy.version }));
    assert.equal(demoted.role, 'viewer');
  });

  test('only administrators: editors and viewers get 403 on every account route', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const session = await signIn(api.server, role);
      const attempts: [string, string, unknown][] = [
        ['', 'GET', undefined],
        ['/chief', 'GET', undefined],
        ['', 'POST', { loginId: 'sneaky', displayName: 'x', role: 'admin', password: NEW_PASSWORD }],
        [`/${session.loginId}`, 'PATCH', { role: 'admin', version: 1 }],
        ['/chief/password', 'PUT', { password: NEW_PASSWORD }],
        ['/chief/unlock', 'POST', undefined],
      ];
      for (const [path, method, body] of attempts) {
        const error = await json<ErrorReply>(await call(path, method, body, session), 403);
        assert.equal(error.error.code, 'FORBIDDEN', `${role} ${method} ${path}`);
      }
    }
    assert.equal((await call('/sneaky')).status, 404);
    assert.equal((await api.server.store.getAccount(TEST_SITE, 'chief'))?.role, 'admin');
  });

  test('TEST_PASSWORD accounts from signIn work with the account routes too', async () => {
    const viewer = await signIn(api.server, 'viewer');
    const view = await json<AccountView>(await call(`/${viewer.loginId}`));
    assert.equal(view.role, 'viewer');
    assert.equal((await signInAs(viewer.loginId, TEST_PASSWORD)).status, 200);
  });
});
