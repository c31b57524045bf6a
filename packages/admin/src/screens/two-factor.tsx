/**
 * 二段階認証 on one's own account screen: set it up (QR code, confirm with a code, recovery codes shown once),
 * set it up again with a new phone, or turn it off with the password (unless administrators must use it).
 */
import type { TotpEnrolmentView, TotpStatusReply } from '@madoguchi/server/admin-api';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { CodeField, EnrolmentDetails, RecoveryCodes } from '../components/two-factor.tsx';
import { Button, Field, Loading, Message } from '../components/ui.tsx';

export function TwoFactorSection() {
  const { api } = useApp();
  const announce = useAnnounce();
  const [status, setStatus] = useState<TotpStatusReply | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolmentView | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.totpStatus().then(setStatus, (caught: unknown) => setError(errorMessage(caught)));
  }, [api]);

  /** Runs one request with the busy flag and the error box. */
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const start = () => run(async () => setEnrolment(await api.startTotpEnrolment()));
  const confirm = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const { recoveryCodes: codes } = await api.confirmTotpEnrolment(code.trim());
      setCode('');
      setEnrolment(null);
      setRecoveryCodes(codes);
      setStatus(await api.totpStatus());
      announce('二段階認証を設定しました。');
    });
  };
  const disable = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      setStatus(await api.disableTotp(password));
      setPassword('');
      setRecoveryCodes(null);
      announce('二段階認証を無効にしました。');
    });
  };

  return (
    <section class="narrow" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">二段階認証</h2>
      <p>ログインのときに、パスワードに加えて、スマートフォンの認証アプリに表示される確認コードを入力します。パスワードが知られても、ほかの人はログインできません。</p>
      <Message kind="error">{error}</Message>
      {status === null ? (
        error ? null : <Loading />
      ) : (
        <>
          <p>
            現在の状態: <strong>{status.enabled ? '有効' : '無効'}</strong>
            {status.enabled ? `（回復用コードの残り ${status.recoveryCodesLeft} 個）` : ''}
            {status.required ? '。この市では、管理者は二段階認証が必須です。' : ''}
          </p>
          {recoveryCodes ? <RecoveryCodes codes={recoveryCodes} /> : null}
          {enrolment ? (
            <form onSubmit={confirm} noValidate>
              <EnrolmentDetails enrolment={enrolment} />
              <CodeField value={code} onInput={setCode} />
              <div class="actions">
                <Button type="submit" variant="primary" busy={busy}>
                  確認して有効にする
                </Button>
                <Button variant="link" onClick={() => setEnrolment(null)}>
                  やめる
                </Button>
              </div>
            </form>
          ) : (
            <div class="actions">
              <Button onClick={() => void start()} busy={busy}>
                {status.enabled ? '新しいスマートフォンで設定し直す' : '二段階認証を設定する'}
              </Button>
            </div>
          )}
          {status.enabled && !status.required && !enrolment ? (
            <form onSubmit={disable} noValidate>
              <Field label="パスワード（無効にするときの確認）" required>
                {({ id }) => <input id={id} type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
              </Field>
              <div class="actions">
                <Button type="submit" busy={busy}>
                  二段階認証を無効にする
                </Button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </section>
  );
}
