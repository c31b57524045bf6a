/**
 * One group of the 改善 screen: its questions (each chosen by default) with counts and why they failed, the
 * QA they point to, and the three actions: add the chosen questions as alternates of a QA (the suggested
 * one or any other, after a confirmation listing them), draft a new QA from them, or dismiss them.
 */
import type { FailedQuestionGroupView, QaView } from '@madoguchi/server/admin-api';
import { useId, useState } from 'preact/hooks';
import { AdminApiError, errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { draftPrefill, FROM_IMPROVEMENT, saveDraftPrefill } from '../logic/draft-prefill.ts';
import { chosenQuestions, reasonsText } from '../logic/improvement.ts';
import { Link, navigate } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ImprovementApi } from '../api/improvement-api.ts';
import { QaPicker } from './qa-picker.tsx';
import { japanDateTime } from '../logic/periods.ts';
import { Button, ConfirmDialog, Message } from './ui.tsx';

/** What happened, for the screen's report and its next steps. */
export type GroupOutcome = { kind: 'alternates'; qa: QaView; added: number; alreadyPresent: number } | { kind: 'dismissed'; count: number };

interface GroupProps {
  group: FailedQuestionGroupView;
  /** 1-based, for headings and labels. */
  index: number;
  improvement: ImprovementApi;
  onDone: (outcome: GroupOutcome) => void;
}

export function FailedQuestionGroup({ group, index, improvement, onDone }: GroupProps) {
  const { api, can } = useApp();
  const editable = can('editQas');
  const headingId = useId();
  const [unchosen, setUnchosen] = useState<Set<string>>(new Set());
  const [choosingQa, setChoosingQa] = useState(false);
  const [target, setTarget] = useState<QaView | null>(null);
  const [confirmDismiss, setConfirmDismiss] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const chosen = chosenQuestions(group.questions, unchosen);
  const first = group.questions[0]?.question ?? '';
  const others = group.questions.length - 1;

  const toggle = (question: string, on: boolean) =>
    setUnchosen((previous) => {
      const next = new Set(previous);
      if (on) next.delete(question);
      else next.add(question);
      return next;
    });

  /** Reads the QA as stored now: the confirmation shows it, and its version guards the save. */
  const chooseTarget = async (qaId: string) => {
    setError('');
    try {
      setTarget((await api.getQa(qaId)).qa);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const addAlternates = async () => {
    if (!target) return;
    setBusy(true);
    setError('');
    try {
      const reply = await improvement.addAlternates({ qaId: target.id, questions: chosen.map((q) => q.question), expectedVersion: target.version });
      setTarget(null);
      setChoosingQa(false);
      onDone({ kind: 'alternates', qa: reply.qa, added: reply.added.length, alreadyPresent: reply.alreadyPresent.length });
    } catch (caught) {
      const current = caught instanceof AdminApiError ? (caught.details.current as QaView | undefined) : undefined;
      if (current) {
        setTarget(current);
        setError(`ほかの人が先に QA ${current.id} を保存しました。最新の内容を読み込み直しました。よろしければ、もう一度「言い換えに追加する」を押してください。`);
      } else {
        setTarget(null);
        setError(errorMessage(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async () => {
    setBusy(true);
    setError('');
    try {
      const reply = await improvement.review({ questions: chosen.map((q) => q.question), action: 'dismiss' });
      setConfirmDismiss(false);
      onDone({ kind: 'dismissed', count: reply.reviewed });
    } catch (caught) {
      setConfirmDismiss(false);
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const draftNewQa = () => {
    saveDraftPrefill(window.sessionStorage, draftPrefill(chosen));
    navigate(`${href('qaNew')}?from=${FROM_IMPROVEMENT}`);
  };

  const nothingChosen = chosen.length === 0;

  return (
    <section class="panel improvement-group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span class="improvement-rank">{index}.</span> 「{first}」{others > 0 ? ` ほか ${others} 件` : ''}
        <span class="heading-note">（合計 {group.count.toLocaleString('ja-JP')} 回、最後は {japanDateTime(group.lastAt)}）</span>
      </h3>

      <fieldset class="improvement-questions">
        <legend>{editable ? '対象にする質問（チェックを外した質問は、操作の対象になりません）' : '質問'}</legend>
        <ul>
          {group.questions.map((q) => (
            <li key={q.question}>
              {editable ? (
                <label class="choice">
                  <input type="checkbox" checked={!unchosen.has(q.question)} onChange={(e) => toggle(q.question, e.currentTarget.checked)} />
                  <span class="improvement-question">{q.question}</span>
                </label>
              ) : (
                <span class="improvement-question">{q.question}</span>
              )}
              <span class="improvement-count">{q.count.toLocaleString('ja-JP')}回</span>
              <span class="hint improvement-reasons">{reasonsText(q)}</span>
            </li>
          ))}
        </ul>
      </fieldset>

      <p>
        {group.suggestion ? (
          <>
            合いそうな QA（自動で選んだ候補です。内容を確かめてください）:{' '}
            <Link href={href('qaEdit', { id: group.suggestion.qaId })}>
              {group.suggestion.qaId}「{group.suggestion.question}」
            </Link>
          </>
        ) : (
          '合いそうな QA は見つかりませんでした。新しい QA を作るか、QA を探して言い換えに追加してください。'
        )}
      </p>

      {/* While the confirmation is open, its own copy of the error is the one read. */}
      <Message kind="error">{target ? '' : error}</Message>

      {editable ? (
        <>
          <div class="actions">
            <Button variant="primary" disabled={nothingChosen} aria-expanded={choosingQa} onClick={() => setChoosingQa(!choosingQa)}>
              このQAの言い換えに追加…
            </Button>
            <Button disabled={nothingChosen} onClick={draftNewQa}>
              新しいQAを作る
            </Button>
            <Button variant="danger" disabled={nothingChosen} onClick={() => setConfirmDismiss(true)}>
              対象外にする…
            </Button>
            {nothingChosen ? <span class="hint">質問を 1 つ以上選んでください。</span> : null}
          </div>
          {choosingQa && !nothingChosen ? (
            <div class="improvement-target">
              <h4>どの QA の言い換えにしますか</h4>
              {group.suggestion ? (
                <p>
                  <Button onClick={() => void chooseTarget(group.suggestion!.qaId)}>候補の QA（{group.suggestion.qaId}）を選ぶ…</Button>
                </p>
              ) : null}
              <QaPicker label={group.suggestion ? 'ほかの QA を探す' : 'QA を探す'} chosen={[]} onPick={(qa) => void chooseTarget(qa.id)} />
            </div>
          ) : null}
        </>
      ) : null}

      <ConfirmDialog
        open={target !== null}
        title="言い換えに追加します"
        confirmLabel="言い換えに追加する"
        busy={busy}
        onConfirm={() => void addAlternates()}
        onCancel={() => {
          setTarget(null);
          setError('');
        }}
      >
        {target ? (
          <>
            <p>
              次の {chosen.length} 件の質問を、QA {target.id}「{target.question}」の言い換えに追加します（いまの言い換えは {target.alternates.length} 件です）。
            </p>
            <ul>
              {chosen.map((q) => (
                <li key={q.question}>{q.question}</li>
              ))}
            </ul>
            <p>この QA にすでにある質問や言い換えと同じものは、重ねて追加しません。</p>
            <p>追加した言い換えは、公開するまで市民には見えません。公開すると、市民の質問に答えられるようになります。</p>
            {error ? <p class="field-error">{error}</p> : null}
          </>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog open={confirmDismiss} title="対象外にします" confirmLabel="対象外にする" danger busy={busy} onConfirm={() => void dismiss()} onCancel={() => setConfirmDismiss(false)}>
        <p>次の {chosen.length} 件の質問を対象外にします。この一覧には表示されなくなります（会話ログには残ります）。</p>
        <ul>
          {chosen.map((q) => (
            <li key={q.question}>{q.question}</li>
          ))}
        </ul>
      </ConfirmDialog>
    </section>
  );
}
