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

export const TotpEnrolmentView = Type.Object({
  secret: Type.String({ description: 'Base32, for an app that cannot scan the code.' }),
  otpauthUrl: Type.String(),
  qrCode: Type.String({ description: 'The otpauth URL as an SVG image (data: URL).' }),
});
export type TotpEnrolmentView = Static<typeof TotpEnrolmentView>;

export const SecondStepReply = Type.Object({
  next: Type.Union([Type.Literal('code'), Type.Literal('enrol')], {
    description: '`code`: send a one-time or recovery code; `enrol`: administrators must set up two-factor sign-in first (scan `enrolment`, send its code).',
  }),
  pendingToken: Type.String({ description: 'Send it with the code to POST /session/totp within 5 minutes.' }),
  enrolment: Type.Optional(TotpEnrolmentView),
});
export type SecondStepReply = Static<typeof SecondStepReply>;

/** The password step's answer: signed in, or a second step to take. */
export const SignInReply = Type.Union([SessionReply, SecondStepReply]);
export type SignInReply = Static<typeof SignInReply>;

export const TotpSignInRequest = Type.Object(
  {
    pendingToken: Type.String({ minLength: 1, maxLength: 1000 }),
    code: Type.String({ minLength: 1, maxLength: 64, description: 'Six digits from the app, or a recovery code.' }),
  },
  { additionalProperties: false },
);
export type TotpSignInRequest = Static<typeof TotpSignInRequest>;

export const RecoveryCodesReply = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once: each signs in once instead of a code.' }),
});
export type RecoveryCodesReply = Static<typeof RecoveryCodesReply>;

export const TotpSessionReply = Type.Object({ ...SessionReply.properties, recoveryCodes: Type.Optional(RecoveryCodesReply.properties.recoveryCodes) });
export type TotpSessionReply = Static<typeof TotpSessionReply>;

export const TotpStatusReply = Type.Object({
  enabled: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  required: Type.Boolean({ description: 'Administrators must use it (the site\'s setting) and this account is one.' }),
});
export type TotpStatusReply = Static<typeof TotpStatusReply>;

export const TotpCodeRequest = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type TotpCodeRequest = Static<typeof TotpCodeRequest>;

export const PasswordConfirmRequest = Type.Object({ password: PasswordInput }, { additionalProperties: false });
export type PasswordConfirmRequest = Static<typeof PasswordConfirmRequest>;

export const SignInSecurity = Type.Object({ requireAdminTotp: Type.Boolean({ description: 'Administrators must sign in with a one-time code.' }) }, { additionalProperties: false });
export type SignInSecurity = Static<typeof SignInSecurity>;

export const SignOutReply = Type.Object({ signedOut: Type.Literal(true) });
export type SignOutReply = Static<typeof SignOutReply>;
