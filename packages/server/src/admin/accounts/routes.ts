/**
 * Staff accounts (R24), administrators only: list, create, edit (optimistic locking), reset a password, lift the
 * sign-in throttle.
 * Every change is audited; no response carries a password hash.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply } from '../../chat/schema.ts';
import { ApiError } from '../../http/api-error.ts';
import { AccountAlreadyExistsError, AccountNotFoundError, AccountVersionConflictError } from '../../store/errors.ts';
import type { StaffAccount } from '../../store/store.ts';
import type { SignInThrottle } from '../../auth/throttle.ts';
import type { AdminContext } from '../context.ts';
import { AccountRuleError, createStaffAccount, resetStaffPassword, resetStaffTotp, unlockStaffAccount, updateStaffAccount } from './account-service.ts';
import { AccountConflictReply, AccountList, AccountParams, AccountView, CreateAccountRequest, ResetPasswordRequest, UpdateAccountRequest } from './schema.ts';

export interface AccountRoutesOptions {
  context: AdminContext;
  /** Tells which accounts are throttled after failed sign-ins. */
  throttle: SignInThrottle;
}

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply };

/** The store's and the rules' errors as API errors. */
async function apiError(error: unknown, view: (a: StaffAccount) => Promise<AccountView>): Promise<unknown> {
  if (error instanceof AccountRuleError) return new ApiError(400, error.code, error.message);
  if (error instanceof AccountNotFoundError) return new ApiError(404, 'ACCOUNT_NOT_FOUND', `${error.message}。`);
  if (error instanceof AccountAlreadyExistsError) return new ApiError(409, 'ACCOUNT_ALREADY_EXISTS', `${error.message}。`);
  if (error instanceof AccountVersionConflictError) return new ApiError(409, 'CONFLICT', `${error.message}。`, { current: await view(error.current) });
  return error;
}

export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (app, { context, throttle }) => {
  const { store, siteId } = context;

  const view = (a: StaffAccount, throttled = { until: null as string | null, failures: 0 }): AccountView => ({
    loginId: a.loginId,
    displayName: a.displayName,
    role: a.role,
    disabled: a.disabled,
    totpEnabled: a.totpEnabled,
    throttledUntil: throttled.until,
    failedSignIns: throttled.failures,
    passwordChangedAt: a.passwordChangedAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    version: a.version,
  });

  const present = async (a: StaffAccount): Promise<AccountView> => view(a, (await throttle.throttledLoginIds()).get(a.loginId));

  /** The work's result, or its failure as the API error it means. */
  const answer = <T>(work: Promise<T>): Promise<T> =>
    work.catch(async (error: unknown) => {
      throw await apiError(error, present);
    });

  const config = { minRole: 'admin' as const };

  app.get(
    '/accounts',
    { config, schema: { summary: 'Every staff account of the site, by login id', tags: ['admin'], response: { 200: AccountList, ...errors } } },
    async () => {
      const throttled = await throttle.throttledLoginIds();
      return { accounts: (await store.listAccounts(siteId)).map((a) => view(a, throttled.get(a.loginId))) };
    },
  );

  app.get(
    '/accounts/:loginId',
    { config, schema: { summary: 'One staff account', tags: ['admin'], params: AccountParams, response: { 200: AccountView, ...errors } } },
    async (request) => {
      const account = await store.getAccount(siteId, request.params.loginId);
      if (!account) throw await apiError(new AccountNotFoundError(siteId, request.params.loginId), present);
      return present(account);
    },
  );

  app.post(
    '/accounts',
    {
      config,
      schema: {
        summary: 'Create a staff account with a first password (the password policy applies)',
        tags: ['admin'],
        body: CreateAccountRequest,
        response: { 201: AccountView, 409: ErrorReply, ...errors },
      },
    },
    async (request, reply) => {
      const account = await answer(createStaffAccount(store, siteId, request.body));
      await context.audit(request, 'account.create', account.loginId, { displayName: account.displayName, role: account.role });
      return reply.code(201).send(await present(account));
    },
  );

  app.patch(
    '/accounts/:loginId',
    {
      config,
      schema: {
        summary: 'Change the display name, role or disabled flag (send the version read; 409 CONFLICT with the stored account otherwise)',
        tags: ['admin'],
        params: AccountParams,
        body: UpdateAccountRequest,
        response: { 200: AccountView, 409: AccountConflictReply, ...errors },
      },
    },
    async (request) => {
      const { loginId } = request.params;
      const { version, ...change } = request.body;
      const before = await store.getAccount(siteId, loginId);
      const updated = await answer(updateStaffAccount(store, siteId, loginId, change, version, request.staff!.loginId));
      const changed = Object.fromEntries(
        (['displayName', 'role', 'disabled'] as const)
          .filter((key) => before !== undefined && before[key] !== updated[key])
          .map((key) => [key, { from: before?.[key], to: updated[key] }]),
      );
      await context.audit(request, 'account.update', loginId, changed);
      return present(updated);
    },
  );

  app.put(
    '/accounts/:loginId/password',
    {
      config,
      schema: {
        summary: 'Set a new password for another staff member: unlocks the account and signs it out everywhere',
        tags: ['admin'],
        params: AccountParams,
        body: ResetPasswordRequest,
        response: { 200: AccountView, ...errors },
      },
    },
    async (request) => {
      const { loginId } = request.params;
      if (loginId === request.staff!.loginId) {
        throw new ApiError(400, 'ACCOUNT_CHANGE_REFUSED', '自分のパスワードは「パスワードの変更」から変更してください（今のパスワードが必要です）。');
      }
      const updated = await answer(resetStaffPassword(store, siteId, loginId, request.body.password));
      await context.audit(request, 'account.reset-password', loginId);
      return present(updated);
    },
  );

  app.post(
    '/accounts/:loginId/totp-reset',
    {
      config,
      schema: {
        summary: 'Turn another staff member\'s two-factor sign-in off (a lost phone); they sign in with the password alone, or set it up again when required',
        tags: ['admin'],
        params: AccountParams,
        response: { 200: AccountView, ...errors },
      },
    },
    async (request) => {
      const { loginId } = request.params;
      const updated = await answer(resetStaffTotp(store, siteId, loginId));
      await context.audit(request, 'account.reset-2fa', loginId);
      return present(updated);
    },
  );

  app.post(
    '/accounts/:loginId/unlock',
    {
      config,
      schema: {
        summary: 'Lift the sign-in throttle after repeated failed sign-ins (forget the failures from every address)',
        tags: ['admin'],
        params: AccountParams,
        response: { 200: AccountView, ...errors },
      },
    },
    async (request) => {
      const { loginId } = request.params;
      const updated = await answer(unlockStaffAccount(store, siteId, loginId));
      await context.audit(request, 'account.unlock', loginId);
      return present(updated);
    },
  );
};
