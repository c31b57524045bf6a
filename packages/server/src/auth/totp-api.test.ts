/**
 * Two-factor sign-in over a real port: enrolment, the code step, recovery codes, replayed codes, the rule
 * that administrators must use it, and an administrator's reset. Codes are computed with otplib at the
 * server's clock, which the tests step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { ErrorReply } from '../chat/schema.ts';
import { startTestServer, TEST_SITE, type TestServer } from '../http/test-server.ts';
import type { RecoveryCodesReply, SecondStepReply, TotpEnrolmentView, TotpSessionReply, TotpStatusReply } from './schema.ts';
import { adminFetch, sessionCookieOf, signIn, TEST_PASSWORD, type TestSession } from './test-support.ts';

let nowMs = Date.parse('2026-11-30T00:00:00.000Z');
const STEP_MS = 30_000;

let server: TestServer;
before(async () => {
  server = await startTestServer({ auth: { now: () => new Date(nowMs) } });
});
after(() => server.close());

/** The app's code for a secret at the server's current time. */
const codeOf = (secret: string, at = nowMs): Promise<string> => generate({ secret, epoch: Math.floor(at / 1000) });

async function post<T>(path: string, body: unknown, session?: TestSession): Promise<{ status: number; body: T; response: Response }> {
  const response = session
    ? await adminFetch(server, session, path, { method: 'POST', body: JSON.stringify(body) })
    : await fetch(`${server.url}/api/admin${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T, response };
}

/** Signs a new account in and turns two-factor sign-in on; returns the secret and the recovery codes. */
async function enrolled(role: 'admin' | 'editor' = 'editor'): Promise<{ session: TestSession; secret: string; recoveryCodes: string[] }> {
  const session = await signIn(server, role);
  const enrolment = await post<TotpEnrolmentView>('/session/totp/enrolment', {}, session);
  assert.equal(enrolment.status, 200);
  assert.match(enrolment.body.otpauthUrl, new RegExp(`^otpauth://totp/.*${session.loginId}\\?.*secret=${enrolment.body.secret}`));
  assert.match(enrolment.body.qrCode, /^data:image\/svg\+xml;base64,/);
  const wrong = await post<ErrorReply>('/session/totp/enrolment/confirm', { code: '000000' }, session);
  assert.deepEqual([wrong.status, wrong.body.error.code], [400, 'TOTP_CODE_INVALID']);
  const confirmed = await post<RecoveryCodesReply>('/session/totp/enrolment/confirm', { code: await codeOf(enrolment.body.secret) }, session);
  assert.equal(confirmed.status, 200);
  nowMs += STEP_MS;
  return { session, secret: enrolment.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

describe('two-factor sign-in', () => {
  test('enrolment gives ten recovery codes; then the password step asks for a code, and the code signs in once', async () => {
    const { session, secret, recoveryCodes } = await enrolled();
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const status = (await (await adminFetch(server, session, '/session/totp')).json()) as TotpStatusReply;
    assert.deepEqual(status, { enabled: true, recoveryCodesLeft: 10, required: false });

    const first = await post<SecondStepReply>('/session', { loginId: session.loginId, password: TEST_PASSWORD });
    assert.equal(first.status, 200);
    assert.equal(first.body.next, 'code');
    assert.equal(sessionCookieOf(first.response), undefined, 'no session before the code');

    const code = await codeOf(secret);
    const signedIn = await post<TotpSessionReply>('/session/totp', { pendingToken: first.body.pendingToken, code });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.staff.loginId, session.loginId);
    assert.ok(sessionCookieOf(signedIn.response));

    const again = await post<SecondStepReply>('/session', { loginId: session.loginId, password: TEST_PASSWORD });
    const replayed = await post<ErrorReply>('/session/totp', { pendingToken: again.body.pendingToken, code });
    assert.deepEqual([replayed.status, replayed.body.error.code], [401, 'TOTP_CODE_INVALID'], 'a code is accepted once');
    nowMs += STEP_MS;
    assert.equal((await post('/session/totp', { pendingToken: again.body.pendingToken, code: await codeOf(secret) })).status, 200, 'the next step\'s code works');

    const { entries } = await server.store.listAudit(TEST_SITE, { text: session.loginId, limit: 50 });
    assert.ok(!JSON.stringify(entries).includes(code), 'no code in the audit log');
  });

  test('a recovery code signs in once, in any case and spacing', async () => {
    const { session, recoveryCodes } = await enrolled();
    const recovery = recoveryCodes[0]!;
    const pending = async (): Promise<string> => (await post<SecondStepReply>('/session', { loginId: session.loginId, password: TEST_PASSWORD })).body.pendingToken;
    assert.equal((await post('/session/totp', { pendingToken: await pending(), code: recovery.toUpperCase().replace('-', ' ') })).status, 200);
    assert.equal((await post('/session/totp', { pendingToken: await pending(), code: recovery })).status, 401, 'used up');
    assert.equal(((await (await adminFetch(server, session, '/session/totp')).json()) as TotpStatusReply).recoveryCodesLeft, 9);
  });

  test('a pending token expires after 5 minutes and cannot be forged', async () => {
    const { session, secret } = await enrolled();
    const { body } = await post<SecondStepReply>('/session', { loginId: session.loginId, password: TEST_PASSWORD });
    const forged = `${Buffer.from(JSON.stringify({ l: session.loginId, p: 'code', e: nowMs + 60_000 })).toString('base64url')}.${body.pendingToken.split('.')[1]}`;
    assert.equal((await post<ErrorReply>('/session/totp', { pendingToken: forged, code: await codeOf(secret) })).body.error.code, 'SIGN_IN_EXPIRED');
    nowMs += 5 * 60_000;
    const late = await post<ErrorReply>('/session/totp', { pendingToken: body.pendingToken, code: await codeOf(secret) });
    assert.deepEqual([late.status, late.body.error.code], [401, 'SIGN_IN_EXPIRED']);
  });

  test('wrong codes count as failed sign-ins and are throttled', async () => {
    const { session } = await enrolled();
    const { body } = await post<SecondStepReply>('/session', { loginId: session.loginId, password: TEST_PASSWORD });
    for (let i = 0; i < 5; i++) assert.equal((await post('/session/totp', { pendingToken: body.pendingToken, code: '000000' })).status, 401);
    const refused = await post<ErrorReply>('/session/totp', { pendingToken: body.pendingToken, code: '000000' });
    assert.deepEqual([refused.status, refused.body.error.code], [429, 'SIGN_IN_THROTTLED']);
    await server.store.clearSignInFailures(TEST_SITE, { loginId: session.loginId });
  });

  test('turning it off needs the password; an administrator can reset another account\'s', async () => {
    const own = await enrolled();
    const wrong = await post<ErrorReply>('/session/totp/disable', { password: 'not-the-password' }, own.session);
    assert.deepEqual([wrong.status, wrong.body.error.code], [400, 'CURRENT_PASSWORD_INCORRECT']);
    assert.equal((await post<TotpStatusReply>('/session/totp/disable', { password: TEST_PASSWORD }, own.session)).body.enabled, false);
    assert.equal((await post<{ staff: unknown }>('/session', { loginId: own.session.loginId, password: TEST_PASSWORD })).body.staff !== undefined, true);

    const other = await enrolled();
    const admin = await signIn(server, 'admin');
    const reset = await post<{ totpEnabled: boolean }>(`/accounts/${other.session.loginId}/totp-reset`, undefined, admin);
    assert.deepEqual([reset.status, reset.body.totpEnabled], [200, false]);
    assert.equal((await server.store.getTotp(TEST_SITE, other.session.loginId))?.recoveryCodesLeft, 0);
    assert.equal((await post(`/accounts/nobody/totp-reset`, undefined, admin)).status, 404);
  });
});

describe('the rule that administrators use two-factor sign-in', () => {
  test('an administrator without it must enrol right after the password, before any session; others are not asked', async () => {
    const chief = await signIn(server, 'admin');
    const put = await adminFetch(server, chief, '/sign-in-security', { method: 'PUT', body: JSON.stringify({ requireAdminTotp: true }) });
    assert.equal(put.status, 200);

    const editor = await signIn(server, 'editor');
    assert.ok(editor.cookie, 'an editor signs in with the password alone');

    const deputy = 'deputy-admin';
    await server.store.createAccount(TEST_SITE, { loginId: deputy, displayName: '副管理者', role: 'admin', passwordHash: (await server.store.getAccount(TEST_SITE, chief.loginId))!.passwordHash });
    const first = await post<SecondStepReply>('/session', { loginId: deputy, password: TEST_PASSWORD });
    assert.equal(first.body.next, 'enrol');
    assert.equal(sessionCookieOf(first.response), undefined);
    const secret = first.body.enrolment!.secret;
    const done = await post<TotpSessionReply>('/session/totp', { pendingToken: first.body.pendingToken, code: await codeOf(secret) });
    assert.equal(done.status, 200);
    assert.equal(done.body.recoveryCodes?.length, 10);
    assert.ok(sessionCookieOf(done.response));
    assert.equal((await server.store.getAccount(TEST_SITE, deputy))?.totpEnabled, true);

    const session = { cookie: sessionCookieOf(done.response)!, csrfToken: done.body.csrfToken, loginId: deputy };
    const off = await post<ErrorReply>('/session/totp/disable', { password: TEST_PASSWORD }, session);
    assert.deepEqual([off.status, off.body.error.code], [400, 'TOTP_REQUIRED']);
    await adminFetch(server, chief, '/sign-in-security', { method: 'PUT', body: JSON.stringify({ requireAdminTotp: false }) });
  });
});
