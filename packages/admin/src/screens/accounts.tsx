/**
 * アカウント (administrators): the staff accounts, adding one, changing a name or role, disabling,
 * setting a new password for someone who forgot theirs, lifting a lock after repeated failed logins.
 */
import type { AccountView } from '@madoguchi/server/admin-api';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { ActionsHeader, Button, ConfirmDialog, Field, formatDateTime, Loading, Message } from '../components/ui.tsx';
import { ROLE_LABELS, type Role } from '../routing/routes.ts';

const ROLE_HELP: Readonly<Record<Role, string>> = {
  admin: 'すべての操作（アカウント、設定、操作ログを含む）',
  editor: 'QA の編集、公開、辞書、一括テスト',
  viewer: '見るだけ（変更はできません）',
};
const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

type Dialog = { kind: 'edit' | 'password' | 'disable' | 'enable'; account: AccountView } | null;

export function AccountsScreen() {
  const { api, staff } = useApp();
  const announce = useAnnounce();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState('');
  const [busy, setBusy] = useState(false);
  const [edit, setEdit] = useState({ displayName: '', role: 'editor' as Role, password: '' });
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api.accounts().then(
      (reply) => setAccounts(reply.accounts),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [api, reload]);

  const done = (message: string) => {
    setNotice(message);
    announce(message);
    setDialog(null);
    setReload((n) => n + 1);
  };

  const run = async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setDialogError('');
    try {
      await action();
      done(message);
    } catch (caught) {
      if (caught instanceof AdminApiError && caught.code === 'CONFLICT') {
        setDialog(null);
        setError(`${caught.message} 最新の内容を読み込みました。もう一度操作してください。`);
        setReload((n) => n + 1);
      } else setDialogError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const open = (kind: NonNullable<Dialog>['kind'], account: AccountView) => {
    setEdit({ displayName: account.displayName, role: account.role, password: '' });
    setDialogError('');
    setDialog({ kind, account });
  };

  const unlock = (account: AccountView) =>
    void api.unlockAccount(account.loginId).then(
      () => done(`${account.displayName}（${account.loginId}）のログイン制限を解除しました。`),
      (caught: unknown) => setError(errorMessage(caught)),
    );

  const resetTotp = (account: AccountView) =>
    void api.resetAccountTotp(account.loginId).then(
      () => done(`${account.displayName}（${account.loginId}）の二段階認証を解除しました。次はパスワードだけでログインできます。`),
      (caught: unknown) => setError(errorMessage(caught)),
    );

  return (
    <>
      <p>管理画面を使う職員のアカウントです。役割によって、できる操作が変わります。</p>
      <AdminTotpRule />
      <dl class="facts">
        {ROLES.map((role) => (
          <Fragment key={role}>
            <dt>{ROLE_LABELS[role]}</dt>
            <dd>{ROLE_HELP[role]}</dd>
          </Fragment>
        ))}
      </dl>
      <Message kind="error">{error}</Message>
      <Message kind="success">{notice}</Message>

      {accounts === null ? (
        error ? null : <Loading />
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="table-caption">{accounts.length} 件のアカウント</caption>
            <thead>
              <tr>
                <th scope="col">ログインID</th>
                <th scope="col">名前</th>
                <th scope="col">役割</th>
                <th scope="col">状態</th>
                <th scope="col">パスワード変更日</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => {
                const self = account.loginId === staff.loginId;
                return (
                  <tr key={account.loginId}>
                    <td>{account.loginId}</td>
                    <td>
                      {account.displayName}
                      {self ? <span class="hint">（あなた）</span> : null}
                    </td>
                    <td>{ROLE_LABELS[account.role]}</td>
                    <td>
                      {account.disabled ? (
                        <span class="badge badge-neutral">無効</span>
                      ) : account.throttledUntil ? (
                        <span class="badge badge-fail">ログイン制限中（{formatDateTime(account.throttledUntil)} まで）</span>
                      ) : (
                        <span class="badge badge-pass">有効</span>
                      )}
                      {account.totpEnabled ? <p class="hint">二段階認証: 有効</p> : null}
                      {account.failedSignIns > 0 ? <p class="hint">この24時間のログイン失敗 {account.failedSignIns} 回</p> : null}
                    </td>
                    <td class="nowrap">{formatDateTime(account.passwordChangedAt)}</td>
                    <td>
                      <div class="actions-inline">
                        <Button class="button-small" onClick={() => open('edit', account)} aria-label={`変更（${account.loginId} の名前と役割）`}>
                          変更
                        </Button>
                        {self ? null : (
                          <Button class="button-small" onClick={() => open('password', account)} aria-label={`パスワード再設定（${account.loginId}）`}>
                            パスワード再設定
                          </Button>
                        )}
                        {account.totpEnabled && !self ? (
                          <Button class="button-small" onClick={() => resetTotp(account)} aria-label={`二段階認証の解除（${account.loginId}）`}>
                            二段階認証の解除
                          </Button>
                        ) : null}
                        {account.throttledUntil || account.failedSignIns > 0 ? (
                          <Button class="button-small" onClick={() => unlock(account)} aria-label={`ログイン制限の解除（${account.loginId}）`}>
                            ログイン制限の解除
                          </Button>
                        ) : null}
                        {self ? null : account.disabled ? (
                          <Button class="button-small" onClick={() => open('enable', account)} aria-label={`有効にする（${account.loginId}）`}>
                            有効にする
                          </Button>
                        ) : (
                          <Button variant="link" class="button-small" onClick={() => open('disable', account)} aria-label={`無効にする（${account.loginId}）`}>
                            無効にする
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <NewAccount onCreated={(account) => done(`${account.displayName}（${account.loginId}）のアカウントを作成しました。最初のパスワードを本人に安全な方法で伝えてください。`)} />

      <ConfirmDialog
        open={dialog?.kind === 'edit'}
        title={`${dialog?.account.loginId ?? ''} の名前と役割を変更します`}
        confirmLabel="変更する"
        busy={busy}
        onConfirm={() => {
          if (!dialog) return;
          void run(() => api.updateAccount(dialog.account.loginId, { displayName: edit.displayName.trim(), role: edit.role, version: dialog.account.version }), '変更しました。');
        }}
        onCancel={() => setDialog(null)}
      >
        <Message kind="error">{dialogError}</Message>
        <Field label="名前" required>
          {({ id }) => <input id={id} type="text" value={edit.displayName} onInput={(e) => setEdit({ ...edit, displayName: e.currentTarget.value })} />}
        </Field>
        <Field label="役割" hint={dialog?.account.loginId === staff.loginId ? '自分の役割を下げると、この画面を使えなくなります。' : undefined}>
          {({ id, describedBy }) => (
            <select id={id} value={edit.role} aria-describedby={describedBy} onChange={(e) => setEdit({ ...edit, role: e.currentTarget.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}（{ROLE_HELP[role]}）
                </option>
              ))}
            </select>
          )}
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'password'}
        title={`${dialog?.account.displayName ?? ''}（${dialog?.account.loginId ?? ''}）のパスワードを再設定します`}
        confirmLabel="再設定する"
        busy={busy}
        onConfirm={() => {
          if (!dialog) return;
          void run(() => api.resetPassword(dialog.account.loginId, edit.password), `${dialog.account.loginId} のパスワードを再設定しました。本人に安全な方法で伝え、ログイン後に変更してもらってください。`);
        }}
        onCancel={() => setDialog(null)}
      >
        <p>再設定すると、この人のログインはすべて終了し、ログイン制限も解除されます。</p>
        <Message kind="error">{dialogError}</Message>
        <Field label="新しいパスワード" required hint="10 文字以上。ログインIDを含まないもの。">
          {({ id, describedBy }) => <input id={id} type="text" autocomplete="off" value={edit.password} aria-describedby={describedBy} onInput={(e) => setEdit({ ...edit, password: e.currentTarget.value })} />}
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'disable'}
        title={`${dialog?.account.displayName ?? ''}（${dialog?.account.loginId ?? ''}）を無効にします`}
        confirmLabel="無効にする"
        danger
        busy={busy}
        onConfirm={() => {
          if (!dialog) return;
          void run(() => api.updateAccount(dialog.account.loginId, { disabled: true, version: dialog.account.version }), `${dialog.account.loginId} を無効にしました。`);
        }}
        onCancel={() => setDialog(null)}
      >
        <p>無効にすると、この人はすぐにログアウトされ、ログインできなくなります。これまでの操作の記録は残ります。あとで有効に戻せます。</p>
        <Message kind="error">{dialogError}</Message>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog?.kind === 'enable'}
        title={`${dialog?.account.displayName ?? ''}（${dialog?.account.loginId ?? ''}）を有効にします`}
        confirmLabel="有効にする"
        busy={busy}
        onConfirm={() => {
          if (!dialog) return;
          void run(() => api.updateAccount(dialog.account.loginId, { disabled: false, version: dialog.account.version }), `${dialog.account.loginId} を有効にしました。`);
        }}
        onCancel={() => setDialog(null)}
      >
        <p>この人は、これまでのパスワードで再びログインできるようになります。</p>
        <Message kind="error">{dialogError}</Message>
      </ConfirmDialog>
    </>
  );
}

function NewAccount({ onCreated }: { onCreated: (account: AccountView) => void }) {
  const { api } = useApp();
  const [form, setForm] = useState({ loginId: '', displayName: '', role: 'editor' as Role, password: '' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (form.loginId.trim() === '' || form.displayName.trim() === '' || form.password === '') {
      setError('ログインID、名前、最初のパスワードを入力してください。');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const account = await api.createAccount({ loginId: form.loginId.trim(), displayName: form.displayName.trim(), role: form.role, password: form.password });
      setForm({ loginId: '', displayName: '', role: 'editor', password: '' });
      onCreated(account);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="new-account-title">
      <h2 id="new-account-title">アカウントを追加する</h2>
      <Message kind="error">{error}</Message>
      <div class="grid-2">
        <Field label="ログインID" required hint="半角の英小文字・数字・「.」「_」「-」で 3〜32 文字。">
          {({ id, describedBy }) => <input id={id} type="text" autocomplete="off" value={form.loginId} aria-describedby={describedBy} onInput={(e) => setForm({ ...form, loginId: e.currentTarget.value })} />}
        </Field>
        <Field label="名前" required hint="画面や操作ログに表示されます。例: 鈴木 花子">
          {({ id, describedBy }) => <input id={id} type="text" value={form.displayName} aria-describedby={describedBy} onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })} />}
        </Field>
        <Field label="役割" required>
          {({ id }) => (
            <select id={id} value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="最初のパスワード" required hint="10 文字以上。本人に伝え、ログイン後に変更してもらってください。">
          {({ id, describedBy }) => <input id={id} type="text" autocomplete="off" value={form.password} aria-describedby={describedBy} onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} />}
        </Field>
      </div>
      <div class="actions">
        <Button type="submit" variant="primary" busy={busy}>
          追加する
        </Button>
      </div>
    </form>
  );
}

/** The site's rule that administrators sign in with a one-time code, saved as soon as it is changed. */
function AdminTotpRule() {
  const { api } = useApp();
  const announce = useAnnounce();
  const [required, setRequired] = useState<boolean | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.signInSecurity().then(
      (reply) => setRequired(reply.requireAdminTotp),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [api]);

  const change = (value: boolean) =>
    void api.setSignInSecurity({ requireAdminTotp: value }).then(
      (reply) => {
        setRequired(reply.requireAdminTotp);
        announce(reply.requireAdminTotp ? '管理者の二段階認証を必須にしました。' : '管理者の二段階認証を必須でなくしました。');
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );

  return (
    <fieldset class="narrow">
      <legend>ログインの設定</legend>
      <Message kind="error">{error}</Message>
      <label>
        <input type="checkbox" checked={required === true} disabled={required === null} onChange={(e) => change(e.currentTarget.checked)} />
        管理者（{ROLE_LABELS.admin}）は二段階認証を必須にする
      </label>
      <p class="hint">
        有効にすると、二段階認証を設定していない管理者は、次のログインでパスワードを入力した直後に設定します。ログイン中の画面はそのまま使えます。
      </p>
    </fieldset>
  );
}
