/**
 * The sign-in API's request and response shapes (TypeBox), with their inferred types for the console.
 */
import { Type, type Static } from 'typebox';

/** A staff role: 管理者 (admin), 編集者 (editor), 閲覧者 (viewer). */
export const StaffRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer')]);

/** Generous bounds: the policy (10–128 characters) is checked with a readable message, not by the schema. */
const PasswordInput = Type.String({ minLength: 1, maxLength: 1024 });

export const StaffView = Type.Object({
  loginId: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
});
export type StaffView = Static<typeof StaffView>;

export const SignInRequest = Type.Object(
  {
    loginId: Type.String({ minLength: 1, maxLength: 64 }),
    password: PasswordInput,
  },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const SessionReply = Type.Object({
  staff: StaffView,
  csrfToken: Type.String({ description: 'Send it as the x-csrf-token header on every request other than GET, HEAD and OPTIONS.' }),
  idleTimeoutSeconds: Type.Integer({ description: 'The session ends after this long without a request.' }),
});
export type SessionReply = Static<typeof SessionReply>;

export const PasswordChangeRequest = Type.Object(
  {
    currentPassword: PasswordInput,
    newPassword: PasswordInput,
  },
  { additionalProperties: false },
);
export type PasswordChangeRequest = Static<typeof PasswordChangeRequest>;

export const SignOutReply = Type.Object({ signedOut: Type.Literal(true) });
export type SignOutReply = Static<typeof SignOutReply>;
