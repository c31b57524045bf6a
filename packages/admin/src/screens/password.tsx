/** パスワード変更: everyone changes their own password (other sessions of theirs end) and sets up 二段階認証. */
import type { SessionReply } from '@madoguchi/server/admin-api';
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Button, Field, Message } from '../components/ui.tsx';
import { useLeaveGuard } from '../routing/router.tsx';
import { TwoFactorSection } from './two-factor.tsx';

export function PasswordScreen({ onRenewed }: { onRenewed: (session: SessionReply) => void }) {
  const { api } = useApp();
  const announce = useAnnounce();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  useLeaveGuard(current !== '' || next !== '' || again !== '');

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone('');
    if (current === '' || next === '') return setError('現在のパスワードと新しいパスワードを入力してください。');
    if (next !== again) return setError('確認のために入力した新しいパスワードが一致しません。');
    setBusy(true);
    setError('');
    try {
      const session = await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setAgain('');
      setDone('パスワードを変更しました。ほかの端末でのログインは終了しました。');
      announce('パスワードを変更しました。');
      onRenewed(session);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form class="narrow" onSubmit={submit} noValidate>
        <p>新しいパスワードは 10 文字以上にしてください。ログインIDや、同じ文字・連続した文字の並び、よく使われているパスワードは使えません。単語を3つ以上組み合わせると、覚えやすく推測されにくくなります。</p>
        <Message kind="error">{error}</Message>
        <Message kind="success">{done}</Message>
        <Field label="現在のパスワード" required>
          {({ id }) => <input id={id} type="password" autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />}
        </Field>
        <Field label="新しいパスワード" required hint="10〜128 文字">
          {({ id, describedBy }) => <input id={id} type="password" autocomplete="new-password" value={next} aria-describedby={describedBy} onInput={(e) => setNext(e.currentTarget.value)} />}
        </Field>
        <Field label="新しいパスワード（確認）" required>
          {({ id }) => <input id={id} type="password" autocomplete="new-password" value={again} onInput={(e) => setAgain(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <Button type="submit" variant="primary" busy={busy}>
            パスワードを変更する
          </Button>
        </div>
      </form>
      <TwoFactorSection />
    </>
  );
}
