/**
 * The account API's shapes (TypeBox). No shape has a password hash: the response schemas drop anything
 * not declared, so it cannot leak even if a handler returned a whole stored account.
 */
import { Type, type Static } from 'typebox';
import { StaffRoleSchema } from '../../auth/schema.ts';
import { DISPLAY_NAME_MAX_LENGTH, LOGIN_ID_PATTERN } from './account-service.ts';

const LoginId = Type.String({ pattern: LOGIN_ID_PATTERN, description: 'Lower-case letters, digits, ".", "_", "-"; 3–32 characters, starting with a letter or digit.' });
const DisplayName = Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH });
const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'Checked against the password policy (10–128 characters, …).' });

export const AccountView = Type.Object({
  loginId: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
  disabled: Type.Boolean(),
  totpEnabled: Type.Boolean({ description: 'Signs in with a one-time code after the password.' }),
  throttledUntil: Type.Union([Type.String(), Type.Null()], {
    description: 'After repeated failed sign-ins, sign-in is refused until then, from every address or from the one that failed; null when not.',
  }),
  failedSignIns: Type.Integer({ description: 'Failed sign-ins with this login id in the last day, from every address.' }),
  passwordChangedAt: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer({ description: 'Send it back with an update (optimistic locking).' }),
});
export type AccountView = Static<typeof AccountView>;

export const AccountList = Type.Object({ accounts: Type.Array(AccountView) });
export type AccountList = Static<typeof AccountList>;

export const AccountParams = Type.Object({ loginId: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateAccountRequest = Type.Object(
  { loginId: LoginId, displayName: DisplayName, role: StaffRoleSchema, password: Password },
  { additionalProperties: false },
);
export type CreateAccountRequest = Static<typeof CreateAccountRequest>;

export const UpdateAccountRequest = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(StaffRoleSchema),
    disabled: Type.Optional(Type.Boolean({ description: 'A disabled account cannot sign in and is signed out at once.' })),
    version: Type.Integer({ minimum: 1, description: 'The version that was read; 409 CONFLICT if someone changed it since.' }),
  },
  { additionalProperties: false },
);
export type UpdateAccountRequest = Static<typeof UpdateAccountRequest>;

export const ResetPasswordRequest = Type.Object({ password: Password }, { additionalProperties: false });
export type ResetPasswordRequest = Static<typeof ResetPasswordRequest>;

/** 409: the account as stored now, to show what changed. */
export const AccountConflictReply = Type.Object({
  error: Type.Object({ code: Type.Literal('CONFLICT'), message: Type.String(), current: AccountView }),
});
export type AccountConflictReply = Static<typeof AccountConflictReply>;
