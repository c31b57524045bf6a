/**
 * The rules of staff accounts (R24), shared by the admin API and the `madoguchi user` command: login ids,
 * the password policy, who may change whom, and signing an account out when its password or status changes.
 * Errors are {@link AccountRuleError} (a Japanese message for the person) or the store's typed errors.
 */
import { checkPasswordPolicy, hashPassword } from '../../auth/passwords.ts';
import { AccountNotFoundError } from '../../store/errors.ts';
import type { StaffAccount, StaffAccountChange, StaffRole, Store } from '../../store/store.ts';

/** Lower-case letters and digits first, then also `.`, `_`, `-`; 3–32 characters. */
export const LOGIN_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{2,31}$';
export const DISPLAY_NAME_MAX_LENGTH = 50;

export type AccountRuleCode = 'WEAK_PASSWORD' | 'ACCOUNT_CHANGE_REFUSED' | 'INVALID_REQUEST';

/** A change the account rules refuse; `message` is polite Japanese, shown as is. */
export class AccountRuleError extends Error {
  override name = 'AccountRuleError';

  constructor(
    readonly code: AccountRuleCode,
    message: string,
  ) {
    super(message);
  }
}

export interface NewAccountInput {
  loginId: string;
  displayName: string;
  role: StaffRole;
  password: string;
}

function checkedPassword(password: string, loginId: string): string {
  const problem = checkPasswordPolicy(password, loginId);
  if (problem) throw new AccountRuleError('WEAK_PASSWORD', problem);
  return password;
}

/**
 * @example `await createStaffAccount(store, 'default', { loginId: 'suzuki', displayName: '鈴木', role: 'editor', password });`
 */
export async function createStaffAccount(store: Store, siteId: string, input: NewAccountInput): Promise<StaffAccount> {
  if (!new RegExp(LOGIN_ID_PATTERN).test(input.loginId)) {
    throw new AccountRuleError('INVALID_REQUEST', 'ログインIDは、英小文字か数字で始まる3〜32文字（英小文字・数字・「.」「_」「-」）にしてください。');
  }
  const displayName = input.displayName.trim();
  if (displayName === '' || [...displayName].length > DISPLAY_NAME_MAX_LENGTH) {
    throw new AccountRuleError('INVALID_REQUEST', `表示名は1〜${DISPLAY_NAME_MAX_LENGTH}文字で入力してください。`);
  }
  const passwordHash = await hashPassword(checkedPassword(input.password, input.loginId));
  return store.createAccount(siteId, { loginId: input.loginId, displayName, role: input.role, passwordHash });
}

/** True when the account can sign in as an administrator. */
const activeAdmin = (a: StaffAccount): boolean => a.role === 'admin' && !a.disabled;

/**
 * Applies an administrator's edit with optimistic locking. Refuses to let `actor` disable or demote
 * themselves, or to leave the site without an active administrator. Disabling signs the account out.
 *
 * @example `await updateStaffAccount(store, 'default', 'suzuki', { role: 'viewer' }, 3, 'admin');`
 */
export async function updateStaffAccount(
  store: Store,
  siteId: string,
  loginId: string,
  change: Pick<StaffAccountChange, 'displayName' | 'role' | 'disabled'>,
  expectedVersion: number,
  actor: string,
): Promise<StaffAccount> {
  const edit: StaffAccountChange = {};
  if (change.displayName !== undefined) {
    const displayName = change.displayName.trim();
    if (displayName === '' || [...displayName].length > DISPLAY_NAME_MAX_LENGTH) {
      throw new AccountRuleError('INVALID_REQUEST', `表示名は1〜${DISPLAY_NAME_MAX_LENGTH}文字で入力してください。`);
    }
    edit.displayName = displayName;
  }
  if (change.role !== undefined) edit.role = change.role;
  if (change.disabled !== undefined) edit.disabled = change.disabled;

  const current = await store.getAccount(siteId, loginId);
  // A missing account or a stale version: let the store say so, with its typed error.
  if (current && current.version === expectedVersion) {
    const losesAdmin = activeAdmin(current) && (edit.disabled === true || (edit.role !== undefined && edit.role !== 'admin'));
    if (losesAdmin && loginId === actor) {
      throw new AccountRuleError(
        'ACCOUNT_CHANGE_REFUSED',
        edit.disabled === true ? '自分のアカウントは無効にできません。ほかの管理者に依頼してください。' : '自分の役割は変更できません。ほかの管理者に依頼してください。',
      );
    }
    if (losesAdmin && !(await store.listAccounts(siteId)).some((a) => a.loginId !== loginId && activeAdmin(a))) {
      throw new AccountRuleError('ACCOUNT_CHANGE_REFUSED', '有効な管理者が1人もいなくなるため、この変更はできません。先にほかの管理者を追加してください。');
    }
  }
  const updated = await store.updateAccount(siteId, loginId, edit, expectedVersion);
  if (updated.disabled) await store.deleteSessionsOf(siteId, loginId);
  return updated;
}

/**
 * Sets a new password chosen by an administrator (or the CLI), lifts the sign-in throttle and signs the account
 * out everywhere.
 *
 * @example `await resetStaffPassword(store, 'default', 'suzuki', newPassword);`
 */
export async function resetStaffPassword(store: Store, siteId: string, loginId: string, password: string): Promise<StaffAccount> {
  const passwordHash = await hashPassword(checkedPassword(password, loginId));
  const updated = await store.updateAccount(siteId, loginId, { passwordHash }, null);
  await store.deleteSessionsOf(siteId, loginId);
  await store.clearSignInFailures(siteId, { loginId });
  return updated;
}

/**
 * Lifts the sign-in throttle after failed sign-ins (forgets the login id's failures from every address);
 * `AccountNotFoundError` when there is no such account.
 *
 * @example `await unlockStaffAccount(store, 'default', 'suzuki');`
 */
export async function unlockStaffAccount(store: Store, siteId: string, loginId: string): Promise<StaffAccount> {
  const account = await store.getAccount(siteId, loginId);
  if (!account) throw new AccountNotFoundError(siteId, loginId);
  await store.clearSignInFailures(siteId, { loginId });
  return account;
}

/**
 * Turns an account's two-factor sign-in off (the phone was lost); `AccountNotFoundError` when there is no such account.
 *
 * @example `await resetStaffTotp(store, 'default', 'suzuki');`
 */
export async function resetStaffTotp(store: Store, siteId: string, loginId: string): Promise<StaffAccount> {
  const account = await store.getAccount(siteId, loginId);
  if (!account) throw new AccountNotFoundError(siteId, loginId);
  await store.disableTotp(siteId, loginId);
  return { ...account, totpEnabled: false };
}
