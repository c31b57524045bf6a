/**
 * 公開: what the next publication changes for citizens, 「公開前チェック」 (the 一括テスト cases asked of what
 * citizens see now and of what they would see), and 「公開する」.
 */
import type { PublishingCheckReply, PublishingReply } from '@madoguchi/server/admin-api';
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { CheckResults } from '../components/check-results.tsx';
import { Button, ConfirmDialog, formatDateTime, Loading, Message } from '../components/ui.tsx';
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

export function PublishScreen() {
  const { api, can } = useApp();
  const announce = useAnnounce();
  const [data, setData] = useState<PublishingReply | null>(null);
  const [check, setCheck] = useState<PublishingCheckReply | null>(null);
  const [checking, setChecking] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api.publishing().then(setData, (caught: unknown) => setError(errorMessage(caught)));
  }, [api, reload]);

  const runCheck = async () => {
    setChecking(true);
    setError('');
    try {
      const result = await api.publishingCheck();
      setCheck(result);
      announce(`公開前チェックが終わりました。${result.summary.total} 件中、答えが変わる質問は ${result.summary.answerChanged} 件、新たに失敗する質問は ${result.summary.newlyFailing} 件です。`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setChecking(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    setError('');
    try {
      const summary = await api.publish();
      const message = `公開しました。追加 ${summary.added} 件、変更 ${summary.changed} 件、取り下げ ${summary.removed} 件が市民の画面に反映されました。`;
      setNotice(message);
      announce(message);
      setCheck(null);
      setReload((n) => n + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  if (!data) return error ? <Message kind="error">{error}</Message> : <Loading />;
  const { pending, lastPublication } = data;
  const count = pending.added.length + pending.changed.length + pending.removed.length;

  return (
    <>
      <p>QA を保存しても、市民に見える内容はすぐには変わりません。ここで「公開する」を押したときに、まとめて反映されます。</p>
      <Message kind="error">{error}</Message>
      <Message kind="success">{notice}</Message>

      <section class="panel" aria-labelledby="last-title">
        <h2 id="last-title">前回の公開</h2>
        {lastPublication ? (
          <p>
            {formatDateTime(lastPublication.at)}（{lastPublication.actor}）: 追加 {lastPublication.added} 件、変更 {lastPublication.changed} 件、取り下げ {lastPublication.removed} 件
          </p>
        ) : (
          <p>まだ一度も公開していません。</p>
        )}
      </section>

      <section class="panel" aria-labelledby="pending-title">
        <h2 id="pending-title">公開されていない変更（{count} 件）</h2>
        {count === 0 ? (
          <p>市民に見えている内容と同じです。公開する変更はありません。</p>
        ) : (
          <div class="grid-3">
            <PendingList title="新しく公開される QA" items={pending.added} />
            <PendingList title="内容が変わる QA" items={pending.changed} />
            <PendingList title="取り下げられる QA" items={pending.removed} note="削除されたか、下書きになった QA です。" />
          </div>
        )}
      </section>

      <section class="panel" aria-labelledby="check-title">
        <h2 id="check-title">公開前チェック</h2>
        <p>
          <Link href={href('testCases')}>一括テスト</Link>に登録した質問を、今の公開中の内容と公開後の内容の両方に聞いて、答えが変わるものを確かめます。
        </p>
        <div class="actions">
          <Button variant={count > 0 ? 'primary' : 'secondary'} busy={checking} onClick={runCheck}>
            公開前チェックを実行する
          </Button>
        </div>
        {check ? <CheckResults check={check} /> : null}
      </section>

      {can('publish') ? (
        <div class="actions">
          <Button variant="primary" disabled={count === 0} onClick={() => setConfirm(true)}>
            公開する…
          </Button>
          {count === 0 ? <span class="hint">公開する変更がありません。</span> : null}
        </div>
      ) : (
        <p class="hint">公開できるのは編集者と管理者です。</p>
      )}

      <ConfirmDialog open={confirm} title="公開します" confirmLabel="公開する" busy={busy} onConfirm={publish} onCancel={() => setConfirm(false)}>
        <p>
          追加 {pending.added.length} 件、変更 {pending.changed.length} 件、取り下げ {pending.removed.length} 件を、市民の画面にすぐ反映します。
        </p>
        {check === null ? (
          <p>
            <strong>公開前チェックをまだ実行していません。</strong>答えが変わる質問を先に確かめることをおすすめします。
          </p>
        ) : check.summary.newlyFailing > 0 ? (
          <p>
            <strong>公開前チェックで、新たに正しく答えられなくなる質問が {check.summary.newlyFailing} 件あります。</strong>
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

function PendingList({ title, items, note }: { title: string; items: { id: string; question: string }[]; note?: string }) {
  return (
    <div>
      <h3>
        {title}（{items.length} 件）
      </h3>
      {note ? <p class="hint">{note}</p> : null}
      {items.length === 0 ? (
        <p class="hint">ありません。</p>
      ) : (
        <ul>
          {items.slice(0, 100).map((item) => (
            <li key={item.id}>
              <Link href={href('qaEdit', { id: item.id })}>{item.id}</Link> {item.question}
            </li>
          ))}
          {items.length > 100 ? <li>ほか {items.length - 100} 件</li> : null}
        </ul>
      )}
    </div>
  );
}
