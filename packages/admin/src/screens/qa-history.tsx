/**
 * QAの履歴: every recorded change (who, when, what kind), the difference between any version and the current
 * one, and 「この版に戻す」 (which saves that version's content as a new version; nothing is erased).
 */
import type { QaView, RevisionListReply, RevisionReply } from '@madoguchi/server/admin-api';
import { useEffect, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { DiffText } from '../components/diff.tsx';
import { ActionsHeader, Button, ConfirmDialog, formatDateTime, Loading, Message } from '../components/ui.tsx';
import { diffVersions, STATUS_LABELS } from '../logic/merge.ts';
import { contentOf } from '../logic/qa-form.ts';
import { Link } from '../routing/router.tsx';
import { QaTabs } from './qa-edit.tsx';
import type { ScreenProps } from './registry.ts';

export const REVISION_ACTION_LABELS: Readonly<Record<RevisionReply['action'], string>> = { create: '作成', update: '更新', delete: '削除', import: '取り込み' };

export function QaHistoryScreen({ params }: ScreenProps) {
  const id = params.id ?? '';
  const { api, can, setTitle } = useApp();
  const announce = useAnnounce();
  const [list, setList] = useState<RevisionListReply | null>(null);
  const [current, setCurrent] = useState<QaView | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [shown, setShown] = useState<RevisionReply | null>(null);
  const [restoring, setRestoring] = useState<RevisionListReply['items'][number] | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setTitle(`QAの履歴（管理番号 ${id}）`);
  }, [id]);

  useEffect(() => {
    api.revisions(id).then(
      (reply) => {
        setList(reply);
        if (reply.currentVersion !== null) {
          api.getQa(id).then(
            (detail) => setCurrent(detail.qa),
            () => setCurrent(null),
          );
        } else setCurrent(null);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [api, id, reload]);

  const show = async (version: number) => {
    setError('');
    try {
      const revision = await api.revision(id, version);
      setShown(revision);
      announce(`版 ${version} と現在の内容の違いを表示しました。`);
      window.setTimeout(() => document.getElementById('revision-diff')?.focus(), 0);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const restore = async () => {
    if (!restoring || !list) return;
    setBusy(true);
    setError('');
    try {
      const saved = await api.restoreRevision(id, restoring.version, list.currentVersion);
      const message = `版 ${restoring.version} の内容を、新しい版 ${saved.version} として保存しました。市民に見える内容は、公開したときに変わります。`;
      setNotice(message);
      announce(message);
      setShown(null);
      setRestoring(null);
      setReload((n) => n + 1);
    } catch (caught) {
      setRestoring(null);
      setError(caught instanceof AdminApiError && caught.code === 'CONFLICT' ? `${caught.message} 最新の履歴を読み込み直しました。もう一度お試しください。` : errorMessage(caught));
      if (caught instanceof AdminApiError && caught.code === 'CONFLICT') setReload((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const deleted = list !== null && list.currentVersion === null;
  const differences = shown && current ? diffVersions(shown.content, contentOf(current)) : [];

  return (
    <>
      {deleted ? null : <QaTabs id={id} current="history" />}
      <Message kind="error">{error}</Message>
      <Message kind="success">{notice}</Message>
      {deleted ? (
        <Message kind="warning">
          この QA は削除されています。残っている版を選んで「この版で復元する」を押すと、その内容で QA を作り直せます。
        </Message>
      ) : null}
      {list === null ? (
        error ? null : <Loading />
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="table-caption">新しい順に {list.items.length} 件の記録があります。</caption>
            <thead>
              <tr>
                <th scope="col" class="number">
                  版
                </th>
                <th scope="col">日時</th>
                <th scope="col">操作</th>
                <th scope="col">操作した人</th>
                <th scope="col">質問（その版）</th>
                <th scope="col">状態</th>
                <ActionsHeader />
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => {
                const isCurrent = item.version === list.currentVersion;
                return (
                  <tr key={item.version} class={shown?.version === item.version ? 'selected' : undefined}>
                    <td class="number">
                      {item.version}
                      {isCurrent ? <span class="badge badge-neutral">現在</span> : null}
                    </td>
                    <td class="nowrap">{formatDateTime(item.at)}</td>
                    <td>{REVISION_ACTION_LABELS[item.action]}</td>
                    <td>{item.actor}</td>
                    <td>{item.question}</td>
                    <td>{STATUS_LABELS[item.status]}</td>
                    <td class="nowrap">
                      {!isCurrent && !deleted && item.action !== 'delete' ? (
                        <Button class="button-small" onClick={() => void show(item.version)} aria-label={`現在との違い（版 ${item.version}）`}>
                          現在との違い
                        </Button>
                      ) : null}{' '}
                      {can('editQas') && !isCurrent && item.action !== 'delete' ? (
                        <Button class="button-small" onClick={() => setRestoring(item)} aria-label={`${deleted ? 'この版で復元する' : 'この版に戻す'}（版 ${item.version}）`}>
                          {deleted ? 'この版で復元する' : 'この版に戻す'}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {shown && current ? (
        <section class="panel" id="revision-diff" tabIndex={-1} aria-labelledby="revision-diff-title">
          <h2 id="revision-diff-title">
            版 {shown.version}（{formatDateTime(shown.at)}、{shown.actor}）から現在（版 {current.version}）までの違い
          </h2>
          {differences.length === 0 ? (
            <p>内容に違いはありません。</p>
          ) : (
            <>
              <p class="hint">− は版 {shown.version} にだけある行、＋ は現在の内容にだけある行です。</p>
              {differences.map((d) => (
                <div key={d.key}>
                  <h3>{d.label}</h3>
                  <DiffText before={d.before} after={d.after} label={`${d.label}の違い`} />
                </div>
              ))}
            </>
          )}
          <div class="actions">
            {can('editQas') ? (
              <Button variant="primary" onClick={() => setRestoring(list?.items.find((item) => item.version === shown.version) ?? null)}>
                この版に戻す…
              </Button>
            ) : null}
            <Button onClick={() => setShown(null)}>閉じる</Button>
          </div>
        </section>
      ) : null}

      <p>
        <Link href="/admin/qas">QA一覧へ戻る</Link>
      </p>

      <ConfirmDialog
        open={restoring !== null}
        title={deleted ? `版 ${restoring?.version ?? ''} で復元します` : `版 ${restoring?.version ?? ''} に戻します`}
        confirmLabel={deleted ? '復元する' : 'この版に戻す'}
        busy={busy}
        onConfirm={restore}
        onCancel={() => setRestoring(null)}
      >
        <p>
          版 {restoring?.version}（{formatDateTime(restoring?.at)}、{restoring?.actor}）の内容を、新しい版として保存します。今の内容も履歴に残ります。
        </p>
        <p>市民に見える内容は、「公開」の画面で公開したときに変わります。</p>
      </ConfirmDialog>
    </>
  );
}
