/**
 * 会話ログ: every logged turn, newest first, with filters kept in the address (period, result, channel,
 * language, text, 「うまくいかなかった質問だけ」), paging, what was shown with the engine's scores, the
 * citizen's feedback, and a CSV or Excel download of the same filter. Questions are stored with personal
 * data already masked.
 */
import type { LoggedTurnView } from '@madoguchi/server/admin-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { DownloadButton } from '../components/download-button.tsx';
import { LoadedView, useLoaded } from '../components/loaded.tsx';
import { PeriodFields } from '../components/period-fields.tsx';
import { QaLink } from '../components/qa-link.tsx';
import { Button, Field, Message, Pager, SearchPanel } from '../components/ui.tsx';
import { defaultLogView, LOG_PAGE_SIZE, logFilter, logQuery, logViewFromQuery, queryFromLogView, type LogView } from '../logic/chat-log.ts';
import { formatCount } from '../logic/figures.ts';
import { CHANNEL_LABELS, DECISION_LABELS, LANGUAGE_LABELS, labelOf, VIA_LABELS } from '../logic/log-labels.ts';
import { japanDateTime, japanToday, rangeLabel, rangeProblem } from '../logic/periods.ts';
import { navigate } from '../routing/router.tsx';
import type { ScreenProps } from './registry.ts';

export function ChatLogScreen({ query }: ScreenProps) {
  const { api } = useApp();
  const today = useMemo(() => japanToday(new Date()), []);
  const view = useMemo(() => logViewFromQuery(query, today), [query.toString(), today]);
  const [draft, setDraft] = useState<LogView>(view);
  const [rangeError, setRangeError] = useState('');
  const loaded = useLoaded((api, signal) => api.logs(logQuery(view), signal), view, {
    announcement: (reply) => (view.page === 1 ? `${formatCount(reply.total)} 件の記録があります。` : ''),
    keepWhileLoading: true,
  });
  const { setError } = loaded;

  useEffect(() => setDraft(view), [view]);

  const go = (next: LogView) => navigate(`/admin/logs${queryFromLogView(next)}`);
  const show = () => {
    const problem = rangeProblem(draft.range);
    setRangeError(problem);
    if (!problem) go({ ...draft, page: 1 });
  };
  const filtered = queryFromLogView({ ...view, page: 1 }) !== '';

  return (
    <>
      <p>市民とチャットのやりとりの記録です。新しい順に表示します。時刻は日本時間です。電話番号やメールアドレスなどの個人情報は、記録する前に伏せ字にしています。</p>
      <SearchPanel
        label="会話ログの絞り込み"
        onSearch={show}
        actions={
          <>
            <Button
              onClick={() => {
                setRangeError('');
                go(defaultLogView(today));
              }}
            >
              条件をクリア
            </Button>
            <DownloadButton download={() => api.logsExport('csv', logFilter(view))} onError={setError}>
              この条件で CSV をダウンロード
            </DownloadButton>
            <DownloadButton download={() => api.logsExport('xlsx', logFilter(view))} onError={setError}>
              この条件で Excel をダウンロード
            </DownloadButton>
          </>
        }
      >
        <div class="toolbar">
          <PeriodFields value={draft} today={today} error={rangeError} onChange={(period) => setDraft({ ...draft, ...period })} />
        </div>
        <div class="toolbar">
          <Field label="結果">
            {({ id }) => (
              <select id={id} value={draft.decision} onChange={(e) => setDraft({ ...draft, decision: e.currentTarget.value as LogView['decision'] })}>
                <option value="">すべて</option>
                {Object.entries(DECISION_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="経路">
            {({ id }) => (
              <select id={id} value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.currentTarget.value as LogView['channel'] })}>
                <option value="">すべて</option>
                {Object.entries(CHANNEL_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="言語">
            {({ id }) => (
              <select id={id} value={draft.lang} onChange={(e) => setDraft({ ...draft, lang: e.currentTarget.value })}>
                <option value="">すべて</option>
                {Object.entries(LANGUAGE_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="文字列" hint="質問やコメントに含まれる言葉">
            {({ id, describedBy }) => <input id={id} type="search" size={18} maxLength={200} value={draft.text} aria-describedby={describedBy} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />}
          </Field>
          <label class="choice toolbar-check">
            <input type="checkbox" checked={draft.failed} onChange={(e) => setDraft({ ...draft, failed: e.currentTarget.checked })} />
            うまくいかなかった質問だけ
          </label>
        </div>
        <p class="hint">「うまくいかなかった質問」は、入力された質問のうち、回答なし、候補を表示してどれも選ばれなかったもの、回答の直後に言い直されたもの、「解決しなかった」と答えがあったものです。</p>
      </SearchPanel>
      <LoadedView loaded={loaded}>
        {(data) =>
          data.total === 0 ? (
            <Message kind="info">
              {filtered ? (
                <p>{rangeLabel(view.range)}に、この条件に合う会話はありません。条件を変えてお試しください。</p>
              ) : (
                <>
                  <p>{rangeLabel(view.range)}には、まだ会話の記録がありません。</p>
                  <p>市民がチャットで質問すると、ここに表示されます。期間を広げてみてください。</p>
                </>
              )}
            </Message>
          ) : (
            <>
              <p class="table-caption">
                {rangeLabel(view.range)}：全 {formatCount(data.total)} 件
              </p>
              <ol class="turn-list" start={(view.page - 1) * LOG_PAGE_SIZE + 1} aria-label="会話の記録">
                {data.turns.map((turn) => (
                  <TurnItem key={turn.id} turn={turn} />
                ))}
              </ol>
              <Pager page={view.page} pageCount={Math.max(1, Math.ceil(data.total / LOG_PAGE_SIZE))} total={data.total} onPage={(page) => go({ ...view, page })} />
            </>
          )
        }
      </LoadedView>
    </>
  );
}

const DECISION_BADGES: Readonly<Record<LoggedTurnView['decision'], string>> = { answer: 'badge-pass', candidates: 'badge-warn', none: 'badge-fail' };

function TurnItem({ turn }: { turn: LoggedTurnView }) {
  const candidates = turn.decision === 'candidates' ? turn.shown : [];
  return (
    <li class="turn">
      <div class="turn-head">
        <span class="turn-time">{japanDateTime(turn.at)}</span>
        <span class={`badge ${DECISION_BADGES[turn.decision]}`}>{DECISION_LABELS[turn.decision]}</span>
        <span class="turn-meta">
          {labelOf(VIA_LABELS, turn.via)}・{labelOf(CHANNEL_LABELS, turn.channel)}・{labelOf(LANGUAGE_LABELS, turn.lang)}
          {turn.firstInSession ? '・会話の最初' : ''}
        </span>
      </div>
      <p class="turn-question">{turn.question}</p>
      <dl class="turn-facts">
        {turn.qaId ? (
          <>
            <dt>回答したQA</dt>
            <dd>
              <QaLink id={turn.qaId} /> {turn.qaQuestion ?? '（削除されたQA）'}
              {turn.shown[0]?.score != null ? <span class="score">（スコア {turn.shown[0].score.toFixed(2)}）</span> : null}
            </dd>
          </>
        ) : null}
        {candidates.length > 0 ? (
          <>
            <dt>表示した候補</dt>
            <dd>
              <ul class="candidate-list">
                {candidates.map((shown) => (
                  <li key={shown.qaId}>
                    <QaLink id={shown.qaId} />
                    {shown.score !== null ? <span class="score">（スコア {shown.score.toFixed(2)}）</span> : null}
                    {turn.pickedQaId === shown.qaId ? <span class="badge badge-pass">選ばれた</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {turn.rephrased ? (
          <>
            <dt>その後</dt>
            <dd>回答の直後に言い直されました</dd>
          </>
        ) : null}
        {turn.resolved !== null ? (
          <>
            <dt>解決しましたか？</dt>
            <dd>
              {turn.resolved ? 'はい（解決した）' : 'いいえ（解決しなかった）'}
              {turn.comment ? <q class="turn-comment">{turn.comment}</q> : null}
            </dd>
          </>
        ) : null}
        {turn.page ? (
          <>
            <dt>ページ</dt>
            <dd class="page-address">{turn.page}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}
