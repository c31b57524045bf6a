/**
 * Choosing QAs by searching (関連QA, よくある質問): type words, pick from the matches.
 */
import type { QaSummary } from '@madoguchi/server/admin-api';
import { useEffect, useId, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { useApp } from '../app-context.ts';
import { STATUS_LABELS } from '../logic/merge.ts';

interface QaPickerProps {
  label: string;
  /** Ids already chosen (shown as such, not offered again). */
  chosen: readonly string[];
  onPick: (qa: QaSummary) => void;
  disabled?: boolean;
}

export function QaPicker({ label, chosen, onPick, disabled }: QaPickerProps) {
  const { api } = useApp();
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<QaSummary[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const words = text.trim();
    if (words === '') {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.listQas({ text: words, limit: '20' }, controller.signal).then(
        (reply) => {
          setResults(reply.items);
          setError('');
        },
        (caught: unknown) => {
          if (!controller.signal.aborted) setError(errorMessage(caught));
        },
      );
    }, 300);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [api, text]);

  return (
    <div class="picker">
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        管理番号や質問の言葉を入力すると、候補が表示されます。
      </p>
      <input id={id} type="search" value={text} disabled={disabled} aria-describedby={`${id}-hint`} onInput={(e) => setText(e.currentTarget.value)} />
      <div role="status" class="hint">
        {error ? <span class="field-error">{error}</span> : results === null ? '' : results.length === 0 ? '見つかりませんでした。' : `${results.length} 件見つかりました。`}
      </div>
      {results && results.length > 0 ? (
        <ul class="picker-results" aria-label={`${label}の候補`}>
          {results.map((qa) => {
            const taken = chosen.includes(qa.id);
            return (
              <li key={qa.id}>
                <span>
                  <strong>{qa.id}</strong> {qa.question}
                  {qa.status === 'draft' ? <span class="badge badge-draft"> {STATUS_LABELS.draft}</span> : null}
                </span>
                <button type="button" class="button button-secondary button-small" disabled={taken || disabled} onClick={() => onPick(qa)} aria-label={`${taken ? '追加済み' : '追加'}（${qa.id} ${qa.question}）`}>
                  {taken ? '追加済み' : '追加'}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
