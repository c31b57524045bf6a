/**
 * 改善 (うまくいかなかった質問): citizens' questions the chatbot could not answer well, grouped by what they
 * ask, biggest group first, for one period. From a group, staff add the questions as alternates of a QA,
 * draft a new QA from them, or dismiss them; then try the question in テストチャット and publish.
 */
import type { ImprovementGroupsReply } from '@madoguchi/server/admin-api';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors.ts';
import { ImprovementApi } from '../api/improvement-api.ts';
import { useApp } from '../app-context.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { FailedQuestionGroup, type GroupOutcome } from '../components/failed-question-group.tsx';
import { PeriodFields, type PeriodChoice } from '../components/period-fields.tsx';
import { Loading, Message, SearchPanel } from '../components/ui.tsx';
import { improvementPeriodFromQuery, queryFromImprovementPeriod } from '../logic/improvement.ts';
import { japanToday, rangeLabel, rangeProblem } from '../logic/periods.ts';
import { Link, navigate } from '../routing/router.tsx';
import { href } from '../routing/routes.ts';
import type { ScreenProps } from './registry.ts';

export function ImprovementScreen({ query }: ScreenProps) {
  const { api } = useApp();
  const announce = useAnnounce();
  const improvement = useMemo(() => new ImprovementApi(api.http), [api]);
  const today = useMemo(() => japanToday(new Date()), []);
  const period = useMemo(() => improvementPeriodFromQuery(query, today), [query.toString(), today]);
  const [draft, setDraft] = useState<PeriodChoice>(period);
  const [rangeError, setRangeError] = useState('');
  const [data, setData] = useState<ImprovementGroupsReply | null>(null);
  const [error, setError] = useState('');
  const [outcome, setOutcome] = useState<GroupOutcome | null>(null);
  const [reload, setReload] = useState(0);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => setDraft(period), [period]);

  useEffect(() => {
    const controller = new AbortController();
    setError('');
    improvement.groups({ from: period.range.from, to: period.range.to }, controller.signal).then(
      (reply) => setData(reply),
      (caught: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(caught));
      },
    );
    return () => controller.abort();
  }, [improvement, period, reload]);

  const show = () => {
    const problem = rangeProblem(draft.range);
    setRangeError(problem);
    if (problem) return;
    setData(null);
    setOutcome(null);
    // The same period keeps the same address, which navigate leaves alone: load again all the same.
    setReload((n) => n + 1);
    navigate(`${href('improvement')}${queryFromImprovementPeriod(draft)}`);
  };

  const done = (result: GroupOutcome) => {
    setOutcome(result);
    setReload((n) => n + 1);
    announce(outcomeText(result));
  };

  // The group is gone: the report and its next steps are where the keyboard continues. (The group's
  // dialog gives focus back as it closes; this effect runs after the group's own.)
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const total = data?.groups.reduce((n, g) => n + g.count, 0) ?? 0;

  return (
    <>
      <p>
        市民の質問のうち、答えられなかったもの、候補から選ばれなかったもの、回答の直後に言い直されたもの、「解決しなかった」と評価されたものを、似た質問ごとにまとめています。多いものから順に、言い換えの追加や新しい QA の作成で直していきましょう。
      </p>
      <SearchPanel label="表示する期間" onSearch={show}>
        <div class="toolbar">
          <PeriodFields value={draft} today={today} error={rangeError} onChange={setDraft} />
        </div>
      </SearchPanel>
      <Message kind="error">{error}</Message>

      {outcome ? (
        <div class="message message-success improvement-outcome" tabIndex={-1} ref={outcomeRef}>
          <p>{outcomeText(outcome)}</p>
          {outcome.kind === 'alternates' ? (
            <>
              <p>次は、テストチャットで質問して答えを確かめ、よければ公開してください。</p>
              <ul class="next-steps">
                <li>
                  <Link href={href('testChat')}>テストチャットで確かめる</Link>
                </li>
                <li>
                  <Link href={href('publish')}>公開の画面へ</Link>
                </li>
                <li>
                  <Link href={href('qaEdit', { id: outcome.qa.id })}>QA {outcome.qa.id} を開く</Link>
                </li>
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      {data === null ? (
        error ? null : <Loading label="質問をまとめています…" />
      ) : (
        <>
          <h2 class="improvement-summary">
            {rangeLabel(period.range)}
            <span class="heading-note">
              （{data.groups.length.toLocaleString('ja-JP')} グループ、延べ {total.toLocaleString('ja-JP')} 回）
            </span>
          </h2>
          {data.truncated ? <Message kind="info">質問の種類が多いため、回数の多い {data.analysed.toLocaleString('ja-JP')} 種類の質問をまとめています。期間を短くすると、ほかの質問も表示されます。</Message> : null}
          {data.groups.length === 0 ? (
            <p>この期間に、対応が必要な質問はありません。</p>
          ) : (
            <ol class="improvement-groups">
              {data.groups.map((group, i) => (
                <li key={`${group.questions[0]?.question ?? ''}|${group.count}`}>
                  <FailedQuestionGroup group={group} index={i + 1} improvement={improvement} onDone={done} />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}

function outcomeText(outcome: GroupOutcome): string {
  if (outcome.kind === 'dismissed') return `${outcome.count} 件の質問を対象外にしました。`;
  const already = outcome.alreadyPresent > 0 ? `（${outcome.alreadyPresent} 件はすでにありました）` : '';
  if (outcome.added === 0) return `QA ${outcome.qa.id} には、選んだ質問がすべて言い換えとしてありました。`;
  return `QA ${outcome.qa.id}「${outcome.qa.question}」の言い換えに ${outcome.added} 件を追加しました${already}。まだ市民には見えていません。公開すると、市民の質問に答えられるようになります。`;
}
