/**
 * Two-factor sign-in for one's own account (「二段階認証」 under the account screen), and the site's rule that
 * administrators must use it, under /api/admin. Signing in with a code is in routes.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AdminContext } from '../admin/context.ts';
import { ErrorReply } from '../chat/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { verifyPassword } from './passwords.ts';
import { throttledError } from './routes.ts';
import { PasswordConfirmRequest, RecoveryCodesReply, SignInSecurity, TotpCodeRequest, TotpEnrolmentView, TotpStatusReply } from './schema.ts';
import type { ResolvedAuthOptions } from './sessions.ts';
import type { SignInThrottle } from './throttle.ts';
import { newRecoveryCodes, REQUIRE_ADMIN_TOTP_SETTING, type TotpService, WRONG_CODE_MESSAGE } from './totp.ts';

export interface TotpRoutesOptions {
  context: AdminContext;
  options: ResolvedAuthOptions;
  throttle: SignInThrottle;
  totp: TotpService;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 429: ErrorReply };
const tags = ['admin'];

export const totpRoutes: FastifyPluginAsyncTypebox<TotpRoutesOptions> = async (app, { context, options, throttle, totp }) => {
  const { store, siteId } = context;
  const adminsMustUse = async (): Promise<boolean> => (await store.getSetting<boolean>(siteId, REQUIRE_ADMIN_TOTP_SETTING)) === true;

  app.get(
    '/session/totp',
    { config: { minRole: 'viewer' }, schema: { summary: 'Whether one\'s own two-factor sign-in is on', tags, response: { 200: TotpStatusReply, ...errors } } },
    async (request) => {
      const staff = request.staff!;
      const state = await store.getTotp(siteId, staff.loginId);
      return { enabled: state?.secret != null, recoveryCodesLeft: state?.recoveryCodesLeft ?? 0, required: staff.role === 'admin' && (await adminsMustUse()) };
    },
  );

  app.post(
    '/session/totp/enrolment',
    {
      config: { minRole: 'viewer' },
      schema: { summary: 'Start setting up two-factor sign-in: a new secret and its QR code (not in force until confirmed)', tags, response: { 200: TotpEnrolmentView, ...errors } },
    },
    async (request) => {
      const { loginId } = request.staff!;
      const { stored, enrolment } = await totp.newEnrolment(loginId);
      await store.setPendingTotp(siteId, loginId, stored);
      return enrolment;
    },
  );

  app.post(
    '/session/totp/enrolment/confirm',
    {
      config: { minRole: 'viewer' },
      schema: {
        summary: 'Confirm the new secret with a code from the app: two-factor sign-in is on; answers the recovery codes, shown once',
        tags,
        body: TotpCodeRequest,
        response: { 200: RecoveryCodesReply, ...errors },
      },
    },
    async (request) => {
      const { loginId } = request.staff!;
      const pending = (await store.getTotp(siteId, loginId))?.pendingSecret;
      const step = pending ? await totp.matchingStep(pending, request.body.code.trim(), options.now()) : null;
      if (!pending || step === null) {
        throw new ApiError(400, 'TOTP_CODE_INVALID', WRONG_CODE_MESSAGE);
      }
      const { codes, hashes } = newRecoveryCodes();
      await store.enableTotp(siteId, loginId, pending, step, hashes);
      await context.audit(request, 'auth.totp-enabled', loginId);
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/session/totp/disable',
    {
      config: { minRole: 'viewer' },
      schema: { summary: 'Turn one\'s own two-factor sign-in off (the password confirms it)', tags, body: PasswordConfirmRequest, response: { 200: TotpStatusReply, ...errors } },
    },
    async (request, reply) => {
      const staff = request.staff!;
      if (staff.role === 'admin' && (await adminsMustUse())) {
        throw new ApiError(400, 'TOTP_REQUIRED', 'この市では管理者に二段階認証が必須のため、無効にできません。認証アプリを替えるときは、設定し直してください。');
      }
      const wait = await throttle.waitMs(staff.loginId, request.ip);
      if (wait > 0) throw throttledError(reply, wait);
      const account = await store.getAccount(siteId, staff.loginId);
      if (!account || !(await verifyPassword(account.passwordHash, request.body.password))) {
        await throttle.recordFailure(staff.loginId, request.ip);
        throw new ApiError(400, 'CURRENT_PASSWORD_INCORRECT', 'パスワードが違います。');
      }
      await store.disableTotp(siteId, staff.loginId);
      await context.audit(request, 'auth.totp-disabled', staff.loginId);
      return { enabled: false, recoveryCodesLeft: 0, required: false };
    },
  );

  app.get(
    '/sign-in-security',
    { config: { minRole: 'admin' }, schema: { summary: 'The site\'s sign-in rules', tags, response: { 200: SignInSecurity, ...errors } } },
    async () => ({ requireAdminTotp: await adminsMustUse() }),
  );

  app.put(
    '/sign-in-security',
    {
      config: { minRole: 'admin' },
      schema: {
        summary: 'Change the site\'s sign-in rules: with requireAdminTotp, administrators without two-factor sign-in must set it up when they next sign in',
        tags,
        body: SignInSecurity,
        response: { 200: SignInSecurity, ...errors },
      },
    },
    async (request) => {
      const { requireAdminTotp } = request.body;
      await store.setSetting(siteId, REQUIRE_ADMIN_TOTP_SETTING, requireAdminTotp, request.staff!.loginId);
      await context.audit(request, 'settings.sign-in-security', '', { requireAdminTotp });
      return { requireAdminTotp };
    },
  );
};
