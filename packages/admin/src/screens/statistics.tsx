/**
 * 統計: what citizens asked and how it went, for any period (kept in the address). Honest outcome figures
 * with their definitions on screen, charts with their tables, the QAs shown most and rated worst, the pages
 * citizens ask from, and every table as CSV or all of them as one Excel file.
 */
import type { BreakdownRow, CountsView, OutcomeFigure, StatisticsQuery, StatisticsReply, StatisticsTable } from '@madoguchi/server/admin-api';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { DownloadButton } from '../components/download-button.tsx';
import { countColumn, FigureTable, type Column } from '../components/figure-table.tsx';
import { LoadedView, useLoaded } from '../components/loaded.tsx';
import { PeriodFields } from '../components/period-fields.tsx';
import { BreakdownChart, HoursChart, TrendChart } from '../components/statistics-charts.tsx';
import { FeedbackQaTable, TopQaTable } from '../components/statistics-tables.tsx';
import { Button, Message, SearchPanel } from '../components/ui.tsx';
import { categoryName, CHANNEL_LABELS, LANGUAGE_LABELS, labelOf } from '../logic/log-labels.ts';
import { formatCount, formatMilliseconds, formatRate, formatShare } from '../logic/figures.ts';
import { BUCKET_LABELS, BUCKETS, japanToday, queryFromStatisticsView, rangeLabel, rangeProblem, statisticsViewFromQuery, type StatisticsView } from '../logic/periods.ts';
import { navigate } from '../routing/router.tsx';
import type { ScreenProps } from './registry.ts';

/** QAs listed before 「すべて表示」. */
const FIRST_ROWS = 20;

export function StatisticsScreen({ query }: ScreenProps) {
  const { api } = useApp();
  const today = useMemo(() => japanToday(new Date()), []);
  const view = useMemo(() => statisticsViewFromQuery(query, today), [query.toString(), today]);
  const [draft, setDraft] = useState<StatisticsView>(view);
  const [rangeError, setRangeError] = useState('');
  const apiQuery: StatisticsQuery = { from: view.range.from, to: view.range.to, bucket: view.bucket };
  const loaded = useLoaded((api, signal) => api.statistics(apiQuery, signal), view, {
    announcement: (reply) => `${rangeLabel(view.range)}の統計を表示しました。入力された質問は ${formatCount(reply.totals.typed)} 件です。`,
  });
  const { setError } = loaded;

  useEffect(() => setDraft(view), [view]);

  const show = () => {
    const problem = rangeProblem(draft.range);
    setRangeError(problem);
    if (!problem) navigate(`/admin/statistics${queryFromStatisticsView(draft)}`);
  };
  const csv = (table: StatisticsTable, what: string) => (
    <div class="actions">
      <DownloadButton small download={() => api.statisticsCsv(apiQuery, table)} onError={setError}>
        CSVでダウンロード<span class="visually-hidden">（{what}）</span>
      </DownloadButton>
    </div>
  );

  return (
    <>
      <p>市民がチャットで質問した記録を、期間を決めて集計します。日付と時刻は日本時間です。</p>
      <SearchPanel
        label="集計する期間"
        onSearch={show}
        actions={
          <DownloadButton download={() => api.statisticsXlsx(apiQuery)} onError={setError}>
            すべての表をExcelでダウンロード
          </DownloadButton>
        }
      >
        <div class="toolbar">
          <PeriodFields value={draft} today={today} error={rangeError} onChange={(period) => setDraft({ ...draft, ...period })} />
          <fieldset class="inline-choices toolbar-fieldset">
            <legend>集計の単位</legend>
            {BUCKETS.map((bucket) => (
              <label key={bucket} class="choice">
                <input type="radio" name="bucket" value={bucket} checked={draft.bucket === bucket} onChange={() => setDraft({ ...draft, bucket })} />
                {BUCKET_LABELS[bucket]}
              </label>
            ))}
          </fieldset>
        </div>
      </SearchPanel>
      <LoadedView loaded={loaded} loadingLabel="集計しています…">
        {(data) => <Statistics data={data} csv={csv} />}
      </LoadedView>
    </>
  );
}

type CsvButton = (table: StatisticsTable, what: string) => ComponentChildren;

function Statistics({ data, csv }: { data: StatisticsReply; csv: CsvButton }) {
  const { totals } = data;
  const [allQas, setAllQas] = useState(false);
  return (
    <>
      <h2>
        {rangeLabel(data.range)}
        <span class="heading-note">（{formatCount(data.range.days)} 日間）</span>
      </h2>
      {totals.turns === 0 ? (
        <Message kind="info">
          <p>この期間の会話の記録は、まだありません。</p>
          <p>市民がチャットで質問すると、ここに集計されます。ほかの期間も選んでみてください。</p>
        </Message>
      ) : (
        <>
          <section aria-labelledby="usage-title">
            <h2 id="usage-title">利用の状況</h2>
            <ul class="stat-cards">
              <StatCard label="入力された質問" value={formatCount(totals.typed)} note="市民が文字で入力した質問" />
              <StatCard label="候補・メニューなどのクリック" value={formatCount(totals.clicked)} note="示した質問を押して回答を開いた回数" />
              <StatCard label="会話" value={formatCount(totals.sessions)} note="チャットを使った回数（一続きのやりとりを1回と数えます）" />
              <StatCard label="チャットを開いた回数" value={formatCount(totals.opens)} note={`ウィジェットが表示されたページ ${formatCount(totals.loads)} 回`} />
              <StatCard label="平均応答時間" value={formatMilliseconds(totals.averageLatencyMs)} note="サーバーが回答を作るのにかかった時間" />
            </ul>
          </section>

          <section aria-labelledby="outcome-title">
            <h2 id="outcome-title">回答の結果</h2>
            <p>それぞれの数値の数え方を、カードの中に書いています。「回答した」数は、正しく答えられた数ではありません。「解決した」「解決しなかった」とあわせてご覧ください。</p>
            <ul class="outcome-cards">
              {data.outcomes.map((figure) => (
                <OutcomeCard key={figure.key} figure={figure} />
              ))}
            </ul>
            {csv('summary', '集計の概要')}
          </section>

          <section aria-labelledby="charts-title">
            <h2 id="charts-title">質問の数</h2>
            <p>入力された質問を、結果ごとに色と模様で分けて積み上げています。</p>
            <TrendChart statistics={data} actions={csv('series', '質問数の推移')} />
            <HoursChart statistics={data} actions={csv('hours', '時間帯別')} />
            <BreakdownChart statistics={data} title="分類別の質問数" what="分類" rows={data.categories} nameOf={categoryName} actions={csv('categories', '分類別')} />
            <BreakdownChart
              statistics={data}
              title="言語別の質問数"
              what="言語"
              rows={data.languages}
              nameOf={(value) => labelOf(LANGUAGE_LABELS, value)}
              actions={csv('languages', '言語別')}
            />
            <ChannelTable data={data} />
            {csv('channels', '経路別')}
          </section>

          <section aria-labelledby="top-title">
            <h2 id="top-title">よく見られたQA</h2>
            {data.topQas.length === 0 ? (
              <p>この期間に回答として表示したQAはありません。</p>
            ) : (
              <>
                <TopQaTable rows={allQas ? data.topQas : data.topQas.slice(0, FIRST_ROWS)} caption={`回答として表示した回数の多い順（${formatCount(data.topQas.length)} 件中 ${formatCount(allQas ? data.topQas.length : Math.min(FIRST_ROWS, data.topQas.length))} 件を表示）`} />
                {data.topQas.length > FIRST_ROWS ? (
                  <Button variant="link" onClick={() => setAllQas(!allQas)}>
                    {allQas ? `上位 ${FIRST_ROWS} 件だけ表示する` : `すべて（${formatCount(data.topQas.length)} 件）表示する`}
                  </Button>
                ) : null}
              </>
            )}
            {csv('qas', 'よく見られたQA')}
          </section>

          <section aria-labelledby="feedback-title">
            <h2 id="feedback-title">評価の低いQA</h2>
            <p>「解決しましたか？」に答えがあったQAを、「いいえ」の割合が高い順に並べています。回答の見直しの候補です。</p>
            {data.feedbackQas.length === 0 ? (
              <p>この期間には「解決しましたか？」への答えがありません。</p>
            ) : (
              <FeedbackQaTable rows={data.feedbackQas} caption={`評価のあったQA ${formatCount(data.feedbackQas.length)} 件`} />
            )}
            {csv('feedback', '評価の低いQA')}
          </section>

          <section aria-labelledby="pages-title">
            <h2 id="pages-title">質問されたページ</h2>
            <PagesTable data={data} />
            {csv('pages', 'ページ別')}
          </section>
        </>
      )}
    </>
  );
}

function StatCard({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <li class="stat-card">
      <span class="stat-label">{label}</span>
      <span class="stat-value">{value}</span>
      <span class="stat-note">{note}</span>
    </li>
  );
}

function OutcomeCard({ figure }: { figure: OutcomeFigure }) {
  return (
    <li class={`outcome-card outcome-${figure.key}`}>
      <h3>{figure.label}</h3>
      <p class="stat-value">
        {formatCount(figure.count)} <span class="stat-unit">件</span>
      </p>
      <p class="outcome-rate">
        {figure.ofLabel} {formatCount(figure.of)} 件のうち <strong>{formatRate(figure.rate)}</strong>
      </p>
      <p class="outcome-definition">{figure.definition}</p>
    </li>
  );
}

const CHANNEL_COLUMNS: readonly Column<BreakdownRow>[] = [
  { header: '経路', rowHeader: true, cell: (row) => labelOf(CHANNEL_LABELS, row.value) },
  countColumn('入力された質問', (row) => row.typed),
  countColumn('クリック', (row) => row.turns - row.typed),
  countColumn('会話', (row) => row.sessions),
  { header: '回答の割合', number: true, cell: (row) => formatShare(row.answered, row.typed) },
];

function ChannelTable({ data }: { data: StatisticsReply }) {
  return (
    <section aria-labelledby="channels-title" class="chart-section">
      <h3 id="channels-title">経路別の質問数</h3>
      <FigureTable columns={CHANNEL_COLUMNS} rows={data.channels} rowKey={(row) => row.value} class="stat-table" />
    </section>
  );
}

/** A page's counts, or (address null) every other page's together. */
type PageRow = CountsView & { address: string | null; name: string };

const PAGE_COLUMNS: readonly Column<PageRow>[] = [
  { header: 'ページ', class: (row) => (row.address === null ? undefined : 'page-address'), cell: (row) => row.name },
  countColumn('質問とクリック', (row) => row.turns),
  countColumn('入力された質問', (row) => row.typed),
  countColumn('回答なし', (row) => row.none),
  countColumn('会話', (row) => row.sessions),
];

function PagesTable({ data }: { data: StatisticsReply }) {
  const { rows, others } = data.pages;
  if (rows.length === 0) return <p>この期間の質問には、ページの記録がありません。</p>;
  const pageRows: PageRow[] = rows.map((row) => ({ ...row, address: row.value, name: row.value === '' ? '（なし）' : row.value }));
  if (others.pages > 0) pageRows.push({ ...others, address: null, name: `ほか ${formatCount(others.pages)} ページの合計` });
  return (
    <FigureTable
      columns={PAGE_COLUMNS}
      rows={pageRows}
      rowKey={(row) => (row.address === null ? 'others' : `page:${row.address}`)}
      caption="チャットを使ったページ（質問とクリックの多い順）。ページの記録がないもの（チャットページや API から）は「（なし）」です。"
    />
  );
}
