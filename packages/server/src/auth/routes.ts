/**
 * Signing in and out, the current session, and changing one's own password (R24), under /api/admin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminContext } from '../admin/context.ts';
import { ErrorReply } from '../chat/schema.ts';
import { ApiError } from '../http/api-error.ts';
import type { StaffAccount } from '../store/store.ts';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { clearSessionCookie, AUTH_MESSAGES, setSessionCookie } from './plugin.ts';
import { PasswordChangeRequest, type SecondStepReply, SessionReply, SignInReply, SignInRequest, SignOutReply, TotpSessionReply, TotpSignInRequest } from './schema.ts';
import { openSession, type ResolvedAuthOptions } from './sessions.ts';
import type { SignInThrottle } from './throttle.ts';
import { newRecoveryCodes, recoveryCodeHash, REQUIRE_ADMIN_TOTP_SETTING, type TotpService, WRONG_CODE_MESSAGE } from './totp.ts';

export interface SessionRoutesOptions {
  context: AdminContext;
  options: ResolvedAuthOptions;
  throttle: SignInThrottle;
  totp: TotpService;
}

const SIGN_IN_FAILED = 'ログインIDまたはパスワードが違います。';

/** 429 with Retry-After for a throttled sign-in; the same for every login id, known or not. */
export function throttledError(reply: FastifyReply, waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  void reply.header('retry-after', String(seconds));
  const wait = seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分`;
  return new ApiError(429, 'SIGN_IN_THROTTLED', `ログインの失敗が続いたため、しばらく受け付けを止めています。${wait}ほどたってから、もう一度お試しください。`);
}

/** Why the account may not sign in with this password, or undefined when it may. */
async function accountFailure(account: StaffAccount, password: string): Promise<string | undefined> {
  if (!(await verifyPassword(account.passwordHash, password))) return 'wrong-password';
  return account.disabled ? 'disabled' : undefined;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 429: ErrorReply };

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { context, options, throttle, totp }) => {
  const { store, siteId } = context;
  const rateLimit =
    options.signInRateLimit > 0
      ? {
          max: options.signInRateLimit,
          timeWindow: 60_000,
          errorResponseBuilder: (_request: FastifyRequest, limit: { ttl: number }) =>
            new ApiError(429, 'RATE_LIMITED', `短い時間にログインが繰り返されたため、一時的に受付を止めています。${Math.ceil(limit.ttl / 1000)}秒ほどおいてから、もう一度お試しください。`),
        }
      : false;

  /** What follows a right password: a code, enrolment first (administrators when the site requires it), or nothing. */
  async function secondStep(account: StaffAccount): Promise<SecondStepReply | undefined> {
    const now = options.now();
    if (account.totpEnabled) return { next: 'code', pendingToken: await totp.pendingToken(account.loginId, 'code', now) };
    if (account.role !== 'admin' || (await store.getSetting<boolean>(siteId, REQUIRE_ADMIN_TOTP_SETTING)) !== true) return undefined;
    const { stored, enrolment } = await totp.newEnrolment(account.loginId);
    await store.setPendingTotp(siteId, account.loginId, stored);
    return { next: 'enrol', pendingToken: await totp.pendingToken(account.loginId, 'enrol', now), enrolment };
  }

  /** The sign-in is complete: its failures are forgotten and a session opens. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, account: StaffAccount, detail: Record<string, unknown>): Promise<SessionReply> {
    await throttle.recordSuccess(account.loginId, request.ip);
    const result = await startSession(request, reply, account);
    await context.audit(request, 'auth.sign-in', account.loginId, detail, account.loginId);
    return result;
  }

  async function startSession(request: FastifyRequest, reply: FastifyReply, account: StaffAccount): Promise<SessionReply> {
    const { token, session } = await openSession(store, siteId, account.loginId, options);
    setSessionCookie(request, reply, token, options);
    return {
      staff: { loginId: account.loginId, displayName: account.displayName, role: account.role },
      csrfToken: session.csrfToken,
      idleTimeoutSeconds: options.idleTimeoutSeconds,
    };
  }

  app.post(
    '/session',
    {
      config: { minRole: 'public', rateLimit },
      schema: {
        summary: 'Sign in: sets the session cookie and returns the CSRF token',
        tags: ['admin'],
        body: SignInRequest,
        response: { 200: SignInReply, ...errors },
      },
    },
    async (request, reply) => {
      const { loginId, password } = request.body;
      const fail = async (reason: string, error = new ApiError(401, 'SIGN_IN_FAILED', SIGN_IN_FAILED)): Promise<never> => {
        // The actor is the login id that was tried (never the password).
        await context.audit(request, 'auth.sign-in-failed', loginId, { reason }, loginId);
        throw error;
      };
      // Checked before the login id is looked up: a throttled attempt does the same work for every id.
      const wait = await throttle.waitMs(loginId, request.ip);
      if (wait > 0) return fail('throttled', throttledError(reply, wait));
      const account = await store.getAccount(siteId, loginId);
      // Every path verifies one hash and counts one failure, so neither the time taken nor the answers tell
      // which login ids exist.
      const reason = account ? await accountFailure(account, password) : await verifyAgainstDummy(password).then(() => 'unknown-login-id');
      if (!account || reason) {
        const delay = await throttle.recordFailure(loginId, request.ip);
        if (delay > 0) await context.audit(request, 'auth.throttled', loginId, { delaySeconds: Math.ceil(delay / 1000) }, loginId);
        return fail(reason ?? 'unknown-login-id');
      }

      // Failures are forgotten only once the whole sign-in succeeds: a known password must not reset the count of wrong codes.
      return (await secondStep(account)) ?? signedIn(request, reply, account, {});
    },
  );

  app.post(
    '/session/totp',
    {
      config: { minRole: 'public', rateLimit },
      schema: {
        summary: 'Sign in, second step: the pending token and a one-time code (or a recovery code); for `enrol`, the first code of the new secret, answered with the recovery codes',
        tags: ['admin'],
        body: TotpSignInRequest,
        response: { 200: TotpSessionReply, ...errors },
      },
    },
    async (request, reply) => {
      const { pendingToken, code } = request.body;
      const now = options.now();
      const pending = await totp.readPendingToken(pendingToken, now);
      const expired = new ApiError(401, 'SIGN_IN_EXPIRED', 'ログインの途中で時間がたちました。もう一度、ログインIDとパスワードから入力してください。');
      if (!pending) throw expired;
      const { loginId } = pending;
      const wait = await throttle.waitMs(loginId, request.ip);
      if (wait > 0) throw throttledError(reply, wait);
      const account = await store.getAccount(siteId, loginId);
      const state = await store.getTotp(siteId, loginId);
      if (!account || account.disabled || !state) throw expired;

      const secret = pending.purpose === 'enrol' ? state.pendingSecret : state.secret;
      const step = secret ? await totp.matchingStep(secret, code.trim(), now) : null;
      const accepted =
        pending.purpose === 'enrol'
          ? step !== null
          : step !== null
            ? await store.acceptTotpStep(siteId, loginId, step)
            : await store.useRecoveryCode(siteId, loginId, recoveryCodeHash(code));
      if (!accepted) {
        await throttle.recordFailure(loginId, request.ip);
        await context.audit(request, 'auth.sign-in-failed', loginId, { reason: 'wrong-code' }, loginId);
        throw new ApiError(401, 'TOTP_CODE_INVALID', WRONG_CODE_MESSAGE);
      }
      if (pending.purpose === 'enrol') {
        const { codes, hashes } = newRecoveryCodes();
        await store.enableTotp(siteId, loginId, secret!, step!, hashes);
        await context.audit(request, 'auth.totp-enabled', loginId, {}, loginId);
        return { ...(await signedIn(request, reply, { ...account, totpEnabled: true }, { secondFactor: 'enrolled' })), recoveryCodes: codes };
      }
      return signedIn(request, reply, account, { secondFactor: step === null ? 'recovery-code' : 'totp' });
    },
  );

  app.get(
    '/session',
    {
      config: { minRole: 'viewer' },
      schema: {
        summary: 'The signed-in staff member and the session\'s CSRF token (after a page reload)',
        tags: ['admin'],
        response: { 200: SessionReply, ...errors },
      },
    },
    async (request) => {
      const staff = request.staff!;
      return {
        staff: { loginId: staff.loginId, displayName: staff.displayName, role: staff.role },
        csrfToken: request.staffSession!.csrfToken,
        idleTimeoutSeconds: options.idleTimeoutSeconds,
      };
    },
  );

  app.delete(
    '/session',
    {
      config: { minRole: 'viewer' },
      schema: {
        summary: 'Sign out: ends this session and clears the cookie',
        tags: ['admin'],
        response: { 200: SignOutReply, ...errors },
      },
    },
    async (request, reply) => {
      await store.deleteSession(request.staffSession!.id);
      clearSessionCookie(request, reply, options);
      await context.audit(request, 'auth.sign-out', request.staff!.loginId);
      return { signedOut: true as const };
    },
  );

  app.put(
    '/session/password',
    {
      config: { minRole: 'viewer', rateLimit },
      schema: {
        summary: 'Change one\'s own password: signs out every other session and renews this one (new CSRF token)',
        tags: ['admin'],
        body: PasswordChangeRequest,
        response: { 200: SessionReply, ...errors },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      const staff = request.staff!;
      const problem = checkPasswordPolicy(newPassword, staff.loginId);
      if (problem) throw new ApiError(400, 'WEAK_PASSWORD', problem);
      const account = await store.getAccount(siteId, staff.loginId);
      if (!account) throw new ApiError(401, 'UNAUTHENTICATED', AUTH_MESSAGES.unauthenticated);
      // A stolen session must not become a way around the sign-in throttle.
      const wait = await throttle.waitMs(staff.loginId, request.ip);
      if (wait > 0) throw throttledError(reply, wait);
      if (!(await verifyPassword(account.passwordHash, currentPassword))) {
        await context.audit(request, 'auth.password-change-failed', staff.loginId);
        await throttle.recordFailure(staff.loginId, request.ip);
        throw new ApiError(400, 'CURRENT_PASSWORD_INCORRECT', '現在のパスワードが違います。');
      }
      if (newPassword === currentPassword) throw new ApiError(400, 'WEAK_PASSWORD', '新しいパスワードは、今のパスワードと違うものにしてください。');

      const updated = await store.updateAccount(siteId, staff.loginId, { passwordHash: await hashPassword(newPassword) }, null);
      // Anyone signed in with the old password is signed out; this browser continues in a new session.
      await store.deleteSessionsOf(siteId, staff.loginId);
      const result = await startSession(request, reply, updated);
      await context.audit(request, 'auth.password-change', staff.loginId);
      return result;
    },
  );
};
