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
import { PasswordChangeRequest, SessionReply, SignInRequest, SignOutReply } from './schema.ts';
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS, openSession, type ResolvedAuthOptions } from './sessions.ts';

export interface SessionRoutesOptions {
  context: AdminContext;
  options: ResolvedAuthOptions;
}

const SIGN_IN_FAILED = 'ログインIDまたはパスワードが違います。';
const LOCKED = `ログインの失敗が続いたため、このアカウントは一時的にロックされています。${LOCK_MINUTES}分ほどたってから、もう一度お試しください。管理者に解除を依頼することもできます。`;

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 429: ErrorReply };

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { context, options }) => {
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

  const isLocked = (account: StaffAccount): boolean => account.lockedUntil !== null && Date.parse(account.lockedUntil) > options.now().getTime();

  /** Counts a wrong password; audits the lock when this failure caused it. True when the account is now locked. */
  async function countFailure(request: FastifyRequest, account: StaffAccount): Promise<boolean> {
    const lockUntil = new Date(options.now().getTime() + LOCK_MINUTES * 60_000).toISOString();
    const after = await store.recordFailedSignIn(siteId, account.loginId, MAX_FAILED_SIGN_INS, lockUntil);
    if (after && isLocked(after)) {
      await context.audit(request, 'auth.locked', account.loginId, { failedSignIns: after.failedSignIns, lockedUntil: after.lockedUntil }, account.loginId);
      return true;
    }
    return false;
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
        response: { 200: SessionReply, 423: ErrorReply, ...errors },
      },
    },
    async (request, reply) => {
      const { loginId, password } = request.body;
      const fail = async (reason: string, error = new ApiError(401, 'SIGN_IN_FAILED', SIGN_IN_FAILED)): Promise<never> => {
        // The actor is the login id that was tried (never the password).
        await context.audit(request, 'auth.sign-in-failed', loginId, { reason }, loginId);
        throw error;
      };
      const account = await store.getAccount(siteId, loginId);
      // Every path verifies one hash, so the time taken does not tell which login ids exist.
      if (!account) {
        await verifyAgainstDummy(password);
        return fail('unknown-login-id');
      }
      if (isLocked(account)) {
        await verifyAgainstDummy(password);
        return fail('locked', new ApiError(423, 'ACCOUNT_LOCKED', LOCKED));
      }
      if (!(await verifyPassword(account.passwordHash, password))) {
        const locked = await countFailure(request, account);
        return fail('wrong-password', locked ? new ApiError(423, 'ACCOUNT_LOCKED', LOCKED) : undefined);
      }
      if (account.disabled) return fail('disabled');

      await store.recordSignIn(siteId, account.loginId);
      const result = await startSession(request, reply, account);
      await context.audit(request, 'auth.sign-in', account.loginId, {}, account.loginId);
      return result;
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
      if (!(await verifyPassword(account.passwordHash, currentPassword))) {
        await context.audit(request, 'auth.password-change-failed', staff.loginId);
        await countFailure(request, account);
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
