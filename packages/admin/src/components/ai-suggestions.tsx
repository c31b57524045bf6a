/**
 * 「AIによる提案」 in the QA editor: asks the configured chat model for more 言い換え or やさしい日本語 rewrites
 * of the answer, from the form as it is now, and lets the staff member accept (into the form) or reject
 * each one. Nothing is saved here; the QA is saved as usual. Without a chat model, it says who can set one up.
 */
import type { SuggestionAvailabilityReply, SuggestionKind } from '@madoguchi/server/admin-api';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { SuggestionsApi } from '../api/suggestions-api.ts';
import { useApp } from '../app-context.ts';
import type { QaForm } from '../logic/qa-form.ts';
import {
  accept,
  answerChangedSince,
  KIND_LABELS,
  missingInput,
  NO_SUGGESTIONS,
  receive,
  reject,
  resultMessage,
  suggestionRequest,
  undoRewrite,
  type SuggestionItem,
  type SuggestionsState,
} from '../logic/suggestions.ts';
import { useAnnounce } from './announcer.tsx';
import { Button, Collapsible, Message } from './ui.tsx';

interface AiSuggestionsProps {
  form: QaForm;
  /** The form with an accepted suggestion in it (not saved). */
  onForm: (form: QaForm) => void;
}

const BUTTON_LABELS: Readonly<Record<SuggestionKind, string>> = { alternates: '言い換えの候補を出す', 'plain-japanese': 'やさしい日本語の案を出す' };

export function AiSuggestions({ form, onForm }: AiSuggestionsProps) {
  const { api } = useApp();
  const announce = useAnnounce();
  const suggestionsApi = useMemo(() => new SuggestionsApi(api.http), [api]);
  const headingId = useId();
  const listHeading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [availability, setAvailability] = useState<SuggestionAvailabilityReply | null>(null);
  const [state, setState] = useState<SuggestionsState>(NO_SUGGESTIONS);
  const [asking, setAsking] = useState<SuggestionKind | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    suggestionsApi.availability().then(setAvailability, (caught: unknown) => setError(errorMessage(caught)));
  }, [suggestionsApi]);

  const ask = async (kind: SuggestionKind) => {
    const missing = missingInput(kind, form);
    setError(missing ?? '');
    if (missing) return;
    setAsking(kind);
    setStatus(`AIに${KIND_LABELS[kind]}を頼んでいます。しばらくお待ちください…`);
    try {
      const next = receive(state, kind, await suggestionsApi.suggest(suggestionRequest(kind, form)), form);
      setState(next);
      setStatus(next.batch ? resultMessage(next.batch) : '');
      window.setTimeout(() => listHeading.current?.focus(), 0);
    } catch (caught) {
      setStatus('');
      setError(errorMessage(caught));
    } finally {
      setAsking(null);
    }
  };

  /** After a decision the keyboard goes on to the next undecided suggestion, or back to the list's heading. */
  const focusNext = () =>
    window.setTimeout(() => {
      const next = list.current?.querySelector<HTMLButtonElement>('button[data-accept]');
      (next ?? listHeading.current)?.focus();
    }, 0);

  const decide = (index: number, item: SuggestionItem, accepted: boolean) => {
    if (accepted) {
      const result = accept(state, index, form);
      setState(result.state);
      onForm(result.form);
      announce(state.batch?.kind === 'alternates' ? `「${item.text}」を言い換えに追加しました。保存はまだです。` : '回答をこの案に置き換えました。保存はまだです。「元に戻す」で戻せます。');
    } else {
      setState(reject(state, index));
      announce('不採用にしました。');
    }
    focusNext();
  };

  const undo = () => {
    const result = undoRewrite(state, form);
    setState(result.state);
    onForm(result.form);
    announce('回答を、案を採用する前の文に戻しました。');
  };

  const batch = state.batch;
  return (
    <section class="ai-suggestions" aria-labelledby={headingId}>
      <h2 id={headingId}>AIによる提案</h2>
      {availability && !availability.available ? (
        <p class="hint">{availability.reason} AIモデルを設定すると、ここで言い換えの候補や、回答のやさしい日本語の案を出せます。</p>
      ) : (
        <>
          <p class="hint">
            AIが、いま入力中の質問と回答から案を出します（保存していない内容も使います）。案はそのままでは保存されません。「採用」したものがフォームに入り、「保存する」を押したときに保存されます。内容は必ず確かめてください。
          </p>
          <div class="actions">
            {(['alternates', 'plain-japanese'] as const).map((kind) => (
              <Button key={kind} busy={asking === kind} disabled={availability === null || asking !== null} onClick={() => void ask(kind)}>
                {BUTTON_LABELS[kind]}
              </Button>
            ))}
            {state.undoAnswer !== null ? (
              <Button variant="link" onClick={undo}>
                元に戻す（回答を、案を採用する前の文に戻す）
              </Button>
            ) : null}
          </div>
        </>
      )}
      <Message kind="info">{status}</Message>
      <Message kind="error">{error}</Message>

      {batch ? (
        <div class="suggestion-batch">
          <h3 ref={listHeading} tabIndex={-1}>
            {KIND_LABELS[batch.kind]}（{batch.items.length} 件）
          </h3>
          {answerChangedSince(batch, form) ? <Message kind="warning">この案を出したあとで回答が書き換えられています。採用すると、いまの回答が案に置き換わります（「元に戻す」で戻せます）。</Message> : null}
          {batch.items.length > 0 ? (
            <ol class="suggestion-list" ref={list}>
              {batch.items.map((item, index) => (
                <li key={`${batch.kind}-${index}`} class={`suggestion suggestion-${item.decision}`}>
                  <p class={batch.kind === 'plain-japanese' ? 'suggestion-text suggestion-rewrite' : 'suggestion-text'}>{item.text}</p>
                  {item.notes.length > 0 ? (
                    <ul class="suggestion-notes">
                      {item.notes.map((note) => (
                        <li key={note}>{note}</li>
                      ))}
                    </ul>
                  ) : null}
                  {item.decision === 'pending' ? (
                    <div class="actions-inline">
                      <Button data-accept variant="primary" aria-label={`採用（${nameOf(batch.kind, item, index)}）`} onClick={() => decide(index, item, true)}>
                        採用
                      </Button>
                      <Button aria-label={`不採用（${nameOf(batch.kind, item, index)}）`} onClick={() => decide(index, item, false)}>
                        不採用
                      </Button>
                    </div>
                  ) : (
                    <p class="suggestion-decision">{decisionText(batch.kind, item)}</p>
                  )}
                </li>
              ))}
            </ol>
          ) : null}
          {batch.dropped.length > 0 ? (
            <Collapsible summary={`出さなかった案（${batch.dropped.length} 件）`}>
              <ul class="suggestion-dropped">
                {batch.dropped.map((dropped, index) => (
                  <li key={index}>
                    <span class="suggestion-text">{dropped.text}</span> — {dropped.reason}
                  </li>
                ))}
              </ul>
            </Collapsible>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** How a button names its suggestion: an alternate by its text, a rewrite by its number. */
function nameOf(kind: SuggestionKind, item: SuggestionItem, index: number): string {
  return kind === 'alternates' ? item.text : `案 ${index + 1}`;
}

function decisionText(kind: SuggestionKind, item: SuggestionItem): string {
  if (item.decision === 'rejected') return '不採用にしました。';
  return kind === 'alternates' ? '採用しました（言い換えに追加しました。保存はまだです）。' : '採用しました（回答をこの案に置き換えました。保存はまだです）。';
}
