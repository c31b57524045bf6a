/**
 * テストチャット: ask a question of the working set (what the next publication would answer) or of what
 * citizens see now, and see the decision, the ranking with scores, why each QA matched, and the answer.
 */
import type { SearchScope, TestChatReply } from '@madoguchi/server/admin-api';
import { useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Button, Field, Message } from '../components/ui.tsx';
import { explainInOneLine, groupMatches } from '../logic/explain.ts';
import { DECISION_HELP, DECISION_LABELS, MATCH_FIELD_LABELS, MATCH_KIND_LABELS } from '../logic/labels.ts';
import { SEMANTIC_STATE_NOTES } from '../logic/semantic-report.ts';
import { SafeHtml } from '../render/safe-html.tsx';
import { Link } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';

const MESSAGE_MAX_LENGTH = 500;

export function TestChatScreen() {
  const { api } = useApp();
  const announce = useAnnounce();
  const [message, setMessage] = useState('');
  const [scope, setScope] = useState<SearchScope>('working');
  const [reply, setReply] = useState<TestChatReply | null>(null);
  const [asked, setAsked] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLElement>(null);

  const ask = async (event: Event) => {
    event.preventDefault();
    const text = message.trim();
    if (text === '') {
      setError('質問を入力してください。');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const result = await api.testChat(text, scope);
      setReply(result);
      setAsked(text);
      announce(`結果: ${DECISION_LABELS[result.decision]}。${result.results.length} 件の QA が見つかりました。`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>市民と同じように質問して、どの QA がなぜ選ばれるかを確かめます。ここでの質問は、市民の質問の記録には残りません。</p>
      <form class="panel" onSubmit={ask}>
        <Field label="質問" hint={`市民が入力するような文で書きます（${MESSAGE_MAX_LENGTH} 文字まで）。`}>
          {({ id, describedBy }) => (
            <input id={id} type="text" maxLength={MESSAGE_MAX_LENGTH} value={message} aria-describedby={describedBy} onInput={(e) => setMessage(e.currentTarget.value)} />
          )}
        </Field>
        <fieldset class="inline-choices">
          <legend>どの内容に聞くか</legend>
          <label class="choice">
            <input type="radio" name="scope" checked={scope === 'working'} onChange={() => setScope('working')} />
            下書きを含む最新の内容（次に公開したとき）
          </label>
          <label class="choice">
            <input type="radio" name="scope" checked={scope === 'published'} onChange={() => setScope('published')} />
            公開中の内容（今、市民に見えている内容）
          </label>
        </fieldset>
        <Message kind="error">{error}</Message>
        <div class="actions">
          <Button type="submit" variant="primary" busy={busy}>
            質問する
          </Button>
        </div>
      </form>

      {reply ? (
        <section ref={resultRef} aria-labelledby="result-title">
          <h2 id="result-title">「{asked}」の結果（{reply.scope === 'working' ? '次に公開したとき' : '公開中の内容'}）</h2>
          <div class="panel">
            <p>
              <span class={`badge badge-${reply.decision === 'answer' ? 'pass' : reply.decision === 'none' ? 'fail' : 'warn'}`}>{DECISION_LABELS[reply.decision]}</span> {DECISION_HELP[reply.decision]}
            </p>
            <p>
              質問から取り出した言葉: {reply.queryWords.length > 0
                ? reply.queryWords.map((w, i) => (
                    <span key={i}>
                      {i > 0 ? '、' : ''}
                      <mark>{w}</mark>
                    </span>
                  ))
                : '（なし）'}
            </p>
            {reply.convertedQuestion ? <p class="hint">ひらがなの言葉を、QA の言葉に読み替えました: {reply.convertedQuestion}</p> : null}
            {reply.semantic ? <p class="hint">{SEMANTIC_STATE_NOTES[reply.semantic]}</p> : null}
          </div>

          <div class="editor">
            <div>
              <h3>順位とスコア</h3>
              {reply.results.length === 0 ? (
                <p>合う QA はありませんでした。言い換えやキーワード、辞書への同義語の追加を検討してください。</p>
              ) : (
                <ol class="ranking">
                  {reply.results.map((result) => (
                    <li key={result.id}>
                      <Link href={href('qaEdit', { id: result.id })}>
                        {result.id} {result.question}
                      </Link>
                      <br />
                      <span class="why-line">{explainInOneLine(result.matches)}</span>
                      <details class="why-detail">
                        <summary>詳しく</summary>
                        <span class="score">
                          スコア {result.score.toFixed(2)}・質問の言葉の {Math.round(result.coverage * 100)}% に一致（答えとして出せる一致は {Math.round(result.strongCoverage * 100)}%）
                          {result.similarity === undefined ? null : `・意味の近さ ${result.similarity.toFixed(2)}`}
                        </span>
                        <ul class="why">
                          {groupMatches(result.matches).map((group) => (
                            <li key={group.kind}>
                              <strong>{MATCH_KIND_LABELS[group.kind]}</strong>:{' '}
                              {group.texts.slice(0, 8).map((text, i) => (
                                <span key={i}>
                                  {i > 0 ? '、' : ''}
                                  <mark>{text}</mark>
                                </span>
                              ))}
                              {group.texts.length > 8 ? ` ほか ${group.texts.length - 8} 件` : ''}
                              {group.expandedFrom.length > 0 ? `（辞書で「${group.expandedFrom.join('」「')}」から読み替え）` : ''}
                              <span class="score">
                                （{group.fields.map((f) => MATCH_FIELD_LABELS[f]).join('・')}、{group.score.toFixed(2)}）
                              </span>
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div class="preview-pane">
              <h3>市民に表示される内容</h3>
              <div class="citizen-view">
                {reply.decision === 'answer' && reply.answer ? (
                  <>
                    <p class="hint">{reply.answer.question}</p>
                    <SafeHtml class="bubble" html={reply.answer.html} />
                  </>
                ) : reply.decision === 'candidates' ? (
                  <div class="bubble">
                    <p>もしかして、次のことをお知りになりたいですか？</p>
                    <p class="hint">（上位の候補の例）</p>
                    <ul>
                      {reply.results.slice(0, 3).map((r) => (
                        <li key={r.id}>{r.question}</li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <div class="bubble">
                    <p>申し訳ありません。お答えできる情報が見つかりませんでした。担当の窓口をご案内します。</p>
                  </div>
                )}
              </div>
              {reply.decision !== 'answer' && reply.answer ? (
                <>
                  <h3>1 位の QA の回答（参考）</h3>
                  <div class="citizen-view">
                    <SafeHtml class="bubble" html={reply.answer.html} />
                  </div>
                </>
              ) : null}
            </div>
          </div>
        </section>
      ) : null}
    </>
  );
}
