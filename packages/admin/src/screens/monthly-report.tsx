/**
 * 月次レポート: one month of the chatbot for a department meeting — figures beside the previous month with
 * how each is counted, charts, the QAs shown most and rated worst, and the questions it could not answer.
 * Laid out for A4 portrait (「印刷する」; the print style sheet hides the console around it), and the same
 * content as an Excel file.
 */
import type { MonthlyReportReply, OutcomeFigure, StatisticsTotals, UnansweredQuestion } from '@madoguchi/server/admin-api';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { DownloadButton } from '../components/download-button.tsx';
import { countColumn, FigureTable, type Column } from '../components/figure-table.tsx';
import { LoadedView, useLoaded } from '../components/loaded.tsx';
import { HoursChart, TrendChart } from '../components/statistics-charts.tsx';
import { FeedbackQaTable, TopQaTable } from '../components/statistics-tables.tsx';
import { Button, Field, Message } from '../components/ui.tsx';
import { formatCount, formatDifference, formatPointDifference, formatRate } from '../logic/figures.ts';
import { japanDateTime, japanToday, monthLabel, rangeLabel, recentMonths, reportMonthFromQuery } from '../logic/periods.ts';
import { navigate } from '../routing/router.tsx';
import type { ScreenProps } from './registry.ts';

/** Three years of months to choose from: the default retention of the log. */
const MONTHS_OFFERED = 36;
/** QAs listed in the printed report (the Excel file has them all). */
const REPORT_ROWS = 10;

interface TotalRow {
  key: Exclude<keyof StatisticsTotals, 'averageLatencyMs'>;
  label: string;
}

const TOTAL_ROWS: readonly TotalRow[] = [
  { key: 'typed', label: '入力された質問' },
  { key: 'clicked', label: '候補・メニューなどのクリック' },
  { key: 'sessions', label: '会話' },
  { key: 'opens', label: 'チャットを開いた回数' },
  { key: 'loads', label: 'ウィジェットが表示されたページ' },
  { key: 'feedback', label: '「解決しましたか？」への答え' },
];

export function MonthlyReportScreen({ query }: ScreenProps) {
  const { api } = useApp();
  const today = useMemo(() => japanToday(new Date()), []);
  const month = reportMonthFromQuery(query, today);
  const [draft, setDraft] = useState(month);
  const loaded = useLoaded((api, signal) => api.monthlyReport(month, signal), month, { announcement: () => `${monthLabel(month)}のレポートを表示しました。` });
  const { data, setError } = loaded;

  useEffect(() => setDraft(month), [month]);

  return (
    <>
      <div class="no-print">
        <p>1か月分の利用状況を、前の月と比べてまとめます。課内の会議などで、印刷するか Excel で配ってお使いください。</p>
        <form
          class="panel"
          aria-label="レポートの月"
          onSubmit={(event) => {
            event.preventDefault();
            navigate(`/admin/reports/monthly?month=${draft}`);
          }}
        >
          <div class="toolbar">
            <Field label="月">
              {({ id }) => (
                <select id={id} value={draft} onChange={(event) => setDraft(event.currentTarget.value)}>
                  {recentMonths(today.slice(0, 7), MONTHS_OFFERED).map((value) => (
                    <option key={value} value={value}>
                      {monthLabel(value)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Button type="submit" variant="primary">
              このレポートを表示
            </Button>
          </div>
          <div class="actions">
            <Button onClick={() => window.print()} disabled={data === null}>
              印刷する
            </Button>
            <DownloadButton download={() => api.monthlyReportXlsx(month)} onError={setError}>
              Excelでダウンロード
            </DownloadButton>
          </div>
        </form>
      </div>
      <LoadedView loaded={loaded} loadingLabel="レポートを作っています…">
        {(report) => <Report data={report} />}
      </LoadedView>
    </>
  );
}

function Report({ data }: { data: MonthlyReportReply }) {
  const { statistics, previous } = data;
  const current = statistics.totals;
  const createdAt = useMemo(() => japanDateTime(new Date().toISOString()), [data]);
  return (
    <article class="report" aria-labelledby="report-title">
      <header class="report-head">
        <h2 id="report-title">{monthLabel(data.month)}のチャットボット利用状況</h2>
        <p>
          集計期間：{rangeLabel(statistics.range)}（日本時間）。比べる月：{monthLabel(data.previousMonth)}。作成：{createdAt}
        </p>
      </header>
      {current.turns === 0 ? (
        <Message kind="info">
          <p>{monthLabel(data.month)}の会話の記録は、まだありません。市民がチャットで質問すると、ここに集計されます。</p>
        </Message>
      ) : null}

      <section class="report-section" aria-labelledby="report-figures">
        <h3 id="report-figures">主な数値</h3>
        <FigureTable columns={totalColumns(data)} rows={TOTAL_ROWS} rowKey={(row) => row.key} class="stat-table" />
      </section>

      <section class="report-section" aria-labelledby="report-outcomes">
        <h3 id="report-outcomes">回答の結果</h3>
        <FigureTable columns={outcomeColumns(previous.outcomes)} rows={statistics.outcomes} rowKey={(figure) => figure.key} class="stat-table" />
        <h4>数値の数え方</h4>
        <dl class="definitions">
          {statistics.outcomes.map((figure) => (
            <div key={figure.key}>
              <dt>{figure.label}</dt>
              <dd>
                {figure.definition}（割合の分母：{figure.ofLabel}）
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {current.turns > 0 ? (
        <>
          <section class="report-section" aria-labelledby="report-charts">
            <h3 id="report-charts" class="visually-hidden">
              グラフ
            </h3>
            <TrendChart statistics={statistics} />
            <HoursChart statistics={statistics} />
          </section>

          <section class="report-section" aria-labelledby="report-top">
            <h3 id="report-top">よく見られたQA</h3>
            {statistics.topQas.length === 0 ? <p>回答として表示したQAはありません。</p> : <TopQaTable rows={statistics.topQas.slice(0, REPORT_ROWS)} caption={`上位 ${Math.min(REPORT_ROWS, statistics.topQas.length)} 件`} />}
          </section>

          <section class="report-section" aria-labelledby="report-worst">
            <h3 id="report-worst">評価の低いQA</h3>
            {statistics.feedbackQas.length === 0 ? (
              <p>「解決しましたか？」への答えはありませんでした。</p>
            ) : (
              <FeedbackQaTable rows={statistics.feedbackQas.slice(0, REPORT_ROWS)} caption={`「解決しなかった」の割合が高い順に ${Math.min(REPORT_ROWS, statistics.feedbackQas.length)} 件`} />
            )}
          </section>

          <section class="report-section" aria-labelledby="report-unanswered">
            <h3 id="report-unanswered">うまく答えられなかった質問</h3>
            <UnansweredTable data={data} />
          </section>
        </>
      ) : null}
    </article>
  );
}

/** This month, the previous one and the difference, for each of TOTAL_ROWS. */
function totalColumns({ statistics, previous, month, previousMonth }: MonthlyReportReply): Column<TotalRow>[] {
  return [
    { header: '項目', rowHeader: true, cell: (row) => row.label },
    countColumn(monthLabel(month), (row) => statistics.totals[row.key]),
    countColumn(monthLabel(previousMonth), (row) => previous.totals[row.key]),
    { header: '増減', number: true, cell: (row) => formatDifference(statistics.totals[row.key], previous.totals[row.key]) },
  ];
}

/** Each outcome's count and rate beside the previous month's rate. */
function outcomeColumns(previousOutcomes: readonly OutcomeFigure[]): Column<OutcomeFigure>[] {
  const before = (figure: OutcomeFigure) => previousOutcomes.find((one) => one.key === figure.key)?.rate ?? null;
  return [
    { header: '項目', rowHeader: true, cell: (figure) => figure.label },
    countColumn('件数', (figure) => figure.count),
    { header: '割合', number: true, cell: (figure) => formatRate(figure.rate) },
    { header: '前月の割合', number: true, cell: (figure) => formatRate(before(figure)) },
    { header: '増減', number: true, cell: (figure) => formatPointDifference(figure.rate, before(figure)) },
  ];
}

const UNANSWERED_COLUMNS: readonly Column<UnansweredQuestion>[] = [
  { header: '質問', cell: (row) => row.question },
  countColumn('件数', (row) => row.count),
  countColumn('回答なし', (row) => row.none),
  countColumn('候補が選ばれず', (row) => row.candidates),
  countColumn('直後の言い直し', (row) => row.rephrased),
  countColumn('解決しなかった', (row) => row.notResolved),
];

function UnansweredTable({ data }: { data: MonthlyReportReply }) {
  if (data.unanswered.length === 0) return <p>うまく答えられなかった質問はありませんでした（改善の画面で対応済みのものを除きます）。</p>;
  return (
    <FigureTable
      columns={UNANSWERED_COLUMNS}
      rows={data.unanswered}
      rowKey={(row) => row.question}
      caption={`多い順に ${formatCount(data.unanswered.length)} 件。同じ文の質問をまとめています（改善の画面で対応済みのものを除きます）。`}
      class="stat-table"
    />
  );
}
