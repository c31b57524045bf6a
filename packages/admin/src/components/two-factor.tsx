/**
 * Pieces of two-factor sign-in shared by the sign-in screen (an administrator's required enrolment) and the
 * 二段階認証 section of one's own account: the QR code with its key, the code field, the recovery codes.
 */
import type { TotpEnrolmentView } from '@madoguchi/server/admin-api';
import { Field } from './ui.tsx';

/** The QR code to scan, and the key to type for an app that cannot scan. */
export function EnrolmentDetails({ enrolment }: { enrolment: TotpEnrolmentView }) {
  return (
    <div class="totp-enrolment">
      <p>スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）で、次の QR コードを読み取ってください。</p>
      <img src={enrolment.qrCode} width={200} height={200} alt="認証アプリに登録するための QR コード" />
      <p>
        読み取れないときは、アプリに次のキーを入力してください: <code class="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
    </div>
  );
}

/** The six-digit code from the app (a recovery code fits too when `allowRecovery`). */
export function CodeField({ value, onInput, allowRecovery = false }: { value: string; onInput: (value: string) => void; allowRecovery?: boolean }) {
  return (
    <Field label="確認コード" required hint={allowRecovery ? '認証アプリに表示される6桁の数字。スマートフォンが手元にないときは、回復用コードも使えます。' : '認証アプリに表示される6桁の数字'}>
      {({ id, describedBy }) => (
        <input
          id={id}
          name="one-time-code"
          autocomplete="one-time-code"
          inputMode={allowRecovery ? 'text' : 'numeric'}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
          aria-describedby={describedBy}
          required
        />
      )}
    </Field>
  );
}

/** Recovery codes, shown once. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div class="recovery-codes">
      <p>
        <strong>回復用コードは、この画面でしか表示されません。</strong>
        印刷するか書き写して、安全な場所に保管してください。スマートフォンをなくしたときに、確認コードの代わりに1つずつ（1回だけ）使えます。
      </p>
      <ul aria-label="回復用コード">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
