/**
 * ログイン: login id and password. Also shown as a dialog over the current screen when the session ends
 * while someone works, so an unsaved form stays as it was.
 */
import type { SessionReply } from '@madoguchi/server/admin-api';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../api/admin-api.ts';
import { AdminApiError, errorMessage } from '../api/errors.ts';
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
      const session = await api.signIn({ loginId: loginId.trim(), password });
      setPassword('');
      onSignedIn(session);
    } catch (caught) {
      setError({ message: errorMessage(caught), locked: caught instanceof AdminApiError && caught.code === 'SIGN_IN_THROTTLED' });
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in-form" onSubmit={submit} noValidate>
      {notice ? <Message kind="warning">{notice}</Message> : null}
      <Message kind="error">
        {error ? (
          <>
            <p>{error.message}</p>
            {error.locked ? <p>お急ぎの場合は、管理者にログイン制限の解除を依頼してください。</p> : null}
          </>
        ) : null}
      </Message>
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
