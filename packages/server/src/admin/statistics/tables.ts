/**
 * The statistics reply as tables with Japanese names and headers: one CSV each (`table=`), one sheet each in
 * the XLSX download, and the monthly report's sheets.
 */
import type { Cell, Column, Table } from '../reports/spreadsheet.ts';
import { CHANNEL_LABELS, LANGUAGE_LABELS, labelOf } from './labels.ts';
import type { CountsView, StatisticsReply, StatisticsTable, StatisticsTotals } from './schema.ts';

const COUNT_COLUMNS: readonly Column[] = [
  { header: '会話の数（入力とクリック）' },
  { header: '入力された質問' },
  { header: '自信を持って回答' },
  { header: '候補を表示' },
  { header: '回答なし' },
  { header: '候補を選んだ' },
  { header: '回答直後の言い直し' },
  { header: '解決した' },
  { header: '解決しなかった' },
  { header: 'セッション' },
  { header: '平均応答時間(ms)' },
];

function countCells(c: CountsView): Cell[] {
  return [c.turns, c.typed, c.answered, c.candidates, c.none, c.picked, c.rephrased, c.resolved, c.notResolved, c.sessions, c.averageLatencyMs];
}

const SUMMARY_COLUMNS: readonly Column[] = [{ header: '項目', width: 28 }, { header: '件数' }, { header: '分母', width: 36 }, { header: '分母の件数' }, { header: '割合', format: 'percent' }, { header: '定義', width: 80 }];

/** The totals in the order staff read them, with what each counts. */
export const TOTAL_FIGURES: readonly { key: keyof StatisticsTotals; label: string; definition: string }[] = [
  { key: 'turns', label: '会話の数（入力とクリック）', definition: '入力された質問と、候補・関連する質問・メニューのクリックの合計。' },
  { key: 'typed', label: '入力された質問', definition: '市民が文字で入力した質問。下の割合の多くはこれを分母にしています。' },
  { key: 'clicked', label: 'クリックで開いた回答', definition: '候補・関連する質問・メニューのクリックで表示した回答。' },
  { key: 'sessions', label: 'セッション', definition: '会話のまとまりの数（チャットを開いてからの一連のやりとり）。' },
  { key: 'loads', label: 'ウィジェットの読み込み', definition: 'ウィジェットを置いたページが表示された回数。' },
  { key: 'opens', label: 'ウィジェットを開いた回数', definition: 'チャットの画面が開かれた回数。' },
  { key: 'feedback', label: '「解決しましたか？」への答え', definition: '回答のあとの「解決しましたか？」に「はい」か「いいえ」で答えがあった数。' },
  { key: 'averageLatencyMs', label: '平均応答時間(ms)', definition: 'サーバーが1回の質問に答えるまでにかかった時間の平均（ミリ秒）。' },
];

/** Totals and the outcome figures with their denominators and definitions. */
function summaryRows(reply: StatisticsReply): Cell[][] {
  return [
    ...TOTAL_FIGURES.map((f): Cell[] => [f.label, reply.totals[f.key], null, null, null, f.definition]),
    ...reply.outcomes.map((o): Cell[] => [o.label, o.count, o.ofLabel, o.of, o.rate, o.definition]),
  ];
}

function bucketHeader(reply: StatisticsReply): string {
  return { day: '日', week: '週（月曜日から）', month: '月' }[reply.range.bucket];
}

/**
 * Every table of a reply, by its name in `table=`.
 *
 * @example `tableCsv(statisticsTables(reply).hours)`
 */
export function statisticsTables(reply: StatisticsReply): Record<StatisticsTable, Table> {
  const qaColumns: Column[] = [{ header: '管理番号', width: 12 }, { header: '質問', width: 40 }, { header: '回答した回数' }, ...COUNT_COLUMNS.slice(1)];
  return {
    summary: { name: '概要', columns: SUMMARY_COLUMNS, rows: summaryRows(reply) },
    series: {
      name: '期間別',
      columns: [{ header: bucketHeader(reply), width: 12 }, { header: '開始日', width: 12 }, { header: '終了日', width: 12 }, ...COUNT_COLUMNS, { header: 'ウィジェットの読み込み' }, { header: 'ウィジェットを開いた回数' }],
      rows: reply.series.map((p) => [p.bucket, p.from, p.to, ...countCells(p), p.loads, p.opens]),
    },
    hours: { name: '時間帯別', columns: [{ header: '時' }, ...COUNT_COLUMNS], rows: reply.hours.map((h) => [h.hour, ...countCells(h)]) },
    qas: {
      name: 'よく回答したQA',
      columns: qaColumns,
      rows: reply.topQas.map((q) => [q.qaId, q.question ?? '（削除されたQA）', ...countCells(q)]),
    },
    feedback: {
      name: '評価の低いQA',
      columns: [
        { header: '管理番号', width: 12 },
        { header: '質問', width: 40 },
        { header: '評価の数' },
        { header: '解決しなかった' },
        { header: '解決しなかった割合', format: 'percent' },
        { header: '解決した' },
        { header: '回答した回数' },
        { header: '回答直後の言い直し' },
      ],
      rows: reply.feedbackQas.map((q) => [q.qaId, q.question ?? '（削除されたQA）', q.feedback, q.notResolved, q.notResolvedRate, q.resolved, q.turns, q.rephrased]),
    },
    categories: {
      name: '分類別',
      columns: [{ header: '分類（大分類）', width: 24 }, ...COUNT_COLUMNS],
      rows: reply.categories.map((r) => [r.value === '' ? '（該当なし）' : r.value, ...countCells(r)]),
    },
    languages: { name: '言語別', columns: [{ header: '言語' }, ...COUNT_COLUMNS], rows: reply.languages.map((r) => [labelOf(LANGUAGE_LABELS, r.value), ...countCells(r)]) },
    channels: { name: '経路別', columns: [{ header: '経路' }, ...COUNT_COLUMNS], rows: reply.channels.map((r) => [labelOf(CHANNEL_LABELS, r.value), ...countCells(r)]) },
    pages: {
      name: 'ページ別',
      columns: [{ header: 'ページ', width: 50 }, ...COUNT_COLUMNS],
      rows: [
        ...reply.pages.rows.map((r) => [r.value === '' ? '（不明）' : r.value, ...countCells(r)]),
        ...(reply.pages.others.pages > 0 ? [[`その他 ${reply.pages.others.pages} ページ`, ...countCells(reply.pages.others)]] : []),
      ],
    },
  };
}
