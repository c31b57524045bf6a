/**
 * ログイン: login id and password, then the code from an authenticator app when the account uses two-factor
 * sign-in (or, for an administrator the site requires it of, setting it up first). Also shown as a dialog
 * over the current screen when the session ends while someone works, so an unsaved form stays as it was.
 */
import type { SecondStepReply, SessionReply } from '@madoguchi/server/admin-api';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api.ts';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { CodeField, EnrolmentDetails, RecoveryCodes } from '../components/two-factor.tsx';
import { Button, Field, Message } from '../components/ui.tsx';

interface SignInFormProps {
  api: AdminApi;
  onSignedIn: (session: SessionReply) => void;
  /** Why a sign-in is needed (the session ended), shown above the form. */
  notice?: string | null;
  /** The login id to start from (after a session ended, the same person usually signs in again). */
  initialLoginId?: string;
}

export function SignInForm({ api, onSignedIn, notice, initialLoginId = '' }: SignInFormProps) {
  const [loginId, setLoginId] = useState(initialLoginId);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; locked: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [second, setSecond] = useState<SecondStepReply | null>(null);
  const [enrolled, setEnrolled] = useState<{ session: SessionReply; recoveryCodes: string[] } | null>(null);
  const idRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (initialLoginId ? passwordRef : idRef).current?.focus();
  }, [initialLoginId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (loginId.trim() === '' || password === '') {
      setError({ message: 'ログインIDとパスワードを入力してください。', locked: false });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const reply = await api.signIn({ loginId: loginId.trim(), password });
      setPassword('');
      if ('next' in reply) setSecond(reply);
      else onSignedIn(reply);
    } catch (caught) {
      setError({ message: errorMessage(caught), locked: caught instanceof AdminApiError && caught.code === 'SIGN_IN_THROTTLED' });
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const errorBox = (
    <Message kind="error">
      {error ? (
        <>
          <p>{error.message}</p>
          {error.locked ? <p>お急ぎの場合は、管理者にログイン制限の解除を依頼してください。</p> : null}
        </>
      ) : null}
    </Message>
  );

  if (enrolled) {
    return (
      <div class="sign-in-form">
        <Message kind="success">二段階認証を設定しました。</Message>
        <RecoveryCodes codes={enrolled.recoveryCodes} />
        <div class="actions">
          <Button variant="primary" onClick={() => onSignedIn(enrolled.session)}>
            保管しました。管理画面へ進む
          </Button>
        </div>
      </div>
    );
  }
  if (second) {
    return (
      <SecondStep
        api={api}
        step={second}
        errorBox={errorBox}
        onError={(message, locked) => setError({ message, locked })}
        onRestart={() => {
          setSecond(null);
          setError(null);
        }}
        onDone={(session) => {
          setError(null);
          if (session.recoveryCodes) setEnrolled({ session, recoveryCodes: session.recoveryCodes });
          else onSignedIn(session);
        }}
      />
    );
  }

  return (
    <form class="sign-in-form" onSubmit={submit} noValidate>
      {notice ? <Message kind="warning">{notice}</Message> : null}
      {errorBox}
      <Field label="ログインID" required>
        {({ id, describedBy }) => (
          <input ref={idRef} id={id} name="username" autocomplete="username" value={loginId} onInput={(e) => setLoginId(e.currentTarget.value)} aria-describedby={describedBy} required />
        )}
      </Field>
      <Field label="パスワード" required>
        {({ id, describedBy }) => (
          <input
            ref={passwordRef}
            id={id}
            type="password"
            name="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-describedby={describedBy}
            required
          />
        )}
      </Field>
      <div class="actions">
        <Button type="submit" variant="primary" busy={busy}>
          ログイン
        </Button>
      </div>
    </form>
  );
}

interface SecondStepProps {
  api: AdminApi;
  step: SecondStepReply;
  errorBox: ComponentChildren;
  onError: (message: string, locked: boolean) => void;
  onRestart: () => void;
  onDone: (session: SessionReply & { recoveryCodes?: string[] }) => void;
}

/** The code after the password; for an administrator who must set up two-factor sign-in, the QR code first. */
function SecondStep({ api, step, errorBox, onError, onRestart, onDone }: SecondStepProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (code.trim() === '') return onError('確認コードを入力してください。', false);
    setBusy(true);
    try {
      onDone(await api.signInWithCode({ pendingToken: step.pendingToken, code: code.trim() }));
    } catch (caught) {
      setCode('');
      if (caught instanceof AdminApiError && caught.code === 'SIGN_IN_EXPIRED') onRestart();
      onError(errorMessage(caught), caught instanceof AdminApiError && caught.code === 'SIGN_IN_THROTTLED');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in-form" onSubmit={submit} noValidate>
      {step.enrolment ? (
        <>
          <Message kind="info">この市では、管理者は二段階認証（パスワードと、スマートフォンの確認コード）でログインします。続ける前に設定してください。</Message>
          <EnrolmentDetails enrolment={step.enrolment} />
        </>
      ) : (
        <p>認証アプリに表示されている確認コードを入力してください。</p>
      )}
      {errorBox}
      <CodeField value={code} onInput={setCode} allowRecovery={!step.enrolment} />
      <div class="actions">
        <Button type="submit" variant="primary" busy={busy}>
          {step.enrolment ? '設定してログイン' : 'ログイン'}
        </Button>
        <Button variant="link" onClick={onRestart}>
          ログインIDの入力に戻る
        </Button>
      </div>
    </form>
  );
}

/** The whole-page sign-in, before the console. */
export function SignInScreen(props: SignInFormProps) {
  useEffect(() => {
    document.title = 'ログイン | 窓口 管理画面';
  }, []);
  return (
    <div class="sign-in-page">
      <main id="main" class="sign-in-card">
        <p class="brand-large">窓口 管理画面</p>
        <h1>ログイン</h1>
        <p>職員用の管理画面です。配布されたログインIDとパスワードを入力してください。</p>
        <SignInForm {...props} />
        <p class="hint">パスワードを忘れたときは、管理者にパスワードの再設定を依頼してください。</p>
      </main>
    </div>
  );
}
